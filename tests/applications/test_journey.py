"""The applicant's journey through the Flask test client: check, register, write, submit."""
import re
from datetime import timedelta

from sqlmodel import select

from factories import make_tier
from helpers import (
    ELIGIBLE, answer_eligibility, csrf_token, draft_data, post_form, saved_draft, signed_in_applicant, start_draft, submit,
)
from portal.applications.models import Application, StatusChange
from portal.audit import AuditEvent

def test_register_carries_eligibility_answers_into_the_organisation(client, db):
    make_tier(db, rules=[("women_led", "eq", ["yes"])])
    db.commit()
    answer_eligibility(client)
    page = client.get("/accounts/register").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="women_group"', page)
    assert '<option selected value="CD">' in page
    response = post_form(client, "/accounts/register", {
        "display_name": "Neema", "email": "Neema@Example.org", "password": "", "organisation_name": "Wanawake Amani",
        "kind": "women_group", "registered": "no", "women_led": "yes", "country": "CD", "languages": ["sw"],
        "accept_privacy": "y",
    })
    assert response.status_code == 302
    assert client.get("/applications/").status_code == 200


def test_full_journey_submits_once_with_reference_and_expected_date(client, db):
    tier = signed_in_applicant(client, db, decision_hours=72)
    application_id = start_draft(client, tier.id)
    saved = post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier), "action": "review"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/review")
    review = client.get(f"/applications/{application_id}/review").get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', review).group(1)
    token = csrf_token(client, f"/applications/{application_id}/review")
    for _ in range(3):  # double click and back-button resubmission
        response = client.post(f"/applications/{application_id}/submit", data={"csrf_token": token, "submission_key": key})
        assert response.status_code == 302
    db.expire_all()
    application = db.get(Application, application_id)
    assert application.status == "submitted"
    assert re.fullmatch(r"MZ-[0-9A-Z]{4}-[0-9A-Z]{4}", application.reference)
    assert application.written_language == "sw" and application.requested_minor == 500_000
    assert application.eligibility_answers == ELIGIBLE
    changes = db.exec(select(StatusChange).where(StatusChange.application_id == application_id)).all()
    assert [(c.from_status, c.to_status) for c in changes] == [("draft", "submitted")]
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "application.submit")).one()
    status = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert application.reference in status
    expected = application.submitted_at + timedelta(hours=72)
    assert str(expected.year) in status and "You should hear from us by" in status


def test_new_review_page_after_submission_cannot_submit_again(client, db):
    _tier, application_id = saved_draft(client, db)
    submit(client, application_id, "first")
    again = post_form(client, f"/applications/{application_id}/submit", {"submission_key": "second"}, page=f"/applications/{application_id}")
    assert again.status_code == 302
    db.expire_all()
    assert db.get(Application, application_id).submission_key == "first"
    assert len(db.exec(select(StatusChange)).all()) == 1


def test_starting_twice_reopens_the_same_draft(client, db):
    tier = signed_in_applicant(client, db)
    assert start_draft(client, tier.id) == start_draft(client, tier.id)


def test_ineligible_tier_cannot_be_started(client, db):
    tier = signed_in_applicant(client, db, rules=[("registered", "eq", ["yes"])])
    response = post_form(client, f"/applications/start/{tier.id}", page=f"/applications/start/{tier.id}")
    assert response.headers["Location"].endswith("/eligibility/result")
    assert db.exec(select(Application)).all() == []


def test_withdraw_from_submitted_then_not_again(client, db):
    _tier, application_id = saved_draft(client, db)
    submit(client, application_id)
    post_form(client, f"/applications/{application_id}/withdraw")
    db.expire_all()
    assert db.get(Application, application_id).status == "withdrawn"
    again = post_form(client, f"/applications/{application_id}/withdraw", follow_redirects=True)
    assert "This action is not possible at this stage." in again.get_data(as_text=True)
