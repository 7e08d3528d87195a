"""The breach lifecycle: every allowed move, every refused one, and no open state left without
a step to carry it."""

from __future__ import annotations

import itertools

import pytest

from rules.lifecycle import (
    DECIDED_IN,
    DECISION_LABELS,
    DECISION_STEP,
    FINAL,
    NUDGED,
    OPEN,
    STATE_LABELS,
    TRANSITIONS,
    Alert,
    Decision,
    Event,
    State,
    Step,
    WrongState,
    expected_step,
    require,
    transition,
    waiting_decision,
)

# (from, event) -> (to, step started, alert sent): the lifecycle as the README describes it.
EXPECTED: dict[tuple[State, Event], tuple[State, Step | None, Alert | None]] = {
    (State.RECEIVED, Event.ASSESSED): (State.ASSESSED, Step.REVIEW, Alert.ASSESSED),
    (State.ASSESSED, Event.REVIEW_OPENED): (State.AWAITING_REVIEW, None, Alert.DECISION_WAITING),
    (State.ASSESSED, Event.REVIEWED): (State.DRAFTING, Step.DRAFT, None),
    (State.AWAITING_REVIEW, Event.REVIEWED): (State.DRAFTING, Step.DRAFT, None),
    (State.DRAFTING, Event.DRAFTED): (
        State.AWAITING_APPROVAL,
        Step.APPROVAL,
        Alert.DECISION_WAITING,
    ),
    (State.AWAITING_APPROVAL, Event.APPROVED): (State.APPROVED, Step.FILING, Alert.APPROVED),
    (State.AWAITING_APPROVAL, Event.SENT_BACK): (State.DRAFTING, Step.DRAFT, None),
    (State.APPROVED, Event.FILED_COMPLETE): (State.FILED, Step.CLOSING, Alert.FILED),
    (State.APPROVED, Event.FILED_PART1): (State.PART2_DUE, Step.PART2, Alert.FILED),
    (State.PART2_DUE, Event.PART2_RECORDED): (State.DRAFTING, Step.DRAFT, None),
    (State.AWAITING_APPROVAL, Event.NEW_FACTS): (State.DRAFTING, Step.DRAFT, None),
    (State.APPROVED, Event.NEW_FACTS): (State.DRAFTING, Step.DRAFT, None),
    (State.FILED, Event.CLOSED): (State.CLOSED, None, Alert.CLOSED),
    **{
        (state, Event.WITHDRAWN): (State.WITHDRAWN, None, None)
        for state in (State.FILED, State.PART2_DUE, State.CLOSED)
    },
    **{
        (state, Event.NEW_FACTS): (State.DRAFTING, Step.DRAFT, None)
        for state in (State.FILED, State.PART2_DUE, State.CLOSED)
    },
    **{
        (state, Event.MERGED): (State.MERGED, None, None)
        for state in (State.RECEIVED, State.ASSESSED, State.AWAITING_REVIEW)
    },
}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(State, Event)))
def test_each_event_moves_a_breach_as_documented_or_is_refused(state: State, event: Event) -> None:
    """An allowed event gives its target, step and alert; any other is a `WrongState`."""
    if (state, event) in EXPECTED:
        move = transition(state, event)
        assert (move.target, move.start, move.alert) == EXPECTED[(state, event)]
    else:
        with pytest.raises(WrongState) as refused:
            transition(state, event)
        assert refused.value.state is state
        assert STATE_LABELS[state] in str(refused.value)
        assert "_" not in str(refused.value)  # in words, never a code like awaiting_review


def test_the_table_holds_nothing_more_than_documented() -> None:
    assert set(TRANSITIONS) == set(EXPECTED)


def test_final_states_have_no_way_out() -> None:
    """A closed or withdrawn breach moves no more (a new incident is a new breach)."""
    assert {s for s, _ in TRANSITIONS} & (FINAL - {State.CLOSED}) == set()
    assert {e for s, e in TRANSITIONS if s is State.CLOSED} == {Event.WITHDRAWN, Event.NEW_FACTS}


def test_every_open_state_is_carried_by_a_step_and_final_ones_by_none() -> None:
    """Nothing stuck: the reconciler always knows which step an open breach waits on."""
    for state in OPEN:
        assert expected_step(state) is not None, state
    for state in FINAL:
        assert expected_step(state) is None


def test_an_approved_breach_waits_for_the_filing_decision_then_for_record_filing() -> None:
    assert expected_step(State.APPROVED) is Step.FILING
    assert expected_step(State.APPROVED, filing_recorded=True) is Step.RECORD_FILING


@pytest.mark.parametrize(("decision", "state"), list(itertools.product(Decision, State)))
def test_a_decision_is_taken_only_in_its_states(decision: Decision, state: State) -> None:
    if state in DECIDED_IN[decision]:
        require(state, decision)
    else:
        with pytest.raises(WrongState) as refused:
            require(state, decision)
        assert STATE_LABELS[state] in str(refused.value)


def test_a_refused_decision_says_where_the_breach_stands_in_words() -> None:
    """The command line's words: where the breach stands and when the decision applies, with
    the reference once and no state code."""
    with pytest.raises(WrongState) as refused:
        require(State.AWAITING_REVIEW, Decision.WITHDRAWAL)
    assert refused.value.explain("BR-2026-0002") == (
        "BR-2026-0002 is waiting for the DPO's review; a notification can be withdrawn once it "
        "has been filed"
    )


def test_every_state_has_its_words() -> None:
    """One label per state, each a phrase of its own."""
    assert set(STATE_LABELS) == set(State)
    assert len(set(STATE_LABELS.values())) == len(State)


def test_each_decision_step_waits_in_a_state_that_takes_that_decision() -> None:
    """The step a state waits on asks for a decision that state accepts."""
    for decision, step in DECISION_STEP.items():
        assert step.is_decision
        waiting = [s for s in OPEN if expected_step(s) is step]
        assert all(s in DECIDED_IN[decision] for s in waiting), decision


def test_phases_are_not_decisions_and_nudged_states_wait_for_a_person() -> None:
    assert not any(s.is_decision for s in (Step.ASSESS, Step.DRAFT, Step.RECORD_FILING))
    for state in NUDGED:
        step = expected_step(state)
        assert step is not None
        assert step.is_decision


def test_every_decision_has_its_words_and_each_decision_step_its_decision() -> None:
    """`breachflow status` and the export say each decision in words; a decision step names
    the decision it waits for, a phase step none."""
    assert set(DECISION_LABELS) == set(Decision)
    for step in Step:
        decision = waiting_decision(step)
        assert (decision is not None) == step.is_decision, step
        assert decision is None or DECISION_STEP[decision] is step
    assert waiting_decision(None) is None
