"""`breachflow worker`: the process that carries breaches from step to step.

One worker, or several on any machines sharing the database and the Prefect API:
- a step dispatcher takes the due starts from the outbox (`flow.start`, `decision.close`) and
  runs each in this process: a phase as a Prefect task run (`flows.steps`), a decision by
  opening its suspended Prefect run through the API (`flows.decision_runs`), no process started;
- a message dispatcher sends the Slack messages and e-mails, so a slow or failing channel never
  holds up a breach's steps;
- a reconciler starts again, every `reconcile_seconds`, any step a breach waits on that is
  neither queued nor alive in Prefect;
- the deadline clock (one per database: a lock row decides which worker's clock runs);
- a Prefect runner serving the decision deployments, for the runs the DPO resumes in the
  Prefect UI (each resumed run in its own short process).
Claims in the outbox are leases: a worker killed mid-step loses its claims after
`lease_seconds`, and the same worker restarted takes them back at once.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine

from breachflow import services
from breachflow.alerts import alert_handlers
from breachflow.clock.scheduler import start_clock
from breachflow.dispatcher import Backoff, Dispatcher
from breachflow.prefect_runs import latest_run_id, run_states
from breachflow.settings import Settings
from flows import runtime
from flows.decision_runs import DECISION_OF, close_decision_run, open_decision_run
from flows.steps import PHASES, run_phase
from models.breaches import get_breach
from models.db import read_scope
from models.outbox import (
    DECISION_CLOSE,
    FLOW_START,
    Effect,
    Handler,
    PermanentError,
)
from models.types import utcnow
from notifiers.factory import channel_notifier_from, mail_notifier_from
from rules.lifecycle import Step

log = logging.getLogger("breachflow.worker")

# A step retried after a failure (Prefect restarting, say) waits at most this long.
STEP_BACKOFF = Backoff(base=timedelta(seconds=1), cap=timedelta(seconds=30))
# Decision runs resumed in the Prefect UI finish in seconds: one pending or running longer had
# its process die (a killed runner); the reconciler then opens the decision again.
STALE_RUN = timedelta(minutes=2)


class PrefectProbe:
    """Is Prefect's API answering? Asked before each phase, answered from a 2-second cache."""

    def __init__(self, api_url: str, *, cache_seconds: float = 2.0) -> None:
        self.url = api_url.rstrip("/") + "/health"
        self.cache_seconds = cache_seconds
        self._checked = 0.0
        self._up = False
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=2.0)  # one TLS context for every check

    def __call__(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked > self.cache_seconds:
                try:
                    self._up = self._http.get(self.url).status_code == 200
                except httpx.HTTPError:
                    self._up = False
                self._checked = time.monotonic()
            return self._up


def _reference(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).reference


def step_handler(engine: Engine, settings: Settings, prefect_up: Callable[[], bool]) -> Handler:
    """`flow.start`: run a phase here, or open a decision's Prefect run."""

    def handle(effect: Effect) -> Mapping[str, Any]:
        deployment = str(effect.payload.get("deployment") or "")
        try:
            step = Step(deployment.split("/", 1)[0])
            breach_id = uuid.UUID(str(effect.payload["parameters"]["breach_id"]))
        except (KeyError, TypeError, ValueError) as error:
            raise PermanentError(f"flow.start {effect.key}: bad payload: {error!r}") from error
        if step in PHASES:
            state = run_phase(
                step,
                breach_id,
                _reference(engine, breach_id),
                engine=engine,
                settings=settings,
                now=utcnow,
                prefect_up=prefect_up,
            )
            return {"step": step.value, "state": state}
        if step not in DECISION_OF:
            raise PermanentError(f"flow.start {effect.key}: no step {step}")
        result = open_decision_run(
            engine, step, breach_id, effect.key, utcnow(), public_url=settings.public_url
        )
        log.info("%s %s: %s", step.value, _reference(engine, breach_id), result)
        return result

    return handle


def close_handler(engine: Engine) -> Handler:
    """`decision.close`: a decision taken on breachflow's pages closes its waiting run."""

    def handle(effect: Effect) -> Mapping[str, Any]:
        try:
            breach_id = uuid.UUID(str(effect.payload["breach_id"]))
            step = Step(str(effect.payload["deployment"]).split("/", 1)[0])
        except (KeyError, ValueError) as error:
            raise PermanentError(f"{effect.key}: bad payload: {error!r}") from error
        run_id = latest_run_id(engine, breach_id, step)
        if run_id is None:
            return {"left": "no decision run was open"}
        return close_decision_run(uuid.UUID(run_id), str(effect.payload.get("decided_by")))

    return handle


def decision_run_states(flow_run_ids: Sequence[str]) -> dict[str, tuple[str, datetime | None]]:
    """(state type, when it entered that state) of each decision run Prefect knows."""
    return {run_id: (seen.type, seen.since) for run_id, seen in run_states(flow_run_ids).items()}


class Worker:
    """The threads of one worker process (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        *,
        name: str | None = None,
        runner: bool = True,
        runner_limit: int = 4,
        reconcile_seconds: float = 60.0,
        step_threads: int = 3,
    ) -> None:
        self.settings = settings
        self.name = name or f"{socket.gethostname()}:worker"
        self.runner = runner
        self.runner_limit = runner_limit
        self.reconcile_seconds = reconcile_seconds
        self.lease = timedelta(seconds=settings.dispatcher_lease_seconds)
        self.step_threads = step_threads
        self.stop = threading.Event()
        self.engine = runtime.engine()
        self.prefect_up = PrefectProbe(_api_url())

    def dispatchers(self) -> list[Dispatcher]:
        """Step dispatchers (steps wait mostly on Prefect's API, so several run at once) and one
        message dispatcher (a breach's messages go out in order)."""
        settings, engine = self.settings, self.engine
        handlers = {
            FLOW_START: step_handler(engine, settings, self.prefect_up),
            DECISION_CLOSE: close_handler(engine),
        }
        steps = [
            Dispatcher(
                engine,
                handlers,
                lease=self.lease,
                backoff=STEP_BACKOFF,
                poll_seconds=min(settings.dispatcher_poll_seconds, 0.5),
                name=f"{self.name}:steps-{number}",
            )
            for number in range(1, self.step_threads + 1)
        ]
        messages = Dispatcher(
            engine,
            alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings)),
            lease=self.lease,
            backoff=Backoff(max_attempts=settings.dispatcher_max_attempts),
            poll_seconds=settings.dispatcher_poll_seconds,
            name=f"{self.name}:messages",
        )
        return [*steps, messages]

    def reconcile_loop(self) -> None:
        while not self.stop.is_set():
            try:
                for restart in services.reconcile(
                    engine=self.engine,
                    run_states=decision_run_states,
                    now=utcnow(),
                    stale_after=STALE_RUN,
                ):
                    log.warning(
                        "reconciler: %s (%s) started %s again: %s",
                        restart.reference,
                        restart.state,
                        restart.step.value,
                        restart.reason,
                    )
            except Exception:
                log.exception(
                    "reconciler: pass failed (tried again in %s s)", self.reconcile_seconds
                )
            self.stop.wait(self.reconcile_seconds)

    def start_threads(self) -> None:
        for dispatcher in self.dispatchers():
            dispatcher.start_thread(self.stop)
        threading.Thread(target=self.reconcile_loop, name="reconciler", daemon=True).start()
        self.clock = start_clock(self.engine, self.settings)

    def run(self) -> None:
        """Run until SIGINT or SIGTERM."""
        self.start_threads()
        log.info("worker %s: steps, messages, reconciler and clock running", self.name)

        def _stop(signum: int, _frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _stop)
        try:
            if self.runner:
                from flows.deployments import serve_decisions

                serve_decisions(limit=self.runner_limit)
            else:
                while not self.stop.wait(1.0):
                    pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop.set()
            self.clock.stop(wait=False)


def _api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value() or "http://127.0.0.1:4200/api")
