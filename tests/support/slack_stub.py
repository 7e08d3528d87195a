"""A stand-in for the Slack Web API on 127.0.0.1, for tests that drive the real slack-sdk client.

Implements `chat.postMessage`, `chat.update`, `conversations.history` (newest first, `oldest`,
`limit` + cursor pagination, metadata only with `include_all_metadata`),
`conversations.replies` and `conversations.list` (the channels added with `add_channel`, private
ones only when the bot is a member, `limit` + cursor pagination). Posting to an added channel
the bot is not a member of fails with `not_in_channel`, as Slack does. It records every
request and can be scripted to fail the next N calls with HTTP 429 (`Retry-After`), HTTP 500, a
dropped connection, or a 500 *after* applying the call (Slack posted, the client never heard).

    with SlackStub() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Failure", "RecordedRequest", "SlackStub"]

FailureMode = Literal["429", "500", "disconnect", "500_after_apply"]


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP call as the stub saw it: API method, merged parameters, status it answered."""

    method: str
    params: Mapping[str, Any]
    status: int


@dataclass
class Failure:
    """A scripted failure for the next `count` calls (of `method`, or of any method if None)."""

    mode: FailureMode
    count: int
    method: str | None = None
    retry_after: int = 1


@dataclass
class _Channel:
    messages: list[dict[str, Any]] = field(default_factory=list)  # top level, oldest first
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ListedChannel:
    """A channel of the workspace, as `conversations.list` shows it."""

    id: str
    name: str
    is_member: bool = True
    is_private: bool = False


