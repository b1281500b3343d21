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
    ("http", "max_inflight", [1, 10_000], [0, 10_001]),
    ("http", "queue_wait", [0, 2], [-0.001, 2.001]),
    ("http", "max_connections", [1, 100_000], [0, 100_001]),
    ("http", "max_reading", [1, 10_000], [0, 10_001]),
    ("http", "read_timeout", [0.001, 60], [0, 60.001]),
    ("http", "header_timeout", [0.001, 600], [0, 600.001]),
    ("http", "claim_lease", [1, 300], [0.999, 300.001]),
    ("http", "metrics_port", [0, 65535, None], [-1, 65536]),
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


def test_the_defaults_the_readme_and_the_example_state(monkeypatch):
    """Without a configuration the store is SQLite's modelbot.db in the working directory (the
    README's Docker section relies on it), prices convert at 7.2元 per dollar, and the example
    file says the same (the test suite's own in-memory database_url taken away)."""
    monkeypatch.delenv("MODELBOT_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///modelbot.db"
    assert settings.cny_per_usd == 7.2
    assert settings.language == "en" and settings.log_level == "INFO"
    assert Settings.load(ROOT / "config.example.toml").database_url == "sqlite:///modelbot.db"


@pytest.mark.parametrize(("value", "accepted"), [(0.001, True), (7.2, True), (0, False),
                                                 (-7.2, False)])
def test_the_dollar_rate_must_be_above_zero(value, accepted):
    """cny_per_usd divides every USD price: 0 (or less) is refused, any rate above is kept."""
    from pydantic import ValidationError

    if accepted:
        assert Settings(cny_per_usd=value).cny_per_usd == value
    else:
        with pytest.raises(ValidationError, match="cny_per_usd"):
            Settings(cny_per_usd=value)


@pytest.mark.parametrize("url", [
    "sqlite:///modelbot.db", "sqlite:////var/lib/modelbot/modelbot.db", "sqlite:///:memory:",
    "postgresql://modelbot:pw@db.internal:5432/modelbot", "postgres://modelbot:pw@db/modelbot",
])
def test_every_database_url_the_store_takes_is_accepted(url, monkeypatch):
    """Both spellings of PostgreSQL's scheme (postgres:// is what Heroku and many hosts hand
    out), and SQLite files or memory, from the environment as from a keyword."""
    monkeypatch.setenv("MODELBOT_DATABASE_URL", url)
    assert Settings().database_url == url


@pytest.mark.parametrize("url", ["mysql://u:p@h/db", "modelbot.db", "sqlite://modelbot.db",
                                 "postgresql:/db"])
def test_a_database_url_no_store_takes_is_refused(url):
    """Anything else stops the start, naming the forms that work."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="sqlite:///FILE"):
        Settings(database_url=url)


def test_the_public_key_is_an_ed25519_key_in_hex():
    """64 hexadecimal characters (surrounding spaces and upper case as pasted from the
    Developer Portal are fine, kept in lower case); one byte short or long, or not hex, is
    refused; blank means unset."""
    from pydantic import ValidationError

    key = "AB" * 32
    assert Settings(discord={"public_key": f" {key}\n"}).discord.public_key == "ab" * 32
    assert Settings(discord={"public_key": "  "}).discord.public_key is None
    for bad, says in [("ab" * 31, "64 hexadecimal"), ("ab" * 33, "64 hexadecimal"),
                      ("zz" * 32, "must be hexadecimal")]:
        with pytest.raises(ValidationError, match=says):
            Settings(discord={"public_key": bad})


def test_board_urls_to_fetch_come_as_a_comma_separated_list(tmp_path, monkeypatch):
    """MODELBOT_DATA__SOURCES is split at commas; http and https are both fetched; another
    scheme is refused; fetched boards need data.dir to be written to."""
    from pydantic import ValidationError

    monkeypatch.setenv("MODELBOT_DATA__DIR", str(tmp_path))
    monkeypatch.setenv("MODELBOT_DATA__SOURCES", "http://a.example/x.md, https://b.example/y.md")
    assert Settings().data.sources == ["http://a.example/x.md", "https://b.example/y.md"]
    monkeypatch.setenv("MODELBOT_DATA__SOURCES", "ftp://a.example/x.md")
    with pytest.raises(ValidationError, match="not an http"):
        Settings()
    monkeypatch.delenv("MODELBOT_DATA__SOURCES")
    assert Settings(data={"dir": tmp_path, "sources": ["https://b.example/y.md"]}).data.sources \
        == ["https://b.example/y.md"]
    monkeypatch.delenv("MODELBOT_DATA__DIR")
    with pytest.raises(ValidationError, match=r"needs data\.dir"):
        Settings(data={"sources": ["https://b.example/y.md"]})


def test_the_sync_source_and_listing_are_http_urls_without_a_trailing_slash(monkeypatch):
    """Trailing slashes go (the file URLs are built as SOURCE/README.md); a scheme other than
    http(s) is refused; a blank listing means GitHub's own."""
    from pydantic import ValidationError

    monkeypatch.setenv("MODELBOT_DATA__SYNC_SOURCE", " http://127.0.0.1:8000/clib/ ")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_LISTING", " ")
    settings = Settings()
    assert settings.data.sync_source == "http://127.0.0.1:8000/clib"
    assert settings.data.sync_listing is None
    with pytest.raises(ValidationError, match="sync_source"):
        Settings(data={"sync_source": "ftp://example.org/clib"})
    with pytest.raises(ValidationError, match="sync_listing"):
        Settings(data={"sync_listing": "example.org/listing"})


@pytest.mark.parametrize(("toml", "expected"), [
    ("sync = 123456789012345678\n", [123456789012345678]),
    ("sync = [1, 2]\n", [1, 2]),
    ('sync = "1, 2"\n', [1, 2]),
    ('sync = "off"\n', "off"),
    ('sync = "global"\n', "global"),
], ids=["one-id", "id-list", "id-text", "off", "global"])
def test_discord_sync_in_every_form_the_file_can_give(tmp_path, toml, expected):
    """One guild id written as a TOML integer is a list of one guild, like a list or a text
    of ids; "off" and "global" stay as they are."""
    config = tmp_path / "config.toml"
    config.write_text("[discord]\n" + toml, encoding="utf-8")
    assert Settings.load(config).discord.sync == expected


@pytest.mark.parametrize("given", ["debug", "Warning", "ERROR"])
def test_the_log_level_is_read_in_any_case(given, monkeypatch):
    """MODELBOT_LOG_LEVEL=debug is DEBUG; a level that does not exist is refused."""
    from pydantic import ValidationError

    monkeypatch.setenv("MODELBOT_LOG_LEVEL", given)
    assert Settings().log_level == given.upper()
    monkeypatch.setenv("MODELBOT_LOG_LEVEL", "verbose")
    with pytest.raises(ValidationError, match="log_level"):
        Settings()


def test_a_config_file_named_but_missing_stops_the_start(tmp_path, capsys):
    """--config naming no file is an error (exit 2, naming it), never a silent start on the
    defaults; without --config a missing config.toml just means the defaults."""
    from bot.cli import main

    missing = tmp_path / "nope.toml"
    with pytest.raises(FileNotFoundError, match=r"nope\.toml"):
        Settings.load(missing)
    assert main(["--config", str(missing), "ask", "/about"]) == 2
    assert str(missing) in capsys.readouterr().err


def test_the_interactions_path_is_absolute():
    """http.path must start with a slash (it is matched against the request's path)."""
    from pydantic import ValidationError

    assert Settings(http={"path": "/discord"}).http.path == "/discord"
    with pytest.raises(ValidationError, match="must start with /"):
        Settings(http={"path": "interactions"})


def test_one_shard_id_as_a_toml_integer(tmp_path):
    """shard_ids = 1 in the file is the list [1], as "1" or [1] would be."""
    config = tmp_path / "config.toml"
    config.write_text("[discord]\nshard_count = 2\nshard_ids = 1\n", encoding="utf-8")
    assert Settings.load(config).discord.shard_ids == [1]
