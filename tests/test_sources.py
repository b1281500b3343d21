"""Fetching boards from URLs, against an HTTP server on loopback: 200, 304, 500, timeouts."""

from __future__ import annotations

import logging

import pytest

from bot.core.catalog import load_catalog
from bot.sources import fetch_all, fetch_one, file_for
from bot.store import open_store
from bot.sync.download import open_session
from tests.board_server import SEED


@pytest.fixture
async def store():
    opened = open_store("sqlite:///:memory:")
    await opened.open()
    yield opened
    await opened.close()


async def test_first_fetch_writes_the_board_then_304_changes_nothing(server, store, tmp_path):
    """200 writes a parsed board; the next fetch sends If-None-Match and gets 304."""
    async with open_session() as session:
        first = await fetch_one(session, server.url, tmp_path, store, 5)
        second = await fetch_one(session, server.url, tmp_path, store, 5)
    assert first.status == "updated"
    path = file_for(server.url, tmp_path)
    assert path.read_text(encoding="utf-8") == SEED
    assert load_catalog(tmp_path).record("qwq-32b").price == 6.0
    assert second.status == "unchanged"
    assert server.requests[1]["If-None-Match"] == '"v1"'


async def test_a_changed_board_replaces_the_old_one(server, store, tmp_path):
    """A new ETag and body: the file is rewritten with the new content."""
    async with open_session() as session:
        await fetch_one(session, server.url, tmp_path, store, 5)
        server.body = SEED.replace("|阿里巴巴|6元|", "|阿里巴巴|3元|", 1).encode()
        server.etag = '"v2"'
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "updated"
    assert load_catalog(tmp_path).record("qwq-32b").price == 3.0


@pytest.mark.parametrize("status", [500, 404, 403])
async def test_an_error_status_keeps_the_old_board(server, store, tmp_path, status):
    """An error answer fails the fetch and leaves the file as it was."""
    async with open_session() as session:
        await fetch_one(session, server.url, tmp_path, store, 5)
        before = file_for(server.url, tmp_path).read_bytes()
        server.status = status
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "failed" and str(status) in outcome.detail
    assert file_for(server.url, tmp_path).read_bytes() == before


async def test_a_timeout_keeps_the_old_board(server, store, tmp_path, caplog):
    """A server that never answers fails after fetch_timeout; the failure is logged."""
    async with open_session() as session:
        await fetch_one(session, server.url, tmp_path, store, 5)
        server.hang.clear()
        outcomes = await fetch_all(session, [server.url], tmp_path, store, 0.2)
    assert outcomes[0].status == "failed" and "timed out" in outcomes[0].detail
    assert load_catalog(tmp_path).record("qwq-32b").price == 6.0
    assert any("keeping the old board" in r.getMessage() for r in caplog.records)


async def test_a_board_that_does_not_parse_is_not_written(server, store, tmp_path):
    """A 200 with a broken table fails with the parser's message; nothing is written."""
    server.body = SEED.replace("77.2", "seventy").encode()
    async with open_session() as session:
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "failed" and ":5:" in outcome.detail
    assert not file_for(server.url, tmp_path).exists()


async def test_unreachable_host_fails_cleanly(store, tmp_path):
    """Nothing listening on the port: a failed outcome, not an exception."""
    async with open_session() as session:
        outcome = await fetch_one(session, "http://127.0.0.1:9/board.md", tmp_path, store, 2)
    assert outcome.status == "failed"


async def test_a_board_sent_in_pieces_is_read_whole(server, store, tmp_path):
    """A body that arrives in several packets is written complete, not cut at the first."""
    server.pieces = 4
    async with open_session() as session:
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "updated"
    assert file_for(server.url, tmp_path).read_text(encoding="utf-8") == SEED
    assert len(load_catalog(tmp_path).records) == 16


async def test_a_missing_file_is_fetched_whole_again(server, store, tmp_path):
    """With the stored ETag but no file here (a new machine, a deleted file), the fetch asks
    for the whole board instead of accepting a 304."""
    async with open_session() as session:
        await fetch_one(session, server.url, tmp_path, store, 5)
        file_for(server.url, tmp_path).unlink()
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "updated"
    assert "If-None-Match" not in server.requests[-1]
    assert file_for(server.url, tmp_path).is_file()



