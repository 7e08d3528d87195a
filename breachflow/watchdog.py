"""`breachflow watchdog`: a process of its own that alarms when the service stops watching.

It checks that the deadline clock beats (its heartbeat in the database, written by the worker
that holds the clock) and that `serve` answers (`GET /health` at the address in the service
file). A dead or frozen clock or service gets one alarm per outage, sent directly through the
channel notifier (Slack, or the local file) and e-mail to `BREACHFLOW_ALERT_EMAILS` — never
through the outbox of the processes it watches — and a message when the outage is over.
`serve` starts it; it also runs from cron or a systemd timer (`breachflow watchdog --once`):
what it already said is kept in `RUN_DIR/watchdog.json`, and each alarm carries a key the
Slack channel is asked about before posting, so a restarted watchdog never says it twice.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from breachflow.clock.scheduler import clock_status
from breachflow.settings import Settings
from breachflow.store import engine_for
from models.types import utcnow
from notifiers.base import ChannelMessage, ChannelNotifier, MailMessage, MailNotifier
from notifiers.factory import channel_notifier_from, mail_notifier_from
from notifiers.slack_texts import Words, words
from notifiers.watchdog_messages import outage_alarm, outage_over

log = logging.getLogger("breachflow.watchdog")


@dataclass(frozen=True)
class Finding:
    """What one check saw: the problems, and the outage they belong to (stable across checks,
    so one outage is one alarm)."""

    problems: tuple[str, ...]
    outage: str | None

    @property
    def ok(self) -> bool:
        return not self.problems


def _shown(w: Words, at: datetime | None) -> str:
    return w.instant(at) if at else w.say("watchdog.never")


def check(
    settings: Settings,
    engine: Engine,
    now: datetime,
    *,
    http: httpx.Client,
    watching_since: datetime | None = None,
) -> Finding:
    """The clock's heartbeat and the service's answer. A service (or a watchdog) that started
    less than the allowed gap ago gives the clock that long to beat a first time. The problems
    are said in the security team's language (`slack_language`), as the alarm that shows them."""
    w = words(settings.slack_language)
    problems: list[str] = []
    outage: list[str] = []
    stale = timedelta(seconds=settings.watchdog_stale_seconds)
    info = _service_info(settings)
    try:
        fresh, last = clock_status(engine, now, stale_after=stale)
    except Exception as error:
        problems.append(w.say("watchdog.problem.database", error=type(error).__name__))
        outage.append("database")
    else:
        started = max((t for t in (_started(info), watching_since) if t), default=None)
        if not fresh and not (started is not None and now - started < stale):
            problems.append(w.say("watchdog.problem.clock", when=_shown(w, last)))
            outage.append(f"clock:{last.isoformat() if last else 'never'}")
    if info is not None:
        try:
            answered = http.get(str(info["health_url"]), timeout=5.0).status_code in (200, 503)
        except httpx.HTTPError:
            answered = False
        if not answered:
            problems.append(w.say("watchdog.problem.serve", url=str(info["health_url"])))
            outage.append(f"serve:{info.get('started_at', '?')}")
    return Finding(tuple(problems), "|".join(outage) or None)


def _started(info: dict[str, Any] | None) -> datetime | None:
    try:
        return datetime.fromisoformat(str((info or {})["started_at"]))
    except (KeyError, ValueError):
        return None


def _service_info(settings: Settings) -> dict[str, Any] | None:
    assert settings.run_dir is not None
    try:
        info: dict[str, Any] = json.loads(
            (Path(settings.run_dir) / "service.json").read_text(encoding="utf-8")
        )
    except (FileNotFoundError, json.JSONDecodeError):
        return None  # not running: only the clock is watched
    return info


def _state_file(settings: Settings) -> Path:
    assert settings.run_dir is not None
    return Path(settings.run_dir) / "watchdog.json"


def _load(settings: Settings) -> dict[str, Any]:
    try:
        state: dict[str, Any] = json.loads(_state_file(settings).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return state


def _save(settings: Settings, state: dict[str, Any]) -> None:
    path = _state_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    tmp.replace(path)


class Watchdog:
    """Checks and speaks; `run_once` is one check (cron), `run_forever` the loop `serve` runs."""

    def __init__(
        self,
        settings: Settings,
        *,
        channel: ChannelNotifier | None = None,
        mail: MailNotifier | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine_for(settings)
        self.channel = channel or channel_notifier_from(settings)
        self.mail = mail or mail_notifier_from(settings)
        self.started = utcnow()
        # One client for every check: a new one each time costs a TLS context.
        self.http = httpx.Client()

    def run_once(self, now: datetime | None = None) -> str:
        """One check: `ok`, `alarmed`, `still down` or `over`."""
        now = now or utcnow()
        finding = check(
            self.settings, self.engine, now, watching_since=self.started, http=self.http
        )
        state = _load(self.settings)
        count = int(state.get("count", 0))
        if not finding.ok:
            if state.get("outage"):
                return "still down"
            # The outages counted so far make the key: a watchdog restarted between posting and
            # saving finds its alarm in the channel instead of posting it twice.
            key = f"watchdog:{count + 1}:{finding.outage}"
            link = self.settings.public_url.rstrip("/") + "/health"
            alarm = outage_alarm(
                finding.problems, now=now, link=link, language=self.settings.slack_language
            )
            self._say(key, alarm, finding.problems)
            _save(
                self.settings,
                {
                    "outage": finding.outage,
                    "since": now.isoformat(),
                    "key": key,
                    "count": count + 1,
                },
            )
            log.error("alarm: %s", "; ".join(finding.problems))
            return "alarmed"
        if state.get("outage"):
            since = datetime.fromisoformat(str(state["since"]))
            over = outage_over(since=since, now=now, language=self.settings.slack_language)
            self._say(f"{state['key']}:over", over, ())
            _save(self.settings, {"count": count})
            log.warning("outage over (since %s)", since.isoformat())
            return "over"
        return "ok"

    def _say(self, key: str, message: ChannelMessage, problems: tuple[str, ...]) -> None:
        message = ChannelMessage(key=key, reference=None, text=message.text, blocks=message.blocks)
        if self.channel.find_delivered(key) is None:
            self.channel.post(message)
        recipients = self.settings.alert_emails
        if recipients:
            body = "\n".join(problems) or message.text
            check = words(self.settings.slack_language).say("watchdog.check")
            self.mail.send(
                MailMessage(
                    key=f"email.send:{key}",
                    to=tuple(recipients),
                    subject=f"breachflow: {message.text}",
                    text=f"{body}\n\n{check} {self.settings.public_url}\n",
                )
            )

    def run_forever(self, interval: float) -> None:
        while True:
            try:
                self.run_once()
            except Exception:
                log.exception("watchdog: the check failed; trying again in %s s", interval)
            time.sleep(interval)
