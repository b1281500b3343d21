"""Configuration: one pydantic-settings model fed by keyword arguments, the environment
(``MODELBOT_`` prefix, ``__`` between section and key, ``DISCORD_TOKEN`` for the token) and a TOML
file, in that order of precedence. Built at start-up by the entry points, never at import."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG = Path("config.toml")


class DataSettings(BaseModel):
    """Where the boards come from."""

    dir: Path | None = Field(
        default=None, description="directory of board files (*.md); unset: the bundled boards"
    )
    aliases: Path | None = Field(
        default=None, description="nickname file; unset: aliases.toml in the data directory"
    )


class DiscordSettings(BaseModel):
    """How the bot behaves on Discord."""

    sync: Literal["off", "global"] | list[int] = Field(
        default="global",
        description='"off", "global", or guild ids to sync to at once (development)',
    )
    cooldown_rate: int = Field(default=5, ge=1, description="commands a user may run ...")
    cooldown_seconds: float = Field(default=10.0, gt=0, description="... per this many seconds")
    view_timeout: float = Field(default=180.0, gt=0, description="seconds buttons stay live")

    @field_validator("sync", mode="before")
    @classmethod
    def _sync_list(cls, value: Any) -> Any:
        # MODELBOT_DISCORD__SYNC="123,456" is friendlier than JSON in an environment variable
        if isinstance(value, str) and value.strip() not in ("off", "global"):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        if isinstance(value, int):
            return [value]
        return value


class ChartSettings(BaseModel):
    """Charts attached to /compare, /value and /model."""

    enabled: bool = Field(default=True, description="attach charts to Discord replies")
    font: Path | None = Field(
        default=None, description="a font file that draws Chinese; unset: search the system"
    )
    workers: int = Field(default=2, ge=1, le=16, description="threads that draw charts")


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
        validation_alias=AliasChoices("DISCORD_TOKEN", "MODELBOT_TOKEN", "token"),
        description="the bot token; from the environment only, never in a config file",
        repr=False,
    )
    language: Literal["en", "zh"] = Field(
        default="en", description="reply language when the user's locale is neither zh nor en"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    data: DataSettings = Field(default_factory=DataSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    charts: ChartSettings = Field(default_factory=ChartSettings)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("token", mode="before")
    @classmethod
    def _blank_token(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

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
    def load(cls, config: Path | str | None = None) -> Settings:
        """Settings from ``config`` (default ``config.toml`` when present) and the environment."""
        path = Path(config) if config is not None else DEFAULT_CONFIG
        if config is not None and not path.is_file():
            raise FileNotFoundError(f"config file not found: {path}")
        if not path.is_file():
            return cls()

        class _FromFile(cls):  # type: ignore[valid-type,misc]
            model_config = SettingsConfigDict(toml_file=path)

        loaded = _FromFile()
        return cls.model_validate(loaded.model_dump(by_alias=False) | {"token": loaded.token})
