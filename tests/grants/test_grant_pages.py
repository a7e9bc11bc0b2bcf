"""The grant page: the agreement accepted online, payee details per share shown only as a hint,
the fund manager's plan and release forms; and who may see which grant."""
import pytest
from sqlmodel import select

from factories import make_applicant, make_organisation, make_user
from helpers import post_form
from portal.accounts.models import Membership
from portal.applications.models import ConsortiumMember
from portal.audit import AuditEvent
from portal.grants.models import Payee, Tranche
from portal.grants.payees import decrypt
from portal.ledger.invariants import check
from tests.finance.support import (BANK, MOBILE, PHONE, Browsers, accept, approved, give_payee, grant, html,
                                   reread)


@pytest.fixture
def browsers(app, client):
    return Browsers(app)


def test_the_applicant_accepts_the_terms_in_her_language_and_only_then_gives_payee_details(db, browsers):
    world, awarded = approved(db, conditions="Tell us about the radio programme.\nKeep the receipts.")
    share = awarded.shares[0]
    applicant = browsers("amina@example.org")
    applicant.set_cookie("lang", "fr")
    early = give_payee(applicant, awarded.id, share.id, "mobile_money", MOBILE)
    assert early.status_code == 302 and reread(db).exec(select(Payee)).all() == []
    page = html(applicant.get(f"/grants/{awarded.id}"))
    assert 'name="phone_number"' not in page and f"/grants/{awarded.id}/accept" in page
    assert "Tell us about the radio programme.\nKeep the receipts." in page

    assert accept(applicant, awarded.id).status_code == 302
    accepted = grant(db, awarded.id)
    assert (accepted.status, accepted.accepted_language) == ("accepted", "fr")
    assert accepted.accepted_by_id == world.applicant.id
    assert [t.status for t in accepted.shares[0].tranches] == ["payable", "waiting"]
    assert f"/grants/{awarded.id}/accept" not in html(applicant.get(f"/grants/{awarded.id}"))
    assert accept(applicant, awarded.id).status_code == 302  # a second click changes nothing
    assert grant(db, awarded.id).accepted_language == "fr"


def test_payee_details_are_asked_method_by_method_and_never_shown_again(db, browsers):
    _world, awarded = approved(db)
    share = awarded.shares[0]
    applicant = browsers("amina@example.org")
    accept(applicant, awarded.id)
    step_one = html(applicant.get(f"/grants/{awarded.id}"))
    assert 'name="method"' in step_one and 'name="phone_number"' not in step_one
    step_two = html(applicant.get(f"/grants/{awarded.id}?share={share.id}&method=mobile_money"))
    assert 'name="phone_number"' in step_two and 'name="account_number"' not in step_two

    incomplete = give_payee(applicant, awarded.id, share.id, "mobile_money", {**MOBILE, "operator": ""})
    assert incomplete.status_code == 200 and "Please fill this in." in html(incomplete)
    assert 'value="Mama Amani"' in html(incomplete)  # what was typed is kept
    forged = give_payee(applicant, awarded.id, share.id, "cash_in_a_bag", MOBILE)
    assert "Please choose how you want to be paid" in html(applicant.get(forged.headers["Location"]))
    assert reread(db).exec(select(Payee)).all() == []

    assert give_payee(applicant, awarded.id, share.id, "mobile_money", MOBILE).status_code == 302
    payee, = reread(db).exec(select(Payee)).all()
    assert decrypt(payee.details_encrypted)["phone_number"] == PHONE and PHONE not in payee.details_encrypted
    page = html(applicant.get(f"/grants/{awarded.id}"))
    assert "•••• 5678" in page and PHONE not in page and "Replace these payment details" in page

    give_payee(applicant, awarded.id, share.id, "bank_transfer", BANK)
    replaced, = reread(db).exec(select(Payee)).all()
    assert (replaced.method, replaced.hint) == ("bank_transfer", "•••• 7766")
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "payee.save")).all()) == 2


