"""The accountability export of a breach carried to filing through the in-process harness: what
the zip holds for a GBA inspection, its check without the database naming each way of tampering,
and both through the command line."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from breachflow.cli import app as cli
from breachflow.manifest import MANIFEST, check_zip, sha256_hex
from breachflow.services.accountability import EXPORT_EVENT, UnknownBreach, write_export
from breachflow.settings import Settings, get_settings
from models.access import audit_events_for
from models.db import read_scope
from models.documents import list_documents
from models.tables import Breach
from tests.integration.flows.flow_support import DPO, approve, file, file_report, review, rig

pytestmark = pytest.mark.integration

TO_HIGH = "Payslips with national numbers <b>&</b> bank accounts: identity fraud is likely"


@pytest.fixture
def filed(engine: Engine, settings: Settings) -> Breach:
    """The demo breach reviewed with the outcome raised to high (and a reason), its drafts
    approved and the filing recorded: the breach's reference."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    review(engine, settings, breach.id, outcome="override_to_high", override_reason=TO_HIGH)
    dispatcher.run_until_idle()
    approve(engine, settings, breach.id)
    dispatcher.run_until_idle()
    file(engine, settings, breach.id)
    dispatcher.run_until_idle()
    return breach


def export_bytes(engine: Engine, settings: Settings, reference: str) -> bytes:
    out = io.BytesIO()
    write_export(engine, settings, reference, out)
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewritten(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    files = members(data)
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_export_holds_what_an_inspection_asks_for(
    engine: Engine, settings: Settings, filed: Breach
) -> None:
    """Every document version with its PDF, round and state; each decision with its author and
    reasons; the assessment with the DPO's override and reason; the obligations with their
    deadlines in Brussels time and the reasons for delay; the breach's audit events with their
    hashes; and an index that says all of it in words, the reporter's text escaped."""
    files = members(export_bytes(engine, settings, filed.reference))
    with read_scope(engine) as session:
        stored = {Path(d.path).name for d in list_documents(session=session, breach_id=filed.id)}
    pdfs = {name.removeprefix("documents/") for name in files if name.startswith("documents/")}
    assert pdfs == set(stored)
    assert len(pdfs) >= 3
    for name in pdfs:
        assert files[f"documents/{name}"].startswith(b"%PDF")
    documents = json.loads(files["documents.json"])
    states = {(d["kind"], d["version"]): d["status"] for d in documents}
    assert states[("gba_notification", 1)] == "filed or sent"
    assert all(d["round"] is not None or d["status"].startswith("draft") for d in documents)
    assert all(d["file_sha256"] == d["content_hash"] for d in documents)

    decisions = json.loads(files["decisions.json"])
    assert [d["kind"] for d in decisions] == ["review", "approval", "filing"]
    assert {d["decided_by"] for d in decisions} == {DPO}
    assert decisions[0]["payload"]["override_reason"] == TO_HIGH
    assert decisions[2]["payload"]["late_reason"].startswith("test:")

    (assessment, *_) = [a for a in json.loads(files["assessments.json"]) if a["override_outcome"]]
    assert assessment["override_outcome"] == "high"
    assert assessment["override_reason"] == TO_HIGH
    assert assessment["decided_by"] == DPO
    assert assessment["reasons"]
    assert assessment["assumptions"]

    obligations = json.loads(files["obligations.json"])
    gba = next(o for o in obligations if o["kind"] == "authority_notification")
    assert gba["state"] == "done"
    assert gba["late_reason"]

    events = [json.loads(line) for line in files["audit/events.jsonl"].splitlines()]
    assert {e["entity_type"] for e in events} >= {"breach", "assessment", "decision", "document"}
    assert all(len(e["hash"]) == 64 and len(e["prev_hash"]) == 64 for e in events)
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    assert b"breachflow-audit-anchor v1" in files["audit/anchors.txt"]

    index = files["index.html"].decode()
    assert f"Accountability export: breach {filed.reference}" in index
    assert "High risk: notify the GBA and the people concerned" in index
    assert "30 March 2026 at 11:00 (Belgian time)" in index  # 72 h after awareness, CEST
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in index
    assert "<b>&</b>" not in index
    assert "breachflow audit verify" in index
    assert "HMAC-SHA256" in index
    for name in pdfs:
        assert f'href="documents/{name}"' in index


def test_verify_names_each_way_of_tampering(
    engine: Engine, settings: Settings, filed: Breach
) -> None:
    """Intact: no fault. A changed PDF, a removed decision file, an added file and an edited
    manifest (a sum rewritten to hide a change) are each named with the file concerned."""
    data = export_bytes(engine, settings, filed.reference)
    assert check_zip(io.BytesIO(data)).faults == ()
    pdf = next(name for name in members(data) if name.startswith("documents/"))

    def change_pdf(files: dict[str, bytes]) -> None:
        files[pdf] = files[pdf].replace(b"%PDF", b"%PDF ", 1)

    def remove(files: dict[str, bytes]) -> None:
        del files["decisions.json"]

    def add(files: dict[str, bytes]) -> None:
        files["documents/extra.pdf"] = b"%PDF-1.4"

    def forge(files: dict[str, bytes]) -> None:
        change_pdf(files)
        old = sha256_hex(members(data)[pdf]).encode()
        files[MANIFEST] = files[MANIFEST].replace(old, sha256_hex(files[pdf]).encode())

    expected = {
        change_pdf: [("changed", pdf)],
        remove: [("missing", "decisions.json")],
        add: [("added", "documents/extra.pdf")],
        forge: [("manifest", MANIFEST)],
    }
    for change, faults in expected.items():
        found = check_zip(io.BytesIO(rewritten(data, change))).faults
        assert [(f.kind, f.path) for f in found] == faults, change.__name__


def test_an_unknown_reference_is_refused(engine: Engine, settings: Settings) -> None:
    """A reference no breach has is named, and nothing is written."""
    out = io.BytesIO()
    with pytest.raises(UnknownBreach, match="BR-2099-0001"):
        write_export(engine, settings, "BR-2099-0001", out)
    assert out.getvalue() == b""


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The command line reads the same data folder as the harness."""
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def test_the_command_line_writes_and_verifies_an_export(
    engine: Engine, filed: Breach, cli_settings: Settings, tmp_path: Path
) -> None:
    """`export REF --out` prints the manifest's sum and records the export in the audit trail
    (who, the sum; `audit verify` still passes), `export verify` finds it intact (exit 0) and
    names a fault after tampering (exit 1); an existing file is never overwritten and an
    unknown reference is named."""
    out = tmp_path / "export.zip"
    runner = CliRunner()
    written = runner.invoke(cli, ["export", filed.reference, "--out", str(out)])
    assert written.exit_code == 0, written.output
    assert "manifest SHA-256: " in written.output
    fingerprint = written.output.split("manifest SHA-256: ")[1].split()[0]
    verified = runner.invoke(cli, ["export", "verify", str(out)])
    assert verified.exit_code == 0, verified.output
    assert "intact" in verified.output
    assert fingerprint in verified.output
    with read_scope(engine) as session:
        (event,) = [
            e
            for e in audit_events_for(session=session, entity_ids=[filed.id])
            if e.entity_type == EXPORT_EVENT
        ]
    assert event.actor.endswith("(command line)")
    assert event.action == "export"
    assert event.after == {
        "reference": filed.reference,
        "manifest_sha256": fingerprint,
        "files": len(members(out.read_bytes())) - 1,  # the manifest aside
        "document_problems": [],
    }
    trail = runner.invoke(cli, ["audit", "verify"])  # the export's event keeps the trail whole
    assert trail.exit_code == 0, trail.output

    again = runner.invoke(cli, ["export", filed.reference, "--out", str(out)])
    assert again.exit_code == 2
    assert "exists already" in again.output
    unknown = runner.invoke(cli, ["export", "BR-2099-0001", "--out", str(tmp_path / "x.zip")])
    assert unknown.exit_code == 2
    assert "BR-2099-0001" in unknown.output
    assert not (tmp_path / "x.zip").exists()

    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(rewritten(out.read_bytes(), lambda files: files.pop("breach.json")))
    broken = runner.invoke(cli, ["export", "verify", str(tampered)])
    assert broken.exit_code == 1
    assert "missing: breach.json" in broken.output
    not_zip = tmp_path / "not.zip"
    not_zip.write_text("hello")
    assert "not a readable zip" in runner.invoke(cli, ["export", "verify", str(not_zip)]).output


def test_a_document_file_gone_or_changed_is_named_not_hidden(
    engine: Engine, settings: Settings, filed: Breach
) -> None:
    """The inspection must see it too: the export is still written (and verifies), and the
    file that is gone and the one that no longer matches its recorded hash are named in the
    summary, in documents.json and in the index."""
    with read_scope(engine) as session:
        paths = sorted(Path(d.path) for d in list_documents(session=session, breach_id=filed.id))
    gone, changed = paths[0], paths[1]
    gone.unlink()
    changed.write_bytes(changed.read_bytes() + b"\n% appended")
    out = io.BytesIO()
    summary = write_export(engine, settings, filed.reference, out)
    assert sorted(summary.document_problems) == sorted(
        (
            f"{gone.name}: the file is gone from {gone.parent}",
            f"{changed.name}: differs from the hash recorded when it was made",
        )
    )
    assert check_zip(io.BytesIO(out.getvalue())).faults == ()
    files = members(out.getvalue())
    assert f"documents/{gone.name}" not in files
    records = {d["path"]: d for d in json.loads(files["documents.json"])}
    assert records[str(gone)]["file"] is None
    assert records[str(changed)]["file_problem"].startswith("differs")
    index = files["index.html"].decode()
    assert index.count("Document file problem") == 2
