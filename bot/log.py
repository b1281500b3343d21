"""Logging is configured once, by the entry points; every module only asks for a named logger."""

from __future__ import annotations

import logging
import sys
from typing import Any

_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record (it may be replaced)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class _WithoutTraceback(logging.Formatter):
    """One line per record, even for ``log.exception``: the traceback is left out."""

    def format(self, record: logging.LogRecord) -> str:
        kept = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = kept


def setup_logging(level: str = "INFO", tracebacks: bool = True) -> None:
    """Send records at ``level`` and above to stderr; quiet discord.py's chattiest loggers.

    Without ``tracebacks`` a bug is logged as one line (its id): the terminal commands share
    stderr with the user, who should see an apology, not a traceback."""
    handler = _Stderr()
    handler.setFormatter((logging.Formatter if tracebacks else _WithoutTraceback)(_FORMAT))
    handler.setLevel(level)  # also when a module's logger was given a lower level of its own
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # discord.http logs every request at DEBUG, gateway events at INFO: useful only when asked
    if level != "DEBUG":
        logging.getLogger("discord.http").setLevel(logging.WARNING)
        logging.getLogger("discord.gateway").setLevel(logging.WARNING)
