"""Staff keep the donor register; finance officers record bank transfers once, with FX and fees."""
import re

import pytest
from sqlmodel import select

from factories import make_call, make_donor, make_fund, make_user
from helpers import post_form, sign_in
from portal.accounts.models import UserRole
from portal.audit import AuditEvent
from portal.donors.models import Contribution, Donor, DonorMember
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


@pytest.fixture
def world(db):
    """A USD fund with a call, and a donor."""
    fund = make_fund(db, currency="USD")
    call = make_call(db, fund=fund)
    donor = make_donor(db)
    db.commit()
    return {"fund": fund.id, "call": call.id, "donor": donor.id}


def staff(client, db, role, locale=None):
    """A signed-in user holding `role` (None: stay anonymous)."""
    if role:
        make_user(db, email=f"{role}@example.org", name=role.title(), roles=(role,), locale=locale)
        db.commit()
        sign_in(client, f"{role}@example.org")


def reread(db):
    """End the test session's snapshot so it sees what requests committed."""
    db.rollback()
    return db


def text_of(response):
    return response.get_data(as_text=True)


# --- who may use what ------------------------------------------------------------------------
def routes(world):
    return {
        "staff": [("get", "/donors/"), ("get", "/donors/new"), ("get", f"/donors/{world['donor']}/edit"),
                  ("post", f"/donors/{world['donor']}/users")],
        "finance": [("get", f"/donors/funds/{world['fund']}/transfers/new"),
                    ("get", f"/donors/funds/{world['fund']}/contributions")],
    }


def visit(client, method, url, signed_in):
    if method == "get":
        return client.get(url)
    return post_form(client, url, {"email": "x@example.org"}, page="/accounts/account" if signed_in else "/accounts/sign-in")


@pytest.mark.parametrize("role", [None, "applicant", "reviewer", "donor"])
def test_outsiders_are_refused_every_donor_page(client, db, world, role):
    staff(client, db, role)
    for method, url in routes(world)["staff"] + routes(world)["finance"]:
        response = visit(client, method, url, role is not None)
        if role is None:
            assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"], url
        else:
            assert response.status_code == 403, url
    assert reread(db).exec(select(DonorMember)).all() == []


@pytest.mark.parametrize("role, finance_allowed", [("fund_manager", False), ("finance_officer", True), ("admin", True)])
def test_staff_keep_the_register_and_only_finance_records_money(client, db, world, role, finance_allowed):
    staff(client, db, role)
    for method, url in routes(world)["staff"]:
        if method == "get":
            assert client.get(url).status_code == 200, url
    for _method, url in routes(world)["finance"]:
        assert client.get(url).status_code == (200 if finance_allowed else 403), url


# --- the donor register ----------------------------------------------------------------------
def test_staff_create_and_edit_a_donor_with_audit(client, db, world):
    staff(client, db, "fund_manager")
    response = post_form(client, "/donors/new", {"name": "Fondation Égalité", "kind": "foundation", "country": "FR"})
    assert response.status_code == 302
    donor = reread(db).exec(select(Donor).where(Donor.name == "Fondation Égalité")).one()
    assert (donor.kind, donor.country) == ("foundation", "FR")
    response = post_form(client, f"/donors/{donor.id}/edit", {"name": "Fondation Égalité", "kind": "foundation", "country": ""})
    assert response.status_code == 302 and reread(db).get(Donor, donor.id).country is None
    actions = [event.action for event in db.exec(select(AuditEvent).where(AuditEvent.record_type == "donor"))]
    assert actions == ["donor.create", "donor.update"]


def test_donor_without_a_name_is_refused_and_kind_kept(client, db, world):
    staff(client, db, "finance_officer")
    response = post_form(client, "/donors/new", {"name": " ", "kind": "individual", "country": "KE"})
    page = text_of(response)
    assert response.status_code == 200 and "This field is required" in page
    assert '<option selected value="individual">' in page and '<option selected value="KE">' in page
    assert len(reread(db).exec(select(Donor)).all()) == 1


def test_attaching_a_user_gives_her_the_donor_role_once(client, db, world):
    user = make_user(db, email="hilde@example.org", name="Hilde", roles=("applicant",))
    db.commit()
    staff(client, db, "fund_manager")
    for _ in range(2):
        response = post_form(client, f"/donors/{world['donor']}/users", {"email": " Hilde@Example.org "},
                             page=f"/donors/{world['donor']}/edit")
        assert response.status_code == 302
    assert reread(db).exec(select(DonorMember)).all() == [DonorMember(donor_id=world["donor"], user_id=user.id)]
    assert {link.role for link in db.exec(select(UserRole).where(UserRole.user_id == user.id))} == {"applicant", "donor"}
    assert "Hilde" in text_of(client.get(f"/donors/{world['donor']}/edit"))


def test_attaching_an_unknown_email_explains_and_writes_nothing(client, db, world):
    staff(client, db, "fund_manager")
    response = post_form(client, f"/donors/{world['donor']}/users", {"email": "nobody@example.org"},
                         page=f"/donors/{world['donor']}/edit")
    page = text_of(response)
    assert response.status_code == 200 and "Nobody has an account with this email address" in page
    assert 'value="nobody@example.org"' in page
    assert reread(db).exec(select(DonorMember)).all() == []


# --- bank transfers --------------------------------------------------------------------------
def transfer_data(world, **overrides):
    data = {"idempotency_key": "form-key-1", "donor": str(world["donor"]), "amount": "2500.00", "currency": "USD",
            "value_date": "2026-11-02", "bank_reference": "NORAD-2026-11", "fee": "", "fx_rate": "",
            "fx_source": "", "fx_date": "", "earmark": ""}
    return {**data, **overrides}


