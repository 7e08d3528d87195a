"""The breach's lifecycle: its states, the steps that carry it on, and what each event causes.

Pure: the application services ask `transition` where an event takes a breach and which step
runs next, and carry that out (store the state, start the step, tell the security team).

    received --assessed--> assessed --review_opened--> awaiting_review --reviewed--> drafting
    drafting --drafted--> awaiting_approval --approved--> approved | --sent_back--> drafting
    awaiting_approval | approved --new_facts--> drafting (new drafts replace those waiting)
    approved --filed_complete--> filed | --filed_part1--> part2_due
    part2_due --part2_recorded--> drafting (Part 2: drafted, approved and filed like Part 1)
    filed --closed--> closed
    filed | part2_due | closed --withdrawn--> withdrawn
    filed | part2_due | closed --new_facts--> drafting (a follow-up notification round)

Every notification the breach needs is drafted in `drafting`, approved in `awaiting_approval`
and filed from `approved` (Art. 33(1), 33(2), 34(1)); Part 2 follows Part 1 (Art. 33(4)); every
breach ends documented in the breach register (Art. 33(5)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rules.wording import N_


class State(StrEnum):
    """Where a breach stands; stored as its value."""

    RECEIVED = "received"
    ASSESSED = "assessed"
    AWAITING_REVIEW = "awaiting_review"
    DRAFTING = "drafting"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    FILED = "filed"
    PART2_DUE = "part2_due"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    # Another report of an incident already being handled: its facts and its client went to
    # that breach (`breachflow.services.linking`).
    MERGED = "merged"


class Step(StrEnum):
    """The unit of work that carries a breach on; its value is the Prefect flow's name."""

    ASSESS = "assess-breach"
    DRAFT = "draft-documents"
    RECORD_FILING = "record-filing"
    REVIEW = "review-decision"
    APPROVAL = "approval-decision"
    FILING = "filing-decision"
    PART2 = "part2-decision"
    CLOSING = "closing-decision"
    WITHDRAWAL = "withdrawal-decision"

    @property
    def is_decision(self) -> bool:
        """A decision step waits for a person; a phase step runs through on its own."""
        return self.value.endswith("-decision")


class Decision(StrEnum):
    """A person's decision on a breach, as stored (`decision.kind`)."""

    REVIEW = "review"
    APPROVAL = "approval"
    FILING = "filing"
    PART2 = "part2"
    CLOSING = "closing"
    WITHDRAWAL = "withdrawal"
    # New facts after filing: recorded like a decision, it opens a follow-up round.
    FOLLOW_UP = "follow_up"
    # New facts while drafts wait for approval or filing: a new round replaces the drafts.
    REDRAFT = "redraft"
    # A report linked to a breach of the same incident (recorded on both).
    LINK = "link"


class Event(StrEnum):
    """What moves a breach from one state to the next."""

    ASSESSED = "assessed"
    REVIEW_OPENED = "review_opened"
    REVIEWED = "reviewed"
    DRAFTED = "drafted"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    FILED_COMPLETE = "filed_complete"
    FILED_PART1 = "filed_part1"
    PART2_RECORDED = "part2_recorded"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NEW_FACTS = "new_facts"
    MERGED = "merged"


class Alert(StrEnum):
    """A message to the security team (`breachflow.alerts`): from a transition, or from the
    clock (reminders, escalations)."""

    REPORTED = "breach_reported"
    ASSESSED = "assessed"
    DECISION_WAITING = "decision_waiting"
    APPROVED = "approved"
    FILED = "filed"
    CLOSED = "closed"
    REMINDER = "reminder"
    OVERDUE = "overdue"


# Where a breach stands, in words: one label per state, completing "BR-2026-0002 ...". The
# command line and error messages say these, never the codes (the reporter's status page
# words them in the reporter's language).
STATE_LABELS: Mapping[State, str] = {
    State.RECEIVED: N_("has been received and waits for its assessment"),
    State.ASSESSED: N_("has been assessed and waits for the DPO's review"),
    State.AWAITING_REVIEW: N_("is waiting for the DPO's review"),
    State.DRAFTING: N_("is having its documents drafted"),
    State.AWAITING_APPROVAL: N_("is waiting for the DPO to approve its drafts"),
    State.APPROVED: N_("has its drafts approved and waits for the filing to be recorded"),
    State.FILED: N_("has been filed"),
    State.PART2_DUE: N_("has had Part 1 filed and waits for Part 2"),
    State.CLOSED: N_("is closed"),
    State.WITHDRAWN: N_("has had its notification withdrawn"),
    State.MERGED: N_("has been merged into another breach of the same incident"),
}

