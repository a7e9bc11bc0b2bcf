"""Running one job: claim its run, call its function, record the outcome.

`execute(key)` is what RQ calls; it builds the Flask app itself when the worker is a plain
`rq worker`. The claim is a conditional UPDATE, so of two executions of one key (a retry
racing a slow worker, a recovered run, a duplicate on the queue) only one does the work, and a
run already done does nothing.
"""
import re
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import update
from sqlmodel import Session, select

from portal.db import engine
from portal.jobs.models import JobRun
from portal.jobs.registry import handler
from portal.types import utcnow

_EMAIL = re.compile(r"[^\s<>\"'@]+@[^\s<>\"'@]+")
_worker_app = None


class JobBusy(Exception):
    """Another execution is running this key right now (its lease has not expired)."""


def execute(key):
    """RQ entry point: run the job of `key` in the portal's app."""
    from rq import get_current_job
    current = get_current_job()
    final = not (current is not None and current.retries_left)
    app = current_app._get_current_object() if has_app_context() else worker_app()
    with app.app_context():
        run(key, final=final)


def worker_app():
    """The app of a plain `rq worker` process, built once from the environment (config.load)."""
    global _worker_app
    if _worker_app is None:
        from portal import create_app
        _worker_app = create_app()
    return _worker_app


def run(key, *, final):
    """Claim and run `key`. A missing run (its enqueueing transaction rolled back) or one already
    done is a quiet no-op; a failure is recorded (failed when `final`, else queued) and raised."""
    claimed = _claim(key)
    if claimed is None:
        return
    name, payload = claimed
    try:
        with current_app.app_context():  # a fresh session for the job, closed afterwards
            handler(name)(**payload)
    except Exception as error:
        _record(key, status="failed" if final else "queued", last_error=describe(error))
        raise
    _record(key, status="done", payload={})


def _claim(key):
    now = utcnow()
    with Session(engine()) as session:
        row = session.exec(select(JobRun).where(JobRun.key == key)).first()
        if row is None or row.status in ("done", "failed"):
            return None
        lease = timedelta(seconds=current_app.config["JOB_TIMEOUT"])
        if row.status == "running" and row.started_at > now - lease:
            raise JobBusy(key)
        claimed = session.execute(
            update(JobRun)
            .where(JobRun.key == key, JobRun.status == row.status, JobRun.attempts == row.attempts)
            .values(status="running", attempts=row.attempts + 1, started_at=now, updated_at=now)
        ).rowcount
        session.commit()
        if claimed != 1:
            raise JobBusy(key)
        return row.name, dict(row.payload or {})


def _record(key, *, status, **values):
    now = utcnow()
    with Session(engine()) as session:
        session.execute(update(JobRun).where(JobRun.key == key).values(
            status=status, updated_at=now, finished_at=now if status in ("done", "failed") else None, **values))
        session.commit()


def describe(error):
    """What admins see of a failure: its type and message, addresses masked, short."""
    text = _EMAIL.sub("<address>", f"{type(error).__name__}: {error}")
    return " ".join(text.split())[:300]
