"""Deployment names shared by the flows, the intake, the reconciler and the outbox.

A deployment is addressed as "flow-name/deployment-name"; every breachflow deployment is named
`breachflow`. Parameters are JSON: ids as strings.
"""

from __future__ import annotations

DEPLOYMENT = "breachflow"

ASSESS_BREACH = f"assess-breach/{DEPLOYMENT}"  # parameters: {"breach_id": str}
DRAFT_DOCUMENTS = f"draft-documents/{DEPLOYMENT}"  # {"breach_id": str}
RECORD_FILING = f"record-filing/{DEPLOYMENT}"  # {"breach_id": str}
REVIEW_DECISION = f"review-decision/{DEPLOYMENT}"  # {"breach_id": str}
APPROVAL_DECISION = f"approval-decision/{DEPLOYMENT}"  # {"breach_id": str}
FILING_DECISION = f"filing-decision/{DEPLOYMENT}"  # {"breach_id": str}
PART2_DECISION = f"part2-decision/{DEPLOYMENT}"  # {"breach_id": str}
CLOSING_DECISION = f"closing-decision/{DEPLOYMENT}"  # {"breach_id": str}
WITHDRAWAL_DECISION = f"withdrawal-decision/{DEPLOYMENT}"  # {"breach_id": str}
