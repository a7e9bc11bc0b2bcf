"""What admins do with runs: see counts and failures, retry a failed run, recover abandoned
ones (their worker died), and forget old finished ones."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, update
from sqlmodel import select

from portal.domain import DomainError
from portal.jobs.models import STATUSES, JobRun
from portal.jobs.queue import submit_after_commit
from portal.types import utcnow


class NotRetryable(DomainError):
    """Only a run that failed after its last attempt can be retried by hand."""


def counts_by_status(session):
    """{status: number of runs} for every status, zeros included."""
    found = dict(session.exec(select(JobRun.status, func.count()).group_by(JobRun.status)).all())
    return {status: found.get(status, 0) for status in STATUSES}


def status_of(session, key):
    """The status of the run of `key` now (None if there is none)."""
    return session.exec(select(JobRun.status).where(JobRun.key == key)).first()


def failed_runs(session, *, limit=100):
    """Runs that failed after their last attempt, latest first."""
    return session.exec(select(JobRun).where(JobRun.status == "failed")
                        .order_by(JobRun.finished_at.desc(), JobRun.id.desc()).limit(limit)).all()


def retry(*, session, key):
    """Queue a failed run again (handed over when the caller commits)."""
    changed = session.execute(update(JobRun).where(JobRun.key == key, JobRun.status == "failed")
                              .values(status="queued", updated_at=utcnow())).rowcount
    if changed != 1:
        raise NotRetryable(_l("This job is not waiting for a retry any more."))
    submit_after_commit(session, key)


def recover_abandoned(*, session, now=None):
    """Queue again the runs nobody is working on: running or queued, untouched for JOB_TIMEOUT
    (a worker was killed mid-job, or Redis lost the message). Returns their keys.

    A run whose worker is in fact still busy is safe: the claim lets one execution work.
    """
    cutoff = (now or utcnow()) - timedelta(seconds=current_app.config["JOB_TIMEOUT"])
    keys = session.exec(select(JobRun.key).where(JobRun.status.in_(("queued", "running")), or_(
        JobRun.updated_at < cutoff, JobRun.started_at < cutoff))).all()
    for key in keys:
        submit_after_commit(session, key)
    return keys


def purge_done(*, session, days):
    """Forget runs done more than `days` ago (their keys may then run again); returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    return session.execute(delete(JobRun).where(JobRun.status == "done", JobRun.finished_at < cutoff)).rowcount
