"""Benchmark of the decision core: `python -m bench.rules [--random 2000] [--repeat 5]`.

Rule time only (facts already parsed): `assess` on the reference cases, on everything unknown,
on inputs built to make the search walk its largest trees (the outcome stays below high, so it
cannot stop early), on seeded random inputs with about half the facts unknown, and
`assess_scopes` on the demo breach with and without scopes. Prints p50 and max in ms per
group and overall. Target (issue 12): under 50 ms for any input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rules.assessment import assess
from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    IncidentType,
    Integrity,
    Nature,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts, parse_facts
from rules.processing_register import load_processing_register
from rules.scopes import assess_scopes

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(os.environ.get("BREACHFLOW_CASES", ROOT / "examples" / "cases"))
NOW = datetime(2026, 3, 27, 11, 0, tzinfo=UTC)

# Below high whatever the unknowns: the search walks the whole tree of the rows it reads.
HARD: dict[str, dict[str, Any]] = {
    "known recipients, few, not malicious": {
        "nature": ["confidentiality", "unknown"],
        "confidentiality": "known_recipients",
        "recipients_count": 3,
        "malicious": False,
        "integrity": "altered_recoverable",
        "availability": "temporary",
        "service_impact": "significant",
        "subjects": {"vulnerable": False},
    },
    "unknown recipients, not malicious, everyday data open": {
        "confidentiality": "unknown_recipients",
        "malicious": False,
        "data": ["contact", "unknown"],
        "unintelligible": "unknown",
        "identifiability": "unknown",
        "integrity": "altered_recoverable",
        "availability": "temporary",
        "service_impact": "minor",
        "subjects": {"vulnerable": False},
    },
    "no evidence of access, few people, not vulnerable": {
        "confidentiality": "no_evidence_of_access",
        "subjects": {"count": 40, "vulnerable": False},
        "availability": "unknown",
        "service_impact": "significant",
        "integrity": "unknown",
        "nature": ["confidentiality", "availability"],
    },
}


def _maybe(rng: random.Random, value: Any) -> Any:
    return None if rng.random() < 0.5 else value


def random_facts(rng: random.Random) -> BreachFacts:
    """Any facts, each unknown half the time, data lists sometimes open."""
    data = frozenset(rng.sample(list(DataCode), rng.randint(1, 4)))
    return BreachFacts(
        aware_at=NOW,
        nature=_maybe(rng, frozenset(rng.sample(list(Nature), rng.randint(1, 3)))),
        nature_open=rng.random() < 0.2,
        incident_type=_maybe(rng, rng.choice(list(IncidentType))),
        malicious=_maybe(rng, rng.random() < 0.5),
        data=_maybe(rng, data),
        data_open=rng.random() < 0.3,
        identifiability=_maybe(rng, rng.choice(list(Identifiability))),
        unintelligible=_maybe(rng, rng.choice(list(Unintelligible))),
        confidentiality=_maybe(rng, rng.choice(list(Confidentiality))),
        recipients_count=_maybe(rng, rng.choice([1, 5, 6, 100])),
        recipients_trusted=_maybe(rng, rng.random() < 0.5),
        integrity=_maybe(rng, rng.choice(list(Integrity))),
        availability=_maybe(rng, rng.choice(list(Availability))),
        unavailable_hours=_maybe(rng, rng.choice([1.0, 24.0, 48.0])),
        service_impact=_maybe(rng, rng.choice(list(ServiceImpact))),
        measures_neutralise_high_risk=_maybe(rng, rng.random() < 0.2),
        subjects_contactable=_maybe(rng, rng.random() < 0.8),
        nis2_significant=_maybe(rng, False),
    )


def timed(run: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` runs, in ms (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _line(name: str, times: list[float]) -> str:
    return (
        f"{name:<44} n={len(times):>5}  p50 {statistics.median(times):6.2f} ms  "
        f"max {max(times):6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=2000, help="random inputs to assess")
    parser.add_argument("--repeat", type=int, default=5, help="runs per input (best kept)")
    args = parser.parse_args()

    groups: dict[str, list[float]] = {}

    def bench(group: str, facts: BreachFacts) -> None:
        groups.setdefault(group, []).append(timed(lambda: assess(facts, now=NOW), args.repeat))

    for path in sorted(CASES.glob("*.json")):
        bench("reference cases", parse_facts(json.loads(path.read_text("utf-8"))))
    bench("everything unknown", parse_facts({}))
    bench("everything unknown (lists of unknown)", parse_facts({"data": ["unknown"]}))
    for facts in HARD.values():
        bench("largest search trees", parse_facts(facts))
    rng = random.Random(12)
    for _ in range(args.random):
        bench("random, half unknown", random_facts(rng))

    register = load_processing_register(ROOT / "examples" / "group-s.yaml")
    demo = json.loads((ROOT / "examples" / "demo-breach.json").read_text("utf-8"))
    scoped = json.loads(json.dumps(demo))
    scoped["breach"]["scopes"] = [
        {"activity": "payroll-bakkerij-peeters", "subjects": {"count": 60}},
        {"activity": "staff-administration", "subjects": {"count": 25}, "data": ["unknown"]},
    ]
    for document in (demo, scoped, {"breach": {}, "activities": demo["activities"]}):
        parsed = parse_facts(document)
        run = lambda f=parsed, ids=document["activities"]: assess_scopes(  # noqa: E731
            f, register, ids, now=NOW
        )
        groups.setdefault("assess_scopes, demo breach", []).append(timed(run, args.repeat))

    everything = [t for times in groups.values() for t in times]
    for name, times in groups.items():
        print(_line(name, times))
    print(_line("all", everything))
    print(f"target: under 50 ms for any input: {'met' if max(everything) < 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
