"""Every error modelbot raises on purpose.

    ModelbotError
    ├── UserError                 the user asked for something we cannot answer (exit 2,
    │   │                         ephemeral reply); carries a ``kind``, named parameters for
    │   │                         the localized message, and suggestions
    │   ├── UnknownModel          kind "unknown_model"
    │   │   └── NearModel         one model comes close but may not be taken: "did you mean"
    │   ├── AmbiguousModel        kind "ambiguous_model"
    │   ├── UnknownDomain         kind "unknown_domain"
    │   ├── InvalidOption         kind "invalid_option"
    │   ├── NoMatch               kind "no_match" (nothing passes the filters)
    │   └── SameModel             kind "same_model"
    ├── BoardError                a board file is malformed; names the file and line (exit 2)
    └── SyncError                 a sync of the leaderboard's repository failed and wrote
                                  nothing (exit 2); a ``kind`` and named parameters, like
                                  UserError

Anything else that escapes is a bug (exit 1, logged with its traceback, an apology to the user).
Messages are not stored here: adapters render ``kind`` + ``params`` in the user's language via
``bot.i18n``, so the same error reads well in Chinese and in English.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar


class ModelbotError(Exception):
    """Base of every deliberate modelbot error."""


class UserError(ModelbotError):
    """A request that cannot be answered as asked; never a bug."""

    kind: ClassVar[str] = "user_error"

    def __init__(
        self, *, suggestions: Sequence[str] = (), details: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        self.params: dict[str, Any] = params
        self.suggestions: list[str] = list(suggestions)
        self.details: dict[str, Any] = details or {}
        super().__init__(f"{self.kind}: {params}")


class UnknownModel(UserError):
    """No model on the loaded boards matches ``query`` (params: query)."""

    kind = "unknown_model"


class NearModel(UnknownModel):
    """No model matches ``query`` as typed, and one comes close that the rules do not let be
    taken (``deepseek 满血`` -> DeepSeek-R1): a question about it, never a list of one
    (params: query; suggestions: that one model). Still ``unknown_model`` on the wire."""


class AmbiguousModel(UserError):
    """Several models fit ``query`` equally well (params: query; suggestions: candidates)."""

    kind = "ambiguous_model"


class UnknownDomain(UserError):
    """No domain of the loaded boards answers to ``query`` (params: query)."""

    kind = "unknown_domain"


class InvalidOption(UserError):
    """An option value is out of range or malformed (params: option, value, reason)."""

    kind = "invalid_option"


class NoMatch(UserError):
    """Nothing passes the filters (params: reason, and what the cheapest model is)."""

    kind = "no_match"


class SameModel(UserError):
    """A comparison names the same model twice (params: name)."""

    kind = "same_model"


class BoardError(ModelbotError):
    """A board file is malformed. ``str()`` reads ``file:line: reason``."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ImplausibleRelease(BoardError):
    """A release note no CLiB release can have: ``kind`` is ``bad_version`` (too many parts or
    digits; ``version`` as shown) or ``future_date`` (``version`` and ``date``, ISO)."""

    def __init__(self, source: str, line: int | None, reason: str, *, kind: str,
                 version: str, date: str | None = None) -> None:
        super().__init__(source, line, reason)
        self.kind, self.version, self.date = kind, version, date


class SyncError(ModelbotError):
    """A sync of CLiB's repository failed (``bot.sync``); nothing was written. ``kind`` says
    what failed and ``params`` fill its localized message (``sync.error.<kind>``): unreachable,
    timeout, dropped, status, readme_missing, no_version, malformed, not_text, too_large,
    no_boards, listing, no_listing, disk, busy. ``file`` (and ``line``), when present, name the
    file of the release at fault."""

    def __init__(self, kind: str, **params: Any) -> None:
        self.kind = kind
        self.params: dict[str, Any] = params
        super().__init__(f"{kind}: {params}")