async def test_last_modified_alone_is_no_proof_of_the_same_board(server, store, tmp_path):
    """A server that sends only Last-Modified: the board is asked for whole and compared by
    its hash, so a new board under the same date is taken."""
    server.etag = None
    server.last_modified = "Tue, 08 Sep 2026 08:00:00 GMT"
    async with open_session() as session:
        first = await fetch_one(session, server.url, tmp_path, store, 5)
        second = await fetch_one(session, server.url, tmp_path, store, 5)
        server.body = SEED.replace("|阿里巴巴|6元|", "|阿里巴巴|3元|", 1).encode()
        third = await fetch_one(session, server.url, tmp_path, store, 5)
    assert (first.status, second.status, second.detail) == ("updated", "unchanged",
                                                            "same content")
    assert "If-Modified-Since" not in server.requests[1]
    assert third.status == "updated"
    assert load_catalog(tmp_path).record("qwq-32b").price == 3.0
    assert (await store.get_fetch_state(server.url)).last_modified == server.last_modified


async def test_the_fetcher_takes_gzip_as_the_sync_does(server, store, tmp_path):
    """One downloader: a compressed board (Content-Length of the compressed body) is read."""
    server.gzip = True
    async with open_session() as session:
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "updated"
    assert file_for(server.url, tmp_path).read_text(encoding="utf-8") == SEED


async def test_a_redirect_to_another_host_is_refused_by_the_fetcher(server, store, tmp_path):
    server.redirect = server.url.replace("127.0.0.1", "localhost")
    async with open_session() as session:
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert outcome.status == "failed" and "another host" in outcome.detail
    assert not file_for(server.url, tmp_path).exists()


async def test_after_a_change_the_new_validator_is_used(server, store, tmp_path):
    """Once a changed board is written, the next fetch asks with its new ETag and is a 304."""
    async with open_session() as session:
        await fetch_one(session, server.url, tmp_path, store, 5)
        server.body = SEED.replace("|阿里巴巴|6元|", "|阿里巴巴|3元|", 1).encode()
        server.etag = '"v2"'
        assert (await fetch_one(session, server.url, tmp_path, store, 5)).status == "updated"
        again = await fetch_one(session, server.url, tmp_path, store, 5)
    assert (again.status, again.detail) == ("unchanged", "304")
    assert server.requests[-1]["If-None-Match"] == '"v2"'


async def test_a_board_of_exactly_the_size_limit_is_taken(server, store, tmp_path,
                                                          monkeypatch):
    """MAX_BYTES is the largest size allowed: a body of exactly that size is written, one
    byte more fails the fetch and writes nothing."""
    import bot.sources

    monkeypatch.setattr(bot.sources, "MAX_BYTES", len(server.body))
    async with open_session() as session:
        assert (await fetch_one(session, server.url, tmp_path, store, 5)).status == "updated"
        monkeypatch.setattr(bot.sources, "MAX_BYTES", len(server.body) - 1)
        file_for(server.url, tmp_path).unlink()
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert (outcome.status, outcome.detail) == ("failed", "larger than 5 MiB")
    assert not file_for(server.url, tmp_path).exists()


async def test_a_failed_fetch_is_a_warning(server, store, tmp_path, caplog):
    """A failure is logged as a warning naming the URL; a success as information."""
    server.status = 500
    async with open_session() as session:
        with caplog.at_level(logging.INFO, logger="bot.sources"):
            await fetch_all(session, [server.url], tmp_path, store, 5)
            server.status = 200
            await fetch_all(session, [server.url], tmp_path, store, 5)
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "bot.sources"]
    assert said == [
        ("WARNING", f"fetching {server.url} failed, keeping the old board: HTTP 500"),
        ("INFO", f"fetched {server.url}: updated")]


async def test_a_board_one_byte_over_the_limit_is_refused_whatever_its_pieces(
        server, store, tmp_path, monkeypatch):
    """A body arriving in two pieces whose first is exactly MAX_BYTES long is still too large
    (the second piece is not dropped to make it fit)."""
    import bot.sources

    server.pieces = 2
    monkeypatch.setattr(bot.sources, "MAX_BYTES", -(-len(server.body) // 2))
    async with open_session() as session:
        outcome = await fetch_one(session, server.url, tmp_path, store, 5)
    assert (outcome.status, outcome.detail) == ("failed", "larger than 5 MiB")
    assert not file_for(server.url, tmp_path).exists()


async def test_a_token_in_a_board_url_is_not_logged(server, store, tmp_path, caplog):
    """A URL carrying a token (user info, query) is logged without it."""
    secret = server.url.replace("http://", "http://user:S3CRET@") + "?token=S3CRET"
    async with open_session() as session:
        with caplog.at_level(logging.INFO, logger="bot.sources"):
            await fetch_all(session, [secret], tmp_path, store, 5)
    assert caplog.records and "S3CRET" not in caplog.text
