"""The repository and its image: nothing stray committed, the docs stand on their own, the
Docker build context and entry point are what the README promises."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Assembled, so that this file does not name the document it looks for.
MISSING_DOC = "DESIGN" + ".md"


def _tracked() -> list[Path]:
    """The files of the repository: git's list when this is a checkout, else a walk."""
    if shutil.which("git") and (ROOT / ".git").exists():
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode()
        return [ROOT / name for name in out.split("\0") if name]
    skip = {".git", ".venv", ".venv-ci", "__pycache__", "build", "dist"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.parts)]


def test_no_packaged_build_artefacts_are_committed():
    """A wheel or an archive is built, never committed (a stray vulture wheel was)."""
    stray = [p.relative_to(ROOT) for p in _tracked()
             if p.name.endswith((".whl", ".tar.gz", ".zip", ".egg"))]
    assert not stray


def test_no_file_cites_a_document_the_repository_lacks():
    """The README and the code state their rules themselves instead of pointing elsewhere."""
    citing = []
    for path in _tracked():
        if path.suffix in (".png", ".whl") or not path.exists():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if MISSING_DOC in text or re.search(r"\bDESIGN\b:", text):
            citing.append(str(path.relative_to(ROOT)))
    assert not citing


def _instruction(dockerfile: str, name: str) -> list[str]:
    lines = [line for line in dockerfile.splitlines() if line.startswith(f"{name} ")]
    assert len(lines) == 1, f"{name}: {lines}"
    return json.loads(lines[0].removeprefix(f"{name} "))  # exec form: a JSON array


def test_the_image_is_the_modelbot_command():
    """ENTRYPOINT is modelbot and CMD its default subcommand, so ``docker run IMAGE`` runs the
    bot and ``docker run IMAGE ask ...`` answers a command."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert _instruction(dockerfile, "ENTRYPOINT") == ["modelbot"]
    assert _instruction(dockerfile, "CMD") == ["run"]


def test_the_readme_says_where_the_image_reads_its_config_and_who_owns_mounts():
    """The README's Docker paragraph names the image's working directory (config.toml, the
    SQLite store) and the uid a mounted folder must belong to, as the Dockerfile sets them."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    workdir = re.findall(r"^WORKDIR (\S+)$", dockerfile, re.MULTILINE)[-1]
    uid = re.search(r"useradd .*--uid (\d+)", dockerfile)
    assert uid is not None
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docker = readme[readme.index("In Docker:"):]
    docker = docker[:docker.index("\n## ")]
    assert f"{workdir}/config.toml" in docker
    assert f"uid {uid.group(1)}" in docker
