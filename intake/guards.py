"""Request guards: security headers, a request size limit, a per-token rate limit and a limit
on wrong tokens per client address.

The first two are plain ASGI middleware so they also cover error responses and requests the
router never sees (`SecuredFastAPI` puts the headers outside Starlette's own error handler, so
even a crash's 500 carries them); the limiters are called by the auth dependencies.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script or style anywhere: the pages need nothing but their own stylesheet.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cache-control", b"no-store"),
)


@dataclass(frozen=True)
class IntakeLimits:
    """Sizes the intake accepts; the body limit covers every attachment plus the form."""

    max_attachment_bytes: int = 5 * 1024 * 1024
    max_attachments: int = 5
    max_body_bytes: int = 27 * 1024 * 1024
    max_json_bytes: int = 1024 * 1024


class SecurityHeaders:
    """Adds the security headers to every response (pages, API, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SecuredFastAPI(FastAPI):
    """A FastAPI app whose every answer carries the security headers.

    Starlette wraps the app in its error middleware outside every middleware added with
    `add_middleware`, so the 500 of an unexpected failure would skip them: here the headers
    wrap the whole stack instead."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


class BodySizeLimit:
    """Answers 413 when a request body is larger than the limit, announced or streamed.

    A streamed (chunked) body is counted as it arrives. Past the limit the 413 goes out at
    once and the app is told the client left: raising instead would reach the app's body
    parser, which turns any read error into its own 400."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_json_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_json_bytes = max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        limit = self.max_body_bytes if "multipart" in content_type else self.max_json_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send)
            return
        received = 0
        started = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if not started:
                        await _refuse(send)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused and not started:
                return  # the app's own answer to the cut-off body: the 413 went out instead
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not refused:
                raise
            # The app failed reading the body it was refused: the client has its 413.


async def _refuse(send: Send) -> None:
    body = b'{"detail":[{"field":"body","message":"request too large"}]}'
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """At most `per_minute` requests per token in any sliding 60 s window (in memory, per
    process: a limit against runaway scripts, not an accounting)."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[Any, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: Any) -> int | None:
        """Count a request; None when allowed, else the seconds to wait."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            _expire(hits, now)
            if len(hits) >= self.per_minute:
                return max(1, int(hits[0] + 60 - now) + 1)
            hits.append(now)
        return None


class FailureLimiter:
    """Wrong tokens per client address: after `per_minute` failures within a sliding minute,
    every request from that address that presents a token gets 429 until the window clears.

    Valid tokens from a blocked address are refused too: were they let through, the answer
    to each guess would still tell a hit from a miss. Behind a reverse proxy, run uvicorn with
    `--proxy-headers` so the address is the client's, not the proxy's. In memory, per process,
    like `RateLimiter`; addresses whose failures have aged out are dropped as it goes."""

    MAX_ADDRESSES = 10_000

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int | None:
        """None when `address` may present a token, else the seconds to wait."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        with self._lock:
            failures = self._failures.get(address)
            if failures is None:
                return None
            _expire(failures, now)
            if len(failures) >= self.per_minute:
                return max(1, int(failures[0] + 60 - now) + 1)
        return None

    def failed(self, address: str) -> None:
        """Count one wrong token presented from `address`."""
        if self.per_minute <= 0:
            return
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.MAX_ADDRESSES:
                self._forget_idle(now)
            self._failures.setdefault(address, deque()).append(now)

    def _forget_idle(self, now: float) -> None:
        for address in list(self._failures):
            failures = self._failures[address]
            _expire(failures, now)
            if not failures:
                del self._failures[address]


def _expire(hits: deque[float], now: float) -> None:
    while hits and hits[0] <= now - 60:
        hits.popleft()
