"""The mass letters as a Prefect flow: the same engine, in batches of a few thousand.

One task per batch (TECH-NOTES.md: keep a flow to tens of tasks). Prefect's default task
runner is threads, which the GIL serialises: for real parallelism run the flow with a
process-based runner, e.g. `mass_letters.with_options(task_runner=DaskTaskRunner(address=...))`
from `prefect-dask`, so batches spread over a Dask cluster's workers; each batch writes its
files into `out_dir`, which must then be a shared folder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task

from documents.letters import (
    LettersResult,
    ManifestRow,
    Rejection,
    batches,
    finish,
    prepare,
    render_batch,
)
from documents.viewmodels import BreachView, LetterRecipient

FLOW_BATCH_SIZE = 2_000


@task(name="render-letter-batch", retries=1, retry_delay_seconds=5)
def render_letter_batch(
    view: BreachView,
    batch: list[tuple[int, LetterRecipient]],
    out_dir: str,
    draft: bool,
    issued_at: datetime,
) -> list[ManifestRow | Rejection]:
    """Render one batch; idempotent (a retry rewrites the same files with the same bytes)."""
    return render_batch(view, batch, Path(out_dir), draft=draft, issued_at=issued_at)


@flow(name="mass-letters")
def mass_letters(
    view: BreachView,
    recipients_csv: str,
    out_dir: str,
    draft: bool = False,
    batch_size: int = FLOW_BATCH_SIZE,
) -> LettersResult:
    """Letters for every valid row of the CSV; manifest, rejected rows and print files."""
    recipients, rejected = prepare(Path(recipients_csv), Path(out_dir), rejected_stream=False)
    issued_at = datetime.now(UTC)
    futures = [
        render_letter_batch.submit(view, list(batch), out_dir, draft, issued_at)
        for batch in batches(recipients, batch_size)
    ]
    results = [row for future in futures for row in future.result()]
    return finish(results, rejected, Path(out_dir), combined=True, workers=1, rejected_stream=False)
