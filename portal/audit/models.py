"""The audit log: who did what to which record, when. Written by services, never by views."""
from datetime import datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from portal.types import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    # A record's history is looked up by type and id together; the export filters by time.
    __table_args__ = (Index("ix_audit_event_record", "record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    #: The user who acted; None for the system (jobs, webhooks).
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    #: Identifier of what happened, e.g. "application.submit" (never translated).
    action: str = Field(max_length=80)
    record_type: str = Field(max_length=40)
    record_id: int
    before: dict = Field(default_factory=dict, sa_type=JSON)
    after: dict = Field(default_factory=dict, sa_type=JSON)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)


def record(session, *, actor, action, record, before=None, after=None):
    """Add an audit event in the caller's transaction."""
    return _add(session, actor, action, record, before, after)


def record_access(session, *, actor, record):
    """Log that someone other than its owner opened application or money data (DESIGN.md:
    every access is in the audit log). Views call it for staff, reviewers and finance, and
    commit it with the page's session."""
    return _add(session, actor, f"{type(record).__tablename__}.read", record, None, None)


def _add(session, actor, action, target, before, after):
    event = AuditEvent(actor_id=getattr(actor, "id", None), action=action, record_type=type(target).__tablename__,
                       record_id=target.id, before=before or {}, after=after or {})
    session.add(event)
    return event
