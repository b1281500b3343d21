"""Logging is configured once, by the entry points; every module only asks for a named logger."""

from __future__ import annotations

import logging
import re
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


# What must never reach a log, at any level: an interaction's token in the paths discord.py logs
# at DEBUG (its callback and its webhook, good for 15 minutes of answering as the bot), in a
# payload dumped as JSON, a bot token by its shape (id.timestamp.hmac), an Authorization
# header, and a password in a database URL.
_SECRETS = (
    (re.compile(r"(/interactions/[0-9]+/)[^/\s?'\"]+"), r"\1[redacted]"),
    (re.compile(r"(/webhooks/[0-9]+/)[^/\s?'\"]+"), r"\1[redacted]"),
    (re.compile(r"""(["']token["']\s*:\s*["'])[^"']*"""), r"\1[redacted]"),
    (re.compile(r"\b(Bot|Bearer)\s+[\w.-]{20,}"), r"\1 [redacted]"),
    (re.compile(r"[\w-]{20,}\.[\w-]{6,}\.[\w-]{25,}"), "[redacted]"),
    (re.compile(r"(://[^/\s:@]*:)[^@\s/]+@"), r"\1[redacted]@"),
)


def redact(text: str) -> str:
    """``text`` with every secret ``_SECRETS`` knows replaced by ``[redacted]``."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class Redacting(logging.Filter):
    """Rewrites each record's message (and its traceback) without secrets. Installed on the
    handler, not a logger: a logger's filters skip the records its children propagate."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit: keep logging's own complaint
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def setup_logging(level: str = "INFO", tracebacks: bool = True) -> None:
    """Send records at ``level`` and above to stderr; quiet discord.py's chattiest loggers.

    Without ``tracebacks`` a bug is logged as one line (its id): the terminal commands share
    stderr with the user, who should see an apology, not a traceback."""
    handler = _Stderr()
    handler.setFormatter((logging.Formatter if tracebacks else _WithoutTraceback)(_FORMAT))
    handler.addFilter(Redacting())
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
