"""The case database: one SQLModel family per entity (`XCreate` input, `X` table).

UUID keys; every timestamp is a `UTCDateTime` (aware UTC in and out); JSON columns hold plain
dicts and lists (facts in the `examples/cases/README.md` format, terms snapshots, payloads).
Rows are only read and written through the persistence functions in this package.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime
from rules.lifecycle import State

# Named constraints, so later migrations (batch mode on SQLite) can refer to them by name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CHANNELS = ("form", "api", "security", "demo")
OBLIGATION_STATES = ("open", "done", "cancelled")
FILINGS = ("new", "follow_up", "withdrawal")  # DOMAIN.md §2
COMPLETENESS = ("complete", "part1", "part2")  # DOMAIN.md §2
OUTBOX_STATES = ("pending", "running", "done", "failed")


def _utc_column(*, nullable: bool, index: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)
    return Field(sa_type=UTCDateTime, nullable=False, index=index)


def _json_dict() -> Any:
    return Field(default_factory=dict, sa_type=JSON)


def _json_list() -> Any:
    return Field(default_factory=list, sa_type=JSON)


# --- the register (synced from the YAML file) -------------------------------------------------


class RegisterVersion(SQLModel, table=True):
    """One loaded register file, by content hash: which register a breach was judged under."""

    __tablename__ = "register_version"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    sha256: str = Field(unique=True)
    source: str
    loaded_at: datetime = _utc_column(nullable=False)


class LegalEntity(SQLModel, table=True):
    """One of our legal entities (own KBO/BCE number); `code` is its id in the register."""

    __tablename__ = "legal_entity"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(unique=True)
    name: str
    enterprise_number: str | None = None
    address: str | None = None
    language: str | None = None
    active: bool = True
    register_sha256: str
    synced_at: datetime = _utc_column(nullable=False)


class Client(SQLModel, table=True):
    """A client controller for whom we process data; `code` is its id in the register.

    Rows are never deleted (breaches point at them): one dropped from the register is inactive.
    """

    __tablename__ = "client"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(unique=True)
    name: str
    enterprise_number: str | None = None
    contact_email: str | None = None
    address: str | None = None
    language: str | None = None
    notice_window_hours: float | None = None
    active: bool = True
    register_sha256: str
    synced_at: datetime = _utc_column(nullable=False)


# --- breaches -----------------------------------------------------------------------------------


class ReferenceCounter(SQLModel, table=True):
    """Last breach number handed out per Brussels year; updated atomically per allocation."""

    __tablename__ = "reference_counter"
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_number: int = 0


class BreachCreate(SQLModel):
    """What intake knows when a breach is reported."""

    reporter: str
    reporter_contact: str | None = None
    channel: str = "form"
    client_id: uuid.UUID | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    detected_at: datetime
    aware_at: datetime
    aware_set_by: str
    aware_gap_reason: str | None = None
    description: str = ""
    facts: dict[str, Any] = Field(default_factory=dict)
    affected_activity_ids: list[str] = Field(default_factory=list)
    language: str | None = None


class Breach(SQLModel, table=True):
    """A breach case. `reference` is BR-YYYY-NNNN (year in Brussels time, grows past 9999)."""

    __tablename__ = "breach"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    reference: str = Field(unique=True)
    reporter: str
    reporter_contact: str | None = None
    channel: str
    client_id: uuid.UUID | None = Field(default=None, foreign_key="client.id")
    occurred_from: datetime | None = _utc_column(nullable=True)
    occurred_to: datetime | None = _utc_column(nullable=True)
    detected_at: datetime = _utc_column(nullable=False)
    aware_at: datetime = _utc_column(nullable=False)
    aware_set_by: str
    aware_gap_reason: str | None = Field(default=None, sa_type=Text)
    description: str = Field(default="", sa_type=Text)
    facts: dict[str, Any] = _json_dict()
    affected_activity_ids: list[str] = _json_list()
    language: str | None = None
    # The DPO's measures taken and planned (Art. 33(3)(d), 34(2)): codes of `rules.measures`.
    measures_taken: list[str] = _json_list()
    measures_planned: list[str] = _json_list()
    state: str = Field(default=State.RECEIVED.value, index=True)
    created_at: datetime = _utc_column(nullable=False)
    updated_at: datetime = _utc_column(nullable=False)


# --- assessments ------------------------------------------------------------------------------


class AssessmentCreate(SQLModel):
    """One run of the decision rules (or a DPO override of the latest one)."""

    inputs: dict[str, Any] = Field(default_factory=dict)
    severity: dict[str, Any] = Field(default_factory=dict)
    outcome: dict[str, Any] = Field(default_factory=dict)
    assumptions: list[str] = Field(default_factory=list)
    reasons: list[dict[str, Any]] = Field(default_factory=list)
    decided_by: str | None = None
    override_outcome: str | None = None
    override_reason: str | None = None


class Assessment(SQLModel, table=True):
    """Every version is kept; versions count 1, 2, ... per breach and are never updated."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("breach_id", "version"),)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    breach_id: uuid.UUID = Field(foreign_key="breach.id", index=True)
    version: int
    inputs: dict[str, Any] = _json_dict()
    severity: dict[str, Any] = _json_dict()
    outcome: dict[str, Any] = _json_dict()
    assumptions: list[str] = _json_list()
    reasons: list[dict[str, Any]] = _json_list()
    decided_by: str | None = None
    override_outcome: str | None = None
    override_reason: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = _utc_column(nullable=False)


