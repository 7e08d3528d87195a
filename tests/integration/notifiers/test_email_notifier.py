"""SmtpMailNotifier and the outbox handler against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import io
import ssl
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from models.outbox import EMAIL_SEND, Effect, PermanentError
from notifiers.base import Attachment, DeliveryError, MailMessage
from notifiers.email import SmtpMailNotifier
from notifiers.outbox_handlers import make_email_handler
from tests.support.smtp_server import SmtpServer

pytestmark = [
    pytest.mark.integration,
    # aiosmtpd warns about its own deprecated attribute and about AUTH over implicit TLS.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:aiosmtpd"),
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]

SENDER = "breachflow@example.be"


def pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def notice(**kwargs: object) -> MailMessage:
    defaults: dict[str, object] = {
        "key": "email:BR-2026-0042:processor_notice:client-7",
        "to": ("dpo@client.example",),
        "subject": "Breach notice BR-2026-0042",
        "text": "Please find our notice attached.",
        "html": "<p>Please find our notice attached.</p>",
        "attachments": (
            Attachment("notice-BR-2026-0042.pdf", "application/pdf", content=pdf_bytes("Notice")),
        ),
    }
    defaults.update(kwargs)
    return MailMessage(**defaults)  # type: ignore[arg-type]


def test_mail_arrives_with_pdf_attachment_and_message_id(smtp_server: SmtpServer) -> None:
    """The server receives text, HTML and the PDF; the key is the Message-ID."""
    receipt = SmtpMailNotifier(smtp_server.url(), from_addr=SENDER).send(notice())
    [mail] = smtp_server.messages
    assert mail.mail_from == SENDER
    assert mail.rcpt_tos == ("dpo@client.example",)
    message = mail.message
    assert (
        message["Message-ID"] == "<email=3ABR-2026-0042=3Aprocessor_notice=3Aclient-7@breachflow>"
    )
    assert receipt.external_id == message["Message-ID"]
    assert message["X-Breachflow-Key"] == "email:BR-2026-0042:processor_notice:client-7"
    assert message["Subject"] == "Breach notice BR-2026-0042"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().strip() == "Please find our notice attached."
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert "<p>Please find our notice attached.</p>" in html.get_content()
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "notice-BR-2026-0042.pdf"
    assert part.get_content_type() == "application/pdf"
    pdf = PdfReader(io.BytesIO(part.get_content()))
    assert "Notice" in pdf.pages[0].extract_text()


def test_attachment_from_a_file_path(smtp_server: SmtpServer, tmp_path: Path) -> None:
    """A document stored on disk is read when the e-mail is sent."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes("Letter"))
    message = notice(attachments=(Attachment("letter.pdf", "application/pdf", path=path),))
    SmtpMailNotifier(smtp_server.url(sender=SENDER)).send(message)
    [part] = list(smtp_server.messages[0].message.iter_attachments())
    assert part.get_content() == path.read_bytes()


def test_starttls_with_login(
    tls_certificate: tuple[Path, Path], client_tls: ssl.SSLContext
) -> None:
    """With starttls=true the session is upgraded to TLS before AUTH and the message."""
    with SmtpServer(
        starttls_cert=tls_certificate, require_starttls=True, credentials=("mailer", "s3cret")
    ) as server:
        url = server.url(sender=SENDER)
        assert "starttls=true" in url
        SmtpMailNotifier(url, ssl_context=client_tls).send(notice())
        [mail] = server.messages
    assert mail.tls
    assert mail.login == "mailer"


def test_implicit_tls_smtps(tls_certificate: tuple[Path, Path], client_tls: ssl.SSLContext) -> None:
    """smtps:// speaks TLS from the first byte."""
    with SmtpServer(implicit_tls_cert=tls_certificate, credentials=("mailer", "s3cret")) as server:
        assert server.url().startswith("smtps://")
        SmtpMailNotifier(server.url(sender=SENDER), ssl_context=client_tls).send(notice())
        [mail] = server.messages
    assert mail.tls
    assert mail.login == "mailer"


def test_untrusted_certificate_is_not_retryable(tls_certificate: tuple[Path, Path]) -> None:
    """Certificate verification stays on: a self-signed server is refused, for good."""
    with SmtpServer(starttls_cert=tls_certificate, require_starttls=True) as server:
        with pytest.raises(DeliveryError) as failure:
            SmtpMailNotifier(server.url(sender=SENDER)).send(notice())
        assert server.messages == []
    assert not failure.value.retryable


def test_temporary_failure_is_retryable_then_handler_delivers(smtp_server: SmtpServer) -> None:
    """A 451 at DATA raises a retryable error; the outbox's next attempt delivers."""
    handler = make_email_handler(SmtpMailNotifier(smtp_server.url(), from_addr=SENDER))
    message = notice()
    effect = Effect(message.key, EMAIL_SEND, message.to_payload(), attempt=1, outcome_unknown=False)
    smtp_server.defer_next(1)
    with pytest.raises(DeliveryError) as failure:
        handler(effect)
    assert failure.value.retryable
    assert smtp_server.messages == []
    result = handler(replace(effect, attempt=2))
    [mail] = smtp_server.messages
    assert result["message_id"] == mail.message["Message-ID"]
    assert result["channel"] == "smtp"


def test_refused_recipient_is_not_retryable(smtp_server: SmtpServer) -> None:
    """A 550 for the only recipient will not change by retrying."""
    smtp_server.refuse("gone@client.example")
    notifier = SmtpMailNotifier(smtp_server.url(), from_addr=SENDER)
    with pytest.raises(DeliveryError) as failure:
        notifier.send(notice(to=("gone@client.example",)))
    assert not failure.value.retryable
    assert failure.value.code == "recipients_refused"


def test_email_handler_fails_permanently_for_a_refused_recipient(smtp_server: SmtpServer) -> None:
    """Through the handler, a permanent refusal becomes the dispatcher's PermanentError."""
    smtp_server.refuse("gone@client.example")
    handler = make_email_handler(SmtpMailNotifier(smtp_server.url(), from_addr=SENDER))
    message = notice(to=("gone@client.example",))
    effect = Effect(message.key, EMAIL_SEND, message.to_payload(), attempt=1, outcome_unknown=False)
    with pytest.raises(PermanentError, match="refused"):
        handler(effect)


def test_unreachable_server_is_retryable(smtp_server: SmtpServer) -> None:
    """Nothing listening: retry later (the outbox keeps the e-mail)."""
    url = smtp_server.url()
    smtp_server.stop()
    with pytest.raises(DeliveryError) as failure:
        SmtpMailNotifier(url, from_addr=SENDER, timeout=2).send(notice())
    assert failure.value.retryable