def test_each_consortium_member_gives_its_own_payee_details_and_the_lead_accepts(db, browsers):
    world, awarded = consortium_grant(db)
    lead_share, partner_share = awarded.shares
    partner = browsers("partner@example.org")
    page = html(partner.get(f"/grants/{awarded.id}"))
    assert "Members of the consortium" in page and "Sauti ya Wanawake" in page and "Mama Amani" in page
    assert f"/grants/{awarded.id}/accept" not in page and "the lead organisation, accepts" in page
    accept(partner, awarded.id)
    assert grant(db, awarded.id).status == "awarded"

    accept(browsers("amina@example.org"), awarded.id)
    assert grant(db, awarded.id).status == "accepted"
    assert give_payee(partner, awarded.id, lead_share.id, "mobile_money", MOBILE).status_code == 404
    assert give_payee(partner, awarded.id, partner_share.id, "mobile_money", MOBILE).status_code == 302
    payee, = reread(db).exec(select(Payee)).all()
    assert payee.share_id == partner_share.id
    lead_page = html(browsers("amina@example.org").get(f"/grants/{awarded.id}"))
    assert "•••• 5678" not in lead_page  # a partner's hint is for the partner and finance only
    assert check(reread(db)) == []


def consortium_grant(db):
    """A grant to Mama Amani (lead, 300,000) and Sauti ya Wanawake (100,000), approved."""
    from tests.grants.support import World
    world = World(db, consortium=(2, 3), plan=[{"percent": 100, "after_report": None}])
    partner_org = make_organisation(db, name="Sauti ya Wanawake")
    make_user(db, email="partner@example.org", name="Neema", organisation=partner_org)
    for org, share, lead in ((world.organisation, 300_000, True), (partner_org, 100_000, False)):
        db.add(ConsortiumMember(application_id=world.application.id, organisation_id=org.id, is_lead=lead,
                                invited_email=f"{org.id}@example.org", invited_name=org.name, share_minor=share,
                                status="accepted"))
    db.flush()
    from portal.review.decisions import approve
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="decide")
    db.commit()
    return world, world.grant(db)


def test_fund_managers_adjust_the_plan_only_to_amounts_that_make_the_share(db, browsers):
    _world, awarded = approved(db)
    share = awarded.shares[0]
    first, second = share.tranches
    manager = browsers("manager@example.org")
    url = f"/grants/{awarded.id}/shares/{share.id}/plan"
    wrong = post_form(manager, url, {f"tranche_{first.id}": "2000", f"tranche_{second.id}": "1000"},
                      page=f"/grants/{awarded.id}")
    assert wrong.status_code == 200 and "must add up to the share" in html(wrong)
    assert 'value="2000"' in html(wrong)
    unreadable = post_form(manager, url, {f"tranche_{first.id}": "deux mille", f"tranche_{second.id}": "2000"},
                           page=f"/grants/{awarded.id}")
    assert "Please write an amount in numbers" in html(unreadable)
    assert [t.amount_minor for t in reread(db).exec(select(Tranche).order_by(Tranche.id)).all()] == [240_000, 160_000]

    right = post_form(manager, url, {f"tranche_{first.id}": "1000", f"tranche_{second.id}": "3000"},
                      page=f"/grants/{awarded.id}")
    assert right.status_code == 302
    assert [t.amount_minor for t in reread(db).exec(select(Tranche).order_by(Tranche.id)).all()] == [100_000, 300_000]
    assert reread(db).exec(select(AuditEvent).where(AuditEvent.action == "grant.adjust_plan")).first() is not None


def test_fund_managers_release_a_tranche_waiting_for_its_report_once_the_terms_are_accepted(db, browsers):
    _world, awarded = approved(db)
    waiting = awarded.shares[0].tranches[1]
    manager = browsers("manager@example.org")
    url = f"/grants/{awarded.id}/tranches/{waiting.id}/release"
    refused = post_form(manager, url, page=f"/grants/{awarded.id}")
    assert "not been accepted yet" in html(manager.get(refused.headers["Location"]))
    accept(browsers("amina@example.org"), awarded.id)
    assert f"/tranches/{waiting.id}/release" in html(manager.get(f"/grants/{awarded.id}"))
    post_form(manager, url, page=f"/grants/{awarded.id}")
    assert reread(db).get(Tranche, waiting.id).status == "payable"
    assert post_form(browsers("finance1@example.org"), url, page="/finance/").status_code == 403