# --- obligations ------------------------------------------------------------------------------


class ObligationCreate(SQLModel):
    """A duty with a clock. `activity_id` is "" when the duty is not tied to one activity."""

    breach_id: uuid.UUID
    kind: str
    party: str
    activity_id: str = ""
    due_at: datetime | None = None
    terms: dict[str, Any] = Field(default_factory=dict)


class Obligation(SQLModel, table=True):
    """Unique per (breach, kind, party, activity) so re-running the rules never duplicates one.

    `terms` snapshots the rule and contract terms at creation: later rule changes never rewrite it.
    """

    __tablename__ = "obligation"
    __table_args__ = (UniqueConstraint("breach_id", "kind", "party", "activity_id"),)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    breach_id: uuid.UUID = Field(foreign_key="breach.id", index=True)
    kind: str
    party: str
    activity_id: str = ""
    due_at: datetime | None = _utc_column(nullable=True, index=True)
    state: str = Field(default="open", index=True)
    done_at: datetime | None = _utc_column(nullable=True)
    late_reason: str | None = Field(default=None, sa_type=Text)
    terms: dict[str, Any] = _json_dict()
    created_at: datetime = _utc_column(nullable=False)


# --- documents --------------------------------------------------------------------------------


class DocumentCreate(SQLModel):
    """A rendered document; the store numbers versions per (breach, kind, party, language)."""

    breach_id: uuid.UUID
    obligation_id: uuid.UUID | None = None
    kind: str
    party: str = ""
    language: str
    filing: str = "new"
    completeness: str = "complete"
    content_hash: str
    path: str
    # The drafting round it was drafted in (None: a register entry made on filing or closing).
    round: int | None = None
    # The facts it states, as codes (documents.changes): a later filing lists what changed.
    shown_facts: dict[str, Any] | None = None


