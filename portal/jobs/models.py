"""One row per job key: what makes a job run once however often it is enqueued or retried."""
from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from portal.types import stamped_later, stamped_now

#: Run statuses (identifiers, never translated): queued → running → done, or failed after the
#: last attempt; a failed run goes back to queued when an admin retries it.
STATUSES = ("queued", "running", "done", "failed")


class JobRun(SQLModel, table=True):
    """A job's idempotency record and its history: attempts, last error, timestamps."""

    __tablename__ = "job_run"

    id: int | None = Field(default=None, primary_key=True)
    #: Idempotency key, e.g. "reports.remind:2026-03-01" or "mail:reminder:42": one run per key.
    key: str = Field(max_length=200, unique=True)
    #: Registered job name, e.g. "mail.send" (an identifier, never translated).
    name: str = Field(max_length=60, index=True)
    #: One of STATUSES.
    status: str = Field(default="queued", max_length=10, index=True)
    #: The job's keyword arguments (JSON). Emptied once done, so a sent email's address and link
    #: do not stay in the database; Redis only ever holds the key.
    payload: dict = Field(default_factory=dict, sa_type=JSON)
    #: Attempts started so far, retries and admin retries included.
    attempts: int = 0
    #: Type and message of the last failure, email addresses masked, at most 300 characters.
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = stamped_now()
    #: Last change of status (a queued or running run untouched for JOB_TIMEOUT is abandoned).
    updated_at: datetime = stamped_now()
    started_at: datetime | None = stamped_later()
    finished_at: datetime | None = stamped_later()
