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
