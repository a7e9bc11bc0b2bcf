"""The audit history of an application and of a grant: every related record's events, nothing of
another application's, never a payee's details, and only for the staff who may read it."""
import pytest
from sqlmodel import select

from factories import make_applicant, make_staff, make_submitted_application, make_user
from helpers import sign_in
from tests.grants.support import World
from portal import audit
from portal.audit import queries
from portal.grants import disbursements
from portal.grants.models import Grant
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement, release_tranche
from portal.review.decisions import approve
from portal.review.models import Message, ReviewAssignment

FINANCE = {"finance_officer"}
PHONE = "+243 81 234 5678"
HOLDER = "Zawadi Mwangaza"


def assign(db, application, reviewer, manager):
    """A review assignment and a message, audited as the review pages will record them."""
    assignment = ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id, assigned_by_id=manager.id)
    message = Message(application_id=application.id, sender_id=manager.id, from_staff=True, body="Which village?")
    db.add_all([assignment, message])
    db.flush()
    audit.record(db, actor=manager, action="review.assign", record=assignment, after={"reviewer": reviewer.id})
    audit.record(db, actor=manager, action="message.send", record=message, after={"from_staff": True})
    return assignment


@pytest.fixture
def story(db):
    """One application taken from review to a confirmed payment, and another application
    decided beside it in the same fund."""
    world = World(db, plan=[{"percent": 60, "after_report": None}, {"percent": 40, "after_report": "interim"}])
    reviewer = make_staff(db, email="adviser@example.org", roles=("reviewer",), reads=("sw",))
    assign(db, world.application, reviewer, world.manager)
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k1",
            conditions="Report every month")
    grant = world.grant(db)
    share = grant.shares[0]
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="sw")
    save_payee(db, share=share, method="mobile_money", actor=world.applicant,
               details={"account_holder": HOLDER, "phone_number": PHONE, "operator": "M-Pesa"})
    release_tranche(db, tranche=share.tranches[1], actor=world.manager, roles={"fund_manager"})
    payment = disbursements.schedule(db, tranche=share.tranches[0], actor=world.finance, roles=FINANCE, key="s1")
    disbursements.approve(db, disbursement=payment, actor=world.finance2, roles=FINANCE)
    disbursements.mark_sent(db, disbursement=payment, actor=world.finance, roles=FINANCE, method="mobile_money",
                            reference="MPESA-123")
    disbursements.confirm(db, disbursement=payment, actor=world.finance, roles=FINANCE)

    applicant, organisation = make_applicant(db, email="neema@example.org", org_name="Dada Pamoja")
    other = make_submitted_application(db, tier=world.tier, organisation=organisation, applicant=applicant,
                                       status="in_review")
    other_assignment = assign(db, other, reviewer, world.manager)
    other_decision = approve(db, application=other, actor=world.manager, amount_minor=100_000, key="k2",
                             conditions="Unrelated condition")
    db.commit()
    world.grant_id, world.payment = grant.id, payment
    other_grant = db.exec(select(Grant).where(Grant.application_id == other.id)).one()
    world.other = {("application", other.id), ("decision", other_decision.id),
                   ("review_assignment", other_assignment.id), ("grant", other_grant.id)}
    return world


def signed_in(client, db, role):
    make_user(db, email=f"{role}@example.org", name=f"The {role}", roles=(role,))
    db.commit()
    sign_in(client, f"{role}@example.org")


def test_the_application_history_gathers_the_events_of_every_related_record(db, story):
    lines, more = queries.history(db, queries.application_records(story.application.id))
    kinds = {line.record_type for line in lines}
    assert kinds == {"application", "review_assignment", "message", "decision", "grant", "payee", "tranche",
                     "disbursement"}
    actions = [line.action for line in lines]
    for expected in ("review.assign", "application.approve", "decision.approved", "grant.award", "grant.accept",
                     "payee.save", "tranche.release", "disbursement.schedule", "disbursement.approve",
                     "disbursement.send", "disbursement.confirm"):
        assert expected in actions
    assert actions.index("disbursement.schedule") < actions.index("disbursement.confirm")
    assert not {(line.record_type, line.record_id) for line in lines} & story.other
    assert more is False


def test_the_grant_history_holds_the_grant_and_what_hangs_off_it_only(db, story):
    lines, _more = queries.history(db, queries.grant_records(story.grant_id))
    assert {line.record_type for line in lines} == {"grant", "payee", "tranche", "disbursement"}
    assert {line.record_id for line in lines if line.record_type == "grant"} == {story.grant_id}


def test_the_application_page_shows_who_did_what_before_and_after(client, db, story):
    signed_in(client, db, "fund_manager")
    page = client.get(f"/audit/applications/{story.application.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "decision.approved" in text and "Report every month" in text and "MPESA-123" in text
    assert "Finance1" in text and "Manager" in text  # actors by display name
    assert "<code>status</code>: <bdi>in_review</bdi>" in text and "<code>status</code>: <bdi>approved</bdi>" in text
    assert "Unrelated condition" not in text
    assert f'href="/audit/grants/{story.grant_id}"' in text


def test_payee_details_never_appear_only_their_hint(client, db, story):
    signed_in(client, db, "admin")
    for url in (f"/audit/applications/{story.application.id}", f"/audit/grants/{story.grant_id}",
                "/audit/export.csv"):
        text = client.get(url).get_data(as_text=True)
        assert "•••• 5678" in text, url
        assert PHONE not in text and HOLDER not in text and "M-Pesa" not in text, url


def test_system_events_are_shown_as_system(client, db, story):
    audit.record(db, actor=None, action="disbursement.bank_callback", record=story.payment, after={"seen": True})
    db.commit()
    signed_in(client, db, "finance_officer")
    text = client.get(f"/audit/grants/{story.grant_id}").get_data(as_text=True)
    assert "disbursement.bank_callback" in text and "System" in text


def test_long_histories_are_paged(db, story):
    for _number in range(queries.PAGE_SIZE):
        audit.record_access(db, actor=story.manager, record=story.application)
    db.commit()
    first, more = queries.history(db, queries.application_records(story.application.id))
    second, last = queries.history(db, queries.application_records(story.application.id), page=2)
    assert len(first) == queries.PAGE_SIZE and more and second and not last
    assert not {line.id for line in first} & {line.id for line in second}


@pytest.mark.parametrize("role, application_page, grant_page", [
    ("applicant", 403, 403), ("reviewer", 403, 403), ("donor", 403, 403),
    ("finance_officer", 403, 200), ("fund_manager", 200, 200), ("admin", 200, 200),
])
def test_who_may_read_the_histories(client, db, story, role, application_page, grant_page):
    signed_in(client, db, role)
    assert client.get(f"/audit/applications/{story.application.id}").status_code == application_page
    assert client.get(f"/audit/grants/{story.grant_id}").status_code == grant_page


def test_strangers_are_sent_to_sign_in_and_unknown_records_are_not_found(client, db, story):
    response = client.get(f"/audit/applications/{story.application.id}")
    assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"]
    signed_in(client, db, "admin")
    assert client.get("/audit/applications/999999").status_code == 404
    assert client.get("/audit/grants/999999").status_code == 404
