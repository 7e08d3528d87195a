"""breachflow's one settings object: read once from the environment, passed down.

Every variable has the `BREACHFLOW_` prefix (e.g. `BREACHFLOW_DATA_DIR`); a `.env` file in the
working directory is read too. Paths left unset are derived from `data_dir`, so one folder holds
the database, Prefect's home, documents, logs and run files.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SAMPLE_REGISTER = "group-s.yaml"
PUBLIC_URL_MAX = 2000


def sample_register_path() -> Path:
    """The sample register shipped in the `examples` package (works when installed too)."""
    return Path(str(files("examples").joinpath(SAMPLE_REGISTER)))


class Settings(BaseSettings):
    """All configuration; secrets are `SecretStr` so they never land in logs or reprs."""

    model_config = SettingsConfigDict(
        env_prefix="BREACHFLOW_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    data_dir: Path = Path("data")
    database_url: str = Field(default="", description="default: sqlite file data_dir/breachflow.db")
    # The register of processing activities (Art. 30); BREACHFLOW_REGISTER is its older name.
    processing_register: Path = Field(
        default_factory=sample_register_path,
        validation_alias=AliasChoices(
            "BREACHFLOW_PROCESSING_REGISTER", "BREACHFLOW_REGISTER", "processing_register"
        ),
    )
    public_url: str = "http://127.0.0.1:8000"

    smtp_url: SecretStr | None = None
    smtp_from: str = "breachflow@localhost"
    slack_token: SecretStr | None = None
    slack_channel: str = "#breaches"
    slack_base_url: str = "https://slack.com/api/"
    slack_file: Path | None = None
    # The security team's language: every Slack message (and the watchdog's alarms) in it.
    slack_language: Literal["nl", "fr", "de", "en"] = "en"

    documents_dir: Path | None = None
    logs_dir: Path | None = None
    run_dir: Path | None = None

    # The audit trail's HMAC key, kept outside the database: a file (created with mode 0600 on
    # first use) or the key itself (at least 32 characters), which then wins over the file.
    audit_key: SecretStr | None = None
    audit_key_file: Path | None = None
    # The append-only file the chain's head is anchored in (besides Slack and the e-mail log).
    audit_anchor_file: Path | None = None

    # Hours before a due_at at which a reminder goes out; 0 = at the deadline itself.
    reminder_offsets_hours: list[int] = Field(default_factory=lambda: [48, 24, 12, 4, 1, 0])
    overdue_repeat_hours: int = 6

    intake_rate_per_minute: int = 120
    # Wrong tokens or links per client address and minute before it gets 429 for a while.
    intake_failed_auth_per_minute: int = 20

    # Prefect: its home lives under data_dir; no API URL means a local (temporary) server.
    prefect_home: Path | None = None
    prefect_api_url: str | None = None

    # Who gets the watchdog's alarms by e-mail (besides the Slack channel), comma-separated.
    alert_emails: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # The watchdog: how often it checks, and how old the clock's heartbeat (written every
    # minute) may be before it alarms; together they alarm within 5 minutes of a stop.
    watchdog_seconds: float = 30.0
    watchdog_stale_seconds: float = 150.0

    # Outbox dispatcher.
    dispatcher_poll_seconds: float = 1.0
    dispatcher_lease_seconds: float = 60.0
    # None: retry an outage for ever at the capped backoff, never drop an effect.
    dispatcher_max_attempts: int | None = None

    @field_validator("alert_emails", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """`a@x.be, b@x.be` as well as a list."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        """An http(s) address short enough for every link built on it (Slack takes a link of
        at most 3,000 characters)."""
        if not value.startswith(("http://", "https://")):
            raise ValueError("give the address the service is reached at, http:// or https://")
        if len(value) > PUBLIC_URL_MAX:
            raise ValueError(f"at most {PUBLIC_URL_MAX} characters")
        return value

    @model_validator(mode="after")
    def _key_length(self) -> Settings:
        if self.audit_key is not None and len(self.audit_key.get_secret_value()) < 32:
            raise ValueError("BREACHFLOW_AUDIT_KEY must be at least 32 characters")
        return self

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        """Fill the paths left unset from data_dir so one folder holds all state."""
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'breachflow.db'}"
        if self.slack_file is None:
            self.slack_file = self.data_dir / "slack.jsonl"
        if self.documents_dir is None:
            self.documents_dir = self.data_dir / "documents"
        if self.logs_dir is None:
            self.logs_dir = self.data_dir / "logs"
        if self.run_dir is None:
            self.run_dir = self.data_dir / "run"
        if self.audit_key_file is None:
            self.audit_key_file = self.data_dir / "audit.key"
        if self.audit_anchor_file is None:
            self.audit_anchor_file = self.data_dir / "audit-anchors.txt"
        if self.prefect_home is None:
            self.prefect_home = self.data_dir / "prefect"
        self.reminder_offsets_hours = sorted(set(self.reminder_offsets_hours), reverse=True)
        return self


def linking_to(settings: Settings, running: Mapping[str, Any] | None) -> Settings:
    """The settings with links (Slack messages, token links, e-mails) leading to the running
    service: its `public_url` from `DATA_DIR/run/service.json` (`running`), unless
    `BREACHFLOW_PUBLIC_URL` was set, which always wins. A command that runs beside a service
    started on another port (`breachflow demo`, `breachflow token`) uses these."""
    url = (running or {}).get("public_url")
    if not url or "public_url" in settings.model_fields_set:
        return settings
    return settings.model_copy(update={"public_url": str(url)})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once (call `get_settings.cache_clear()` in tests)."""
    return Settings()
