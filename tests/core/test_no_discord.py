"""The core never imports discord.py: the terminal and the tests do not pay for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHECK = """
import importlib, pkgutil, sys
import {package}
package = sys.modules["{package}"]
for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
    importlib.import_module("{package}." + info.name)
{extra}
loaded = sorted(m for m in sys.modules if m == "discord" or m.startswith("discord."))
print(",".join(loaded))
"""


def _discord_modules_after(package: str, extra: str = "") -> str:
    """Import ``package`` (and all its modules) in a clean interpreter; list discord modules."""
    code = _CHECK.format(package=package, extra=extra)
    done = subprocess.run(
        [sys.executable, "-I", "-c", code],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_discord_is_installed():
    """discord.py is importable here, so the checks below could fail."""
    done = subprocess.run([sys.executable, "-c", "import discord"], capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 0


def test_core_does_not_import_discord():
    """Importing bot.core and every module in it loads no discord module."""
    assert _discord_modules_after("bot.core") == ""


def test_terminal_does_not_import_discord():
    """The terminal adapter and the renderers load no discord module either."""
    assert _discord_modules_after("bot.render", extra="import bot.cli, bot.i18n") == ""