def post_transfer(client, world, **overrides):
    return post_form(client, f"/donors/funds/{world['fund']}/transfers/new", transfer_data(world, **overrides))


def test_transfer_in_the_fund_currency_books_amount_fee_and_earmark(client, db, world):
    staff(client, db, "finance_officer")
    response = post_transfer(client, world, fee="12.50", earmark="country:LB")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/donors/funds/{world['fund']}/contributions")
    contribution = reread(db).exec(select(Contribution)).one()
    assert (contribution.status, contribution.amount_minor, contribution.fund_amount_minor, contribution.fee_minor) == (
        "received", 250_000, 250_000, 1_250)
    earmark = (contribution.earmark_kind, contribution.earmark_value, contribution.bank_reference)
    assert earmark == ("country", "LB", "NORAD-2026-11")
    fund = world["fund"]
    assert balance(db, f"fund:{fund}:unallocated") == 248_750 and balance(db, f"fund:{fund}:fees") == 1_250
    assert check(db) == []
    page = text_of(client.get(response.headers["Location"]))
    assert "Received" in page and "$2,500.00" in page and "$12.50" in page and "Country: Lebanon" in page


def test_transfer_in_euros_is_converted_with_rate_source_and_date(client, db, world):
    staff(client, db, "finance_officer")
    response = post_transfer(client, world, amount="1000", currency="EUR", fx_rate="1.08365",
                             fx_source="ECB reference rate", fx_date="2026-11-02", earmark="theme:protection")
    assert response.status_code == 302
    contribution = reread(db).exec(select(Contribution)).one()
    assert (contribution.currency, contribution.amount_minor, contribution.fund_amount_minor) == ("EUR", 100_000, 108_365)
    tx = db.exec(select(LedgerTransaction)).one()
    assert (tx.fx_rate, tx.fx_source, str(tx.fx_date)) == ("1.08365", "ECB reference rate", "2026-11-02")
    assert balance(db, accounts.donor_money("EUR").code) == -100_000
    assert check(db) == []
    page = text_of(client.get(response.headers["Location"]))
    assert "€1,000.00" in page and "$1,083.65" in page and "1.08365" in page and "Theme: Protection" in page


def test_amounts_and_rates_are_read_in_the_readers_language(client, db, world):
    staff(client, db, "finance_officer", locale="fr")
    response = post_transfer(client, world, amount="1 000,50", currency="EUR", fx_rate="1,5", fx_source="BCE",
                             fx_date="2026-11-02", fee="2,25")
    assert response.status_code == 302, text_of(response)
    contribution = reread(db).exec(select(Contribution)).one()
    assert (contribution.amount_minor, contribution.fund_amount_minor, contribution.fee_minor) == (100_050, 150_075, 225)
    assert check(db) == []


def test_double_submit_records_one_contribution_and_one_ledger_transaction(client, db, world):
    staff(client, db, "finance_officer")
    url = f"/donors/funds/{world['fund']}/transfers/new"
    form_page = text_of(client.get(url))
    [key] = KEY.findall(form_page)
    assert KEY.findall(text_of(client.get(url))) != [key]  # each rendering has its own key
    first = post_transfer(client, world, idempotency_key=key)
    second = post_transfer(client, world, idempotency_key=key)
    assert first.status_code == second.status_code == 302
    assert len(reread(db).exec(select(Contribution)).all()) == 1
    assert len(db.exec(select(LedgerTransaction)).all()) == 1
    assert check(db) == []


@pytest.mark.parametrize("overrides, message, kept", [
    ({"amount": "two thousand"}, "Please enter an amount in digits", 'value="two thousand"'),
    ({"amount": "10.123"}, "USD amounts have at most 2 decimals.", 'value="10.123"'),
    ({"amount": "0"}, "The amount must be more than zero.", 'value="0"'),
    ({"currency": "EUR", "amount": "1000"}, "Please give the exchange rate: how many USD one EUR buys.", 'value="1000"'),
    ({"currency": "EUR", "fx_rate": "-2", "fx_source": "ECB", "fx_date": "2026-11-02"},
     "Please enter the rate as a positive number", 'value="-2"'),
    ({"currency": "ZZZ"}, "We cannot record ZZZ: choose a currency from the list.", 'value="2500.00"'),
    ({"fee": "3000"}, "The fee cannot be larger than the contribution.", 'value="3000"'),
])
def test_bad_transfer_is_explained_keeps_what_was_typed_and_writes_nothing(client, db, world, overrides, message, kept):
    staff(client, db, "finance_officer")
    response = post_transfer(client, world, **overrides)
    page = text_of(response)
    assert response.status_code == 200
    assert message in page and kept in page and 'value="NORAD-2026-11"' in page
    assert reread(db).exec(select(Contribution)).all() == []
    assert db.exec(select(LedgerTransaction)).all() == []
    assert check(db) == []


def test_amount_credited_by_the_bank_is_booked_with_its_rounding(client, db, world):
    staff(client, db, "finance_officer")
    response = post_transfer(client, world, amount="1000", currency="EUR", fx_rate="1.08365",
                             fx_source="Bank advice", fx_date="2026-11-02", credited="1083.66")
    assert response.status_code == 302
    assert reread(db).exec(select(Contribution)).one().fund_amount_minor == 108_366
    assert balance(db, f"fund:{world['fund']}:fx_rounding") == -1
    assert check(db) == []