# Each decision in words, for the command line and the accountability export (English).
DECISION_LABELS: Mapping[Decision, str] = {
    Decision.REVIEW: N_("review of the assessment (Art. 33(1), 34(1) GDPR)"),
    Decision.APPROVAL: N_("approval of the drafts"),
    Decision.FILING: N_("filing recorded (the notification and notices sent)"),
    Decision.PART2: N_("Part 2 of the notification (Art. 33(4) GDPR)"),
    Decision.CLOSING: N_("closing (documented in the breach register, Art. 33(5) GDPR)"),
    Decision.WITHDRAWAL: N_("withdrawal of the notification"),
    Decision.FOLLOW_UP: N_("new facts after filing: a follow-up round"),
    Decision.REDRAFT: N_("new facts while drafts waited: new drafts"),
    Decision.LINK: N_("linked to another report of the same incident"),
}


class WrongState(RuntimeError):
    """The breach is not in a state the event or decision belongs to (a stale or repeated run).

    `explain(reference)` says it in words: where the breach stands and when the decision can
    be taken (`BR-2026-0002 is waiting for the DPO's review; a notification can be withdrawn
    once it has been filed`).
    """

    def __init__(self, state: State, when: str) -> None:
        self.state = state
        self.when = when
        super().__init__(self.explain("the breach"))

    def explain(self, subject: str) -> str:
        """The reason with `subject` (the breach's reference) as the subject of the sentence."""
        return f"{subject} {STATE_LABELS[self.state]}; {self.when}"


@dataclass(frozen=True)
class Transition:
    """What an event does: the state it leads to, the step it starts, the alert it sends."""

    source: State
    event: Event
    target: State
    start: Step | None = None
    alert: Alert | None = None


_FILED_STATES = (State.FILED, State.PART2_DUE, State.CLOSED)
# A report can be linked to another breach until the DPO has reviewed it.
_LINKABLE = (State.RECEIVED, State.ASSESSED, State.AWAITING_REVIEW)

_TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.RECEIVED, Event.ASSESSED, State.ASSESSED, Step.REVIEW, Alert.ASSESSED),
    Transition(
        State.ASSESSED,
        Event.REVIEW_OPENED,
        State.AWAITING_REVIEW,
        alert=Alert.DECISION_WAITING,
    ),
    Transition(State.ASSESSED, Event.REVIEWED, State.DRAFTING, Step.DRAFT),
    Transition(State.AWAITING_REVIEW, Event.REVIEWED, State.DRAFTING, Step.DRAFT),
    Transition(
        State.DRAFTING,
        Event.DRAFTED,
        State.AWAITING_APPROVAL,
        Step.APPROVAL,
        Alert.DECISION_WAITING,
    ),
    Transition(
        State.AWAITING_APPROVAL, Event.APPROVED, State.APPROVED, Step.FILING, Alert.APPROVED
    ),
    Transition(State.AWAITING_APPROVAL, Event.SENT_BACK, State.DRAFTING, Step.DRAFT),
    # Drafts that predate the facts are not approved or filed: they are drafted again.
    *(
        Transition(state, Event.NEW_FACTS, State.DRAFTING, Step.DRAFT)
        for state in (State.AWAITING_APPROVAL, State.APPROVED)
    ),
    Transition(State.APPROVED, Event.FILED_COMPLETE, State.FILED, Step.CLOSING, Alert.FILED),
    Transition(State.APPROVED, Event.FILED_PART1, State.PART2_DUE, Step.PART2, Alert.FILED),
    # Art. 33(4): Part 2 completes Part 1; it is drafted, approved and filed like Part 1.
    Transition(State.PART2_DUE, Event.PART2_RECORDED, State.DRAFTING, Step.DRAFT),
    Transition(State.FILED, Event.CLOSED, State.CLOSED, alert=Alert.CLOSED),
    *(Transition(state, Event.WITHDRAWN, State.WITHDRAWN) for state in _FILED_STATES),
    *(Transition(state, Event.NEW_FACTS, State.DRAFTING, Step.DRAFT) for state in _FILED_STATES),
    *(Transition(state, Event.MERGED, State.MERGED) for state in _LINKABLE),
)
TRANSITIONS: Mapping[tuple[State, Event], Transition] = {
    (t.source, t.event): t for t in _TRANSITIONS
}


def transition(state: State | str, event: Event) -> Transition:
    """Where `event` takes a breach in `state`; `WrongState` when it does not apply there."""
    found = TRANSITIONS.get((State(state), event))
    if found is None:
        raise WrongState(State(state), EVENT_WHEN[event])
    return found


