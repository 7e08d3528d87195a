"""The DPO's decision forms, as Prefect `RunInput` models rendered in the Prefect UI.

What the Prefect UI does with a `RunInput` sets the rules: non-optional `Literal`s whose values
are the words a DPO reads (`breachflow.decision_choices`: the UI shows an enum's values as its
labels); no `| None` switch; every datetime explains its picker. A value is filled in only through
`prefilled` (Prefect's own `with_initial_data` drops the field's title and description). Who
decides is always asked: the Prefect UI has no user accounts, so the name is recorded as typed,
marked not authenticated. Free-text fields default to "" and are checked on resume; lists of
measures default to [].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from prefect.input import RunInput
from pydantic import BeforeValidator, Field, create_model
from pydantic.fields import FieldInfo

from breachflow.decision_choices import ACTIONS, COMPLETENESS, MEASURES, OUTCOMES, as_words
from rules.lifecycle import Decision

DECIDER = Field(
    title="Your name",
    description="Who takes this decision. The Prefect UI has no login: the audit trail "
    "records the name as typed, marked not authenticated. On breachflow's own decision pages "
    "your signed-in name is recorded instead.",
    min_length=2,
)
TIME_ZONE_NOTE = (
    "The picker shows the time in the zone chosen beside it (UTC unless you choose another): "
    "choose Europe/Brussels there when you enter a Belgian time."
)

# The choices as the dropdowns show them: written-out Literals of the words
# (`breachflow.decision_choices`), each reading a code as its words too. A type checker cannot
# read a Literal built at run time: it sees a str.
if TYPE_CHECKING:
    OutcomeChoice = str
    CompletenessChoice = str
    ActionChoice = str
    MeasureChoice = str
else:

    def _choice(choices: dict[str, str]) -> Any:
        return Annotated[Literal[tuple(choices.values())], BeforeValidator(as_words(choices))]

    OutcomeChoice = _choice(dict(OUTCOMES))
    CompletenessChoice = _choice(dict(COMPLETENESS))
    ActionChoice = _choice(dict(ACTIONS))
    MeasureChoice = _choice(dict(MEASURES))
MEASURES_NOTE = "Each document prints them in its reader's language."


def measures_field(title: str, description: str) -> Any:
    """A multi-select of the measures (in words), empty by default."""
    return Field(default=[], title=title, description=description + " " + MEASURES_NOTE)


class ReviewInput(RunInput):
    """Review: confirm awareness and facts, accept or override the outcome, complete or part 1."""

    decided_by: str = DECIDER
    aware_at: datetime = Field(
        title="Aware at",
        description="When we became reasonably certain that personal data were compromised "
        "(starts the 72 hours). Filled in with the recorded time, in UTC (the description "
        "above gives it in Brussels time): leave it to confirm it, or correct it. "
        + TIME_ZONE_NOTE,
    )
    aware_gap_reason: str = Field(
        default="",
        title="Why awareness came after detection",
        description="Needed when awareness is later than the first signal.",
    )
    outcome: OutcomeChoice = Field(
        title="Outcome",
        description="Accept the assessed outcome (above) or override it; an override needs "
        "its reason below.",
    )
    override_reason: str = Field(
        default="",
        title="Reason for the override",
        description="Required for any override: it is kept with the assessment.",
    )
    completeness: CompletenessChoice = Field(
        title="Notification",
        description="A complete notification, or Part 1 now when facts are still missing "
        "(Art. 33(4)).",
    )
    activities: str = Field(
        default="",
        title="Affected activities",
        description="Optional: the ids of the processing activities the breach touches, "
        "separated by commas (the description above lists the candidates). Needed when the "
        "reporter named none: until then the client's activities are all taken as affected. "
        "Leave empty to keep the recorded ones.",
    )
    facts_corrections: str = Field(
        default="",
        title="Corrected facts (JSON)",
        description='Optional: a JSON object of facts to change, e.g. {"subjects": {"count": '
        '120}, "recipients_trusted": true}, or each activity\'s own share: {"scopes": '
        '[{"activity": "staff-administration", "subjects": {"count": 25}, "data": '
        '["contact"]}]}. Leave empty when the facts are right.',
    )
    measures_taken: list[MeasureChoice] = measures_field(
        "Measures taken",
        "What has been done to address the breach and mitigate its effects (Art. 33(3)(d), "
        "34(2)). Left empty, the documents say the measures are unknown.",
    )
    measures_planned: list[MeasureChoice] = measures_field(
        "Measures planned",
        "What will still be done. Left empty, the documents say unknown.",
    )
    client_description: str = Field(
        default="",
        title="Description for the clients' notices",
        description="What happened, in words fit for every client controller that receives a "
        "processor notice (Art. 33(2)): never the reporter's own text, which may name other "
        "clients or staff. Each notice prints it beside the summary breachflow writes from the "
        "coded facts in the client's language. Written in the organisation's language; a "
        "paragraph starting with fr:, de:, nl: or en: is that language's version for clients "
        "who read it. Leave empty to send that summary only.",
    )
    late_reason: str = Field(
        default="",
        title="Reasons for the delay",
        description="Required when the GBA's 72 hours have passed: the GBA draft prints them "
        "(Art. 33(1)), and the filing takes them over.",
    )
    confirm_before_gdpr: bool = Field(
        default=False,
        title="Times before 25 May 2018 confirmed",
        description="Switch on only when a time of this breach (occurrence, detection or "
        "awareness) really lies before 25 May 2018, when the GDPR began to apply; otherwise "
        "correct the time. The review is refused until one or the other is done.",
    )


class ApprovalInput(RunInput):
    """Approval of the drafts listed in the description and the Artifacts tab."""

    decided_by: str = DECIDER
    action: ActionChoice = Field(
        title="Decision", description="Approve the drafts listed above, or send them back."
    )
    version: int = Field(
        title="Drafting round",
        description="The round of the drafts you read and decide on, filled in with the "
        "current one (the Drafts list above says it). New facts make a new round: a decision "
        "on an older one is refused.",
        ge=1,
    )
    remarks: str = Field(
        default="", title="Remarks", description="Required when sending back: what to change."
    )


class FilingInput(RunInput):
    """Filing: the GBA portal's reference and the time filed; processor notices sent."""

    decided_by: str = DECIDER
    gba_reference: str = Field(
        default="",
        title="GBA reference",
        description="The case reference the GBA portal returned (starts with DBN). Needed when "
        "a GBA notification was drafted.",
    )
    filed_at: datetime = Field(
        title="Filed at", description="When it was filed and the notices sent. " + TIME_ZONE_NOTE
    )
    processor_notices_sent: bool = Field(
        default=False,
        title="Processor notices sent",
        description="Switch on once every notice to a client controller has been sent.",
    )
    late_reason: str = Field(
        default="",
        title="Reasons for the delay",
        description="Required when filed after a deadline (Art. 33(1)).",
    )


