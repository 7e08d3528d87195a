"""The acknowledgement e-mail to the reporter, in the reporter's language (queued through the
outbox in the report's transaction, sent by the dispatcher's `email.send` handler)."""

from __future__ import annotations

from jinja2 import Environment

from breachflow.services.reporting import AckBuilder, ReportIn
from intake.i18n import Translator
from models.tables import Breach
from notifiers.base import MailMessage


def status_page_url(public_url: str, reference: str) -> str:
    """Where the report's status page lives."""
    return f"{public_url.rstrip('/')}/reports/{reference}"


def ack_builder(templates: Environment, public_url: str) -> AckBuilder:
    """Builds the acknowledgement of a stored breach; the outbox key makes it one per report."""

    def build(breach: Breach, report: ReportIn) -> MailMessage:
        t = Translator(report.language or "en")
        text = templates.get_template("email/ack.txt").render(
            t=t,
            name=report.reporter_name,
            reference=breach.reference,
            received_at=breach.created_at,
            status_url=status_page_url(public_url, breach.reference),
        )
        return MailMessage(
            key=f"email.send:{breach.reference}:acknowledgement",
            to=(report.reporter_email,) if report.reporter_email else (),
            subject=t("ack.mail.subject", reference=breach.reference),
            text=text,
        )

    return build
