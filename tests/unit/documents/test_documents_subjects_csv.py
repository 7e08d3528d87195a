"""Validation of one row of the subjects CSV (the mass-letter input)."""

from __future__ import annotations

import pytest

from documents.letters import Rejection, parse_row
from documents.viewmodels import LetterRecipient
from rules.codes import DataCode, Language


def row(**values: str) -> dict[str, str | None]:
    base = {
        "name": "Jan Peeters",
        "address_line1": "Kerkstraat 1",
        "address_line2": "",
        "postcode": "2000",
        "city": "Antwerpen",
        "country": "be",
        "language": "nl",
        "email": "",
        "data": "",
    }
    return {**base, **values}


def test_a_complete_row_becomes_a_recipient() -> None:
    """Language case and spaces ignored; data codes split on `;`; country upper-cased."""
    parsed = parse_row(3, row(language=" FR ", data="contact; financial"))
    assert isinstance(parsed, LetterRecipient)
    assert parsed.language is Language.FR
    assert parsed.country == "BE"
    assert parsed.data == (DataCode.CONTACT, DataCode.FINANCIAL)
    assert parsed.address_lines == ("Kerkstraat 1",)


def test_e_mail_alone_is_enough() -> None:
    """No postal address but an e-mail: still a valid recipient."""
    parsed = parse_row(1, row(address_line1="", postcode="", city="", email="jan@example.be"))
    assert isinstance(parsed, LetterRecipient)
    assert parsed.address_lines == ()


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"name": "  "}, "no name"),
        ({"language": "es"}, "unknown language"),
        ({"language": ""}, "unknown language"),
        ({"city": "", "email": ""}, "neither a postal address"),
        ({"data": "basic_identity;salary"}, "unknown data code 'salary'"),
        ({"country": "BEL"}, "ISO 3166"),
    ],
)
def test_bad_rows_are_rejected_with_a_reason(values: dict[str, str], reason: str) -> None:
    """Each error names what is wrong, with the record number."""
    parsed = parse_row(7, row(**values))
    assert isinstance(parsed, Rejection)
    assert parsed.line == 7
    assert reason in parsed.reason
