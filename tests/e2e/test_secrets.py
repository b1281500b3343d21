"""The token of the real process: read from a file, sent to Discord, never written to the log."""

from __future__ import annotations

import signal

from tests.discord.harness import ADMIN_PERMS
from tests.e2e.conftest import SEED, TOKEN


async def test_the_token_from_a_file_never_reaches_the_debug_log(fake, launch, tmp_path,
                                                                 data_dir):
    """With DISCORD_TOKEN unset, the token comes from token_file; at DEBUG, through login,
    command sync, a command, a 429, a failed reload, a resume and a shutdown, the log shows
    neither the token nor any part of it, while Discord receives it where it belongs."""
    secret = tmp_path / "secrets" / "discord_token"
    secret.parent.mkdir()
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    secret.chmod(0o600)
    bot = await launch({"DISCORD_TOKEN": None, "MODELBOT_TOKEN_FILE": str(secret)},
                       log_level="DEBUG")

    conn = await fake.wait_ready()
    assert conn.identify["token"] == TOKEN
    assert fake.unauthorized == []
    fake.rate_limit(r"/interactions/\d+/[^/]+/callback", times=1, retry_after=0.1)
    await fake.command("best", {"domain": "医疗", "budget": 5})
    (data_dir / SEED).write_text("| 大模型 |\n", encoding="utf-8")
    failed = await fake.command("reload", permissions=ADMIN_PERMS)
    assert "Reload failed" in failed.text
    await fake.close(conn, 4000)
    resumed = await fake.wait_ready(after=conn.number + 1)
    assert resumed.resume["token"] == TOKEN
    bot.send_signal(signal.SIGTERM)
    assert await bot.wait_exit(timeout=5) == 0

    log = bot.log
    assert " DEBUG " in log and "discord.http" in log and "discord.gateway" in log
    assert "Authorization" not in log
    for part in (TOKEN, *TOKEN.split(".")):
        assert part not in log, part
