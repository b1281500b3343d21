"""Package discovery, which pyproject.toml cannot express alone.

Every package under bot/ is found (a package added later ships without anyone listing it), and the
top-level data/ folder ships inside the wheel as `bot.bundled`: the repository's layout keeps
data/ at the top, while an installed modelbot must find its boards from any directory. A static
`packages = [...]` list went stale once already (bot.sync and bot.discord.cogs were left out of the
wheel); tests/test_installed.py checks the installed files against the checkout.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["bot", "bot.*"]), "bot.bundled"],
    package_dir={"bot.bundled": "data"},
)
