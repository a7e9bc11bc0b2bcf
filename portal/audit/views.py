"""Audit pages: the history of one application or one grant, and the CSV export for admins.

The log holds identifiers and hints only (never payee details), so the pages show each event's
before and after documents as they were written.
"""
import csv
import io
import json
from datetime import datetime, time, timedelta, timezone

from flask import Response, abort, render_template, request
from sqlmodel import Session, select

from portal.access import roles
from portal.applications.models import Application
from portal.audit import bp, queries
from portal.audit.forms import ExportForm
from portal.db import engine, get_session
from portal.spreadsheets import BOM, safe_cell
from portal.grants.models import Grant

CSV_COLUMNS = ("id", "at", "actor_id", "actor_email", "action", "record_type", "record_id", "before", "after")


def _page():
    return max(1, request.args.get("page", 1, type=int))


@bp.get("/applications/<int:application_id>")
@roles("fund_manager", "admin")
def application(application_id):
    """Everything done to an application and the records that followed it, oldest first."""
    session, page = get_session(), _page()
    subject = session.get(Application, application_id) or abort(404)
    grant_id = session.exec(select(Grant.id).where(Grant.application_id == application_id)).first()
    lines, more = queries.history(session, queries.application_records(application_id), page=page)
    return render_template("audit/application.html", application=subject, grant_id=grant_id, lines=lines,
                           page=page, more=more)


@bp.get("/grants/<int:grant_id>")
@roles("fund_manager", "finance_officer", "admin")
def grant(grant_id):
    """Everything done to a grant, its shares, payees, tranches, payments and funding."""
    session, page = get_session(), _page()
    subject = session.get(Grant, grant_id) or abort(404)
    application = session.get(Application, subject.application_id)
    lines, more = queries.history(session, queries.grant_records(grant_id), page=page)
    return render_template("audit/grant.html", grant=subject, application=application, lines=lines,
                           page=page, more=more)


@bp.get("/")
@roles("admin")
def index():
    """Where admins choose what to export."""
    return render_template("audit/index.html", form=ExportForm(formdata=None))


@bp.get("/export.csv")
@roles("admin")
def export():
    """The whole log (or a period / one record type) as CSV, streamed row by row; a filter that
    does not read goes back to the form with its message."""
    form = ExportForm(request.args)
    if not form.validate():
        return render_template("audit/index.html", form=form), 400
    since = _midnight(form.since.data)
    before = _midnight(form.until.data + timedelta(days=1)) if form.until.data else None
    rows = _streamed(engine(), since=since, before=before, record_type=form.record_type.data or None)
    return Response(_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'})


def _midnight(day):
    return datetime.combine(day, time(), tzinfo=timezone.utc) if day else None


def _streamed(bound, **filters):
    """The rows, read through a session of their own: the stream outlives the request's."""
    with Session(bound) as session:
        yield from queries.export_rows(session, **filters)


def _csv(rows):
    """UTF-8 with a byte-order mark (Excel reads Arabic and French names), then a chunk per batch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(CSV_COLUMNS)
    for count, (event_id, at, actor_id, email, action, record_type, record_id, before, after) in enumerate(rows, 1):
        writer.writerow((event_id, at.astimezone(timezone.utc).isoformat(), actor_id or "", safe_cell(email or ""), action,
                         record_type, record_id, _json(before), _json(after)))
        if count % queries.EXPORT_BATCH == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def _json(document):
    return json.dumps(document or {}, ensure_ascii=False, sort_keys=True)
