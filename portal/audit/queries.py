"""Reading the audit log: the events of one application or one grant together with those of the
records that hang off it, and every event for the CSV export.

A record's events are found by (record_type, record_id), so each page first gathers the ids of
the related records in one UNION ALL query, then reads their events in one more: two queries
however long the history is.
"""
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, literal, or_, select, union_all

from portal.accounts.models import User
from portal.applications.models import Application, Attachment, ConsortiumMember
from portal.audit.models import AuditEvent
from portal.grants.models import Disbursement, Grant, GrantFunding, GrantShare, Payee, Tranche
from portal.review.models import Decision, Message, ReviewAssignment

#: Events per page of a record's history.
PAGE_SIZE = 100
#: Rows fetched from the database at a time while the export streams.
EXPORT_BATCH = 1000


@dataclass(frozen=True)
class Line:
    """One event as the history page shows it; `actor` is None for the system."""

    id: int
    at: datetime
    actor: str | None
    action: str
    record_type: str
    record_id: int
    before: list
    after: list


def _of(model, condition):
    """(record type, id) of the rows of `model` that satisfy `condition`."""
    return select(literal(model.__tablename__).label("record_type"), model.id.label("record_id")).where(condition)


def _grant_records(grant_ids):
    """The records of the grants whose ids `grant_ids` (a subquery) selects."""
    shares = select(GrantShare.id).where(GrantShare.grant_id.in_(grant_ids))
    tranches = select(Tranche.id).where(Tranche.share_id.in_(shares))
    return [
        _of(Grant, Grant.id.in_(grant_ids)),
        _of(GrantShare, GrantShare.grant_id.in_(grant_ids)),
        _of(GrantFunding, GrantFunding.grant_id.in_(grant_ids)),
        _of(Payee, Payee.share_id.in_(shares)),
        _of(Tranche, Tranche.share_id.in_(shares)),
        _of(Disbursement, Disbursement.tranche_id.in_(tranches)),
    ]


def application_records(application_id):
    """The application, what review added to it (decision, assignments, messages), its
    consortium members and attachments, and its grant with everything below the grant."""
    own = [_of(Application, Application.id == application_id)]
    own += [_of(model, model.application_id == application_id)
            for model in (Decision, ReviewAssignment, Message, ConsortiumMember, Attachment)]
    return union_all(*own, *_grant_records(select(Grant.id).where(Grant.application_id == application_id)))


def grant_records(grant_id):
    """The grant, its shares, their payees, tranches and disbursements, and its funding."""
    return union_all(*_grant_records(select(Grant.id).where(Grant.id == grant_id)))


def history(session, records, *, page=1):
    """One page of the events of `records` (from application_records or grant_records), oldest
    first, and whether a further page follows."""
    ids = {}
    for record_type, record_id in session.execute(records):
        ids.setdefault(record_type, []).append(record_id)
    if not ids:
        return [], False
    matches = [and_(AuditEvent.record_type == kind, AuditEvent.record_id.in_(found)) for kind, found in ids.items()]
    rows = session.execute(
        select(AuditEvent, User.display_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(or_(*matches))
        .order_by(AuditEvent.at, AuditEvent.id)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).all()
    lines = [Line(event.id, event.at, name, event.action, event.record_type, event.record_id,
                  _pairs(event.before), _pairs(event.after)) for event, name in rows[:PAGE_SIZE]]
    return lines, len(rows) > PAGE_SIZE


def _pairs(data):
    """A before/after document as (key, text) pairs; nested values as compact JSON."""
    return [(str(key), value if isinstance(value, str) else _json(value)) for key, value in (data or {}).items()]


def _json(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def export_rows(session, *, since=None, before=None, record_type=None):
    """Every event (with the actor's email) from `since` up to `before` (datetimes, UTC) of one
    record type or all, by id, read in batches so memory stays flat on a long log."""
    query = (select(AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, User.email, AuditEvent.action,
                    AuditEvent.record_type, AuditEvent.record_id, AuditEvent.before, AuditEvent.after)
             .outerjoin(User, User.id == AuditEvent.actor_id).order_by(AuditEvent.id))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if before is not None:
        query = query.where(AuditEvent.at < before)
    if record_type:
        query = query.where(AuditEvent.record_type == record_type)
    yield from session.execute(query.execution_options(yield_per=EXPORT_BATCH))
