"""The fund statement equals the ledger: receipts, FX, fees, refunds, commitments and payments."""
import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from factories import make_donor, make_fund, make_user, post_commitment
from helpers import sign_in
from portal import money
from portal.donors.models import Contribution
from portal.donors.services import record_bank_transfer, refund_in
from portal.funds.statement import fund_statement
from portal.funds.statement_views import CSV_COLUMNS
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.locking import lock_accounts, money_transaction
from portal.ledger.posting import Leg, balance, post


def give(app, fund, donor, amount, currency=None, key=None, **kwargs):
    with app.app_context():
        return record_bank_transfer(fund_id=fund.id, donor_id=donor.id, amount=Decimal(amount),
                                    currency=currency or fund.currency, value_date=date(2026, 11, 2),
                                    bank_reference="REF", idempotency_key=key or f"bank:{donor.id}:{amount}",
                                    actor_id=None, **kwargs)


def in_ledger(app, work):
    with app.app_context():
        return money_transaction(work)


def disburse(session, fund, share_id, amount_minor, key):
    """Ledger: pay part of a commitment (what the disbursement module will post)."""
    legs = [Leg(accounts.committed(fund, share_id), -amount_minor), Leg(accounts.disbursed(fund, share_id), amount_minor)]
    lock_accounts(session, [leg.account for leg in legs])
    return post(session, kind="tranche.disburse", legs=legs, idempotency_key=key)


@pytest.fixture
def books(app, db):
    """Three donors: USD with a fee, EUR with FX, and one USD gift refunded; then a commitment and a payment."""
    fund = make_fund(db, currency="USD")
    norway = make_donor(db)
    egalite = make_donor(db, name="Fondation Égalité", kind="foundation", country="FR")
    amal = make_donor(db, name="مؤسسة أمل", kind="foundation", country="JO")
    db.commit()
    give(app, fund, norway, "2500.00", fee=Decimal("12.50"))
    give(app, fund, egalite, "1000", "EUR", fx={"rate": "1.08365", "source": "ECB", "date": date(2026, 11, 2)})
    refunded = give(app, fund, amal, "700")
    in_ledger(app, lambda s: refund_in(s, contribution=s.get(Contribution, refunded)))
    in_ledger(app, lambda s: post_commitment(s, fund, 1, 50_000, "commit-1"))
    in_ledger(app, lambda s: disburse(s, fund, 1, 20_000, "pay-1"))
    return fund


def test_statement_figures_equal_the_ledger_balances(app, db, books):
    fund = books
    statement = in_ledger(app, lambda s: fund_statement(s, fund))
    ledger = in_ledger(app, lambda s: {name: balance(s, ref.code) for name, ref in {
        "unallocated": accounts.unallocated(fund), "fees": accounts.fees(fund),
        "committed": accounts.committed(fund, 1), "disbursed": accounts.disbursed(fund, 1)}.items()})
    assert (statement.received_minor, statement.refunded_minor, statement.fees_minor) == (428_365, 70_000, 1_250)
    assert statement.unallocated_minor == ledger["unallocated"] == 307_115
    assert statement.committed_minor == ledger["committed"] == 30_000
    assert statement.disbursed_minor == ledger["disbursed"] == 20_000
    assert statement.fees_minor == ledger["fees"]
    assert statement.balance_minor == statement.net_minor == 357_115
    assert [(d.donor, d.currency, d.given_minor, d.received_minor, d.refunded_minor) for d in statement.donors] == [
        ("Ministry of Foreign Affairs", "USD", 250_000, 250_000, 0),
        ("Fondation Égalité", "EUR", 100_000, 108_365, 0),
        ("مؤسسة أمل", "USD", 70_000, 70_000, 70_000)]
    [fx] = statement.fx
    assert (fx.currency, fx.given_minor, fx.converted_minor, fx.rate) == ("EUR", 100_000, 108_365, Decimal("1.083650"))
    assert in_ledger(app, check) == []


