"""User errors and board errors as a log line shows them."""

from __future__ import annotations

from bot.core.errors import BoardError, NoMatch, UnknownModel


def test_errors_read_as_kind_and_what_was_asked():
    """What a log line or a traceback shows of a user error; a board error's place."""
    assert str(UnknownModel(query="x")) == "unknown_model: {'query': 'x'}"
    assert str(NoMatch(reason="page", page=2)) == "no_match: {'reason': 'page', 'page': 2}"
    error = BoardError("a.md", None, "bad")
    assert (str(error), error.source, error.line, error.reason) == ("a.md: bad", "a.md", None,
                                                                    "bad")
    assert str(BoardError("a.md", 7, "bad")) == "a.md:7: bad"


def test_a_sync_error_keeps_its_kind_and_what_fills_its_message():
    """A failed sync's kind picks the localized message, its params fill it; a log line shows
    both."""
    from bot.core.errors import SyncError

    error = SyncError("status", status=503, file="README.md")
    assert (error.kind, error.params) == ("status", {"status": 503, "file": "README.md"})
    assert str(error) == "status: {'status': 503, 'file': 'README.md'}"
