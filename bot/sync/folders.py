"""Kept so that older imports work: the data folders are read by the core
(``bot.core.datafolder``), which the bot, the terminal and the sync share."""

from bot.core.datafolder import load_data, sync_dir, synced_dir, user_data_dir

__all__ = ["load_data", "sync_dir", "synced_dir", "user_data_dir"]
