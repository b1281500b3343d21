"""The suite tests the product a user installs, never the checkout it was built from.

`.ci/run` (the README's test command) installs the package with pip and runs pytest in its
importlib mode, so the checkout is never on `sys.path`. These tests fail when that stops being
true, or when the installed package is not the whole of what the checkout holds.
"""

import hashlib
import re
import subprocess
import sysconfig
from pathlib import Path

import bot
from tests.product import CHECKOUT, MODELBOT, product_env

INSTALLED = Path(bot.__file__).resolve().parent


def _digests(root: Path, pattern: str) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_bot_is_imported_from_the_installed_package_not_the_checkout():
    """From this environment's site-packages (which may lie inside the checkout, as CI's
    .venv-ci does), never from the checkout's own bot/."""
    assert (CHECKOUT / "bot").resolve() != INSTALLED, "bot imported from the checkout"
    assert INSTALLED.parent == Path(sysconfig.get_path("purelib")).resolve()


def test_every_module_of_the_checkout_is_installed_as_it_is():
    """A package left out of the wheel (a hand-kept list that missed bot/sync once) fails here,
    and so does an installation older than the checkout's code."""
    checkout = _digests(CHECKOUT / "bot", "*.py")
    installed = _digests(INSTALLED, "*.py")
    assert sorted(set(checkout) - set(installed)) == []
    changed = sorted(name for name, digest in checkout.items() if installed[name] != digest)
    assert changed == [], "the installed package is not this checkout's: pip install . again"


def test_every_bundled_data_file_is_installed():
    """data/ ships inside the package as bot/bundled: every release file and the aliases."""
    checkout = _digests(CHECKOUT / "data", "*")
    installed = _digests(INSTALLED / "bundled", "*")
    assert checkout
    assert {name: installed.get(name) for name in checkout} == checkout


def _readme_example(command: str) -> str:
    """The answer that the README shows under `$ modelbot ask "COMMAND"`."""
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```console\n\$ modelbot ask " + re.escape(f'"{command}"') +
                      r"\n(.*?)```", readme, re.DOTALL)
    assert found, f"README shows no example of {command}"
    return found.group(1)


def test_the_quickstart_command_prints_the_answer_the_readme_shows(tmp_path):
    """`modelbot ask "/best 医疗 budget:5"` from a directory that is not the checkout (no
    config.toml, the bundled data), in a fresh process: the README's example, line for line."""
    done = subprocess.run([MODELBOT, "ask", "/best 医疗 budget:5"], capture_output=True,
                          text=True, encoding="utf-8", cwd=tmp_path, timeout=120, check=False,
                          env=product_env({"HOME": str(tmp_path), "COLUMNS": "100"}))
    assert done.returncode == 0, done.stderr
    assert done.stdout == _readme_example("/best 医疗 budget:5")