class SlackStub:
    """A threaded HTTP server speaking enough of the Slack Web API for breachflow's notifier."""

    def __init__(self, *, token: str = "xoxb-test-token") -> None:
        self.token = token
        self.requests: list[RecordedRequest] = []
        self._failures: list[Failure] = []
        self._channels: dict[str, _Channel] = {}
        self._listed: list[ListedChannel] = []
        self._lock = threading.Lock()
        self._last_ts = 0.0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """What to give `WebClient(base_url=...)` (with the trailing slash slack-sdk needs)."""
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/api/"

    def start(self) -> SlackStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SlackStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting and inspection ----------------------------------------------------------------
    def fail_next(
        self, count: int, mode: FailureMode, *, method: str | None = None, retry_after: int = 1
    ) -> None:
        """Make the next `count` calls (to `method`, if given) fail in the given way."""
        with self._lock:
            self._failures.append(Failure(mode, count, method, retry_after))

    def add_channel(
        self, name: str, *, id: str | None = None, is_member: bool = True, is_private: bool = False
    ) -> str:
        """A channel of the workspace (listed by `conversations.list`); returns its id."""
        channel = ListedChannel(id or _channel_id("#" + name), name, is_member, is_private)
        with self._lock:
            self._listed.append(channel)
        return channel.id

    def add_other_channels(self, count: int) -> None:
        """Fill the workspace with `count` unrelated channels (so listings take several pages)."""
        for number in range(count):
            self.add_channel(f"other-{number}", id=f"C0OTHER{number:04d}", is_member=False)

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded requests to one API method, in order."""
        with self._lock:
            return [r for r in self.requests if r.method == method]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Top-level messages in a channel, oldest first (copies)."""
        with self._lock:
            return [dict(m) for m in self._channel(channel).messages]

    def replies(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """Replies in a thread, oldest first, without the parent (copies)."""
        with self._lock:
            return [dict(m) for m in self._channel(channel).replies.get(thread_ts, [])]

    def all_posted(self, channel: str) -> list[dict[str, Any]]:
        """Every message in the channel, top level and replies."""
        with self._lock:
            ch = self._channel(channel)
            return [dict(m) for m in ch.messages] + [
                dict(m) for thread in ch.replies.values() for m in thread
            ]

    # -- internals --------------------------------------------------------------------------------
    def _channel(self, channel: str) -> _Channel:
        return self._channels.setdefault(channel, _Channel())

    def _next_ts(self) -> str:
        """Slack-style `seconds.micros` from the wall clock, strictly increasing."""
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    def _take_failure(self, method: str) -> Failure | None:
        for failure in self._failures:
            if failure.count > 0 and failure.method in (None, method):
                failure.count -= 1
                return failure
        return None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Silence the default stderr log; requests are recorded instead."""

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                method = url.path.rsplit("/", 1)[-1]
                params: dict[str, Any] = dict(parse_qsl(url.query))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                content_type = self.headers.get("Content-Type", "")
                if body and content_type.startswith("application/json"):
                    params.update(json.loads(body))
                elif body:
                    params.update(parse_qsl(body.decode("utf-8")))
                authorized = self.headers.get("Authorization") == f"Bearer {stub.token}"
                with stub._lock:
                    failure = stub._take_failure(method)
                    status, headers, answer = stub._answer(method, params, authorized, failure)
                    stub.requests.append(RecordedRequest(method, params, status))
                if status == 0:  # dropped connection: no response at all
                    self.close_connection = True
                    self.connection.close()
                    return
                data = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _answer(
        self, method: str, params: dict[str, Any], authorized: bool, failure: Failure | None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        """(HTTP status, extra headers, JSON body); status 0 means drop the connection."""
        if failure is not None and failure.mode == "429":
            retry_after = {"Retry-After": str(failure.retry_after)}
            return 429, retry_after, {"ok": False, "error": "ratelimited"}
        if failure is not None and failure.mode == "500":
            return 500, {}, {"ok": False, "error": "internal_error"}
        if failure is not None and failure.mode == "disconnect":
            return 0, {}, {}
        if not authorized:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        if str(params.get("channel", "")).startswith("#") and method != "chat.postMessage":
            return 200, {}, {"ok": False, "error": "channel_not_found"}
        handler = {
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "conversations.history": self._history,
            "conversations.replies": self._replies,
            "conversations.list": self._list,
        }.get(method)
        if handler is None:
            return 404, {}, {"ok": False, "error": "unknown_method"}
        answer = handler(params)
        if failure is not None and failure.mode == "500_after_apply":
            return 500, {}, {"ok": False, "error": "internal_error"}
        return 200, {}, answer

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel.startswith("#"):
            # chat.postMessage takes a channel name and answers with the id; nothing else does.
            channel = _channel_id(channel)
        listed = next((c for c in self._listed if c.id == channel), None)
        if listed is not None and not listed.is_member:
            return {"ok": False, "error": "not_in_channel"}
        ts = self._next_ts()
        message: dict[str, Any] = {
            "type": "message",
            "bot_id": "B0STUB",
            "ts": ts,
            "text": params.get("text", ""),
            "blocks": _json_field(params.get("blocks")) or [],
        }
        metadata = _json_field(params.get("metadata"))
        if metadata:
            message["metadata"] = metadata
        ch = self._channel(channel)
        thread_ts = params.get("thread_ts")
        if thread_ts:
            parent = next((m for m in ch.messages if m["ts"] == thread_ts), None)
            if parent is None:
                return {"ok": False, "error": "thread_not_found"}
            message["thread_ts"] = thread_ts
            ch.replies.setdefault(thread_ts, []).append(message)
            if str(params.get("reply_broadcast", "")).lower() in ("1", "true"):
                # Slack shows a broadcast reply in the channel too, as a thread_broadcast.
                message["subtype"] = "thread_broadcast"
                ch.messages.append(message)
            parent["thread_ts"] = thread_ts
            parent["reply_count"] = len(ch.replies[thread_ts])
            parent["latest_reply"] = ts
        else:
            ch.messages.append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": _public(message, True)}

    def _update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel") or "")
        ts = params.get("ts")
        message = next((m for m in self._channel(channel).messages if m["ts"] == ts), None)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        message["text"] = params.get("text", message["text"])
        if params.get("blocks") is not None:
            message["blocks"] = _json_field(params["blocks"])
        metadata = _json_field(params.get("metadata"))
        if metadata:
            message["metadata"] = metadata
        message["edited"] = {"user": "B0STUB", "ts": self._next_ts()}
        return {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(str(params.get("channel") or ""))
        oldest = float(params.get("oldest") or 0)
        newest_first = [m for m in reversed(channel.messages) if float(m["ts"]) > oldest]
        return self._page(newest_first, params)

    def _replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(str(params.get("channel") or ""))
        ts = params.get("ts")
        parent = next((m for m in channel.messages if m["ts"] == ts), None)
        if parent is None:
            return {"ok": False, "error": "thread_not_found"}
        return self._page([parent, *channel.replies.get(str(ts), [])], params)

    def _list(self, params: dict[str, Any]) -> dict[str, Any]:
        """Public channels, and private ones the bot is in (as Slack shows a bot)."""
        types = str(params.get("types") or "public_channel").split(",")
        shown = [
            {"id": c.id, "name": c.name, "is_member": c.is_member, "is_private": c.is_private}
            for c in self._listed
            if ("private_channel" if c.is_private else "public_channel") in types
            and (c.is_member or not c.is_private)
        ]
        start = int(params.get("cursor") or 0)
        limit = int(params.get("limit") or 100)
        more = start + limit < len(shown)
        return {
            "ok": True,
            "channels": shown[start : start + limit],
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _page(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
        """Cursor pagination as Slack does it: an opaque cursor, `has_more`, `next_cursor`."""
        start = int(params.get("cursor") or 0)
        limit = int(params.get("limit") or 100)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        page = messages[start : start + limit]
        more = start + limit < len(messages)
        return {
            "ok": True,
            "messages": [_public(m, with_metadata) for m in page],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }


def _channel_id(name: str) -> str:
    """A stable fake id for a channel name, as Slack returns for `#name` posts."""
    return "C" + "".join(ch for ch in name.upper() if ch.isalnum())[:10]


def _json_field(value: Any) -> Any:
    """Form-encoded requests carry JSON fields as strings; JSON requests as objects."""
    if isinstance(value, str):
        return json.loads(value) if value else None
    return value


def _public(message: dict[str, Any], with_metadata: bool) -> dict[str, Any]:
    shown = dict(message)
    if not with_metadata:
        shown.pop("metadata", None)
    return shown
