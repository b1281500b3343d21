"""The Docker image, checked without a Docker engine.

The build context is assembled from `.dockerignore` by Docker's own matching rules (docker-py's
implementation, not gitignore's), the Dockerfile's `COPY` lines are applied to it, and the
Dockerfile's `pip install` line runs on the result in a fresh virtual environment. The installed
`modelbot` then answers from another directory, as the image's user does. Offline: pip may not
download, so the dependencies come from this test environment (a `.pth` file) and the build
uses its setuptools; the package itself is built and installed from the assembled files only.
"""

import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import venv
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from docker.utils.build import exclude_paths

from tests.product import CHECKOUT, product_env
from tests.test_installed import _readme_example

DEPLOY = CHECKOUT / "deploy"


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (keyword, arguments), continuation lines joined."""
    text = (CHECKOUT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n", " ", text)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, args = line.partition(" ")
            found.append((keyword.upper(), args.strip()))
    return found


def _copies() -> list[tuple[list[str], str]]:
    """Each `COPY src... dest` of the build stage, in order."""
    return [(parts[:-1], parts[-1]) for keyword, args in _instructions() if keyword == "COPY"
            for parts in [shlex.split(args)]]


def _install_line() -> list[str]:
    """The arguments of the Dockerfile's `pip install` (up to the `&&` that follows it)."""
    for keyword, args in _instructions():
        words = shlex.split(args)
        if keyword == "RUN" and words[:2] == ["pip", "install"]:
            return words[2:words.index("&&")] if "&&" in words else words[2:]
    raise AssertionError("the Dockerfile has no RUN pip install line")


def _patterns() -> list[str]:
    return [line.strip() for line in
            (CHECKOUT / ".dockerignore").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _context() -> set[str]:
    """The files and folders Docker sends as the build context, relative to the checkout."""
    return set(exclude_paths(str(CHECKOUT), _patterns(), dockerfile="Dockerfile"))


def test_the_build_context_holds_exactly_what_the_dockerfile_copies():
    """Nothing the image needs is left out of the context (the build would fail) and nothing
    else is sent (a config.toml with a password, the tests, a virtual environment)."""
    context = _context()
    copied = {source for sources, _ in _copies() for source in sources}
    top = {path.split("/")[0] for path in context}
    assert top == copied | {"Dockerfile", ".dockerignore"}  # these two always go to Docker
    assert not [path for path in context if "__pycache__" in path or path.endswith(".pyc")]


def test_local_state_stays_out_of_the_context_wherever_it_lies(tmp_path):
    """The repository's .dockerignore on a tree holding what a developer's checkout may hold:
    git, virtual environments, caches, builds, a config.toml with a password, a store."""
    stray = [".git/HEAD", ".venv/bin/python", ".venv-ci/lib/x.py", "venv/bin/python",
             "bot/__pycache__/app.cpython-311.pyc", "config.toml", "bot/config.toml",
             "modelbot.db", "data/modelbot.db-wal", "modelbot.egg-info/PKG-INFO",
             "build/lib/bot/cli.py", "dist/modelbot-0.1.0-py3-none-any.whl", ".pytest_cache/v/x",
             "tests/test_cli.py", "benchmarks/runner.py", "docs/deploy.md", "deploy/haproxy.cfg",
             "notes.txt"]
    kept = ["Dockerfile", "pyproject.toml", "setup.py", "README.md", "config.example.toml",
            "bot/cli.py", "bot/discord/app.py", "data/aliases.toml",
            "data/v5.11.7/leaderboard/总分.md"]
    for name in stray + kept:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    context = set(exclude_paths(str(tmp_path), _patterns(), dockerfile="Dockerfile"))
    assert [name for name in stray if name in context] == []
    assert [name for name in kept if name not in context] == []


def test_every_file_the_package_needs_is_in_the_context():
    """Every module of bot/ and every bundled data file reaches the build."""
    context = _context()
    needed = {path.relative_to(CHECKOUT).as_posix()
              for folder in ("bot", "data") for path in (CHECKOUT / folder).rglob("*")
              if path.is_file() and "__pycache__" not in path.parts}
    assert needed - context == set()


def _assemble(app: Path) -> None:
    """The image's /app: each COPY of the context's files, in order."""
    context = _context()
    for sources, dest in _copies():
        target = app / dest
        for source in sources:
            into = target / source if dest.endswith("/") else target
            for path in sorted(context):
                if path != source and not path.startswith(source + "/"):
                    continue
                origin = CHECKOUT / path
                if origin.is_file():
                    out = into / Path(path).relative_to(source) if path != source else into
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, out)


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the Dockerfile's install line run in the assembled /app;
    returns the environment's bin folder."""
    root = tmp_path_factory.mktemp("image")
    app = root / "app"
    _assemble(app)
    env_dir = root / "venv"
    # No pip or setuptools of its own (ensurepip's setuptools is too old to build a wheel): this
    # environment's pip installs into it with --python, building with this setuptools.
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies (and setuptools for the build), from this environment: read after the
    # fresh environment's own site-packages, so its own `bot` is the one imported.
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(site, "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
         "--no-build-isolation", "--no-deps", "--quiet", *_install_line()],
        cwd=app, capture_output=True, text=True, timeout=300, env=product_env(), check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return env_dir / "bin"


def test_the_image_installs_from_its_context_and_answers_from_another_directory(image, tmp_path):
    """`modelbot ask "/best 医疗 budget:5"` as the image's user: from its home directory, no
    config, the bundled data; the package imported is the image's own, not this one."""
    home = tmp_path / "home" / "modelbot"
    home.mkdir(parents=True)
    env = product_env({"HOME": str(home), "COLUMNS": "100"})
    where = subprocess.run([image / "python", "-P", "-c", "import bot; print(bot.__file__)"],
                           capture_output=True, text=True, cwd=home, env=env, check=True)
    assert Path(where.stdout.strip()).is_relative_to(image.parent)
    done = subprocess.run([image / "modelbot", "ask", "/best 医疗 budget:5"], capture_output=True,
                          text=True, encoding="utf-8", cwd=home, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _readme_example("/best 医疗 budget:5")


def test_the_image_has_the_postgresql_driver():
    """The image installs the postgres extra, so replicas can share one store."""
    assert any(arg.endswith("[postgres]") or "postgres" in arg for arg in _install_line())


def test_the_kubernetes_manifest_uses_a_local_image_of_this_version():
    """An image built on the node is used: a pinned tag (the package's version) and a pull
    policy that does not force a registry pull (`:latest` would mean Always)."""
    docs = list(yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text(encoding="utf-8")))
    containers = [container for doc in docs if doc and doc.get("kind") == "Deployment"
                  for container in doc["spec"]["template"]["spec"]["containers"]]
    assert containers
    for container in containers:
        assert container["image"] == f"modelbot:{version('modelbot')}"
        assert container["imagePullPolicy"] == "IfNotPresent"

