"""Which tests share the test process's one served service (`tests/e2e/service/conftest.py`)."""

from __future__ import annotations

import pytest


def uses_served(item: pytest.Item | None) -> bool:
    return item is not None and "served" in getattr(item, "fixturenames", ())
