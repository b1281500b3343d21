"""Bad data in the real process: refused at start-up, survived at /reload and at a file change."""

from __future__ import annotations

import re
from pathlib import Path

from tests.discord.harness import ADMIN_PERMS
from tests.e2e.conftest import SEED


def _break(board: Path) -> None:
    """Line 5 (qwq-32b) gets a score that is not a number."""
    lines = board.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("77.2", "seventy-seven")
    board.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _repriced_qwq(text: str, price: str) -> str:
    text, count = re.subn(r"(\|qwq-32b\(new\)[^|]*\|阿里巴巴\|)[^|]*\|", rf"\g<1>{price}|", text)
    assert count == 1
    return text


def _qwq_price(reply) -> str:
    runners = next(f["value"] for f in reply.embed["fields"] if f["name"] == "Runners-up")
    match = re.search(r"\*\*qwq-32b\*\*.*?([\d.]+元)", runners)
    assert match, runners
    return match.group(1)


async def test_a_malformed_board_at_start_up_exits_2_naming_file_and_line(fake, launch,
                                                                          data_dir):
    """The process stops before it contacts Discord, with file:line and no traceback."""
    _break(data_dir / SEED)
    bot = await launch()
    assert await bot.wait_exit(timeout=10) == 2
    assert f"{SEED}:5" in bot.log and "seventy-seven" in bot.log
    assert "Traceback" not in bot.log
    assert fake.rest.requests == [] and fake.connections == []


async def test_bad_data_while_running_keeps_the_old_boards_serving(fake, launch, data_dir):
    """A board broken under the running bot: the watcher logs file:line and keeps the old
    catalog; /reload is refused to members without Manage Server (checked when it runs) and
    reports the error to admins; the fixed file is picked up, with its change."""
    board = data_dir / SEED
    original = board.read_text(encoding="utf-8")
    bot = await launch({"MODELBOT_DATA__WATCH_SECONDS": "0.2"})
    await fake.wait_ready()
    await bot.wait_log("watching")
    before = await fake.command("best", {"domain": "医疗"})
    assert _qwq_price(before) == "6元"

    _break(board)
    error = await bot.wait_log("cannot be loaded")
    assert f"{SEED}:5" in error and "ERROR" in error
    still = await fake.command("best", {"domain": "医疗"})
    assert still.embed == before.embed  # the same boards answer

    refused = await fake.command("reload")
    assert refused.ephemeral and "Manage Server" in refused.text
    failed = await fake.command("reload", permissions=ADMIN_PERMS)
    assert failed.ephemeral
    assert "Reload failed" in failed.text and f"{SEED}:5" in failed.text
    assert (await fake.command("best", {"domain": "医疗"})).embed == before.embed

    board.write_text(_repriced_qwq(original, "3元"), encoding="utf-8")
    await bot.wait_log("data files changed: 16 models")
    after = await fake.command("best", {"domain": "医疗"})
    assert _qwq_price(after) == "3元"
    assert "Traceback" not in bot.log
