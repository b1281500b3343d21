"""Configuration: one pydantic-settings model fed by keyword arguments, the environment
(``MODELBOT_`` prefix, ``__`` between section and key, ``DISCORD_TOKEN`` for the token) and a TOML
file, in that order of precedence. Built at start-up by the entry points, never at import."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.core.upstream import DEFAULT_SOURCE, normalise_source

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(ValueError):
    """A configuration refused for a reason of our own: ``key`` names its message in
    ``bot.i18n`` (the entry point translates it), ``str()`` is the English text."""

    def __init__(self, key: str, english: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(english)


def _numbers(text: str, what: str) -> list[int]:
    """``"1, 2,3"`` -> ``[1, 2, 3]``; anything else is named plainly (not int()'s message)."""
    parts = [part for part in text.replace(" ", "").split(",") if part]
    if not all(part.isdigit() for part in parts):
        raise ValueError(f"must be {what} (numbers separated by commas), not {text!r}")
    return [int(part) for part in parts]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("config.syntax", f"{path}: not valid TOML ({exc})", path=str(path),
                          reason=str(exc)) from None


class DataSettings(BaseModel):
    """Where the boards come from."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not a no-op

    dir: Path | None = Field(
        default=None, description="directory of board files (*.md); unset: the bundled boards"
    )
    aliases: Path | None = Field(
        default=None, description="nickname file; unset: aliases.toml in the data directory"
    )
    watch_seconds: float = Field(
        default=0.0, ge=0, description="seconds between looks at the data files; 0: off"
    )
    # NoDecode: MODELBOT_DATA__SOURCES="https://a/x.md,https://b/y.md" is a list, not JSON
    sources: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="board file URLs fetched into the data directory"
    )
    fetch_minutes: float = Field(default=0.0, ge=0, description="minutes between fetches; 0: off")
    fetch_timeout: float = Field(default=20.0, gt=0, description="seconds one fetch may take")
    # `modelbot sync` and the bot's own sync of CLiB's repository (bot.sync)
    sync_minutes: float = Field(
        default=0.0, ge=0, description="minutes between the bot's syncs of CLiB; 0: off")
    sync_source: str = Field(
        default=DEFAULT_SOURCE, description="where the repository's raw files live")
    sync_all: bool = Field(
        default=False, description="also sync the boards the README does not link")
    sync_listing: str | None = Field(
        default=None, description="listing of leaderboard/ for sync_all; unset: GitHub's API")
    sync_keep: int | None = Field(
        default=None, ge=1, description="keep the newest N releases; unset: all")
    sync_timeout: float = Field(
        default=20.0, gt=0, description="seconds to connect, and between two pieces of data")
    sync_retries: int = Field(
        default=2, ge=0, le=10, description="further tries of a file after a 5xx or a broken "
        "connection")
    sync_retry_delay: float = Field(
        default=1.0, ge=0, description="seconds before the first retry (doubled each time)")
    sync_jobs: int = Field(default=8, ge=1, le=64, description="files downloaded at a time")
    history: int = Field(
        default=0, ge=0, le=200, description="releases of the repository's history each sync "
        "fetches (GitHub's commits of README.md); 0: the newest only")
    sync_api: str = Field(
        default="https://api.github.com", description="GitHub's REST API, for history and "
        "listings; token from GITHUB_TOKEN")

    @field_validator("sync_source", "sync_listing", "sync_api")
    @classmethod
    def _sync_url(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else normalise_source(value)

    @field_validator("sources", mode="before")
    @classmethod
    def _url_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.replace(" ", "").split(",") if part]
        return value

    @field_validator("sources")
    @classmethod
    def _http_urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _fetch_needs_a_directory(self) -> DataSettings:
        if self.sources and self.dir is None:
            raise ValueError("data.sources needs data.dir: fetched boards are written there")
        return self


class DiscordSettings(BaseModel):
    """How the bot behaves on Discord."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not a no-op

    sync: Literal["off", "global"] | list[int] = Field(
        default="global",
        description='"off", "global", or guild ids to sync to at once (development)',
    )
    cooldown_rate: int = Field(default=5, ge=1, description="commands a user may run ...")
    cooldown_seconds: float = Field(default=10.0, gt=0, description="... per this many seconds")
    view_timeout: float = Field(
        default=1_209_600.0, gt=0, description="seconds page buttons and the which-model "
        "menu keep working after they were sent (their state is kept in the store that long)")
    api_base: str | None = Field(
        default=None, description="Discord REST base URL (an HTTP proxy); unset: Discord's own"
    )
    gateway_url: str | None = Field(
        default=None,
        description='gateway URL (ws:// or wss://), or "auto" to ask GET /gateway/bot of '
        "api_base; unset: Discord's own",
    )
    shard_count: int | None = Field(
        default=None, ge=1, description="total shards across every process; unset: one"
    )
    shard_ids: list[int] | None = Field(
        default=None, description="the shards this process runs; unset: all of shard_count"
    )
    heartbeat_timeout: float = Field(
        default=60.0, gt=5.0, description="reconnect when the gateway is silent this long"
    )
    drain_seconds: float = Field(
        default=10.0, ge=0, le=600,
        description="on SIGTERM, seconds to finish the interactions in flight before closing",
    )
    public_key: str | None = Field(
        default=None, description="the application's public key (hex, from the Developer "
        "Portal): modelbot serve verifies every interaction's signature with it",
    )

    @field_validator("public_key")
    @classmethod
    def _hex_key(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().lower()
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            raise ValueError("must be hexadecimal (the Developer Portal's Public Key)") from None
        if len(raw) != 32:
            raise ValueError("must be 64 hexadecimal characters (an Ed25519 public key)")
        return value

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("gateway_url")
    @classmethod
    def _ws_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if value != "auto" and not value.startswith(("ws://", "wss://")):
            raise ValueError('must be "auto" or start with ws:// or wss://')
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: Any) -> Any:
        # MODELBOT_DISCORD__SHARD_IDS="0,1" as well as [0, 1]
        if isinstance(value, str):
            return _numbers(value.strip().strip("[]"), "shard ids")
        if isinstance(value, int):
            return [value]
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> DiscordSettings:
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("shard_ids needs shard_count")
        if not self.shard_ids:
            raise ValueError("shard_ids must name at least one shard")
        if len(set(self.shard_ids)) != len(self.shard_ids):
            raise ValueError("shard_ids names a shard twice")
        if any(not 0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(f"shard_ids must lie in 0..{self.shard_count - 1}")
        return self

    @field_validator("sync", mode="before")
    @classmethod
    def _sync_list(cls, value: Any) -> Any:
        # MODELBOT_DISCORD__SYNC="123,456" is friendlier than JSON in an environment variable
        if isinstance(value, str) and value.strip() not in ("off", "global"):
            return _numbers(value, '"off", "global" or guild ids')
        if isinstance(value, int):
            return [value]
        return value


class HttpSettings(BaseModel):
    """``modelbot serve``: Discord's HTTP interactions endpoint."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not a no-op

    host: str = Field(default="127.0.0.1", description="the address to listen on")
    port: int = Field(default=8080, ge=0, le=65535, description="the port (0: any free one)")
    path: str = Field(default="/interactions", description="where Discord POSTs interactions")
    max_body: int = Field(default=1_048_576, ge=1024, description="bytes a request may carry")
    answer_wait: float = Field(
        default=2.5, gt=0, lt=3, description="seconds to wait for an interaction's first "
        "response before answering Discord's request (Discord allows 3)")
    max_inflight: int = Field(
        default=64, ge=1, le=10_000, description="interactions worked on at once; beyond, a "
        "newcomer is told at once that the bot is busy (an answer in time beats a late one)")
    queue_wait: float = Field(
        default=0.75, ge=0, le=2, description="seconds a newcomer beyond max_inflight may wait "
        "for room (from its arrival) before it is told the bot is busy")
    max_connections: int = Field(
        default=256, ge=1, le=100_000, description="open connections; beyond, a new one is "
        "closed at once")
    max_reading: int = Field(
        default=32, ge=1, le=10_000, description="request bodies read at once (503 beyond): "
        "with max_body, bounds the memory unauthenticated clients can hold")
    read_timeout: float = Field(
        default=5.0, gt=0, le=60, description="seconds a request body may take to arrive, in "
        "all (408 beyond)")
    header_timeout: float = Field(
        default=10.0, gt=0, le=600, description="seconds a connection may take to send a "
        "request's headers, and stay idle between requests, before it is closed")
    claim_lease: float = Field(
        default=15.0, ge=1, le=300, description="seconds a replica's claim on an interaction "
        "lasts unless renewed: after it, another replica finishes what a dead one deferred")
    metrics_port: int | None = Field(
        default=None, ge=0, le=65535, description="the gateway bot (`modelbot run`) serves "
        "GET /metrics on this port; `modelbot serve` serves it beside the interactions")

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with /")
        return value


class ChartSettings(BaseModel):
    """Charts attached to /compare, /value and /model."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not a no-op

    enabled: bool = Field(default=True, description="attach charts to Discord replies")
    font: Path | None = Field(
        default=None, description="a font file that draws Chinese; unset: search the system"
    )
    workers: int = Field(default=2, ge=1, le=16, description="threads that draw charts")


def _read_token(path: Path) -> str:
    """The token in ``path``, surrounding whitespace removed; errors never quote the content."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise ValueError(f"cannot read {path}: {reason}") from None
    if not text:
        raise ValueError(f"{path} is empty")
    return text


class AnnounceSettings(BaseModel):
    """Change announcements to the channels subscribed with /watch."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not a no-op

    min_move: int = Field(default=3, ge=1, description="rank moves of fewer places stay quiet")


class Settings(BaseSettings):
    """Every setting of modelbot; ``config.example.toml`` documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="MODELBOT_",
        env_nested_delimiter="__",
        populate_by_name=True,
        extra="forbid",
        toml_file=None,
    )

    token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DISCORD_TOKEN", "MODELBOT_TOKEN"),
        description="the bot token; from the environment only, never in a config file",
        repr=False,
    )
    token_file: Path | None = Field(
        default=None, description="a file holding the token (a Docker or systemd secret); "
        "DISCORD_TOKEN wins over it",
    )
    language: Literal["en", "zh"] = Field(
        default="en", description="reply language when the user's locale is neither zh nor en"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    data: DataSettings = Field(default_factory=DataSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    charts: ChartSettings = Field(default_factory=ChartSettings)
    announce: AnnounceSettings = Field(default_factory=AnnounceSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    database_url: str = Field(
        default="sqlite:///modelbot.db",
        description="per-server preferences and subscriptions: sqlite:///FILE or postgresql://",
    )
    cny_per_usd: float = Field(default=7.2, gt=0, description="the rate for servers showing USD")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("use sqlite:///FILE, sqlite:///:memory: or postgresql://...")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("token", mode="before")
    @classmethod
    def _blank_token(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("token_file")
    @classmethod
    def _readable_token_file(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is not None and info.data.get("token") is None:
            _read_token(value)  # fail here, naming the setting, rather than at login
        return value

    @model_validator(mode="after")
    def _token_from_file(self) -> Settings:
        """No token given directly (keyword, DISCORD_TOKEN): read it from ``token_file``."""
        if self.token is None and self.token_file is not None:
            self.token = SecretStr(_read_token(self.token_file))
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments, then the environment, then the TOML file."""
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @classmethod
    def load(cls, config: Path | str | None = None, *, token: bool = True) -> Settings:
        """Settings from ``config`` (default ``config.toml`` when present) and the environment.
        ``token=False`` for commands that never log in (ask, parse): ``token_file`` is then
        not read, so a broken one cannot stop them."""
        overrides: dict[str, Any] = {} if token else {"token_file": None}
        path = Path(config) if config is not None else DEFAULT_CONFIG
        if config is not None and not path.is_file():
            raise FileNotFoundError(f"config file not found: {path}")
        if not path.is_file():
            return cls(**overrides)
        if "token" in _read_toml(path):  # the README promises the token never comes from here
            raise ConfigError(
                "config.token_in_file",
                f"{path} holds a token: it belongs in the environment (DISCORD_TOKEN) or in a "
                "file of its own named by token_file, never in the config file",
                path=str(path))

        class _FromFile(cls):  # type: ignore[valid-type,misc]
            model_config = SettingsConfigDict(toml_file=path)

        loaded = _FromFile(**overrides)
        return cls.model_validate(loaded.model_dump(by_alias=False) | {"token": loaded.token})
