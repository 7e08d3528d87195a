"""Benchmark of the orchestration: `python -m bench.orchestration [--single 20] [--wave 200]`.

Starts `breachflow serve` on its embedded defaults (SQLite, a local Prefect server, one worker)
in a temporary data folder and prints three figures (targets, issue 13):
1. a report reaches the DPO's review: the breach waits for review and its Prefect review run
   is suspended, p95 under 10 s (`--single` reports, one after the other);
2. a decision submitted reaches the next waiting decision (the approval, run suspended), p95
   under 5 s: the review submitted as breachflow's own pages submit it (the service, then the
   waiting Prefect run closed), and, for comparison, through the Prefect UI's Resume form;
3. `--wave` reports posted within one minute by four clients all reach review within 3 min;
4. a review submitted on breachflow's decision page, signed in as a DPO, until that page
   sends to the approval page and the approval page answers, p95 under 5 s (`--desk`).
A count of 0 skips its figure. Exit status 1 when a figure misses its target.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.intake import percentile
from breachflow import prefect_runs, services
from breachflow.demo import form_input
from breachflow.settings import Settings
from breachflow.store import engine_for
from models.access import issue_token
from models.breaches import get_breach_by_reference
from models.db import read_scope, session_scope
from models.processing_register import get_client_by_code
from models.types import utcnow
from rules.decisions import Review
from rules.lifecycle import State, Step

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ("bakkerij-peeters", "transports-dubois", "brightdesk", "mueller-bau")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Bench:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port, self.prefect_port = free_port(), free_port()
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BREACHFLOW_"))
        }
        self.env.update(
            {
                "BREACHFLOW_DATA_DIR": str(data_dir),
                "BREACHFLOW_INTAKE_RATE_PER_MINUTE": "10000",
                "PREFECT_HOME": str(data_dir / "prefect"),
            }
        )
        self.settings = Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "breachflow",
                "serve",
                "--port",
                str(self.port),
                "--prefect-port",
                str(self.prefect_port),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        end = time.monotonic() + 180
        while time.monotonic() < end:
            try:
                if httpx.get(f"{self.web}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("serve did not come up")
        os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{self.prefect_port}/api"
        self.engine = engine_for(self.settings)  # keyed: the bench writes tokens (audited)
        with session_scope(self.engine) as session:
            self.tokens = []
            for code in CLIENTS:
                client = get_client_by_code(session=session, code=code)
                assert client is not None
                token, _ = issue_token(
                    session=session,
                    scope="client",
                    client_id=client.id,
                    actor="bench",
                    now=utcnow(),
                )
                self.tokens.append(token)

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)

    def post(self, client: httpx.Client, token: str, number: int) -> tuple[str, float]:
        posted = time.monotonic()
        response = client.post(
            f"{self.web}/api/breaches",
            headers={"Authorization": f"Bearer {token}"},
            json={
                "reporter": {"name": "Ann Peeters", "email": "ann@example.be"},
                "description": f"Payroll export {number} e-mailed to the wrong address",
                "detected_at": utcnow().isoformat(),
                "breach": {"nature": ["confidentiality"]},
            },
        )
        assert response.status_code == 201, response.text
        return str(response.json()["reference"]), posted

    def waiting(self, references: list[str], state: State, step: Step) -> list[str]:
        """Those of `references` waiting in `state` with their decision run suspended (Prefect
        asked once: the bench's own polling must not load the two cores it measures)."""
        runs: dict[str, str] = {}
        for reference in references:
            with read_scope(self.engine) as session:
                breach = get_breach_by_reference(session=session, reference=reference)
            if breach.state == state:
                run_id = prefect_runs.latest_run_id(self.engine, breach.id, step)
                if run_id:
                    runs[reference] = run_id
        seen = prefect_runs.run_states(list(runs.values()))
        return [r for r, run_id in runs.items() if (s := seen.get(run_id)) and s.type == "PAUSED"]

    def until(
        self, references: list[str], state: State, step: Step, seconds: float
    ) -> dict[str, float]:
        """When each reached `state` with its run suspended (monotonic clock)."""
        reached: dict[str, float] = {}
        end = time.monotonic() + seconds
        while len(reached) < len(references) and time.monotonic() < end:
            pending = [r for r in references if r not in reached]
            for reference in self.waiting(pending, state, step):
                reached[reference] = time.monotonic()
            time.sleep(0.1)
        return reached


def single(bench: Bench, count: int) -> list[float]:
    latencies = []
    with httpx.Client(timeout=30) as client:
        for number in range(count):
            reference, posted = bench.post(client, bench.tokens[number % 4], number)
            reached = bench.until([reference], State.AWAITING_REVIEW, Step.REVIEW, 120)
            latencies.append(reached.get(reference, float("inf")) - posted)
    return latencies


def decisions(bench: Bench, count: int) -> tuple[list[float], list[float]]:
    """(through breachflow's service as its pages submit, through the Prefect UI's Resume)."""
    with httpx.Client(timeout=30) as client:
        references = [bench.post(client, bench.tokens[0], n)[0] for n in range(2 * count)]
    bench.until(references, State.AWAITING_REVIEW, Step.REVIEW, 300)
    page: list[float] = []
    resumed: list[float] = []
    for index, reference in enumerate(references):
        with read_scope(bench.engine) as session:
            breach = get_breach_by_reference(session=session, reference=reference)
        started = time.monotonic()
        if index % 2 == 0:
            services.record_review(
                engine=bench.engine,
                settings=bench.settings,
                breach_id=breach.id,
                review=Review("Bench DPO", breach.aware_at),
                now=utcnow(),
            )
        else:
            run_id = prefect_runs.latest_run_id(bench.engine, breach.id, Step.REVIEW)
            assert run_id is not None
            prefect_runs.answer(run_id, form_input(Step.REVIEW, breach.aware_at, reference))
        reached = bench.until([reference], State.AWAITING_APPROVAL, Step.APPROVAL, 120)
        (page if index % 2 == 0 else resumed).append(reached.get(reference, float("inf")) - started)
    return page, resumed


def wave(bench: Bench, count: int) -> tuple[float, list[float]]:
    """Four clients post `count` reports within a minute; (seconds until all reached review,
    each report's latency)."""
    posted: dict[str, float] = {}
    lock = threading.Lock()
    each = count // len(bench.tokens)

    def client_posts(token: str) -> None:
        with httpx.Client(timeout=30) as client:
            for number in range(each):
                reference, at = bench.post(client, token, number)
                with lock:
                    posted[reference] = at
                time.sleep(55.0 / each)

    began = time.monotonic()
    threads = [threading.Thread(target=client_posts, args=(t,)) for t in bench.tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reached = bench.until(list(posted), State.AWAITING_REVIEW, Step.REVIEW, 600)
    latencies = [reached.get(r, float("inf")) - at for r, at in posted.items()]
    return max(reached.values(), default=float("inf")) - began, latencies


BENCH_PASSWORD = "bench password of the DPO"


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} on the page"
    return found.group(1)


def _signed_in_dpo(bench: Bench, web: httpx.Client) -> None:
    """A DPO account made as an operator makes it (`breachflow user add`), its password set
    through the printed link, then signed in through `/login`, like a browser."""
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "breachflow",
            "user",
            "add",
            "bench-dpo@groups.be",
            "--name",
            "Bench DPO",
            "--role",
            "dpo",
        ],
        cwd=ROOT,
        env=bench.env,
        capture_output=True,
        text=True,
        check=True,
    )
    link = re.search(r"/password/(\S+)", added.stdout)
    assert link, added.stdout
    form = web.get(f"/password/{link.group(1)}").text
    web.post(
        f"/password/{link.group(1)}",
        data={
            "password": BENCH_PASSWORD,
            "confirm": BENCH_PASSWORD,
            "form_token": _hidden(form, "form_token"),
        },
    )
    form = web.get("/login").text
    signed = web.post(
        "/login",
        data={
            "email": "bench-dpo@groups.be",
            "password": BENCH_PASSWORD,
            "form_token": _hidden(form, "form_token"),
            "next": "/decisions",
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text


def desk(bench: Bench, count: int) -> list[float]:
    """Each review submitted on its decision page; seconds until the page after it sends to
    the approval page and that page answers (the browser refreshes every second; this polls
    every 0.2 s)."""
    latencies: list[float] = []
    with httpx.Client(base_url=bench.web, timeout=30) as web:
        _signed_in_dpo(bench, web)
        references = [bench.post(web, bench.tokens[1], n)[0] for n in range(count)]
        bench.until(references, State.AWAITING_REVIEW, Step.REVIEW, 300)
        for reference in references:
            url = re.search(
                rf'href="(/decisions/{reference}\.review\.\d+)"', web.get("/decisions").text
            )
            assert url, reference
            page = web.get(url.group(1)).text
            started = time.monotonic()
            answer = web.post(
                url.group(1),
                data={
                    "csrf_token": _hidden(page, "csrf_token"),
                    "aware_at": _hidden(page, "aware_at"),
                    "outcome": "accept",
                    "completeness": "complete",
                },
                follow_redirects=False,
            )
            assert answer.status_code == 303, answer.text
            ready = float("inf")
            while time.monotonic() - started < 120:
                after = web.get(answer.headers["location"], follow_redirects=False)
                target = after.headers.get("location", "")
                if ".approval." in target and web.get(target).status_code == 200:
                    ready = time.monotonic() - started
                    break
                time.sleep(0.2)
            latencies.append(ready)
    closed = sum(_run_completed(bench, reference, Step.REVIEW) for reference in references)
    print(f"  review runs completed in Prefect after a page decision: {closed}/{count}", flush=True)
    return latencies


def _run_completed(bench: Bench, reference: str, step: Step, seconds: float = 30) -> bool:
    """The breach's decision run of `step` ends COMPLETED (the worker closes it after a decision
    taken on breachflow's pages), within `seconds`."""
    with read_scope(bench.engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        run_id = prefect_runs.latest_run_id(bench.engine, breach.id, step)
        seen = prefect_runs.run_state(run_id) if run_id else None
        if seen is not None and seen.type == "COMPLETED":
            return True
        time.sleep(0.5)
    return False


def _row(name: str, values: list[float], target: float) -> tuple[str, bool]:
    p95 = percentile(values, 95)
    line = (
        f"{name:<46} p50 {percentile(values, 50):6.2f} s  p95 {p95:6.2f} s  "
        f"max {max(values):6.2f} s  (target p95 < {target:g} s)"
    )
    return line, p95 < target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=int, default=20)
    parser.add_argument("--decisions", type=int, default=10)
    parser.add_argument("--wave", type=int, default=200)
    parser.add_argument("--desk", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-orchestration-") as folder:
        bench = Bench(Path(folder) / "data")
        ok = True
        try:
            bench.start()
            if args.single:
                line, good = _row("report -> review waiting", single(bench, args.single), 10)
                print(line, flush=True)
                ok &= good
            if args.decisions:
                page, resumed = decisions(bench, args.decisions)
                line, good = _row("review decided -> approval waiting", page, 5)
                print(line, flush=True)
                ok &= good
                print(_row("  the same through Prefect's Resume form", resumed, 5)[0], flush=True)
            if args.desk:
                line, good = _row(
                    "review on its page -> approval page ready", desk(bench, args.desk), 5
                )
                print(line, flush=True)
                ok &= good
            if args.wave:
                total, latencies = wave(bench, args.wave)
                print(
                    f"{args.wave} reports in one minute from 4 clients: all waiting for review "
                    f"{total:.1f} s after the first was posted (target < 180 s); each: "
                    f"p50 {percentile(latencies, 50):.1f} s, p95 {percentile(latencies, 95):.1f} s",
                    flush=True,
                )
                ok &= total < 180
        finally:
            bench.stop()
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
