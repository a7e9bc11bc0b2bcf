"""Payment batches: approved payments exported for the bank (decrypted, audited, finance only);
the bank's confirmations imported row by row, with a report of what could not be applied."""
import csv
import io

import pytest
from sqlmodel import select

from helpers import csrf_token, post_form
from portal.audit import AuditEvent
from portal.grants.models import Disbursement, Payee, Tranche
from portal.ledger.invariants import check
from tests.finance.support import (BANK, MOBILE, PHONE, Browsers, accept, approved, give_payee, html, payments,
                                   reread, schedule, step)


@pytest.fixture
def browsers(app, client):
    return Browsers(app)


@pytest.fixture
def two_payments(db, browsers):
    return paying(db, browsers, "mobile_money", MOBILE)


def paying(db, browsers, method, details):
    """One grant paid to `details`, both tranches released: the first payment approved, the second
    only scheduled."""
    world, awarded = approved(db)
    share = awarded.shares[0]
    accept(browsers("amina@example.org"), awarded.id)
    give_payee(browsers("amina@example.org"), awarded.id, share.id, method, details)
    post_form(browsers("manager@example.org"), f"/grants/{awarded.id}/tranches/{share.tranches[1].id}/release",
              page=f"/grants/{awarded.id}")
    officer1, officer2 = browsers("finance1@example.org"), browsers("finance2@example.org")
    for tranche in share.tranches:
        schedule(officer1, tranche.id)
    approved_payment, scheduled_payment = payments(db, awarded.id)
    step(officer2, approved_payment.id, "approve")
    return world, awarded, approved_payment.id, scheduled_payment.id


def rows_of(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_export_holds_the_decrypted_details_of_approved_payments_only(db, browsers, two_payments):
    world, awarded, approved_id, _scheduled_id = two_payments
    response = browsers("finance1@example.org").get("/finance/batches/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    row, = rows_of(response)
    assert (row["disbursement_id"], row["amount"], row["currency"], row["method"]) == (str(approved_id), "2400.00",
                                                                                       "USD", "mobile_money")
    assert (row["phone_number"], row["account_holder"], row["operator"]) == (PHONE, "Mama Amani", "M-Pesa")
    assert row["payment_reference"] == f"MIZANI-{approved_id}" and row["account_number"] == ""
    payee = reread(db).exec(select(Payee)).one()
    reads = db.exec(select(AuditEvent).where(AuditEvent.action == "payee.read")).all()
    assert [(e.actor_id, e.record_id) for e in reads] == [(world.finance.id, payee.id)]


def test_the_export_guards_text_against_spreadsheet_formulas_but_keeps_numbers(db, browsers):
    paying(db, browsers, "bank_transfer",
           {**BANK, "account_holder": "=HYPERLINK(\"http://x\")", "account_number": "-0099887766"})
    row, = rows_of(browsers("finance1@example.org").get("/finance/batches/export.csv"))
    assert row["account_holder"].startswith("'=") and row["account_number"] == "-0099887766"


@pytest.mark.parametrize("email", ["manager@example.org", "amina@example.org"])
def test_only_finance_exports_payee_details(db, browsers, two_payments, email):
    response = browsers(email).get("/finance/batches/export.csv")
    assert response.status_code == 403 and PHONE not in html(response)
    assert reread(db).exec(select(AuditEvent).where(AuditEvent.action == "payee.read")).all() == []


def upload(client, content, name="bank.csv"):
    data = content.encode("utf-8-sig") if isinstance(content, str) else content
    return client.post("/finance/batches/import", data={"csrf_token": csrf_token(client, "/finance/batches/import"),
                                                       "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_the_import_applies_rows_it_can_and_reports_the_others_unchanged(db, browsers, two_payments):
    world, awarded, approved_id, scheduled_id = two_payments
    officer = browsers("finance1@example.org")
    content = ("disbursement_id,status,reference,reason,amount\r\n"
               f"{approved_id},sent,BANK-1,,2400.00\r\n"
               f"{approved_id},confirmed,BANK-1,,2400.00\r\n"
               "999999,confirmed,X,,\r\n"
               f"{scheduled_id},confirmed,BANK-2,,1600.00\r\n"
               f"{scheduled_id},sent,BANK-2,,1599.00\r\n"
               f"{scheduled_id},paid,BANK-2,,\r\n"
               "abc,failed,,no reason,\r\n")
    response = upload(officer, content)
    page = html(response)
    assert response.status_code == 200 and "2 of 7 rows applied." in page
    for message in ("No payment has the number “999999”", "it cannot become “confirmed”",
                    "The file says 1599.00 but the payment is 1600.00", "“paid” is not a status",
                    "No payment has the number “abc”"):
        assert message in page, message
    done, untouched = reread(db).get(Disbursement, approved_id), db.get(Disbursement, scheduled_id)
    assert (done.status, done.reference) == ("confirmed", "BANK-1")
    assert db.get(Tranche, done.tranche_id).status == "paid"
    assert (untouched.status, untouched.reference) == ("scheduled", None)
    assert check(db) == []


def test_a_failed_row_reverses_the_payment_and_reopens_its_tranche(db, browsers, two_payments):
    _world, _awarded, approved_id, _scheduled_id = two_payments
    officer = browsers("finance1@example.org")
    upload(officer, f"disbursement_id;status;reference\n{approved_id};sent;B-9\n")
    response = upload(officer, f"disbursement_id,status,reason\n{approved_id},failed,Account closed\n")
    assert "1 of 1 rows applied." in html(response)
    failed = reread(db).get(Disbursement, approved_id)
    assert (failed.status, failed.failure_reason) == ("failed", "Account closed")
    assert db.get(Tranche, failed.tranche_id).status == "payable"
    assert check(db) == []


@pytest.mark.parametrize("content, message", [
    ("id,state\n1,confirmed\n", "The file needs the columns disbursement_id, status"),
    (b"\xff\xfe\x00d\x00i", "The file is not UTF-8 text"),
    ("", "The file is empty"),
    ("disbursement_id,status\n1,confirmed,extra,cells\n", "Line 2 has more cells"),
    ('disbursement_id,status\n"1,confirmed\n', "not a readable CSV file"),
])
def test_a_malformed_file_changes_nothing_and_says_why(db, browsers, two_payments, content, message):
    _world, _awarded, approved_id, _scheduled_id = two_payments
    before = [(p.id, p.status) for p in reread(db).exec(select(Disbursement)).all()]
    response = upload(browsers("finance1@example.org"), content)
    assert response.status_code == 200 and message in html(response) and "rows applied" not in html(response)
    assert [(p.id, p.status) for p in reread(db).exec(select(Disbursement)).all()] == before