# When an event applies, in words (the end of a `WrongState` message).
EVENT_WHEN: Mapping[Event, str] = {
    Event.ASSESSED: N_("a breach is assessed once, when it has been received"),
    Event.REVIEW_OPENED: N_("the review opens once the breach has been assessed"),
    Event.REVIEWED: N_("the DPO reviews a breach once it has been assessed"),
    Event.DRAFTED: N_("documents are drafted after the review"),
    Event.APPROVED: N_("drafts can be approved once they have been drafted"),
    Event.SENT_BACK: N_("drafts can be sent back once they have been drafted"),
    Event.FILED_COMPLETE: N_("a filing can be recorded once the drafts have been approved"),
    Event.FILED_PART1: N_("a filing can be recorded once the drafts have been approved"),
    Event.PART2_RECORDED: N_("Part 2 can be prepared once Part 1 has been filed"),
    Event.CLOSED: N_("a breach can be closed once its notification has been filed"),
    Event.WITHDRAWN: N_("a notification can be withdrawn once it has been filed"),
    Event.NEW_FACTS: N_("new facts open a follow-up once the notification has been filed"),
    Event.MERGED: N_("a report can be linked to another breach until it has been reviewed"),
}


# Which states each decision is taken in (a decision elsewhere is stale: `WrongState`).
DECIDED_IN: Mapping[Decision, frozenset[State]] = {
    Decision.REVIEW: frozenset({State.ASSESSED, State.AWAITING_REVIEW}),
    Decision.APPROVAL: frozenset({State.AWAITING_APPROVAL}),
    Decision.FILING: frozenset({State.APPROVED}),
    Decision.PART2: frozenset({State.PART2_DUE}),
    Decision.CLOSING: frozenset({State.FILED}),
    Decision.WITHDRAWAL: frozenset(_FILED_STATES),
    Decision.FOLLOW_UP: frozenset(_FILED_STATES),
    Decision.REDRAFT: frozenset({State.AWAITING_APPROVAL, State.APPROVED}),
    Decision.LINK: frozenset(_LINKABLE),
}

# The step that asks a person for each decision.
DECISION_STEP: Mapping[Decision, Step] = {
    Decision.REVIEW: Step.REVIEW,
    Decision.APPROVAL: Step.APPROVAL,
    Decision.FILING: Step.FILING,
    Decision.PART2: Step.PART2,
    Decision.CLOSING: Step.CLOSING,
    Decision.WITHDRAWAL: Step.WITHDRAWAL,
}


def waiting_decision(step: Step | None) -> Decision | None:
    """The decision a decision step waits for (`review-decision` -> review); None for a phase
    step, which runs on its own, or for no step."""
    return next((d for d, s in DECISION_STEP.items() if s is step), None)


# When each decision can be taken, in words (the end of a `WrongState` message).
DECISION_WHEN: Mapping[Decision, str] = {
    Decision.REVIEW: N_("the DPO reviews a breach once it has been assessed"),
    Decision.APPROVAL: N_("drafts can be approved once they have been drafted"),
    Decision.FILING: N_("a filing can be recorded once the drafts have been approved"),
    Decision.PART2: N_("Part 2 can be recorded once Part 1 has been filed"),
    Decision.CLOSING: N_("a breach can be closed once its notification has been filed"),
    Decision.WITHDRAWAL: N_("a notification can be withdrawn once it has been filed"),
    Decision.FOLLOW_UP: N_("new facts open a follow-up once the notification has been filed"),
    Decision.REDRAFT: N_("new facts make new drafts while the drafts wait for approval or filing"),
    Decision.LINK: N_("a report can be linked to another breach until it has been reviewed"),
}


def require(state: State | str, decision: Decision) -> None:
    """Refuse a decision the breach does not wait for in `state` (`WrongState`)."""
    if State(state) not in DECIDED_IN[decision]:
        raise WrongState(State(state), DECISION_WHEN[decision])


FINAL: frozenset[State] = frozenset({State.CLOSED, State.WITHDRAWN, State.MERGED})
OPEN: frozenset[State] = frozenset(State) - FINAL
# States in which a person's decision (review, approval) is pending: nudged while they wait.
NUDGED: frozenset[State] = frozenset({State.AWAITING_REVIEW, State.AWAITING_APPROVAL})

# The step that carries a breach in each open state (the reconciler restarts it when it is
# missing). `approved` waits for the filing decision until one is recorded, then for
# `record-filing` (see `expected_step`).
_CARRIED_BY: Mapping[State, Step] = {
    State.RECEIVED: Step.ASSESS,
    State.ASSESSED: Step.REVIEW,
    State.AWAITING_REVIEW: Step.REVIEW,
    State.DRAFTING: Step.DRAFT,
    State.AWAITING_APPROVAL: Step.APPROVAL,
    State.APPROVED: Step.FILING,
    State.FILED: Step.CLOSING,
    State.PART2_DUE: Step.PART2,
}


def expected_step(state: State | str, *, filing_recorded: bool = False) -> Step | None:
    """The step a breach in `state` is carried by; None when nothing should run (final)."""
    state = State(state)
    if state is State.APPROVED and filing_recorded:
        return Step.RECORD_FILING
    return _CARRIED_BY.get(state)
