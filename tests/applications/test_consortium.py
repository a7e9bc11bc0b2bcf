"""Consortium applications: invitations by email, acceptance, shares that add up, lead rule."""
import re

from factories import make_applicant, make_tier
from helpers import answer_eligibility, draft_data, post_form, sign_in, start_draft
from portal.applications.models import Application, ConsortiumMember
from sqlmodel import select

JOINT = {"group_kind": "network", "registered": "yes", "women_led": "yes", "country": "CO",
         "budget_band": "10k_50k", "purpose": "joint_work"}


def invite(client, application_id, name, email, share):
    return post_form(client, f"/applications/{application_id}/members", {"name": name, "email": email, "share": share},
                     page=f"/applications/{application_id}/edit", follow_redirects=True)


def setup_consortium(client, db, mailbox, lead_women_led=True):
    tier = make_tier(db, key="consortium", min_minor=2_000_000, max_minor=10_000_000, consortium=(2, 5), lead_women_led=True)
    make_applicant(db, email="lead@example.org", org_name="Red de Mujeres", country="CO", women_led=lead_women_led)
    make_applicant(db, email="member@example.org", org_name="Colectiva Paz", country="CO")
    db.commit()
    answer_eligibility(client, JOINT)
    sign_in(client, "lead@example.org")
    application_id = start_draft(client, tier.id)
    page = invite(client, application_id, "Colectiva Paz", "member@example.org", "10000").get_data(as_text=True)
    assert "The invitation has been sent." in page
    return tier, application_id


def accept_invitation(client, mailbox):
    message = mailbox[-1]
    body = message.get_content()
    assert message["Subject"] == "You have an update on Mizani"
    assert "Colectiva" not in body and "Red de Mujeres" not in body and "10000" not in body
    path = re.search(r"http://localhost(/applications/join/\S+)", body).group(1)
    client.post("/accounts/sign-out", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)})
    sign_in(client, "member@example.org")
    assert "Red de Mujeres invites Colectiva Paz" in client.get(path).get_data(as_text=True)
    response = post_form(client, path, {"answer": "accept"}, follow_redirects=True)
    assert "Your organisation has joined the application." in response.get_data(as_text=True)
    return path


def test_consortium_submits_when_members_accepted_and_shares_add_up(client, db, mailbox):
    tier, application_id = setup_consortium(client, db, mailbox)
    path = accept_invitation(client, mailbox)
    assert client.get(path).status_code == 200  # a used invitation explains itself
    sign_in(client, "lead@example.org")
    members = db.exec(select(ConsortiumMember).where(ConsortiumMember.application_id == application_id)).all()
    lead, member = sorted(members, key=lambda m: not m.is_lead)
    data = {**draft_data(tier, requested="25000"), f"share_{lead.id}": "10000", f"share_{member.id}": "10000", "action": "review"}
    page = post_form(client, f"/applications/{application_id}/edit", data, follow_redirects=True).get_data(as_text=True)
    assert "The members&#39; shares add up to $20,000.00 but the request is $25,000.00." in page
    data[f"share_{lead.id}"] = "15000"
    post_form(client, f"/applications/{application_id}/edit", data)
    post_form(client, f"/applications/{application_id}/submit", {"submission_key": "k1"}, page=f"/applications/{application_id}/review")
    db.expire_all()
    assert db.get(Application, application_id).status == "submitted"


def test_pending_invitation_blocks_submission(client, db, mailbox):
    tier, application_id = setup_consortium(client, db, mailbox)
    post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier, requested="25000"), "action": "save"})
    review = client.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert "Waiting for 1 invited organisation to accept." in review


def test_lead_must_be_women_led(client, db, mailbox):
    tier, application_id = setup_consortium(client, db, mailbox, lead_women_led=False)
    review = client.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert "The lead organisation of a consortium must be a local women-led organisation." in review


def test_same_organisation_cannot_be_invited_twice(client, db, mailbox):
    _tier, application_id = setup_consortium(client, db, mailbox)
    page = invite(client, application_id, "Colectiva Paz", "MEMBER@example.org", "1").get_data(as_text=True)
    assert "This organisation has already been invited." in page
