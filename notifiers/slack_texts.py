"""Every word breachflow says in Slack: the English source of the `slack` gettext domain.

The message builders (`notifiers.slack_messages`, `notifiers.watchdog_messages`) never hold a
sentence of their own; they ask a `Words` of the security team's language
(`BREACHFLOW_SLACK_LANGUAGE`: nl, fr, de or en, English by default) for each one by key. The
keys are msgctxt in `locales/<lang>/LC_MESSAGES/slack.po` (`scripts/i18n.sh`), the same catalogs
and lookup the documents use (`locales.Messages`). Labels for codes (outcomes, obligations,
states) are keys `family.code`; a plural is two keys, `.one` and `.other`, chosen by the
language's CLDR plural rule (French says "0 document approuvé").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_datetime

from locales import LANGUAGES, N_, Messages, translator
from rules.deadlines import BRUSSELS

__all__ = [
    "COMPLETENESS_CODES",
    "MESSAGES",
    "OBLIGATION_CODES",
    "STATUS_CODES",
    "Words",
    "words",
]

MESSAGES: Mapping[str, str] = {
    # Headers (Slack cuts a header at 150 characters; the builders truncate before).
    "title.new": N_("New breach {reference}"),
    "title.status": N_("{status}: {reference}"),
    "title.assessed": N_("Assessed {reference}"),
    "title.reminder": N_("Reminder {reference}: {obligation}"),
    "title.overdue": N_("OVERDUE {reference}: {obligation}"),
    "title.decision_waiting": N_("DPO decision needed {reference}"),
    "title.approved": N_("Documents approved {reference}"),
    "title.filed": N_("Filed {reference}"),
    "title.closed": N_("Closed {reference}"),
    # Field titles.
    "field.whose_data": N_("Whose data"),
    "field.outcome": N_("Outcome"),
    "field.proposed_outcome": N_("Proposed outcome"),
    "field.next_deadline": N_("Next deadline"),
    "field.next_deadline_of": N_("Next deadline: {obligation}"),
    "field.people": N_("People affected"),
    "field.records": N_("Records"),
    "field.systems": N_("Systems"),
    "field.status": N_("Status"),
    "field.documents": N_("Documents approved"),
    "field.filed": N_("Filed"),
    "field.recorded": N_("Recorded in breachflow"),
    "field.authority_reference": N_("GBA reference"),
    "field.closed": N_("Closed"),
    # Values.
    "value.own_data": N_("our own data"),
    "value.clients_and_own": N_("{clients} and our own data"),
    "value.not_determined": N_("to be determined at review"),
    "value.not_assessed": N_("not assessed yet"),
    "value.none": N_("none"),
    "value.unknown": N_("unknown"),
    "value.filed": N_("{what}, {when}"),
    "value.obligation_of": N_("{obligation}: {party}"),
    "value.deadline": N_("{when} ({left})"),
    "value.more.one": N_("{shown} and {count} more"),
    "value.more.other": N_("{shown} and {count} more"),
    # Durations, rounded down.
    "duration.hours": N_("{hours} h"),
    "duration.minutes": N_("{minutes} min"),
    "left": N_("{duration} left"),
    "overdue_by": N_("overdue by {duration}"),
    # Fallback texts (notifications, screen readers): "title: summary".
    "fallback": N_("{title}: {summary}"),
    "summary.due": N_("due {deadline}"),
    "summary.reminder": N_("{obligation} due {deadline}"),
    "summary.overdue": N_("{obligation} was due {deadline}; a late notification must give reasons"),
    "summary.filed": N_("{what} filed {when}"),
    "summary.closed": N_("closed {when}"),
    "summary.approved.one": N_("{count} document approved"),
    "summary.approved.other": N_("{count} documents approved"),
    # Buttons and links.
    "button.open": N_("Open in breachflow"),
    "button.decide": N_("Decide in Prefect"),
    "link.open": N_("Open"),
    "link.decide": N_("Decide"),
    # Notes (a context line under the fields).
    "note.sent_late": N_("sent late: the clock was not running at its time"),
    # TRANSLATORS: a Babel (CLDR) date pattern, not words: EEE weekday, d day, MMM month, y
    # year, HH:mm time, zzz zone (CET/CEST); text in single quotes is shown as it is.
    "format.instant": N_("EEE dd MMM y HH:mm zzz"),
    # The outcome, when our own data are touched (we notify, Art. 33(1) and 34(1)).
    "outcome.unlikely": N_("Unlikely to result in a risk: document only"),
    "outcome.risk": N_("Risk: notify the GBA"),
    "outcome.high": N_("High risk: notify the GBA and the people concerned"),
    # When no data of ours is touched, the client controllers notify (Art. 33(1)); we notify or
    # assist them (Art. 33(2), 28(3)(f)).
    "outcome_for_clients.unlikely": N_("Unlikely to result in a risk: the controller documents it"),
    "outcome_for_clients.risk": N_("Risk: the controller notifies the GBA"),
    "outcome_for_clients.high": N_(
        "High risk: the controller notifies the GBA and tells the people concerned"
    ),
    # By `rules.obligations.ObligationKind` value.
    "obligation.register_entry": N_("Entry in the breach register"),
    "obligation.authority_notification": N_("Notification to the GBA"),
    "obligation.authority_part2": N_("GBA notification, Part 2"),
    "obligation.subject_communication": N_("Communication to the people concerned"),
    "obligation.public_communication": N_("Public communication"),
    "obligation.processor_notice": N_("Notice to the client (controller)"),
    "obligation.assist_controller": N_("Assistance to the client (controller)"),
    "obligation.scope_check": N_("Check of other clients and our own data"),
    "obligation.joint_partner_notice": N_("Notice to the joint controller"),
    "obligation.ccb_early_warning": N_("CCB early warning (NIS2)"),
    "obligation.ccb_incident_notification": N_("CCB incident notification (NIS2)"),
    "obligation.ccb_final_report": N_("CCB final report (NIS2)"),
    # The top message's status line.
    "status.new": N_("New breach"),
    "status.assessed": N_("Assessed"),
    "status.awaiting_dpo": N_("Waiting for the DPO"),
    "status.documents_approved": N_("Documents approved"),
    "status.filed": N_("Filed"),
    "status.closed": N_("Closed"),
    "status.withdrawn": N_("Notification withdrawn"),
    "completeness.complete": N_("complete notification"),
    "completeness.part1": N_("Part 1"),
    "completeness.part2": N_("Part 2"),
    # The watchdog's messages (breachflow.watchdog): never a breach's details.
    "watchdog.alarm.title": N_("breachflow is not watching the deadlines"),
    "watchdog.alarm.fallback": N_("{title}: {problems} (seen {when})"),
    "watchdog.alarm.seen": N_("Seen {when}."),
    "watchdog.check": N_("Check the service:"),
    "watchdog.over.title": N_("breachflow watches the deadlines again"),
    "watchdog.over.detail": N_(
        "The outage seen {since} is over ({now}). Reminders that fell due meanwhile are sent "
        "now, marked late."
    ),
    "watchdog.problem.database": N_("the database cannot be read ({error})"),
    "watchdog.problem.clock": N_(
        "the deadline clock has stopped: last heartbeat {when}; reminders and escalations are "
        "not being sent"
    ),
    "watchdog.problem.serve": N_("breachflow serve does not answer at {url}"),
    "watchdog.never": N_("never"),
    # The audit trail's head, anchored outside the database (breachflow.services.anchoring).
    "anchor.text": N_(
        "Audit trail anchor ({what}): event #{seq}, hash {hash}... Keep this line: "
        "`breachflow audit verify --anchor FILE` checks the trail against it."
    ),
    "anchor.reason.filing": N_("filing of {reference}"),
    "anchor.reason.daily": N_("daily"),
}

SLACK = Messages("slack", MESSAGES)


def _codes(family: str) -> tuple[str, ...]:
    prefix = f"{family}."
    return tuple(key.removeprefix(prefix) for key in MESSAGES if key.startswith(prefix))


OBLIGATION_CODES = _codes("obligation")
STATUS_CODES = _codes("status")
COMPLETENESS_CODES = _codes("completeness")


@dataclass(frozen=True)
class Words:
    """The Slack words of one language: sentences, labels of codes, instants and numbers."""

    language: str

    def say(self, key: str, /, **params: Any) -> str:
        """The text for `key`, filled in (a missing key or parameter is a bug: KeyError)."""
        return SLACK(self.language, key, **params)

    def say_plural(self, key: str, count: int, /, **params: Any) -> str:
        """The form for `count` by the language's plural rule (`key.one` or `key.other`)."""
        form = "one" if Locale.parse(self._locale).plural_form(count) == "one" else "other"
        return self.say(f"{key}.{form}", count=count, **params)

    def label(self, family: str, code: str | None) -> str:
        """A code's label (`outcome`, `obligation`, `status`...); a code with none reads as
        its words rather than failing a message the team needs."""
        if code is None:
            return self.say("value.not_assessed")
        key = f"{family}.{code}"
        return self.say(key) if key in MESSAGES else code.replace("_", " ")

    def instant(self, at: datetime) -> str:
        """An aware instant in Brussels time, weekday and month in this language."""
        if at.tzinfo is None:
            raise ValueError("an instant shown in Slack must be timezone-aware")
        pattern = self.say("format.instant")
        return format_datetime(at, pattern, tzinfo=BRUSSELS, locale=self._locale)

    def number(self, value: int) -> str:
        """A count in this language's notation (`40.000` in Dutch, `40,000` in English)."""
        return translator(self.language).number(value)

    @property
    def _locale(self) -> str:
        return translator(self.language).locale


@cache
def words(language: str = "en") -> Words:
    """The words of `language` (nl, fr, de, en); ValueError for any other."""
    if language not in LANGUAGES:
        raise ValueError(f"no Slack messages in {language!r}: one of {', '.join(LANGUAGES)}")
    return Words(language)
