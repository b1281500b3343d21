"""The token: from the environment or a file, in no example, no repr, no image layer; the image
runs as a non-root user."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import Settings
from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
SECRET = "MTAxMDEwMTAxMDEwMTAxMDEw.GxSeCr.unit-test-token-0123456789abcdefghijk"
TOKEN_SHAPE = re.compile(r"[\w-]{20,}\.[\w-]{6,}\.[\w-]{25,}")


@pytest.fixture(autouse=True)
def _no_token_in_the_environment(monkeypatch):
    for key in ("DISCORD_TOKEN", "MODELBOT_TOKEN", "MODELBOT_TOKEN_FILE"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def token_file(tmp_path) -> Path:
    path = tmp_path / "discord_token"
    path.write_text(f"  {SECRET}\n", encoding="utf-8")
    return path


def test_the_token_is_read_from_a_file(token_file):
    """token_file holds the token; surrounding whitespace and the newline are ignored."""
    settings = Settings(token_file=token_file)
    assert settings.token is not None and settings.token.get_secret_value() == SECRET


def test_the_environment_wins_over_the_token_file(token_file, monkeypatch):
    """DISCORD_TOKEN (and a keyword argument) take precedence over token_file."""
    monkeypatch.setenv("DISCORD_TOKEN", "from-the-environment")
    assert Settings(token_file=token_file).token.get_secret_value() == "from-the-environment"
    monkeypatch.setenv("MODELBOT_TOKEN_FILE", str(token_file))
    assert Settings().token.get_secret_value() == "from-the-environment"
    assert Settings(token="keyword").token.get_secret_value() == "keyword"


def test_token_file_from_the_environment_and_from_config_toml(token_file, monkeypatch,
                                                              tmp_path):
    """MODELBOT_TOKEN_FILE and token_file in config.toml both name the file."""
    monkeypatch.setenv("MODELBOT_TOKEN_FILE", str(token_file))
    assert Settings().token.get_secret_value() == SECRET
    monkeypatch.delenv("MODELBOT_TOKEN_FILE")
    config = tmp_path / "config.toml"
    config.write_text(f'token_file = "{token_file}"\n', encoding="utf-8")
    assert Settings.load(config).token.get_secret_value() == SECRET


@pytest.mark.parametrize("content", [None, "", "  \n"], ids=["missing", "empty", "blank"])
def test_an_unusable_token_file_is_a_clear_configuration_error(tmp_path, monkeypatch, capsys,
                                                               content):
    """A missing or empty token file: exit 2 naming token_file, no traceback."""
    path = tmp_path / "discord_token"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("MODELBOT_TOKEN_FILE", str(path))
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "token_file" in err and str(path) in err
    assert "Traceback" not in err


def test_a_token_file_error_never_quotes_the_file(tmp_path, monkeypatch, capsys):
    """A token file that is not UTF-8 is refused without echoing its bytes."""
    path = tmp_path / "discord_token"
    path.write_bytes(b"\xff\xfe" + SECRET.encode())
    monkeypatch.setenv("MODELBOT_TOKEN_FILE", str(path))
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "token_file" in err and SECRET not in err


def test_no_repr_or_dump_of_the_settings_shows_the_token(token_file):
    """repr, str and JSON of Settings and of each section hide the token, however it came."""
    for settings in (Settings(token=SECRET), Settings(token_file=token_file)):
        texts = [repr(settings), str(settings), settings.model_dump_json(),
                 repr(settings.model_dump()), repr(settings.token)]
        texts += [repr(getattr(settings, name)) for name in Settings.model_fields]
        for text in texts:
            assert SECRET not in text


def test_config_example_names_no_token():
    """config.example.toml sets no token and holds nothing shaped like one."""
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    assignments = [line for line in text.splitlines()
                   if re.match(r"\s*token\s*=", line)]
    assert assignments == []
    assert not TOKEN_SHAPE.search(text)
    assert re.search(r"^# token_file = ", text, re.MULTILINE)  # documented, commented out


def test_the_docker_image_runs_as_a_non_root_user_and_bakes_in_no_token():
    """The final stage switches to a named non-root user before CMD; no token in the image."""
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    instructions = [line for line in lines if line and not line.startswith("#")]
    last_from = max(i for i, line in enumerate(instructions) if line.upper().startswith("FROM"))
    final = instructions[last_from:]
    users = [line.split(None, 1)[1] for line in final if line.upper().startswith("USER ")]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    user_at = max(i for i, line in enumerate(final) if line.upper().startswith("USER "))
    assert all(not line.upper().startswith("RUN ") for line in final[user_at:])
    assert any(line.upper().startswith(("CMD [", "ENTRYPOINT [")) for line in final)  # exec form
    for line in final:
        if line.upper().startswith(("ENV ", "ARG ")):
            assert "TOKEN" not in line.upper(), line


def test_a_variable_called_token_is_not_the_bot_token(monkeypatch):
    """Only DISCORD_TOKEN and MODELBOT_TOKEN name the token: a TOKEN that some other program
    set (a CI token, a shell's leftover) is never sent to Discord."""
    monkeypatch.setenv("TOKEN", "someone-elses")
    assert Settings().token is None
    monkeypatch.setenv("MODELBOT_TOKEN", "ours")
    assert Settings().token.get_secret_value() == "ours"
    assert Settings(token="given").token.get_secret_value() == "given"


def test_the_environment_wins_even_over_a_token_file_that_cannot_be_read(tmp_path,
                                                                         monkeypatch):
    """With DISCORD_TOKEN set the token file is not needed, so a missing or empty one (a
    secret not mounted in this environment) does not stop the start."""
    monkeypatch.setenv("DISCORD_TOKEN", "from-the-environment")
    (tmp_path / "empty").write_text("", encoding="utf-8")
    for path in (tmp_path / "missing", tmp_path / "empty"):
        assert Settings(token_file=path).token.get_secret_value() == "from-the-environment"


def test_a_blank_discord_token_is_no_token(token_file, monkeypatch):
    """DISCORD_TOKEN="" (an unset variable passed on by a compose file) is no token: the
    token file is read instead, and without one there is no token at all."""
    monkeypatch.setenv("DISCORD_TOKEN", "  ")
    assert Settings().token is None
    assert Settings(token_file=token_file).token.get_secret_value() == SECRET
