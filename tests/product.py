"""The product under test is the installed package, as `pip install .` leaves it.

The repository's root holds `bot/` beside `tests/`, so anything that puts the checkout on
`sys.path` (a `PYTHONPATH`, `python -c`/`-m` started in the checkout, pytest's default import
mode) would import the checkout instead. Subprocesses start the installed `modelbot` script, or
the interpreter with `-P`, and never get a `PYTHONPATH`.
"""

import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
"""The repository: read its files (README, Dockerfile, deploy/), never import from it."""

MODELBOT = str(Path(sys.executable).with_name("modelbot"))
"""The console script that `pip install` wrote beside this interpreter."""

PYTHON = [sys.executable, "-P"]
"""This interpreter, without the working directory or a script's folder on `sys.path`."""


def product_env(extra: Mapping[str, str] = ()) -> dict[str, str]:
    """This process's environment without modelbot's settings and without `PYTHONPATH`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MODELBOT_") and k not in ("DISCORD_TOKEN", "PYTHONPATH")}
    env.update(extra)
    return env


def load_benchmarks() -> None:
    """Make the checkout's `benchmarks` package importable without the checkout on `sys.path`.

    benchmarks/ is not part of the product (the wheel leaves it out), but its helpers are tested;
    putting the checkout on `sys.path` to reach it would import the checkout's `bot` as well.
    """
    if "benchmarks" in sys.modules:
        return
    folder = CHECKOUT / "benchmarks"
    spec = importlib.util.spec_from_file_location(
        "benchmarks", folder / "__init__.py", submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmarks"] = module
    spec.loader.exec_module(module)
