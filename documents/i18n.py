"""The documents' words in the reader's language, from the `documents` catalogs.

Keys are the codes of `documents.messages` (its English source); every language reads the
translation through gettext (`locales`). A key no table has raises `KeyError` at render time:
the test suite renders every document kind in every language, so a missing key fails the tests,
not the reader. Sentences may hold `{name}` fields filled by `t(..., **fields)`; numbers passed
as numbers come out in the language's notation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from documents.messages import MESSAGES
from locales import Messages
from rules.codes import DataCode, Language

LANGUAGES: tuple[Language, ...] = (Language.NL, Language.FR, Language.DE, Language.EN)
DOCUMENTS = Messages("documents", MESSAGES)


def t(language: Language, key: str, /, **fields: Any) -> str:
    """The message `key` in `language`; raises KeyError for a key no table has."""
    return DOCUMENTS(language.value, key, **fields)


def has_label(key: str) -> bool:
    return key in MESSAGES


def code_label(language: Language, family: str, code: str) -> str:
    """The label of a stable code; raises KeyError for an unknown family or code."""
    return t(language, f"{family}.{code}")


def soft_code_label(language: Language, family: str, code: str) -> str:
    """Label for an open vocabulary (subject categories): the word itself when untranslated."""
    key = f"{family}.{code}"
    return t(language, key) if key in MESSAGES else str(code).replace("_", " ")


def phrase(language: Language, catalogue: str, code: str) -> str:
    """A coded phrase (`consequence`, `consequence.you`, `measure`, `advice`)."""
    return t(language, f"{catalogue}.{code}")


# Which advice a data type calls for (DOMAIN.md §4: concrete advice matched to the data
# involved); data types without an entry get the general advice on phishing.
ADVICE_ORDER = (
    "credentials",
    "financial",
    "payment_card",
    "national_id_number",
    "official_documents",
    "health",
    "contact",
)
_ADVICE_FOR: dict[DataCode, str] = {
    DataCode.CREDENTIALS: "credentials",
    DataCode.FINANCIAL: "financial",
    DataCode.PAYMENT_CARD: "payment_card",
    DataCode.NATIONAL_ID_NUMBER: "national_id_number",
    DataCode.OFFICIAL_DOCUMENTS: "official_documents",
    DataCode.HEALTH: "health",
    DataCode.EMPLOYMENT_HEALTH: "health",
    DataCode.GENETIC: "health",
    DataCode.BIOMETRIC: "health",
    DataCode.CONTACT: "contact",
    DataCode.BASIC_IDENTITY: "contact",
}


def advice_codes(data: Iterable[DataCode]) -> list[str]:
    """Advice matched to the data types, each once, in catalogue order; phishing always."""
    wanted = {_ADVICE_FOR[code] for code in data if code in _ADVICE_FOR} | {"contact"}
    return [code for code in ADVICE_ORDER if code in wanted]
