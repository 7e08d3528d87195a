"""Role resolution: which duties a breach creates, per affected processing activity.

The role belongs to the activity, not the organisation (DOMAIN.md §1): one breach can make us
controller for our own data and processor for several clients at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rules.processing_register import Activity, JointNotifier, ProcessingRegister, Role


class DutyKind(StrEnum):
    """What we owe because of one or more affected activities."""

    # Art. 33(1), 33(5), 34: as controller, our entity assesses, documents, notifies.
    CONTROLLER = "controller"
    # Art. 33(2): as processor, notify the client controller without undue delay.
    PROCESSOR_NOTICE = "processor_notice"
    # Art. 28(3)(f): the client reported a breach on an activity we process for it.
    ASSIST_CONTROLLER = "assist_controller"
    # Art. 28(3)(f), 33(2): find out whether other clients or our own data are touched too.
    SCOPE_CHECK = "scope_check"
    # Art. 26: the arrangement makes the partner notify; we inform it.
    JOINT_PARTNER_NOTICE = "joint_partner_notice"


@dataclass(frozen=True)
class Duty:
    kind: DutyKind
    entity: str
    activities: tuple[str, ...]
    client: str | None = None
    window_hours: float | None = None
    basis: str = ""


class UnknownActivityError(ValueError):
    def __init__(self, activity_id: str) -> None:
        self.activity_id = activity_id
        super().__init__(f"activities: {activity_id!r} is not in the register")


def _group(
    pairs: Iterable[tuple[tuple[str, str | None], str]],
) -> dict[tuple[str, str | None], tuple[str, ...]]:
    grouped: dict[tuple[str, str | None], list[str]] = {}
    for key, activity_id in pairs:
        grouped.setdefault(key, []).append(activity_id)
    return {key: tuple(ids) for key, ids in grouped.items()}


def _ours_to_notify(activity: Activity) -> bool:
    if activity.role is Role.CONTROLLER:
        return True
    return (
        activity.role is Role.JOINT_CONTROLLER
        and activity.arrangement is not None
        and activity.arrangement.notifies is JointNotifier.OURS
    )


def resolve_duties(
    register: ProcessingRegister,
    activity_ids: Sequence[str],
    *,
    reported_by_client: str | None = None,
) -> list[Duty]:
    """Duties created by a breach touching `activity_ids`.

    `reported_by_client` is the client that reported the breach to us (seed 001: the employer
    warns the social secretariat through its form); on its own processor activities our duty is
    to assist it, since it already knows and its own 72-hour clock runs.
    """
    activities: list[Activity] = []
    for activity_id in dict.fromkeys(activity_ids):
        if activity_id not in register.activities:
            raise UnknownActivityError(activity_id)
        activities.append(register.activity(activity_id))

    duties: list[Duty] = []
    controller = _group(((a.entity, None), a.id) for a in activities if _ours_to_notify(a))
    duties.extend(
        Duty(
            DutyKind.CONTROLLER,
            entity,
            ids,
            basis="Art. 33(1), 33(5) and 34 GDPR: we are controller",
        )
        for (entity, _), ids in controller.items()
    )

    processed = [a for a in activities if a.role is Role.PROCESSOR]
    assisted = [a for a in processed if a.client == reported_by_client]
    noticed = [a for a in processed if a.client != reported_by_client]
    for (entity, client), ids in _group(((a.entity, a.client), a.id) for a in noticed).items():
        assert client is not None  # processor activities always name their client
        duties.append(
            Duty(
                DutyKind.PROCESSOR_NOTICE,
                entity,
                ids,
                client=client,
                window_hours=register.client(client).notice_window_hours,
                basis="Art. 33(2) GDPR: as processor, notify the controller without undue delay",
            )
        )
    for (entity, client), ids in _group(((a.entity, a.client), a.id) for a in assisted).items():
        duties.append(
            Duty(
                DutyKind.ASSIST_CONTROLLER,
                entity,
                ids,
                client=client,
                basis="Art. 28(3)(f) GDPR: assist the controller with its own notification",
            )
        )
    if assisted:
        duties.append(
            Duty(
                DutyKind.SCOPE_CHECK,
                assisted[0].entity,
                tuple(a.id for a in assisted),
                client=reported_by_client,
                basis="Art. 28(3)(f) and 33(2) GDPR: check whether other clients' or our own data "
                "are touched; each finding starts obligations of its own",
            )
        )

    partners = [a for a in activities if a.role is Role.JOINT_CONTROLLER and not _ours_to_notify(a)]
    for activity in partners:
        assert activity.arrangement is not None
        assert activity.client is not None
        duties.append(
            Duty(
                DutyKind.JOINT_PARTNER_NOTICE,
                activity.entity,
                (activity.id,),
                client=activity.client,
                window_hours=activity.arrangement.notice_window_hours,
                basis="Art. 26 GDPR: the arrangement makes the joint controller notify; inform it",
            )
        )
    return duties


# Duties owed to a client controller: its data are touched (Art. 33(2), 28(3)(f), 26).
_OWED_TO_CLIENT = frozenset(
    {DutyKind.PROCESSOR_NOTICE, DutyKind.ASSIST_CONTROLLER, DutyKind.JOINT_PARTNER_NOTICE}
)


@dataclass(frozen=True)
class Parties:
    """Whose data a breach touches: the client controllers (by name, in register order of the
    duties) and whether data we control are touched too. Neither: the affected activities are
    not known yet."""

    clients: tuple[str, ...] = ()
    own_data: bool = False

    def to_contract(self) -> dict[str, object]:
        return {"clients": list(self.clients), "own_data": self.own_data}


def parties_of(register: ProcessingRegister, duties: Sequence[Duty]) -> Parties:
    """The parties the duties of a breach name: each client owed a notice or assistance, and
    our own data where one of our entities is controller (or notifies as joint controller)."""
    clients = dict.fromkeys(
        register.client(d.client).name
        for d in duties
        if d.kind in _OWED_TO_CLIENT and d.client is not None
    )
    own = any(d.kind is DutyKind.CONTROLLER for d in duties)
    return Parties(tuple(clients), own)
