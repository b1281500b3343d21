"""Where the tests find the bundled data: the current release and the 2025 seed board."""

from bot.core.catalog import bundled_data_dir

DATA = bundled_data_dir()
ALIASES = DATA / "aliases.toml"
SEED_DIR = DATA / "v3.6"
"""The seed board alone (CLiB v3.6, 16 models): most rule tests use it, its figures are small."""
SEED_NAME = "leaderboard-20b-open-source.md"
SEED_FILE = SEED_DIR / SEED_NAME
CURRENT_DIR = DATA / "v5.11.7"
"""CLiB v5.11.7 as the repository lays it out: README.md and leaderboard/*.md."""
