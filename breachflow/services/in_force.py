"""The assessment in force: what every duty of a breach follows.

Each controller assesses its own breach (Art. 33(1), 34(1)): our GBA notification and letters
follow the assessment of our own activities' scope, each processor notice carries the client's
own scope and our assessment of it, marked as a processor's view (Art. 33(2), 28(3)(f)). The
DPO's override (any outcome, with a written reason that is kept) is the DPO's
decision on our own duties: it applies to our own scopes, and to the breach-wide assessment
when no activity of ours is affected.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.assessment import Assessment, overridden
from rules.codes import Risk
from rules.obligations import OWED_TO_CLIENT
from rules.roles import Duty, DutyKind
from rules.scopes import ScopeAssessment, ScopedAssessment, View

# Obligations a client controller's scope informs; every other kind is our own controller's.
_CLIENT_KINDS = OWED_TO_CLIENT


@dataclass(frozen=True)
class Override:
    """The DPO's outcome and the written reason kept with it."""

    risk: Risk
    reason: str
    decided_by: str


@dataclass(frozen=True)
class InForce:
    """The rules' assessments of the breach's current facts, with the DPO's override."""

    scoped: ScopedAssessment
    override: Override | None = None

    @property
    def breach(self) -> Assessment:
        """The breach-wide worst (the overview, Slack); the override when nothing is ours."""
        if self.override is not None and not self.scoped.own:
            return _overridden(self.scoped.breach, self.override)
        return self.scoped.breach

    @property
    def own(self) -> Assessment:
        """Our own controller duties' assessment: the DPO reviews it; with several of our
        entities affected, the highest of theirs."""
        own = [self.of_scope(s) for s in self.scoped.own]
        if not own:
            return self.breach
        return max(own, key=lambda a: a.risk.rank)

    def of_scope(self, scope: ScopeAssessment) -> Assessment:
        if scope.view is View.CONTROLLER and self.override is not None:
            return _overridden(scope.assessment, self.override)
        return scope.assessment

    def for_duty(self, duty: Duty) -> Assessment:
        """The assessment a duty's obligations follow (the scope check: the breach's)."""
        scope = self.scoped.for_duty(duty)
        return self.of_scope(scope) if scope is not None else self.breach

    def for_obligation(self, kind: str, party: str, entity: str) -> Assessment:
        """The assessment an obligation's document shows: a client's own scope for a notice
        to it, our entity's own scope for everything we file or send ourselves."""
        for scope in self.scoped.scopes:
            duty = scope.duty
            if kind in _CLIENT_KINDS:
                if duty.kind is not DutyKind.CONTROLLER and duty.client == party:
                    return self.of_scope(scope)
            elif duty.kind is DutyKind.CONTROLLER and duty.entity == entity:
                return self.of_scope(scope)
        return self.own if kind not in _CLIENT_KINDS else self.breach


def _overridden(assessment: Assessment, override: Override) -> Assessment:
    return overridden(assessment, override.risk, reason=override.reason)
