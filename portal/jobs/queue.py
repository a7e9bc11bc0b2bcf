"""Putting work on the queue: a JobRun row first (UNIQUE key), then Redis or an inline run.

With a `session`, the row is written in the caller's transaction and the job is handed over
only after that transaction commits (an outbox): a request that rolls back leaves no job, and
a worker never starts before the records it needs are visible.
"""
import uuid

from flask import current_app
from sqlalchemy import event
from sqlmodel import Session

from portal.db import engine
from portal.jobs import runner
from portal.jobs.models import JobRun
from portal.jobs.once import insert_once
from portal.types import utcnow


def enqueue(name, *, key=None, session=None, **kwargs):
    """Run job `name` with `kwargs` (JSON values) once for `key`; returns the key.

    A key already enqueued is left alone, whatever its status. Without `session` the row is
    committed at once on a connection of its own and the job handed over immediately, so call it
    after your own commit (on SQLite an open write transaction would make it wait for the lock).
    """
    key = key or f"{name}:{uuid.uuid4().hex}"
    now = utcnow()
    row = {"key": key, "name": name, "status": "queued", "payload": kwargs, "attempts": 0, "last_error": "",
           "created_at": now, "updated_at": now}
    if session is not None:
        if insert_once(session, JobRun, row, ("key",)) is not None:
            submit_after_commit(session, key)
        return key
    with Session(engine()) as own:
        inserted = insert_once(own, JobRun, row, ("key",))
        own.commit()
    if inserted is not None:
        submit(key)
    return key


def submit_after_commit(session, key):
    """Hand the run over once `session` commits; forget it if the session rolls back."""
    if not session.info.get("jobs_hooked"):
        event.listen(session, "after_commit", _submit_pending)
        event.listen(session, "after_rollback", lambda s: s.info.pop("jobs_pending", None))
        session.info["jobs_hooked"] = True
    session.info.setdefault("jobs_pending", []).append(key)


def _submit_pending(session):
    for key in session.info.pop("jobs_pending", []):
        submit(key)


def submit(key):
    """Hand a queued run to Redis, or run it now (inline) when no REDIS_URL is set."""
    config = current_app.config
    if not config.get("REDIS_URL"):
        return run_inline(key)
    from redis.exceptions import RedisError
    from rq import Retry
    intervals = list(config["JOB_RETRY_INTERVALS"])
    retry = Retry(max=config["JOB_RETRIES"], interval=intervals) if config["JOB_RETRIES"] else None
    try:
        rq_queue().enqueue(runner.execute, key, job_timeout=config["JOB_TIMEOUT"], retry=retry,
                           failure_ttl=30 * 86400, result_ttl=3600, description=key)
    except RedisError as error:  # the run stays queued in the database: `flask jobs recover` hands it over
        current_app.logger.error("job %s not handed to Redis: %s", key, type(error).__name__)


def run_inline(key):
    """Run in this process, retrying at once up to JOB_RETRIES times (a request cannot wait out
    a backoff). A last failure is recorded for admins, never raised into the caller's request."""
    attempts = current_app.config["JOB_RETRIES"] + 1
    for attempt in range(attempts):
        try:
            runner.run(key, final=attempt == attempts - 1)
            return
        except runner.JobBusy:
            return
        except Exception as error:  # recorded on the run by runner.run
            current_app.logger.warning("job %s attempt %d failed: %s", key, attempt + 1, type(error).__name__)


def redis():
    """The app's Redis connection (one per app)."""
    app = current_app._get_current_object()
    if "jobs_redis" not in app.extensions:
        from redis import Redis
        app.extensions["jobs_redis"] = Redis.from_url(app.config["REDIS_URL"])
    return app.extensions["jobs_redis"]


def rq_queue():
    from rq import Queue
    return Queue(current_app.config["JOB_QUEUE"], connection=redis())