def test_staff_reads_are_audited_and_finance_sees_hints_where_managers_do_not(db, browsers):
    world, awarded = approved(db)
    applicant = browsers("amina@example.org")
    accept(applicant, awarded.id)
    give_payee(applicant, awarded.id, awarded.shares[0].id, "bank_transfer", BANK)
    finance_page = html(browsers("finance1@example.org").get(f"/grants/{awarded.id}"))
    manager_page = html(browsers("manager@example.org").get(f"/grants/{awarded.id}"))
    assert "•••• 7766" in finance_page and "CD0099887766" not in finance_page
    assert "•••• 7766" not in manager_page and "Given by the grantee" in manager_page
    assert "Adjust the plan" in manager_page and "Adjust the plan" not in finance_page
    reads = reread(db).exec(select(AuditEvent).where(AuditEvent.action == "grant.read")).all()
    assert {event.actor_id for event in reads} == {world.finance.id, world.manager.id}


# --- who may see which grant --------------------------------------------------------------
def routes(awarded):
    share, tranche = awarded.shares[0], awarded.shares[0].tranches[1]
    return [("get", f"/grants/{awarded.id}"), ("post", f"/grants/{awarded.id}/accept"),
            ("post", f"/grants/{awarded.id}/shares/{share.id}/payee"),
            ("post", f"/grants/{awarded.id}/shares/{share.id}/plan"),
            ("post", f"/grants/{awarded.id}/tranches/{tranche.id}/release")]


def visit(browser, method, url):
    if method == "get":
        return browser.get(url)
    return post_form(browser, url, {"method": "mobile_money", **MOBILE}, page="/accounts/account")


def test_an_applicant_of_another_organisation_finds_nothing(db, browsers):
    _world, awarded = approved(db)
    make_applicant(db, email="other@example.org", org_name="Another group")
    db.commit()
    other = browsers("other@example.org")
    for method, url in routes(awarded):
        expected = 403 if url.endswith(("/plan", "/release")) else 404
        assert visit(other, method, url).status_code == expected, url
    assert other.get("/grants/").status_code == 403
    assert other.get("/grants/999999").status_code == 404
    assert grant(db, awarded.id).status == "awarded"


@pytest.mark.parametrize("role", ["reviewer", "donor"])
def test_reviewers_and_donors_are_refused_every_grant_page(db, browsers, role):
    _world, awarded = approved(db)
    make_user(db, email=f"{role}@example.org", name=role.title(), roles=(role,))
    db.commit()
    outsider = browsers(f"{role}@example.org")
    for method, url in [("get", "/grants/"), *routes(awarded)]:
        assert visit(outsider, method, url).status_code == 403, url
    assert reread(db).exec(select(Payee)).all() == []


def test_staff_cannot_act_for_the_grantee(db, browsers):
    _world, awarded = approved(db)
    for email in ("manager@example.org", "finance1@example.org"):
        for method, url in routes(awarded)[1:3]:
            assert visit(browsers(email), method, url).status_code == 403, (email, url)
    assert grant(db, awarded.id).status == "awarded"


def test_signed_out_visitors_are_sent_to_sign_in(db, client):
    _world, awarded = approved(db)
    for url in ("/grants/", f"/grants/{awarded.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"]


def test_access_follows_membership_of_the_share_organisation(db, browsers):
    world, awarded = approved(db)
    colleague = make_user(db, email="colleague@example.org", name="Zawadi", organisation=world.organisation)
    db.commit()
    assert browsers("colleague@example.org").get(f"/grants/{awarded.id}").status_code == 200
    db.delete(db.get(Membership, (colleague.id, world.organisation.id)))
    db.commit()
    assert browsers("colleague@example.org").get(f"/grants/{awarded.id}").status_code == 404
