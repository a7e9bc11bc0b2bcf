"""Admins export the audit log as CSV: every event, or a period / one record type; filters that do
not read are sent back with a message, and nobody else may export."""
import csv
import io
import json
from datetime import datetime, timezone

import pytest
from sqlmodel import select

from factories import make_applicant, make_fund, make_user
from helpers import sign_in
from portal import audit
from portal.audit import AuditEvent
from portal.audit.views import CSV_COLUMNS

BOM = "\ufeff".encode()


@pytest.fixture
def events(db):
    """Three events of a fund's life on known days, one by the system; an admin signed in."""
    applicant, organisation = make_applicant(db, email="=sum@example.org")
    fund = make_fund(db)
    dated = [
        audit.record(db, actor=applicant, action="organisation.update", record=organisation,
                     before={"name": "Mama"}, after={"name": "Mama Amani — ماما"}),
        audit.record(db, actor=None, action="fund.review", record=fund, after={"ok": True}),
        audit.record(db, actor=applicant, action="fund.note", record=fund, after={"note": "=1+1"}),
    ]
    for event, day in zip(dated, (10, 20, 21)):
        event.at = datetime(2024, 1, day, 23, 30, tzinfo=timezone.utc)
    db.commit()
    return dated


def admin(client, db, role="admin"):
    make_user(db, email=f"{role}@example.org", roles=(role,))
    db.commit()
    sign_in(client, f"{role}@example.org")


def rows_of(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(response.data[len(BOM):].decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]


def test_the_export_holds_every_event_with_its_actor_and_documents(client, db, events):
    admin(client, db)
    rows = rows_of(client.get("/audit/export.csv"))
    assert [int(row["id"]) for row in rows] == sorted(e.id for e in db.exec(select(AuditEvent)).all())
    first = next(row for row in rows if row["action"] == "organisation.update")
    assert first["at"] == "2024-01-10T23:30:00+00:00"
    assert first["actor_id"] == str(events[0].actor_id) and first["actor_email"] == "'=sum@example.org"
    assert (first["record_type"], first["record_id"]) == ("organisation", str(events[0].record_id))
    assert json.loads(first["before"]) == {"name": "Mama"}
    assert json.loads(first["after"]) == {"name": "Mama Amani — ماما"}
    system = next(row for row in rows if row["action"] == "fund.review")
    assert (system["actor_id"], system["actor_email"]) == ("", "")
    assert 'attachment; filename="audit-log.csv"' == client.get("/audit/export.csv").headers["Content-Disposition"]


def test_the_export_filters_by_days_included_and_record_type(client, db, events):
    admin(client, db)
    between = rows_of(client.get("/audit/export.csv?since=2024-01-11&until=2024-01-20"))
    assert [row["action"] for row in between] == ["fund.review"]  # the 20th counts until its last minute
    since = rows_of(client.get("/audit/export.csv?since=2024-01-20"))
    assert {row["action"] for row in since} >= {"fund.review", "fund.note"}
    assert "organisation.update" not in {row["action"] for row in since}
    funds = rows_of(client.get("/audit/export.csv?record_type=fund"))
    assert {row["record_type"] for row in funds} == {"fund"} and len(funds) == 2


@pytest.mark.parametrize("query, message", [
    ("since=2024-13-01", "Not a valid date value"),
    ("until=yesterday", "Not a valid date value"),
    ("since=2024-02-01&until=2024-01-01", "The last day cannot come before the first day."),
    ("record_type=nonsense", "Not a valid choice"),
])
def test_filters_that_do_not_read_come_back_with_a_message(client, db, events, query, message):
    admin(client, db)
    response = client.get(f"/audit/export.csv?{query}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert message in text and 'id="error-summary"' in text and 'action="/audit/export.csv"' in text


def test_the_export_page_offers_the_filters(client, db, events):
    admin(client, db)
    text = client.get("/audit/").get_data(as_text=True)
    assert 'name="since"' in text and 'name="until"' in text and '<option value="payee">payee</option>' in text


@pytest.mark.parametrize("role", ["applicant", "reviewer", "donor", "fund_manager", "finance_officer"])
def test_only_admins_export(client, db, events, role):
    admin(client, db, role)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
