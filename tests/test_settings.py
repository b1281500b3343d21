"""Settings: keyword arguments, environment and TOML, in that order; the token stays secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_example_config_loads_and_matches_the_defaults(monkeypatch):
    """config.example.toml is valid and documents the defaults as they are."""
    for key in ("DISCORD_TOKEN", "MODELBOT_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    loaded = Settings.load(ROOT / "config.example.toml")
    assert loaded == Settings()
    assert "token" not in (ROOT / "config.example.toml").read_text().split("[data]")[1]


def test_every_setting_is_documented_in_the_example():
    """Each field of each section is named in config.example.toml."""
    text = (ROOT / "config.example.toml").read_text()
    for name, field in Settings.model_fields.items():
        if name == "token":
            continue
        assert name in text, name
        annotation = field.annotation
        for sub in getattr(annotation, "model_fields", {}):
            assert sub in text, f"{name}.{sub}"


def test_environment_overrides_the_file(tmp_path, monkeypatch):
    """MODELBOT_DISCORD__SYNC beats the file; DISCORD_TOKEN is read from the environment."""
    config = tmp_path / "config.toml"
    config.write_text('language = "zh"\n[discord]\nsync = "off"\n', encoding="utf-8")
    monkeypatch.setenv("MODELBOT_DISCORD__SYNC", "123,456")
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-value")
    settings = Settings.load(config)
    assert settings.language == "zh"
    assert settings.discord.sync == [123, 456]
    assert settings.token is not None
    assert settings.token.get_secret_value() == "secret-token-value"


def test_the_token_never_shows_in_repr_or_dump():
    """repr(), str() and model_dump_json() do not reveal the token."""
    settings = Settings(token="secret-token-value")
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert "secret-token-value" not in text


def test_bad_settings_are_refused_clearly(tmp_path):
    """An unknown sync mode fails validation."""
    config = tmp_path / "config.toml"
    config.write_text('[discord]\nsync = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="sync"):
        Settings.load(config)


@pytest.mark.parametrize("discord, message", [
    ({"shard_ids": [0]}, "shard_ids needs shard_count"),
    ({"shard_count": 2, "shard_ids": [2]}, "0..1"),
    ({"shard_count": 2, "shard_ids": [0, 0]}, "twice"),
    ({"shard_count": 0}, "shard_count"),
    ({"api_base": "discord.example/api"}, "http"),
    ({"gateway_url": "http://127.0.0.1/gateway"}, "ws://"),
    ({"heartbeat_timeout": 5}, "heartbeat_timeout"),
], ids=["ids-without-count", "id-out-of-range", "id-twice", "no-shards", "base-scheme",
        "gateway-scheme", "heartbeat-too-short"])
def test_operations_settings_are_checked(discord, message):
    """Sharding, endpoint and heartbeat settings that cannot work are refused at start-up."""
    with pytest.raises(ValueError, match=message):
        Settings(discord=discord)


def test_operations_settings_from_the_environment(monkeypatch):
    """Shard ids as "0,1" or JSON; endpoints and the watch interval from MODELBOT_*."""
    monkeypatch.setenv("MODELBOT_DISCORD__SHARD_COUNT", "4")
    monkeypatch.setenv("MODELBOT_DISCORD__SHARD_IDS", "1, 3")
    monkeypatch.setenv("MODELBOT_DISCORD__API_BASE", "http://proxy:8080/api/v10/")
    monkeypatch.setenv("MODELBOT_DISCORD__GATEWAY_URL", "auto")
    monkeypatch.setenv("MODELBOT_DATA__WATCH_SECONDS", "30")
    settings = Settings()
    assert settings.discord.shard_ids == [1, 3] and settings.discord.shard_count == 4
    assert settings.discord.api_base == "http://proxy:8080/api/v10"
    assert settings.discord.gateway_url == "auto"
    assert settings.data.watch_seconds == 30
    monkeypatch.setenv("MODELBOT_DISCORD__SHARD_IDS", "[0, 2]")
    assert Settings().discord.shard_ids == [0, 2]


def _refused(tmp_path, capsys, toml: str) -> str:
    from bot.cli import main

    config = tmp_path / "config.toml"
    config.write_text(toml, encoding="utf-8")
    assert main(["--config", str(config), "ask", "/about"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return err


def test_a_token_in_the_config_file_is_refused_saying_where_it_belongs(tmp_path, capsys,
                                                                       monkeypatch):
    """The README promises the token never comes from config.toml: a token key there stops
    the start (exit 2) and says where the token goes, without echoing it."""
    for key in ("DISCORD_TOKEN", "MODELBOT_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    err = _refused(tmp_path, capsys, 'token = "MTAx.secret-in-the-file"\n')
    assert "DISCORD_TOKEN" in err and "token_file" in err
    assert "secret-in-the-file" not in err
    with pytest.raises(ValueError, match="holds a token"):
        Settings.load(tmp_path / "config.toml")


@pytest.mark.parametrize("toml, key", [
    ("[data]\nwatch_secs = 5\n", "data.watch_secs"),
    ("[discord]\ncooldown = 3\n", "discord.cooldown"),
    ("[charts]\nfonts = \"x.ttf\"\n", "charts.fonts"),
    ("[announce]\nmin_moves = 2\n", "announce.min_moves"),
    ("langauge = \"zh\"\n", "langauge"),
], ids=["data", "discord", "charts", "announce", "top-level"])
def test_a_misspelt_key_is_refused_in_every_section(tmp_path, capsys, toml, key):
    """A key no section has is an error naming it, inside a section as at the top level,
    instead of a setting silently left at its default."""
    err = _refused(tmp_path, capsys, toml)
    assert err == f"error: invalid configuration: {key} is not a setting " \
                  "(config.example.toml lists every one)\n"


@pytest.mark.parametrize("toml, says", [
    ('[discord]\nsync = "abc"\n', 'discord.sync: must be "off", "global" or guild ids'),
    ('[discord]\nshard_count = 2\nshard_ids = "0,x"\n', "discord.shard_ids: must be shard ids"),
    ("[discord]\ncooldown_rate = \"many\"\n", "discord.cooldown_rate: "),
], ids=["sync", "shard-ids", "integer"])
def test_configuration_errors_read_as_sentences(tmp_path, capsys, toml, says):
    """The setting and what is wrong with it, without pydantic's raw "Value error, ..." or
    int()'s "invalid literal for int() with base 10"."""
    err = _refused(tmp_path, capsys, toml)
    assert says in err
    assert "Value error" not in err and "invalid literal" not in err