@pytest.mark.parametrize("locale", ["en", "fr", "ar"])
def test_statement_page_shows_money_in_the_readers_locale(client, db, books, locale):
    make_user(db, email="grace@example.org", roles=("fund_manager",), locale=locale)
    db.commit()
    sign_in(client, "grace@example.org")
    page = client.get(f"/funds/{books.id}/statement").get_data(as_text=True)
    for amount in ("4283.65", "700.00", "12.50", "3071.15", "300.00", "200.00", "3571.15"):
        assert money.format_amount(Decimal(amount), "USD", locale).replace("\u200f", "") in page, amount
    assert money.format_amount(Decimal("1000"), "EUR", locale).replace("\u200f", "") in page
    assert "Fondation Égalité" in page and "run the ledger check" not in page


def test_csv_has_stable_columns_plain_decimals_and_a_bom_for_excel(client, db, books):
    make_user(db, email="fo@example.org", roles=("finance_officer",), locale="fr")
    db.commit()
    sign_in(client, "fo@example.org")
    response = client.get(f"/funds/{books.id}/statement.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1:] == [
        ["contribution", "Ministry of Foreign Affairs", "USD", "2500.00", "USD", "2500.00"],
        ["contribution", "Fondation Égalité", "EUR", "1000.00", "USD", "1083.65"],
        ["contribution", "مؤسسة أمل", "USD", "700.00", "USD", "700.00"],
        ["refund", "مؤسسة أمل", "", "", "USD", "700.00"],
        ["fx", "EUR", "EUR", "1000.00", "USD", "1083.65"],
        ["summary", "received", "", "", "USD", "4283.65"],
        ["summary", "refunded", "", "", "USD", "700.00"],
        ["summary", "fees", "", "", "USD", "12.50"],
        ["summary", "net", "", "", "USD", "3571.15"],
        ["summary", "unallocated", "", "", "USD", "3071.15"],
        ["summary", "committed", "", "", "USD", "300.00"],
        ["summary", "disbursed", "", "", "USD", "200.00"],
        ["summary", "spent", "", "", "USD", "0.00"],
        ["summary", "rounding", "", "", "USD", "0.00"],
        ["summary", "balance", "", "", "USD", "3571.15"],
    ]


@pytest.mark.parametrize("currency, amount, expected", [("XOF", "1500000", "1500000"), ("USD", "25.5", "25.50"),
                                                        ("KWD", "100.125", "100.125")])
def test_csv_amounts_carry_the_currency_exponent(app, client, db, currency, amount, expected):
    fund = make_fund(db, currency=currency)
    donor = make_donor(db, name="=HYPERLINK(\"http://evil\")")
    make_user(db, email="fo@example.org", roles=("finance_officer",))
    db.commit()
    give(app, fund, donor, amount)
    sign_in(client, "fo@example.org")
    rows = list(csv.reader(io.StringIO(client.get(f"/funds/{fund.id}/statement.csv").get_data(as_text=True))))
    assert rows[1] == ["contribution", "'=HYPERLINK(\"http://evil\")", currency, expected, currency, expected]
    assert ["summary", "balance", "", "", currency, expected] in rows
    assert in_ledger(app, check) == []


def test_empty_fund_has_a_statement_of_zeros(app, client, db):
    fund = make_fund(db, currency="RWF")
    make_user(db, email="grace@example.org", roles=("fund_manager",))
    db.commit()
    sign_in(client, "grace@example.org")
    page = client.get(f"/funds/{fund.id}/statement").get_data(as_text=True)
    assert "No contributions received yet." in page
    assert in_ledger(app, lambda s: fund_statement(s, fund)).balance_minor == 0


@pytest.mark.parametrize("role, status", [(None, 302), ("applicant", 403), ("reviewer", 403), ("donor", 403),
                                          ("fund_manager", 200), ("finance_officer", 200), ("admin", 200)])
def test_statement_is_for_fund_managers_and_finance_only(client, db, role, status):
    fund = make_fund(db)
    if role:
        make_user(db, email="someone@example.org", roles=(role,))
    db.commit()
    if role:
        sign_in(client, "someone@example.org")
    for url in (f"/funds/{fund.id}/statement", f"/funds/{fund.id}/statement.csv"):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert "/accounts/sign-in" in response.headers["Location"]


def test_funds_index_links_to_the_statement(client, db):
    fund = make_fund(db)
    make_user(db, email="grace@example.org", roles=("fund_manager",))
    db.commit()
    sign_in(client, "grace@example.org")
    assert f'href="/funds/{fund.id}/statement"' in client.get("/funds/").get_data(as_text=True)
