"""Settings: defaults derived from the data folder, the BREACHFLOW_ prefix, .env, secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachflow.settings import Settings, get_settings

pytestmark = pytest.mark.unit


def test_defaults_put_all_state_under_the_data_folder(clean_env: Path) -> None:
    """With nothing set, the database and every derived path live in ./data."""
    settings = Settings()
    assert settings.database_url == "sqlite:///data/breachflow.db"
    assert settings.slack_file == Path("data/slack.jsonl")
    assert settings.documents_dir == Path("data/documents")
    assert settings.prefect_home == Path("data/prefect")
    assert settings.reminder_offsets_hours == [48, 24, 12, 4, 1, 0]
    assert settings.slack_base_url == "https://slack.com/api/"
    assert settings.processing_register.name == "group-s.yaml"
    assert settings.processing_register.is_file()


def test_environment_and_dotenv_override_with_the_prefix(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BREACHFLOW_* variables win; derived paths follow a moved data folder; .env is read."""
    (clean_env / ".env").write_text(
        "BREACHFLOW_SLACK_CHANNEL=#dpo\nBREACHFLOW_SLACK_TOKEN=xoxb-secret\n", encoding="utf-8"
    )
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", "/srv/bf")
    monkeypatch.setenv("BREACHFLOW_REMINDER_OFFSETS_HOURS", "[1, 24]")
    settings = get_settings()
    assert settings is get_settings()
    assert settings.database_url == "sqlite:////srv/bf/breachflow.db"
    assert settings.slack_file == Path("/srv/bf/slack.jsonl")
    assert settings.slack_channel == "#dpo"
    assert settings.reminder_offsets_hours == [24, 1]
    assert settings.slack_token is not None
    assert settings.slack_token.get_secret_value() == "xoxb-secret"
    assert "xoxb-secret" not in repr(settings)


def test_an_explicit_database_url_is_kept(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PostgreSQL URL is used as given."""
    url = "postgresql+psycopg://u:p@127.0.0.1:5432/bf"
    monkeypatch.setenv("BREACHFLOW_DATABASE_URL", url)
    assert Settings().database_url == url


def test_the_slack_language_is_english_by_default_and_refuses_one_without_catalogs(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`BREACHFLOW_SLACK_LANGUAGE`: en unless set; a language breachflow cannot speak is
    refused at start-up, naming the setting and the languages it can."""
    from pydantic import ValidationError

    assert Settings().slack_language == "en"
    monkeypatch.setenv("BREACHFLOW_SLACK_LANGUAGE", "nl")
    assert Settings().slack_language == "nl"
    monkeypatch.setenv("BREACHFLOW_SLACK_LANGUAGE", "es")
    with pytest.raises(ValidationError, match=r"slack_language[\s\S]*'nl', 'fr', 'de' or 'en'"):
        Settings()
