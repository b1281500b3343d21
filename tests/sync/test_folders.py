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
