"""The application services: load, ask the rules, store. Used by the flows, the web app, the
CLI and the demo alike.

Each service is one short transaction (`models.db.session_scope`): the state change, its audit
events and the outbox rows that start the next step commit together or not at all. Each is
idempotent: a step that runs again (Prefect re-runs a resumed flow from the top, the reconciler
restarts a lost one) finds its work done and adds nothing. Which moves are allowed, and what
each decision needs, is `rules.lifecycle` and `rules.decisions`; the services carry it out.

By phase: `reporting` (filing a report), `assessment` and `obligations`, `review`, `drafting`
(drafts and approval, with `drafts` rendering the files), `filing` (filing and Part 2),
`closing` (closing and withdrawal), `reconciliation`; beside them `anchoring` (the audit
chain's head sent outside the database at every filing and daily).
"""

from breachflow.services.anchoring import anchor_audit_head, anchor_if_due
from breachflow.services.assessment import add_facts, assessment_in_force, run_assessment
from breachflow.services.closing import record_closing, record_withdrawal, request_withdrawal
from breachflow.services.drafting import current_documents, draft_documents, record_approval
from breachflow.services.filing import record_filing, record_filing_decision, record_part2
from breachflow.services.processing_register import processing_register_of
from breachflow.services.reconciliation import Restart, reconcile
from breachflow.services.reporting import Reporter, ReportFiler, ReportIn
from breachflow.services.review import open_review, record_review
from breachflow.services.steps import SYSTEM, latest_decision

__all__ = [
    "SYSTEM",
    "ReportFiler",
    "ReportIn",
    "Reporter",
    "Restart",
    "add_facts",
    "anchor_audit_head",
    "anchor_if_due",
    "assessment_in_force",
    "current_documents",
    "draft_documents",
    "latest_decision",
    "open_review",
    "processing_register_of",
    "reconcile",
    "record_approval",
    "record_closing",
    "record_filing",
    "record_filing_decision",
    "record_part2",
    "record_review",
    "record_withdrawal",
    "request_withdrawal",
    "run_assessment",
]
