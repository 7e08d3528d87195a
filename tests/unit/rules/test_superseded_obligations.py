"""One duty held once: a plan for other activities replaces an open obligation when it covers
it, or when the DPO narrows what is affected; disjoint activities stay separate duties."""

from __future__ import annotations

from rules.obligations import supersedes


def test_a_wider_plan_replaces_the_narrower_one_without_dropping_a_duty() -> None:
    assert supersedes(["a", "b"], ["a"], narrowing=False)
    assert not supersedes(["a"], ["a", "b"], narrowing=False)  # would drop b before review


def test_the_dpo_narrowing_the_activities_replaces_the_worst_case_duty() -> None:
    assert supersedes(["a"], ["a", "b"], narrowing=True)


def test_the_same_or_disjoint_activities_are_not_replaced() -> None:
    for narrowing in (False, True):
        assert not supersedes(["a"], ["a"], narrowing=narrowing)
        assert not supersedes(["a"], ["b"], narrowing=narrowing)
        assert not supersedes([], ["a"], narrowing=narrowing)
        assert not supersedes(["a"], [], narrowing=narrowing)
