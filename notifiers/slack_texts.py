"""Every word breachflow says in Slack, in one table: English templates with named parameters.

The message builders (`notifiers.slack_messages`) never hold a sentence of their own; they look
each one up here by key. Every template is wrapped in `N_()`, so a gettext extraction
(`pybabel extract -k N_`) finds them, and moving them into the catalogs the documents use is a
matter of replacing `say`/`say_plural` with the catalog's `gettext`/`ngettext` for the security
team's language. Labels for codes (outcomes, obligations, states) are tables of their own,
keyed by the stable code.
"""

from __future__ import annotations

from collections.abc import Mapping

from rules.wording import N_

__all__ = [
    "COMPLETENESS_LABELS",
    "OBLIGATION_LABELS",
    "OUTCOME_LABELS",
    "OUTCOME_LABELS_FOR_CLIENTS",
    "PLURALS",
    "STATUS_LABELS",
    "TEXTS",
    "say",
    "say_plural",
]

TEXTS: Mapping[str, str] = {
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
    # Buttons and links.
    "button.open": N_("Open in breachflow"),
    "button.decide": N_("Decide in Prefect"),
    "link.open": N_("Open"),
    "link.decide": N_("Decide"),
    # Notes (a context line under the fields).
    "note.sent_late": N_("sent late: the clock was not running at its time"),
    # strftime pattern of an instant shown in Brussels time.
    "format.instant": N_("%a %d %b %Y %H:%M %Z"),
}

# (singular, plural) pairs, for `ngettext`.
PLURALS: Mapping[str, tuple[str, str]] = {
    "summary.approved": (N_("{count} document approved"), N_("{count} documents approved")),
    "value.more": (N_("{shown} and {count} more"), N_("{shown} and {count} more")),
}

OUTCOME_LABELS: Mapping[str, str] = {
    "unlikely": N_("Unlikely to result in a risk: document only"),
    "risk": N_("Risk: notify the GBA"),
    "high": N_("High risk: notify the GBA and the people concerned"),
}
# When no data of ours is touched, the client controllers notify (Art. 33(1)); we notify or
# assist them (Art. 33(2), 28(3)(f)).
OUTCOME_LABELS_FOR_CLIENTS: Mapping[str, str] = {
    "unlikely": N_("Unlikely to result in a risk: the controller documents it"),
    "risk": N_("Risk: the controller notifies the GBA"),
    "high": N_("High risk: the controller notifies the GBA and tells the people concerned"),
}
# By `rules.obligations.ObligationKind` value.
OBLIGATION_LABELS: Mapping[str, str] = {
    "register_entry": N_("Entry in the breach register"),
    "authority_notification": N_("Notification to the GBA"),
    "authority_part2": N_("GBA notification, Part 2"),
    "subject_communication": N_("Communication to the people concerned"),
    "public_communication": N_("Public communication"),
    "processor_notice": N_("Notice to the client (controller)"),
    "assist_controller": N_("Assistance to the client (controller)"),
    "scope_check": N_("Check of other clients and our own data"),
    "joint_partner_notice": N_("Notice to the joint controller"),
    "ccb_early_warning": N_("CCB early warning (NIS2)"),
    "ccb_incident_notification": N_("CCB incident notification (NIS2)"),
    "ccb_final_report": N_("CCB final report (NIS2)"),
}
# The top message's status line.
STATUS_LABELS: Mapping[str, str] = {
    "new": N_("New breach"),
    "assessed": N_("Assessed"),
    "awaiting_dpo": N_("Waiting for the DPO"),
    "documents_approved": N_("Documents approved"),
    "filed": N_("Filed"),
    "closed": N_("Closed"),
    "withdrawn": N_("Notification withdrawn"),
}
COMPLETENESS_LABELS: Mapping[str, str] = {
    "complete": N_("complete notification"),
    "part1": N_("Part 1"),
    "part2": N_("Part 2"),
}


def say(key: str, **params: object) -> str:
    """The English text for `key`, filled in (a missing key or parameter is a bug: KeyError)."""
    return TEXTS[key].format(**params)


def say_plural(key: str, count: int, **params: object) -> str:
    """The singular or plural form for `count` (English has two; catalogs may have more)."""
    singular, plural = PLURALS[key]
    return (singular if count == 1 else plural).format(count=count, **params)
