"""Every route × every role: who may not use a route is refused before anything happens, an
applicant of another organisation finds none of this organisation's records, and a reviewer
none of the assignments that are not hers. Refused requests change nothing.

The routes come from the app itself (a new route is checked without touching this file); every
id in a path is filled with a real record of one organisation's application, from submission
to a scheduled payment.
"""
import pytest
from sqlmodel import select

from factories import make_applicant, make_donor, make_staff, make_user
from helpers import csrf_token, sign_in
from portal.applications.models import Attachment, ConsortiumMember
from portal.donors.models import Contribution
from portal.funds.models import EligibilityRule, Question
from portal.grants import disbursements
from portal.grants.models import Disbursement, Grant
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.ledger.invariants import check
from portal.review.decisions import approve
from portal.reports.models import Report, ReportFile
from portal.review.models import ReviewAssignment, RubricCriterion
from tests.grants.support import World

#: Routes that authenticate themselves rather than by session (Stripe signs its webhook).
SELF_AUTHENTICATED = {"payments.stripe_webhook"}
#: Who tries: (email, roles) — none of them belongs to the application's organisation.
OUTSIDERS = {
    "intruder": ("applicant",), "stranger-reviewer": ("reviewer",), "donor": ("donor",),
    "finance": ("finance_officer",), "manager": ("fund_manager",), "admin": ("admin",),
}


@pytest.fixture
def records(db):
    """One organisation's records at every stage, and the ids to fill every route with."""
    world = World(db)
    tier = world.tier
    rule = EligibilityRule(tier_id=tier.id, field="women_led", operator="eq", value=["yes"], explanation={"en": "x"})
    criterion = RubricCriterion(tier_id=tier.id, key="relevance", label={"en": "Relevance"}, weight=2)
    attachment = Attachment(application_id=world.application.id, document_key="budget", original_name="b.pdf",
                            stored_name="1" * 32, content_type="application/pdf", size_bytes=1)
    member = ConsortiumMember(application_id=world.application.id, invited_email="m@example.org", invited_name="M",
                              share_minor=0)
    reviewer = make_staff(db, email="reviewer@example.org", roles=("reviewer",), reads=("sw",))
    db.add_all([rule, criterion, attachment, member])
    db.flush()
    assignment = ReviewAssignment(application_id=world.application.id, reviewer_id=reviewer.id,
                                  assigned_by_id=world.manager.id)
    db.add(assignment)
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="en")
    share = grant.shares[0]
    save_payee(db, share=share, method="mobile_money", actor=world.applicant,
               details={"account_holder": "A", "phone_number": "+243812345678", "operator": "M-Pesa"})
    payment = disbursements.schedule(db, tranche=share.tranches[0], actor=world.finance,
                                     roles={"finance_officer"}, key="s")
    make_applicant(db, email="intruder@example.org", org_name="Other group")
    make_staff(db, email="stranger-reviewer@example.org", roles=("reviewer",), reads=("sw",))
    make_user(db, email="donor@example.org", roles=("donor",))
    make_staff(db, email="finance@example.org", roles=("finance_officer",))
    make_staff(db, email="admin@example.org", roles=("admin",))
    contribution = db.exec(select(Contribution)).first()
    donor = make_donor(db, name="Other donor")
    report = db.exec(select(Report).where(Report.grant_id == grant.id)).first()  # scheduled on acceptance
    report_file = ReportFile(report_id=report.id, kind="photo", stored_name="2" * 32, original_name="p.jpg",
                             content_type="image/jpeg", size=1, uploaded_by_id=world.applicant.id)
    db.add(report_file)
    db.commit()
    return world, {
        "application_id": world.application.id, "attachment_id": attachment.id, "member_id": member.id,
        "assignment_id": assignment.id, "criterion_id": criterion.id, "tier_id": tier.id, "call_id": tier.call_id,
        "fund_id": world.fund.id, "question_id": db.exec(select(Question)).first().id, "rule_id": rule.id,
        "grant_id": grant.id, "share_id": share.id, "tranche_id": share.tranches[0].id,
        "disbursement_id": payment.id, "contribution_id": contribution.id, "donor_id": donor.id,
        "report_id": report.id, "file_id": report_file.id,
        "token": "not-a-token", "digest": "0", "name": "app.css",
    }


def routes(app, ids):
    """(endpoint, method, path, access) for every route of the app, with its ids filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SELF_AUTHENTICATED or rule.endpoint.startswith("static"):
            continue
        missing = set(rule.arguments) - set(ids)
        assert not missing, f"{rule.rule}: add a record for {missing} to this test"
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(ids[name])).replace(f"<{name}>", str(ids[name]))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path, app.view_functions[rule.endpoint].access))
    return found


def request(client, method, path, token):
    return client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)


@pytest.mark.parametrize("who", sorted(OUTSIDERS))
def test_routes_refuse_roles_they_do_not_name(app, client, db, records, who):
    world, ids = records
    roles = set(OUTSIDERS[who])
    sign_in(client, f"{who}@example.org")
    token = csrf_token(client, "/")
    checked = 0
    for endpoint, method, path, access in routes(app, ids):
        if {"public", "signed_in"} & set(access) or roles & set(access):
            continue
        response = request(client, method, path, token)
        assert response.status_code == 403, (who, method, path, response.status_code)
        checked += 1
    assert checked >= 20


def test_an_applicant_of_another_organisation_finds_none_of_its_records(app, client, db, records):
    world, ids = records
    sign_in(client, "intruder@example.org")
    token = csrf_token(client, "/")
    objects = {"application_id", "attachment_id", "member_id", "grant_id", "share_id", "tranche_id", "report_id",
               "file_id"}
    checked = 0
    for endpoint, method, path, access in routes(app, ids):
        if not ({"applicant", "signed_in"} & set(access)) or not objects & set(
                app.url_map._rules_by_endpoint[endpoint][0].arguments):
            continue
        response = request(client, method, path, token)
        assert response.status_code == 404, (method, path, response.status_code)
        checked += 1
    assert checked >= 15
    unchanged(db, world)


def test_a_reviewer_finds_no_assignment_that_is_not_hers(app, client, db, records):
    world, ids = records
    sign_in(client, "stranger-reviewer@example.org")
    token = csrf_token(client, "/")
    checked = 0
    for endpoint, method, path, access in routes(app, ids):
        if "reviewer" not in access or "assignment_id" not in app.url_map._rules_by_endpoint[endpoint][0].arguments:
            continue
        response = request(client, method, path, token)
        assert response.status_code == 404, (method, path, response.status_code)
        checked += 1
    assert checked >= 3
    unchanged(db, world)


def test_signed_out_visitors_are_sent_to_sign_in_from_every_page_that_is_not_public(app, client, db, records):
    world, ids = records
    for endpoint, method, path, access in routes(app, ids):
        if method == "GET" and "public" not in access:
            response = client.get(path)
            assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"], path


def unchanged(db, world):
    db.expire_all()
    assert world.application.status == "approved" and db.exec(select(Grant)).one().status == "accepted"
    assert db.exec(select(Disbursement)).one().status == "scheduled"
    assert db.exec(select(ReviewAssignment)).one().status == "assigned"
    assert {report.status for report in db.exec(select(Report)).all()} == {"due"}
    assert check(db) == []
