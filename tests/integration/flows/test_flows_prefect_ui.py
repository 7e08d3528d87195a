"""What the Prefect UI shows a DPO: choices in words, the recorded awareness time filled in,
artifacts with titles and descriptions, facts in words, deadlines as a short list, and links
to breachflow's pages over HTTP, never `file://`."""

from __future__ import annotations

import re
from datetime import datetime

from prefect._internal.pydantic.v2_schema import create_v2_schema
from sqlalchemy import Engine

from breachflow.decision_choices import ACTIONS, COMPLETENESS, MEASURES, OUTCOMES, code_of, worded
from breachflow.services.processing_register import processing_register_of
from breachflow.settings import Settings
from flows.briefing import briefing
from flows.decision_runs import DECISION_OF, artifacts, form_for, run_name
from flows.forms import DECISION_FORMS, ApprovalInput, ReviewInput
from models.db import read_scope, session_scope
from models.documents import list_documents
from models.processing_register import sync_processing_register
from rules.lifecycle import Decision
from tests.integration.flows.flow_support import aware_at, file_report, now, review, rig

PUBLIC = "https://breachflow.example.be"
CODE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # override_to_high, send_back, part1...


def _enum(schema: dict[str, object], name: str) -> list[str]:
    field = schema["properties"][name]  # type: ignore[index]
    items = field.get("items", field)  # a multi-select's options are its items'
    return list(items["enum"])


def test_every_choice_reads_as_words_not_codes() -> None:
    """The dropdowns the Prefect UI draws from each form's JSON schema list sentences a DPO
    reads; each maps back to its stable code."""
    review_schema = ReviewInput.model_json_schema()
    approval_schema = ApprovalInput.model_json_schema()
    shown = {
        "outcome": _enum(review_schema, "outcome"),
        "completeness": _enum(review_schema, "completeness"),
        "action": _enum(approval_schema, "action"),
        "measures_taken": _enum(review_schema, "measures_taken"),
    }
    assert shown["outcome"][0] == "Accept the assessed outcome"
    assert (
        "Override: a high risk (notify the GBA and tell the people concerned)" in (shown["outcome"])
    )
    for options in shown.values():
        assert options
        assert not [o for o in options if CODE.match(o) or o in ("accept", "approve")]
        assert all(" " in o and o[0].isupper() for o in options), options
    assert [code_of(OUTCOMES, o) for o in shown["outcome"]] == list(OUTCOMES)
    assert [code_of(COMPLETENESS, o) for o in shown["completeness"]] == list(COMPLETENESS)
    assert [code_of(ACTIONS, o) for o in shown["action"]] == list(ACTIONS)
    assert [code_of(MEASURES, o) for o in shown["measures_taken"]] == list(MEASURES)


def test_answers_with_codes_are_sent_as_the_forms_words() -> None:
    """The demo and scripts answer with codes; what reaches Prefect's server (which validates
    against the words) is the words, and a run's answer reads back as the codes."""
    sent = worded({"outcome": "override_to_high", "measures_taken": ["mfa"], "decided_by": "D"})
    assert sent == {
        "outcome": OUTCOMES["override_to_high"],
        "measures_taken": [MEASURES["mfa"]],
        "decided_by": "D",
    }
    assert (
        ReviewInput.model_validate(
            {"decided_by": "Dana", "aware_at": now(), "outcome": "accept", "completeness": "part1"}
        ).completeness
        == COMPLETENESS["part1"]
    )


def test_the_review_form_is_filled_in_with_the_recorded_awareness_time(
    engine: Engine, settings: Settings
) -> None:
    """The schema the Resume form is drawn from has the recorded awareness time as the field's
    value, in UTC (Prefect's picker shows it as such), keeping its title and description; the
    approval form has the current drafting round."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    brief = briefing(engine, breach.id, now(), public_url=PUBLIC)
    form = form_for(Decision.REVIEW, brief)
    schema = create_v2_schema(form.__name__, model_base=form)
    field = schema["properties"]["aware_at"]
    recorded = aware_at(engine, breach.id)
    assert datetime.fromisoformat(field["default"]) == recorded
    assert field["default"].endswith(("Z", "+00:00"))
    assert field["title"] == "Aware at"
    assert "recorded time" in field["description"]
    assert field["format"] == "date-time"
    assert schema["title"] == "ReviewInput"
    assert "Brussels" in brief.description("Review the assessment", None)
    approval = form_for(Decision.APPROVAL, brief)
    assert approval.model_json_schema()["properties"]["version"]["default"] == 1
    assert form_for(Decision.FILING, brief) is DECISION_FORMS[Decision.FILING].form


def test_artifacts_have_titles_words_and_http_links(engine: Engine, settings: Settings) -> None:
    """Each artifact opens with a title and has a description; the drafts link to
    `{public_url}/documents/{id}`, the decision to `{public_url}/decisions`; facts in words, not
    JSON; deadlines as a list, not a wide table; nothing links to `file://`."""
    with session_scope(engine) as session:  # as `serve` does at start: parties by name
        sync_processing_register(
            session=session,
            register=processing_register_of(settings),
            source="test",
            now=now(),
        )
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    brief = briefing(engine, breach.id, now(), public_url=PUBLIC + "/", decision=Decision.APPROVAL)
    published = artifacts(Decision.APPROVAL, brief)
    assert len(published) == 4
    for artifact in published:
        assert artifact.description
        assert str(artifact.data).startswith("# ")
        assert f"]({PUBLIC}/decisions/{breach.reference}.approval.1)" in str(artifact.data)
        assert "file://" not in str(artifact.data)
    by_key = {str(a.key).rsplit("-", 1)[-1]: str(a.data) for a in published}
    assert by_key["summary"].startswith(f"# Approve the drafts: {breach.reference}")
    with read_scope(engine) as session:
        documents = list_documents(session=session, breach_id=breach.id)
    assert documents
    for document in documents:
        assert f"]({PUBLIC}/documents/{document.id})" in by_key["documents"]
    assert "GBA notification for the GBA" in by_key["documents"]
    assert "Sociaal Secretariaat vzw](" in by_key["documents"]  # by name, not code
    assert "for secretariat" not in by_key["documents"]
    assert "```" not in by_key["facts"]
    assert "{" not in by_key["facts"]
    assert "- number of people: 85" in by_key["facts"]
    assert "national register number" in by_key["facts"]
    assert "|---" not in by_key["deadlines"]
    assert (
        "- Notify the GBA/APD \\(Art\\. 33\\), for gba: due Mon 30 Mar 2026"
        in (by_key["deadlines"])
    )
    assert "h overdue** (open)" in by_key["deadlines"]
    assert "**Outcome:** a risk: notify the GBA (Art. 33)" in by_key["summary"]


def test_every_decision_run_is_named_for_its_breach() -> None:
    """The Prefect UI lists each waiting decision as what is decided and the reference."""
    names = {
        step.value: run_name(decision, "BR-2026-0001") for step, decision in DECISION_OF.items()
    }
    assert names == {
        "review-decision": "review BR-2026-0001",
        "approval-decision": "approval BR-2026-0001",
        "filing-decision": "filing BR-2026-0001",
        "part2-decision": "part2 BR-2026-0001",
        "closing-decision": "closing BR-2026-0001",
        "withdrawal-decision": "withdrawal BR-2026-0001",
    }
