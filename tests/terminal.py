"""What the terminal tests share: the process as a new user starts it, and asking it."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.cli import main


@contextmanager
def new_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *,
             data: Path | None = None, config: Path | None = None) -> Iterator[None]:
    """In an empty working folder, with no token and no MODELBOT_ settings: the bundled data,
    or ``data`` (as data.dir) in the environment or, with ``config``, in a config.toml there.
    The logging configured by a command is put back afterwards."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith("MODELBOT_") or key == "DISCORD_TOKEN":
            monkeypatch.delenv(key)
    if config is not None:
        (tmp_path / "config.toml").write_text(f'[data]\ndir = "{config.as_posix()}"\n',
                                              encoding="utf-8")
    elif data is not None:
        monkeypatch.setenv("MODELBOT_DATA__DIR", str(data))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def ask(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`modelbot ask ARGV...`: the exit status, standard output and standard error."""
    status = main(["ask", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def ask_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    """`modelbot ask --json ARGV...`: the exit status and the one JSON object printed."""
    status = main(["ask", "--json", *argv])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 1, out
    return status, json.loads(lines[0])
