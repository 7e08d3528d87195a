"""Slack adapter: post, thread, edit and find breach messages through slack-sdk's WebClient.

Each post carries message metadata `{"event_type": "breachflow", "event_payload": {"key": ...}}`
so that, after a crash between sending and recording, `find_delivered` can find the message in
the channel history instead of posting it a second time.

The channel may be configured by id (`C0123ABCD`) or by name (`#breaches`): a name is resolved
to its id with `conversations.list` (every page), because Slack reads history and edits
messages by id only. A name that matches no channel, or a channel the bot is not a member of,
is a `SlackChannelError` that says what to do.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.web import SlackResponse

from notifiers.base import ChannelMessage, DeliveryError, Receipt

__all__ = ["EVENT_TYPE", "SETTING", "SlackChannelError", "SlackNotifier", "is_channel_id"]

EVENT_TYPE = "breachflow"

# Slack error codes worth trying again later; anything else (invalid_auth, channel_not_found,
# invalid_blocks, msg_too_long, ...) needs a person to fix configuration or code.
_RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
# Errors after which Slack may have posted even though we got no clean answer.
_UNKNOWN_OUTCOME_ERRORS = frozenset({"internal_error", "fatal_error", "request_timeout"})
# Conversation ids: C (channel), G (private channel, older workspaces), D (direct message).
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")
SETTING = "BREACHFLOW_SLACK_CHANNEL"


class SlackChannelError(ValueError):
    """The configured channel cannot be used: no such channel, or the bot is not in it. A
    person must fix the configuration or invite the bot; retrying does not help."""


def is_channel_id(channel: str) -> bool:
    """True for a Slack conversation id (`C0123ABCD`), False for a name (`#breaches`)."""
    return _CHANNEL_ID.fullmatch(channel) is not None


class SlackNotifier:
    """The `ChannelNotifier` for Slack; one channel (its id, `C...`, or its name), one bot
    token. `channel` is the channel's id, resolved from the name on first use (or at start-up
    through `resolve_channel`)."""

    def __init__(
        self,
        *,
        token: str,
        channel: str,
        base_url: str | None = None,
        client: WebClient | None = None,
        rate_limit_retries: int = 2,
        connection_retries: int = 2,
        lookback: timedelta = timedelta(days=30),
        timeout: int = 30,
        page_size: int = 200,
    ) -> None:
        if client is None:
            kwargs: dict[str, Any] = {"token": token, "timeout": timeout}
            if base_url:
                # slack-sdk joins method names onto base_url: it needs the trailing slash.
                kwargs["base_url"] = base_url if base_url.endswith("/") else base_url + "/"
            client = WebClient(**kwargs)
        client.retry_handlers = [
            RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
            ConnectionErrorRetryHandler(max_retry_count=connection_retries),
        ]
        self.client = client
        self.configured_channel = channel
        self._channel_id = channel if is_channel_id(channel) else None
        self.lookback = lookback
        self.page_size = page_size

    @property
    def channel(self) -> str:
        """The channel's id (resolved from its name the first time it is needed). A channel
        that cannot be used fails the delivery as retryable: once the bot is invited (or the
        setting corrected and the service restarted), the queued messages go out."""
        if self._channel_id is None:
            try:
                self._channel_id = self.resolve_channel()
            except SlackChannelError as error:
                raise DeliveryError(str(error), retryable=True, code="channel_unusable") from error
        return self._channel_id

    def resolve_channel(self) -> str:
        """The id of the configured channel: as given when it is an id, else looked up by name
        in `conversations.list`, page by page (public and private channels the bot can see).

        Raises `SlackChannelError` when no channel has that name or the bot is not a member,
        `DeliveryError` when Slack cannot be reached (retryable) or refuses the token.
        """
        if self._channel_id is not None:
            return self._channel_id
        name = self.configured_channel.strip().removeprefix("#")
        listing = self._pages(
            self.client.conversations_list,
            items="channels",
            types="public_channel,private_channel",
            exclude_archived=True,
            limit=self.page_size,
        )
        found = next((c for c in listing if c.get("name") == name), None)
        if found is None:
            raise SlackChannelError(
                f"{SETTING}: Slack has no channel #{name} that the bot can see. Check the name, "
                "or give the channel's id (C..., in the channel's details in Slack); a private "
                "channel is only visible to the bot once it has been invited."
            )
        if not found.get("is_member"):
            raise SlackChannelError(
                f"{SETTING}: the bot is not a member of #{name} ({found['id']}). Invite it: in "
                f"#{name}, type /invite and the bot's name."
            )
        self._channel_id = str(found["id"])
        return self._channel_id

    def post(self, message: ChannelMessage) -> Receipt:
        """chat.postMessage, in the breach's thread when `message.thread_ts` is set.

        A broadcast reply (`message.broadcast`) also appears in the channel.
        """
        response = self._call(
            self.client.chat_postMessage,
            outcome_unknown_on_failure=True,
            channel=self.channel,
            text=message.text,
            blocks=[dict(block) for block in message.blocks] or None,
            thread_ts=message.thread_ts,
            reply_broadcast=True if message.thread_ts and message.broadcast else None,
            metadata=_metadata(message),
            unfurl_links=False,
            unfurl_media=False,
        )
        return Receipt(channel=str(response["channel"]), external_id=str(response["ts"]))

    def update(self, message: ChannelMessage) -> Receipt:
        """chat.update of the top message; repeating an edit is harmless, so no lookup is needed.

        The original post's metadata (its key) is left as it is, so it can still be found.
        """
        if message.update_ts is None:
            raise ValueError("update needs message.update_ts")
        response = self._call(
            self.client.chat_update,
            outcome_unknown_on_failure=False,
            channel=self.channel,
            ts=message.update_ts,
            text=message.text,
            blocks=[dict(block) for block in message.blocks] or None,
        )
        return Receipt(channel=str(response["channel"]), external_id=str(response["ts"]))

    def find_delivered(
        self, key: str, *, thread_ts: str | None = None, oldest: datetime | None = None
    ) -> Receipt | None:
        """Look for an earlier post with this key in its metadata.

        With `thread_ts` only that thread is read; otherwise the channel history since `oldest`
        (default: `lookback` ago), then the threads in it when the key is not at the top level.
        """
        if thread_ts is not None:
            return self._find_in(self._replies(thread_ts), key)
        since = oldest or datetime.now(UTC) - self.lookback
        threads: list[str] = []
        for message in self._history(since):
            if _key_of(message) == key:
                return self._receipt(message)
            if message.get("reply_count"):
                threads.append(str(message["ts"]))
        for parent_ts in threads:
            found = self._find_in(self._replies(parent_ts), key)
            if found is not None:
                return found
        return None

    def _find_in(self, messages: Iterator[Mapping[str, Any]], key: str) -> Receipt | None:
        for message in messages:
            if _key_of(message) == key:
                return self._receipt(message)
        return None

    def _receipt(self, message: Mapping[str, Any]) -> Receipt:
        return Receipt(channel=self.channel, external_id=str(message["ts"]), already_delivered=True)

    def _history(self, since: datetime) -> Iterator[Mapping[str, Any]]:
        return self._pages(
            self.client.conversations_history,
            channel=self.channel,
            oldest=f"{since.timestamp():.6f}",
            include_all_metadata=True,
            limit=self.page_size,
        )

    def _replies(self, thread_ts: str) -> Iterator[Mapping[str, Any]]:
        return self._pages(
            self.client.conversations_replies,
            channel=self.channel,
            ts=thread_ts,
            include_all_metadata=True,
            limit=self.page_size,
        )

    def _pages(
        self, method: Callable[..., SlackResponse], *, items: str = "messages", **kwargs: Any
    ) -> Iterator[Mapping[str, Any]]:
        """Every item of a paginated listing, following `response_metadata.next_cursor`."""
        cursor: str | None = None
        while True:
            response = self._call(method, outcome_unknown_on_failure=False, cursor=cursor, **kwargs)
            yield from response.get(items, [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def _call(
        self,
        method: Callable[..., SlackResponse],
        *,
        outcome_unknown_on_failure: bool,
        **kwargs: Any,
    ) -> SlackResponse:
        """Call slack-sdk and turn its failures into `DeliveryError` (retryable or not)."""
        try:
            return method(**kwargs)
        except SlackApiError as error:
            status = error.response.status_code
            code = _error_code(error.response)
            retryable = status == 429 or status >= 500 or code in _RETRYABLE_ERRORS
            unknown = outcome_unknown_on_failure and (
                status >= 500 or code in _UNKNOWN_OUTCOME_ERRORS
            )
            hint = ""
            if code in ("channel_not_found", "not_in_channel"):
                hint = f" (is the bot invited to {self.configured_channel}?)"
            if code == "missing_scope":
                hint = (
                    " (the bot token needs chat:write, channels:read and channels:history; "
                    "groups:read and groups:history for a private channel)"
                )
            raise DeliveryError(
                f"Slack {method.__name__} failed: HTTP {status}, {code or 'no error code'}{hint}",
                retryable=retryable,
                outcome_unknown=unknown,
                code=code or f"http_{status}",
            ) from error
        except (URLError, OSError, http.client.HTTPException) as error:
            # The request may have reached Slack before the connection broke.
            raise DeliveryError(
                f"Slack {method.__name__} unreachable: {error}",
                retryable=True,
                outcome_unknown=outcome_unknown_on_failure,
                code="connection_error",
            ) from error


def _metadata(message: ChannelMessage) -> dict[str, Any]:
    payload = {"key": message.key}
    if message.reference is not None:
        payload["reference"] = message.reference
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def _key_of(message: Mapping[str, Any]) -> str | None:
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != EVENT_TYPE:
        return None
    key = (metadata.get("event_payload") or {}).get("key")
    return str(key) if key is not None else None


def _error_code(response: SlackResponse) -> str:
    data = response.data
    if isinstance(data, dict):
        return str(data.get("error") or "")
    return ""
