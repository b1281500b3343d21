"""Which folder a sync writes to."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.datafolder import sync_dir, synced_dir, user_data_dir
from bot.settings import DataSettings


@pytest.mark.parametrize(("xdg", "under"), [
    (None, ".local/share"), ("", ".local/share"), ("relative/data", ".local/share"),
    ("/srv/xdg", "/srv/xdg"),
], ids=["unset", "empty", "relative", "absolute"])
def test_the_user_data_folder_follows_xdg(monkeypatch, tmp_path, xdg, under):
    """$XDG_DATA_HOME when it is an absolute path (the XDG rule: a relative one is invalid
    and ignored), else ~/.local/share; then modelbot/releases."""
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert user_data_dir() == tmp_path / under / "modelbot" / "releases"


def test_data_dir_is_where_a_sync_writes(tmp_path):
    """data.dir set: the sync writes there and no folder is read beside it; unset: the user
    data folder, read beside the bundled data."""
    assert sync_dir(DataSettings(dir=tmp_path)) == tmp_path
    assert synced_dir(DataSettings(dir=tmp_path)) is None
    assert sync_dir(DataSettings()) == user_data_dir() == synced_dir(DataSettings())
    assert isinstance(user_data_dir(), Path)


def test_the_settings_do_not_load_the_sync_package():
    """Reading the settings (every command does) imports nothing of bot.sync; the data folders
    are read by the core."""
    import subprocess
    import sys

    code = ("import sys, bot.settings, bot.core.datafolder as d; "
            "assert callable(d.load_data) and callable(d.sync_dir); "
            "print(sorted(m for m in sys.modules if m.startswith('bot.sync')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_a_downloader_refuses_a_session_that_decodes_by_itself():
    """A session that decompresses would make the length check compare the decoded body with
    the Content-Length that was sent."""
    import asyncio

    import aiohttp
    import pytest

    from bot.sync.download import Downloader, FetchPolicy, open_session

    async def build() -> None:
        async with open_session() as ours:
            Downloader(ours, FetchPolicy())
        async with aiohttp.ClientSession() as theirs:
            with pytest.raises(TypeError):
                Downloader(theirs, FetchPolicy())

    asyncio.run(build())
