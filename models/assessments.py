"""Persistence of assessments: every version kept, never updated; a DPO override is a version."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.audit import record_change
from models.breaches import get_breach, lock_breach
from models.tables import Assessment, AssessmentCreate


def add_assessment(
    *,
    session: Session,
    breach_id: uuid.UUID,
    assessment_in: AssessmentCreate,
    actor: str,
    now: datetime,
) -> Assessment:
    """Store the next version (1, 2, ...) of the breach's assessment; audited as `create`.

    An override needs its written reason (DOMAIN.md §3: the DPO can override with a reason kept).
    """
    if assessment_in.override_outcome and not (assessment_in.override_reason or "").strip():
        raise ValueError("an override needs a written reason")
    if assessment_in.override_outcome and not assessment_in.decided_by:
        raise ValueError("an override needs who decided it")
    lock_breach(session=session, breach_id=breach_id)
    latest = session.exec(
        select(func.max(Assessment.version)).where(Assessment.breach_id == breach_id)
    ).one()
    assessment = Assessment.model_validate(
        {
            **assessment_in.model_dump(),
            "breach_id": breach_id,
            "version": (latest or 0) + 1,
            "created_at": now,
        }
    )
    session.add(assessment)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        entity_type="assessment",
        entity_id=assessment.id,
        action="create",
        before=None,
        after=assessment,
        at=now,
    )
    return assessment


def latest_assessment(*, session: Session, breach_id: uuid.UUID) -> Assessment | None:
    """The breach's newest assessment version, or None before the first."""
    get_breach(session=session, breach_id=breach_id)
    return session.exec(
        select(Assessment)
        .where(Assessment.breach_id == breach_id)
        .order_by(col(Assessment.version).desc())
        .limit(1)
    ).one_or_none()


def list_assessments(*, session: Session, breach_id: uuid.UUID) -> list[Assessment]:
    """All versions, oldest first."""
    return list(
        session.exec(
            select(Assessment)
            .where(Assessment.breach_id == breach_id)
            .order_by(col(Assessment.version))
        )
    )