class Document(SQLModel, table=True):
    """A document version with its approval and filing trail (e.g. the GBA's DBN reference)."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("breach_id", "kind", "party", "language", "version"),)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    breach_id: uuid.UUID = Field(foreign_key="breach.id", index=True)
    obligation_id: uuid.UUID | None = Field(default=None, foreign_key="obligation.id")
    kind: str
    party: str = ""
    language: str
    filing: str
    completeness: str
    version: int
    content_hash: str
    path: str
    approved_by: str | None = None
    approved_at: datetime | None = _utc_column(nullable=True)
    filed_or_sent_at: datetime | None = _utc_column(nullable=True)
    external_reference: str | None = None
    round: int | None = None
    shown_facts: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = _utc_column(nullable=False)


# --- decisions --------------------------------------------------------------------------------


class DecisionCreate(SQLModel):
    """A DPO decision: what (`kind` + `payload`), by whom as entered."""

    breach_id: uuid.UUID
    kind: str
    decided_by: str
    decided_by_email: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


class Decision(SQLModel, table=True):
    """Each DPO decision, as entered: `decided_by` is the name (the account's when signed in,
    else as typed), `decided_by_email` the signed-in person's e-mail (None: not authenticated;
    see `rules.actors`)."""

    __tablename__ = "decision"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    breach_id: uuid.UUID = Field(foreign_key="breach.id", index=True)
    kind: str
    decided_by: str
    decided_by_email: str | None = None
    payload: dict[str, Any] = _json_dict()
    at: datetime = _utc_column(nullable=False)


# --- audit trail ------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """One change, hash-chained: `hash` = sha256(canonical JSON of the fields + `prev_hash`).

    `seq` orders the chain (1, 2, ...); it is a locator, not part of the hash: the links prove
    the order.
    """

    __tablename__ = "audit_event"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime = _utc_column(nullable=False)
    actor: str
    entity_type: str
    entity_id: str = Field(index=True)
    action: str
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    prev_hash: str
    hash: str


class AuditHead(SQLModel, table=True):
    """The chain's head (a single row, id 1): the lock appenders take, and the anchor that
    reveals events deleted from or appended to the end of the chain."""

    __tablename__ = "audit_head"
    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int = 0
    last_hash: str


# --- outbox -----------------------------------------------------------------------------------


class OutboxEffect(SQLModel, table=True):
    """An outside effect to carry out, written in the transaction that causes it."""

    __tablename__ = "outbox"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    key: str = Field(unique=True)
    kind: str = Field(index=True)
    payload: dict[str, Any] = _json_dict()
    state: str = Field(default="pending", index=True)
    attempts: int = 0
    next_attempt_at: datetime = _utc_column(nullable=False, index=True)
    claimed_at: datetime | None = _utc_column(nullable=True)
    claimed_by: str | None = None
    last_error: str | None = Field(default=None, sa_type=Text)
    result: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    breach_id: uuid.UUID | None = Field(default=None, foreign_key="breach.id", index=True)
    created_at: datetime = _utc_column(nullable=False)
    done_at: datetime | None = _utc_column(nullable=True)


__all__ = [
    "CHANNELS",
    "COMPLETENESS",
    "FILINGS",
    "OBLIGATION_STATES",
    "OUTBOX_STATES",
    "Assessment",
    "AssessmentCreate",
    "AuditEvent",
    "AuditHead",
    "Breach",
    "BreachCreate",
    "Client",
    "Decision",
    "DecisionCreate",
    "Document",
    "DocumentCreate",
    "LegalEntity",
    "Obligation",
    "ObligationCreate",
    "OutboxEffect",
    "ReferenceCounter",
    "RegisterVersion",
]


# --- intake: access tokens, how a report came in, attachments (issue 6) ------------------------

TOKEN_SCOPES = ("client", "security")


class AccessToken(SQLModel, table=True):
    """A bearer token for the web app and the API. Only its SHA-256 is stored: a leaked
    database does not leak working tokens. `client_id` is set for scope `client` only."""

    __tablename__ = "access_token"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_sha256: str = Field(unique=True)
    scope: str
    client_id: uuid.UUID | None = Field(default=None, foreign_key="client.id", index=True)
    created_at: datetime = _utc_column(nullable=False)
    revoked_at: datetime | None = _utc_column(nullable=True)


class IntakeReport(SQLModel, table=True):
    """How a breach came in: the token that filed it, the reporter's language, and the answers
    that have no place in the facts (how it was discovered, systems, still going on, ...)."""

    __tablename__ = "intake_report"
    breach_id: uuid.UUID = Field(foreign_key="breach.id", primary_key=True)
    token_id: uuid.UUID | None = Field(default=None, foreign_key="access_token.id", index=True)
    language: str
    answers: dict[str, Any] = _json_dict()
    created_at: datetime = _utc_column(nullable=False)


class BreachAttachment(SQLModel, table=True):
    """Evidence uploaded with a report; the file lives under data_dir/attachments (never served
    from a web root), `stored_name` relative to that folder."""

    __tablename__ = "breach_attachment"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    breach_id: uuid.UUID = Field(foreign_key="breach.id", index=True)
    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    stored_name: str
    created_at: datetime = _utc_column(nullable=False)


__all__ += ["TOKEN_SCOPES", "AccessToken", "BreachAttachment", "IntakeReport"]


# --- the clock (issue 7): reminder rows, the scheduler's lock row, Slack threads --------------

REMINDER_KINDS = ("before", "window", "due", "overdue", "decision_waiting")


class Reminder(SQLModel, table=True):
    """One planned reminder: the rows are the plan, the sweeper sends what is due and marks it.

    `key` names the reminder (obligation, deadline instant, label), so re-planning the same
    deadline adds nothing and a re-dated deadline gets new rows (the old unsent ones are
    cancelled). `obligation_id` is None for "DPO decision waiting" nudges, which belong to the
    breach. `deadline_at` is the deadline (or, for nudges, the waiting-since instant) it was
    planned from; `late` marks one sent after its time (the service was down).
    """

    __tablename__ = "reminder"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    key: str = Field(unique=True)
    breach_id: uuid.UUID = Field(foreign_key="breach.id", index=True)
    obligation_id: uuid.UUID | None = Field(default=None, foreign_key="obligation.id", index=True)
    kind: str
    label: str
    due_at: datetime = _utc_column(nullable=False, index=True)
    deadline_at: datetime | None = _utc_column(nullable=True)
    sent_at: datetime | None = _utc_column(nullable=True, index=True)
    cancelled_at: datetime | None = _utc_column(nullable=True)
    late: bool = False
    created_at: datetime = _utc_column(nullable=False)


class ClockLock(SQLModel, table=True):
    """The scheduler's lock and heartbeat (one row, name "clock"): one running clock per
    database. A holder keeps its lease by beating; another may take over once it lapses."""

    __tablename__ = "clock_lock"
    name: str = Field(primary_key=True)
    holder: str | None = None
    lease_until: datetime | None = _utc_column(nullable=True)
    acquired_at: datetime | None = _utc_column(nullable=True)
    last_beat_at: datetime | None = _utc_column(nullable=True)
    last_sweep_at: datetime | None = _utc_column(nullable=True)


class SlackThread(SQLModel, table=True):
    """A breach's Slack thread: `ts` of its top message once posted (every later message is a
    reply to it, and the top message is edited in place to stay current)."""

    __tablename__ = "slack_thread"
    breach_id: uuid.UUID = Field(foreign_key="breach.id", primary_key=True)
    channel: str | None = None
    ts: str | None = None
    top_key: str
    created_at: datetime = _utc_column(nullable=False)
    updated_at: datetime = _utc_column(nullable=False)


__all__ += ["REMINDER_KINDS", "ClockLock", "Reminder", "SlackThread"]
