"""The register of processing activities (Art. 30) the services judge a breach under."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from breachflow.settings import Settings
from rules.processing_register import ProcessingRegister, load_processing_register


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> ProcessingRegister:
    return load_processing_register(Path(path))


def processing_register_of(settings: Settings) -> ProcessingRegister:
    """The register file named by the settings, read again when it changes on disk."""
    path = Path(settings.processing_register)
    return _load(str(path), path.stat().st_mtime)
