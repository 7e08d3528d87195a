"""E-mail over SMTP: the idempotency key is the Message-ID, so a re-send can be recognised.

SMTP gives no way to ask "did you already get this?": delivery is at-least-once. A retry after a
lost answer may deliver twice, with the same Message-ID, which mail clients and archives use to
deduplicate.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from notifiers.base import DeliveryError, MailMessage, Receipt

__all__ = ["SmtpConfig", "SmtpMailNotifier", "build_email", "message_id_for", "parse_smtp_url"]

_MESSAGE_ID_DOMAIN = "breachflow"
_SAFE_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_TRUE = ("1", "true", "yes", "on")


def message_id_for(key: str) -> str:
    """`<KEY@breachflow>`, with characters not allowed in a Message-ID written as `=XX`."""
    local = "".join(
        ch if ch in _SAFE_ID_CHARS else "".join(f"={b:02X}" for b in ch.encode("utf-8"))
        for ch in key
    )
    return f"<{local}@{_MESSAGE_ID_DOMAIN}>"


def build_email(message: MailMessage, *, from_addr: str, now: datetime) -> EmailMessage:
    """The MIME message: text body, optional HTML alternative, attachments as parts."""
    mime = EmailMessage()
    mime["From"] = from_addr
    mime["To"] = ", ".join(message.to)
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(now.astimezone(UTC))
    mime["Message-ID"] = message_id_for(message.key)
    mime["X-Breachflow-Key"] = message.key
    mime.set_content(message.text)
    if message.html is not None:
        mime.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        maintype, subtype = attachment.mime_type.split("/", 1)
        mime.add_attachment(
            attachment.read(), maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return mime


@dataclass(frozen=True)
class SmtpConfig:
    """What an `smtp://` or `smtps://` URL says."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None = field(repr=False)
    from_addr: str | None


def parse_smtp_url(url: str) -> SmtpConfig:
    """Parse `smtp://user:pass@host:587?starttls=true&from=dpo@example.be` or `smtps://...`."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP URL must look like smtp://host:port or smtps://host:port")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    implicit_tls = parts.scheme == "smtps"
    return SmtpConfig(
        host=parts.hostname,
        port=parts.port or (465 if implicit_tls else 25),
        implicit_tls=implicit_tls,
        starttls=not implicit_tls and query.get("starttls", "").lower() in _TRUE,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        from_addr=query.get("from"),
    )


class SmtpMailNotifier:
    """The `MailNotifier` over SMTP (smtplib), with STARTTLS or implicit TLS when configured."""

    channel = "smtp"

    def __init__(
        self,
        url: str,
        *,
        from_addr: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.config = parse_smtp_url(url)
        sender = self.config.from_addr or from_addr
        if not sender:
            raise ValueError("no sender: give from= in the SMTP URL or from_addr")
        self.from_addr = sender
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.timeout = timeout

    def send(self, message: MailMessage) -> Receipt:
        """Send once; failures become `DeliveryError` (4xx and lost connections are retryable)."""
        mime = build_email(message, from_addr=self.from_addr, now=datetime.now(UTC))
        try:
            with self._connect() as smtp:
                if self.config.username is not None:
                    smtp.login(self.config.username, self.config.password or "")
                refused = smtp.send_message(mime, self.from_addr, list(message.to))
        except smtplib.SMTPRecipientsRefused as error:
            raise _refused(error.recipients) from error
        except smtplib.SMTPNotSupportedError as error:
            raise DeliveryError(
                f"SMTP server does not support what the URL asks for: {error}",
                retryable=False,
                code="smtp_not_supported",
            ) from error
        except smtplib.SMTPResponseException as error:
            # 4xx: try later; 5xx: the server will not take it (bad sender, auth, content).
            raise DeliveryError(
                f"SMTP server answered {error.smtp_code}: {error.smtp_error!r}",
                retryable=400 <= error.smtp_code < 500,
                outcome_unknown=False,
                code=f"smtp_{error.smtp_code}",
            ) from error
        except ssl.SSLCertVerificationError as error:
            raise DeliveryError(
                f"SMTP server's certificate not trusted: {error}",
                retryable=False,
                code="tls_verify_failed",
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(
                f"SMTP server unreachable or connection lost: {error}",
                retryable=True,
                outcome_unknown=True,
                code="connection_error",
            ) from error
        if refused:
            # Some recipients took it: re-sending would duplicate for them, so do not retry.
            raise _refused(refused, partial=True)
        return Receipt(channel=self.channel, external_id=str(mime["Message-ID"]))

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        if cfg.implicit_tls:
            return smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=self.timeout, context=self.ssl_context
            )
        smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=self.timeout)
        try:
            if cfg.starttls:
                smtp.starttls(context=self.ssl_context)
        except BaseException:
            smtp.close()
            raise
        return smtp


def _refused(recipients: dict[str, tuple[int, bytes]], *, partial: bool = False) -> DeliveryError:
    codes = sorted({code for code, _ in recipients.values()})
    temporary = all(400 <= code < 500 for code in codes)
    return DeliveryError(
        f"SMTP server refused {', '.join(sorted(recipients))}: {codes}",
        retryable=temporary and not partial,
        outcome_unknown=False,
        code="recipients_refused",
    )