def test_a_chinese_configuration_is_refused_in_chinese(tmp_path, capsys):
    """language = "zh" in the file: the refusal is framed in Chinese."""
    err = _refused(tmp_path, capsys, 'language = "zh"\n[data]\nwatch_secs = 5\n')
    assert err.startswith("错误：配置无效：data.watch_secs 不是一个设置项")


# Each numeric setting's bounds as the README states them: (section, name, the values at the
# edge that are accepted, the nearest values that are refused).
BOUNDS = [
    ("data", "watch_seconds", [0, 0.5], [-0.001]),
    ("data", "fetch_minutes", [0], [-1]),
    ("data", "fetch_timeout", [0.001], [0, -1]),
    ("data", "sync_minutes", [0], [-0.5]),
    ("data", "sync_keep", [1], [0]),
    ("data", "sync_timeout", [0.001], [0]),
    ("data", "sync_retries", [0, 10], [-1, 11]),
    ("data", "sync_retry_delay", [0], [-0.1]),
    ("data", "sync_jobs", [1, 64], [0, 65]),
    ("discord", "cooldown_rate", [1], [0]),
    ("discord", "cooldown_seconds", [0.001], [0]),
    ("discord", "view_timeout", [0.001], [0]),
    ("discord", "shard_count", [1], [0]),
    ("discord", "heartbeat_timeout", [5.001], [5, 4]),
    ("discord", "drain_seconds", [0, 600], [-1, 600.5]),
    ("http", "port", [0, 65535], [-1, 65536]),
    ("http", "max_body", [1024], [1023]),
    ("http", "answer_wait", [0.001, 2.999], [0, 3, 3.5]),
    ("charts", "workers", [1, 16], [0, 17]),
    ("announce", "min_move", [1], [0]),
]


@pytest.mark.parametrize(("section", "name", "accepted", "refused"), BOUNDS,
                         ids=[f"{s}.{n}" for s, n, _, _ in BOUNDS])
def test_each_number_is_checked_at_its_bounds(section, name, accepted, refused):
    """The edge value itself is accepted and the next one out refused: answer_wait below
    Discord's 3 seconds (3 itself would answer too late), a heartbeat above 5 seconds, a port
    of 0 (any free one) up to 65535."""
    from pydantic import ValidationError

    for value in accepted:
        loaded = Settings(**{section: {name: value}})
        assert getattr(getattr(loaded, section), name) == value
    for value in refused:
        with pytest.raises(ValidationError, match=name):
            Settings(**{section: {name: value}})
