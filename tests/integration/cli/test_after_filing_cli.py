"""After filing: `breachflow withdraw` opens the withdrawal decision, `letters` writes letters
that carry the coded facts but never the reporter's free text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from breachflow.settings import Settings
from breachflow.store import engine_for
from models.db import read_scope
from models.outbox import list_effects

# One test process for the module, so the demo behind `filed` runs once (xdist).
pytestmark = pytest.mark.xdist_group("after-filing-cli")

BIN = Path(sys.executable).parent / "breachflow"
PEOPLE = """name,address_line1,address_line2,postcode,city,country,language,email,data
Jan Peeters,Kerkstraat 1,,2000,Antwerpen,BE,nl,,
Łukasz Wiśniewski,Rue Haute 5,,1000 ,Bruxelles,BE, FR ,,
,Nowhere 1,,1000,Brussel,BE,nl,,
"""


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """A fresh data folder with the demo breach taken to `filed`, no service running."""
    data = tmp_path_factory.mktemp("data")
    env = {**os.environ, "BREACHFLOW_DATA_DIR": str(data)}
    env.pop("BREACHFLOW_DATABASE_URL", None)
    out = run(env, "demo", "--auto-approve")
    reference = next(w for w in out.split() if w.startswith("BR-"))
    return env, reference


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = subprocess.run(
        [str(BIN), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == code, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_withdraw_queues_the_withdrawal_decision(filed: tuple[dict[str, str], str]) -> None:
    env, reference = filed
    run(env, "withdraw", reference)
    data_dir = Path(env["BREACHFLOW_DATA_DIR"])
    engine = engine_for(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    with read_scope(engine) as session:
        starts = [
            e.payload["deployment"] for e in list_effects(session=session) if e.kind == "flow.start"
        ]
    engine.dispose()
    assert "withdrawal-decision/breachflow" in starts


def test_the_filed_demo_trail_verifies_against_its_anchors(
    filed: tuple[dict[str, str], str],
) -> None:
    """The demo keyed the data folder, and its filing anchored the chain: `audit verify`
    checks chain, anchors and replay in a process of its own."""
    env, _ = filed
    out = run(env, "audit", "verify")
    assert "audit chain intact" in out
    assert "matching 2 anchor(s)" in out


def test_withdraw_names_an_unknown_reference(filed: tuple[dict[str, str], str]) -> None:
    env, _ = filed
    assert "no breach 'BR-1999-0001'" in run(env, "withdraw", "BR-1999-0001", code=2)


def test_draft_letters_carry_no_free_text(
    filed: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, reference = filed
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    out = tmp_path / "out"
    run(
        env, "letters", "--breach", reference, "--subjects", str(people), "--out", str(out), code=3
    )  # not approved: refused
    run(
        env,
        "letters",
        "--breach",
        reference,
        "--subjects",
        str(people),
        "--out",
        str(out),
        "--draft",
    )
    assert (out / "rejected.csv").read_text().splitlines() == ["line,reason", "3,no name"]
    letter = next((out / "letters" / "fr").glob("*.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(letter).pages)
    assert "Wiśniewski" in text
    assert "Transports Dubois" not in text  # only in the reporter's description
    # A likely consequence from the rules, for our own staff's scope (leave records: health
    # data), not the client's payroll (national numbers: identity theft).
    assert "discrimination ou stigmatisation" in text
    assert "usurpation d'identité" not in text


def test_withdraw_before_filing_says_why_in_words(filed: tuple[dict[str, str], str]) -> None:
    """A breach still waiting for review cannot be withdrawn: the error says where it stands
    and when withdrawing applies, in words, naming the reference once."""
    env, _ = filed
    out = run(env, "demo")  # without --auto-approve the sample breach waits for review
    waiting = next(w for w in out.split() if w.startswith("BR-")).rstrip(":")
    error = run(env, "withdraw", waiting, code=2)
    assert error.strip() == (
        f"error: {waiting} is waiting for the DPO's review; a notification can be withdrawn "
        "once it has been filed"
    )


def test_the_high_risk_demo_reaches_approved_letters_and_writes_them(tmp_path: Path) -> None:
    """`demo --scenario high-risk --auto-approve`: a breach whose outcome needs letters, taken
    to approved letters; the command it prints writes one letter per person, in each person's
    language, and a print file per language."""
    env = {**os.environ, "BREACHFLOW_DATA_DIR": str(tmp_path / "data")}
    env.pop("BREACHFLOW_DATABASE_URL", None)
    out = run(env, "demo", "--scenario", "high-risk", "--auto-approve")
    line = next(x for x in out.splitlines() if x.startswith("letters approved: "))
    command = line.removeprefix("letters approved: breachflow ").split()
    command[command.index("--out") + 1] = str(tmp_path / "letters")
    written = run(env, *command, "--workers", "1")
    assert "4 letters written, 0 rows rejected" in written
    for language in ("nl", "fr", "de", "en"):
        assert (tmp_path / "letters" / f"print-{language}.pdf").exists()
    german = next((tmp_path / "letters" / "letters" / "de").glob("*.pdf"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(german).pages).split())
    assert "Was ist geschehen?" in text
    assert "Anzeige bei der Polizei erstattet" in text


def test_an_unknown_scenario_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "BREACHFLOW_DATA_DIR": str(tmp_path / "data")}
    assert "unknown scenario 'nope'" in run(env, "demo", "--scenario", "nope", code=2)