class Part2Input(RunInput):
    """Part 2 prepared: breachflow drafts the complete notification with what changed since
    Part 1; it is approved and filed like Part 1."""

    decided_by: str = DECIDER
    late_reason: str = Field(
        default="",
        title="Reasons for the delay",
        description="Required when the 21 days after Part 1 have passed (Art. 33(1), 33(4)).",
    )
    measures_taken: list[MeasureChoice] = measures_field(
        "Measures taken",
        "The measures taken as filed in Part 2: the whole list, which replaces the recorded "
        "one. Leave empty to keep the recorded list.",
    )
    measures_planned: list[MeasureChoice] = measures_field(
        "Measures planned",
        "What will still be done: the whole list, which replaces the recorded one. Leave empty "
        "to keep it; a measure now taken is dropped from it.",
    )


class ClosingInput(RunInput):
    """Closing the case."""

    decided_by: str = DECIDER
    root_cause: str = Field(title="Root cause", description="What caused the breach.")
    lessons_learned: str = Field(
        title="Lessons learned", description="What changes so it does not happen again."
    )


class WithdrawalInput(RunInput):
    """Withdrawal of a filed notification."""

    decided_by: str = DECIDER
    reason: str = Field(title="Reason", description="Why the notification is withdrawn.")
    gba_reference: str = Field(
        default="", title="GBA reference", description="The DBN reference of the withdrawal."
    )


F = TypeVar("F", bound=RunInput)


def prefilled(form: type[F], **values: Any) -> type[F]:
    """`form` with `values` filled in (the fields' defaults), each field keeping its title,
    description and constraints. The Prefect UI then marks the field "(Optional)": left
    empty, it takes the value filled in."""
    fields: dict[str, Any] = {
        name: (
            form.model_fields[name].annotation,
            FieldInfo.merge_field_infos(form.model_fields[name], default=value),
        )
        for name, value in values.items()
    }
    model: type[F] = create_model(form.__name__, __base__=form, **fields)
    model.__doc__ = form.__doc__
    return model


@dataclass(frozen=True)
class DecisionForm:
    """What a decision run asks: its title (also the run's name, with the reference) and form."""

    title: str
    form: type[RunInput]


DECISION_FORMS: dict[Decision, DecisionForm] = {
    Decision.REVIEW: DecisionForm("Review the assessment", ReviewInput),
    Decision.APPROVAL: DecisionForm("Approve the drafts", ApprovalInput),
    Decision.FILING: DecisionForm("Record the filing", FilingInput),
    Decision.PART2: DecisionForm("Prepare Part 2", Part2Input),
    Decision.CLOSING: DecisionForm("Close the case", ClosingInput),
    Decision.WITHDRAWAL: DecisionForm("Withdraw the notification", WithdrawalInput),
}
