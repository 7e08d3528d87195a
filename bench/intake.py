"""Benchmark of the intake API: `python -m bench.intake [--reports 2000] [--concurrency 50]`.

The web app runs as its own process (`uvicorn --factory intake.app:app_from_settings`, one
worker) on a fresh SQLite file (or `--database-url`), with the rate limit raised; 50 concurrent
clients, each with its own token and keep-alive connection, post 2,000 reports to
`POST /api/breaches` over loopback. It prints reports per second, the p50/p95/p99 latency and
the CPU the service used, then checks in the database that every report was stored exactly
once, with exactly one queued `assess-breach` start.
Target (issue 6): p95 under 200 ms, none lost or duplicated. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlmodel import col, select

from breachflow.settings import Settings, sample_register_path
from breachflow.store import open_store
from models.access import issue_token
from models.db import make_engine, read_scope, session_scope
from models.outbox import FLOW_START
from models.processing_register import get_client_by_code, sync_processing_register
from models.tables import Breach, OutboxEffect
from rules.processing_register import load_processing_register

MARKER = "bench-intake"
ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(data_dir: Path, database_url: str, tokens: int) -> list[str]:
    """Migrate, sync the sample register, issue one token per simulated client (with the
    data folder's audit key, as the service will file with it)."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=data_dir, database_url=database_url
    )
    engine = open_store(settings)
    register = load_processing_register(sample_register_path())
    now = datetime.now(UTC)
    issued: list[str] = []
    with session_scope(engine) as session:
        sync_processing_register(session=session, register=register, source="bench", now=now)
        codes = list(register.clients)
        for i in range(tokens):
            client = get_client_by_code(session=session, code=codes[i % len(codes)])
            assert client is not None
            token, _ = issue_token(
                session=session, scope="client", client_id=client.id, actor="bench", now=now
            )
            issued.append(token)
    engine.dispose()
    return issued


def body(number: int) -> dict[str, object]:
    return {
        "reporter": {"name": f"Bench reporter {number}", "email": f"r{number}@example.be"},
        "description": f"{MARKER} report #{number}",
        "detected_at": datetime.now(UTC).isoformat(),
        "breach": {
            "incident_type": "email_misdirected",
            "data": ["basic_identity", "financial"],
            "subjects": {"count": 1 + number % 40, "categories": ["employees"]},
        },
    }


class Connection:
    """One simulated client's keep-alive HTTP/1.1 connection.

    A minimal client on purpose: httpx's shared pool, with 50 connections, served only 414
    requests/s at p95 433 ms against a do-nothing ASGI app on this machine, and one httpx client
    per worker still cost about 0.9 ms of CPU a request on the cores the service needs. This
    one writes a request and reads a `Content-Length` or chunked answer, nothing more.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def post_json(self, path: str, payload: object, token: str) -> tuple[int, bytes]:
        data = json.dumps(payload).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        self.writer.write(head.encode() + data)
        return await self._response()

    async def _response(self) -> tuple[int, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        if "content-length" in headers:
            return status, await self.reader.readexactly(int(headers["content-length"]))
        body = b""
        while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
            body += await self.reader.readexactly(size + 2)
        await self.reader.readuntil(b"\r\n")
        return status, body

    def close(self) -> None:
        self.writer.close()


async def post_all(
    port: int, tokens: list[str], reports: int, concurrency: int
) -> tuple[list[float], Counter[int], float]:
    """Post `reports` reports from `concurrency` clients; latencies in ms, status counts, wall."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(reports):
        queue.put_nowait(number)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()

    async def client(token: str) -> None:
        connection = await Connection.open("127.0.0.1", port)
        try:
            while True:
                try:
                    number = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                status, _ = await connection.post_json("/api/breaches", body(number), token)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] += 1
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(tokens[i]) for i in range(concurrency)))
    return latencies, statuses, time.perf_counter() - began


def start_service(data_dir: Path, database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BREACHFLOW_DATA_DIR": str(data_dir),
        "BREACHFLOW_DATABASE_URL": database_url,
        "BREACHFLOW_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "BREACHFLOW_INTAKE_RATE_PER_MINUTE": "100000000",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "intake.app:app_from_settings",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--app-dir",
        str(ROOT),  # the checkout, also when the package is not installed
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    process = subprocess.Popen(command, env=env, cwd=data_dir)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the service did not start")


def check_stored(database_url: str, reports: int) -> tuple[int, int, int, int]:
    """(stored, distinct report numbers, duplicated numbers, assess starts) for the bench rows."""
    engine = make_engine(database_url)
    with read_scope(engine) as session:
        descriptions = list(
            session.exec(
                select(Breach.description).where(col(Breach.description).startswith(MARKER))
            )
        )
        starts = len(
            list(session.exec(select(OutboxEffect.id).where(OutboxEffect.kind == FLOW_START)))
        )
    engine.dispose()
    counts = Counter(descriptions)
    duplicated = sum(1 for n in counts.values() if n > 1)
    return len(descriptions), len(counts), duplicated, starts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as folder:
        data_dir = Path(folder)
        database_url = args.database_url or f"sqlite:///{data_dir / 'breachflow.db'}"
        tokens = prepare(data_dir, database_url, args.concurrency)
        port = free_port()
        service = start_service(data_dir, database_url, port)
        try:
            latencies, statuses, wall = asyncio.run(
                post_all(port, tokens, args.reports, args.concurrency)
            )
        finally:
            service.terminate()
            service.wait(timeout=10)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        service_cpu = children.ru_utime + children.ru_stime
        own = resource.getrusage(resource.RUSAGE_SELF)
        stored, distinct, duplicated, starts = check_stored(database_url, args.reports)
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    print(f"reports: {args.reports} from {args.concurrency} concurrent clients over loopback")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"throughput: {args.reports / wall:.0f} reports/s ({wall:.1f} s)")
    print(f"latency ms: p50 {p50:.0f}, p95 {p95:.0f}, p99 {p99:.0f}, max {max(latencies):.0f}")
    print(
        f"CPU: service {service_cpu:.1f} s ({service_cpu / args.reports * 1000:.2f} ms a report), "
        f"this client process {own.ru_utime + own.ru_stime:.1f} s"
    )
    lost = args.reports - distinct
    print(f"stored: {stored} rows, {distinct} distinct, lost {lost}, duplicated {duplicated}")
    print(f"assess-breach starts queued: {starts}")
    ok = statuses == Counter({201: args.reports}) and lost == 0 and duplicated == 0
    ok = ok and starts == args.reports
    print(f"target p95 < 200 ms: {'met' if p95 < 200 else 'MISSED'}")
    print("exactly once: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
