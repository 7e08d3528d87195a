"""Message models survive the outbox's JSON; Message-IDs and SMTP URLs are read correctly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from notifiers.base import Attachment, ChannelMessage, DeliveryError, MailMessage, Receipt
from notifiers.email import message_id_for, parse_smtp_url

pytestmark = pytest.mark.unit


def test_channel_message_round_trips_through_json() -> None:
    """What the outbox stores (JSON) gives back the same message; the outbox key wins."""
    message = ChannelMessage(
        key="slack:BR-1:new",
        reference="BR-1",
        text="New breach BR-1",
        blocks=({"type": "section", "text": {"type": "mrkdwn", "text": "x"}},),
        thread_ts="1700000000.000100",
        broadcast=True,
    )
    payload = json.loads(json.dumps(message.to_payload()))
    assert ChannelMessage.from_payload(payload) == message
    assert ChannelMessage.from_payload(payload, key="outbox-key").key == "outbox-key"


def test_mail_message_round_trips_with_bytes_and_path_attachments() -> None:
    """Attachment bytes travel as base64, paths stay paths (large PDFs are not copied)."""
    message = MailMessage(
        key="email:BR-1:notice:client-7",
        to=("dpo@client.example",),
        subject="Breach notice",
        text="See attachment",
        html="<p>See attachment</p>",
        attachments=(
            Attachment("notice.pdf", "application/pdf", content=b"%PDF-1.4\x00\xff"),
            Attachment("annex.pdf", "application/pdf", path=Path("/data/documents/annex.pdf")),
        ),
    )
    payload = json.loads(json.dumps(message.to_payload()))
    assert MailMessage.from_payload(payload) == message


def test_attachment_needs_exactly_one_source_and_a_mime_type() -> None:
    """An attachment is bytes or a path, never both or neither, with a type/subtype."""
    with pytest.raises(ValueError, match="exactly one"):
        Attachment("a.pdf", "application/pdf")
    with pytest.raises(ValueError, match="exactly one"):
        Attachment("a.pdf", "application/pdf", content=b"x", path=Path("a.pdf"))
    with pytest.raises(ValueError, match="MIME"):
        Attachment("a.pdf", "pdf", content=b"x")


def test_mail_needs_a_recipient() -> None:
    """An e-mail to nobody is a bug in the caller, caught when the message is built."""
    with pytest.raises(ValueError, match="recipient"):
        MailMessage(key="k", to=(), subject="s", text="t")


@given(st.text(min_size=1), st.text(min_size=1))
def test_message_id_is_valid_and_one_to_one(key: str, other: str) -> None:
    """Any key gives a syntactically safe Message-ID; different keys never collide."""
    assume(key != other)
    assert re.fullmatch(r"<[A-Za-z0-9_=-]+@breachflow>", message_id_for(key))
    assert message_id_for(key) != message_id_for(other)


def test_message_id_keeps_plain_keys_readable() -> None:
    """Keys made of letters, digits and dashes appear unchanged."""
    assert message_id_for("BR-2026-0001_notice") == "<BR-2026-0001_notice@breachflow>"
    assert message_id_for("a:b") == "<a=3Ab@breachflow>"


def test_parse_smtp_url_starttls_credentials_and_sender() -> None:
    """User and password are URL-decoded; STARTTLS and the sender come from the query."""
    config = parse_smtp_url(
        "smtp://mailer:p%40ss%2Fw@mail.example.be:587?starttls=true&from=dpo@example.be"
    )
    assert (config.host, config.port, config.starttls, config.implicit_tls) == (
        "mail.example.be",
        587,
        True,
        False,
    )
    assert (config.username, config.password) == ("mailer", "p@ss/w")
    assert config.from_addr == "dpo@example.be"
    assert "p@ss/w" not in repr(config)


def test_parse_smtps_url_defaults() -> None:
    """`smtps://` means implicit TLS on port 465 by default; plain smtp defaults to 25."""
    config = parse_smtp_url("smtps://mail.example.be")
    assert (config.port, config.implicit_tls, config.starttls, config.username) == (
        465,
        True,
        False,
        None,
    )
    assert parse_smtp_url("smtp://localhost").port == 25


def test_parse_smtp_url_rejects_other_schemes() -> None:
    """A typo in the scheme fails at start-up, not at the first breach."""
    with pytest.raises(ValueError, match="SMTP URL"):
        parse_smtp_url("http://mail.example.be")


def test_receipt_result_and_delivery_error_flags() -> None:
    """The handler result names channel and ts; errors say whether a retry can help."""
    assert Receipt("C1", "1.2", already_delivered=True).to_result() == {
        "channel": "C1",
        "ts": "1.2",
        "already_delivered": True,
    }
    error = DeliveryError("down", retryable=True, outcome_unknown=True, code="http_500")
    assert (error.retryable, error.outcome_unknown, error.code) == (True, True, "http_500")
