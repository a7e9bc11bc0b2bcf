"""Publication choices: the grantee flags her grant "do not publish" and shares her story (or
not); only a fund manager lifts "do not publish"; the fund manager opts a fund's public
transparency page in or out. Every change is audited; no one else may make it."""
import pytest
from sqlmodel import select

from factories import make_applicant, make_staff
from helpers import post_form, sign_in
from portal.audit.models import AuditEvent
from portal.review.decisions import approve
from tests.grants.support import World


@pytest.fixture
def world(db):
    """An applicant's grant, awarded."""
    world = World(db)
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    db.commit()
    return world


def flags(db, grant):
    db.expire_all()
    return grant.do_not_publish, grant.story_consent


def test_the_grantee_hides_her_grant_and_shares_her_story_but_cannot_unhide_it(client, db, world):
    grant = world.grant(db)
    sign_in(client, world.applicant.email)
    page = f"/grants/{grant.id}"
    assert "Do not publish" in client.get(page).get_data(as_text=True)
    post_form(client, f"{page}/publication", {"do_not_publish": "y", "story_consent": "y"}, page=page)
    assert flags(db, grant) == (True, True)
    post_form(client, f"{page}/publication", {}, page=page)  # both unticked: consent withdrawn, still hidden
    assert flags(db, grant) == (True, False)
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "grant.publication")).all()
    assert [e.after for e in events] == [{"do_not_publish": True, "story_consent": True},
                                        {"do_not_publish": True, "story_consent": False}]


def test_a_fund_manager_lifts_do_not_publish_but_never_gives_consent(client, db, world):
    grant = world.grant(db)
    grant.do_not_publish = True
    db.add(grant)
    db.commit()
    sign_in(client, world.manager.email)
    page = f"/grants/{grant.id}"
    post_form(client, f"{page}/publication", {"story_consent": "y"}, page=page)
    assert flags(db, grant) == (False, False)


def test_no_one_else_changes_a_grants_publication(client, db, world):
    grant = world.grant(db)
    make_applicant(db, email="intruder@example.org", org_name="Other group")
    db.commit()
    sign_in(client, "intruder@example.org")
    response = post_form(client, f"/grants/{grant.id}/publication", {"story_consent": "y"}, page="/")
    assert response.status_code == 404 and flags(db, grant) == (False, False)
    client.post("/accounts/sign-out")
    sign_in(client, world.finance.email)
    response = post_form(client, f"/grants/{grant.id}/publication", {"do_not_publish": "y"}, page="/")
    assert response.status_code == 403 and flags(db, grant) == (False, False)


def test_the_fund_manager_publishes_the_transparency_page_and_takes_it_down(client, db, world):
    public = f"/dashboards/{world.fund.id}/public"
    assert client.get(public).status_code == 404
    sign_in(client, world.manager.email)
    dashboard = f"/dashboards/{world.fund.id}"
    post_form(client, f"{dashboard}/publication", {"is_public": "y"}, page=dashboard)
    assert client.get(public).status_code == 200
    post_form(client, f"{dashboard}/publication", {}, page=dashboard)
    assert client.get(public).status_code == 404
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "fund.public_page")).all()
    assert [e.after["is_public"] for e in events] == [True, False]


def test_finance_officers_and_donors_cannot_publish_a_fund(client, db, world):
    make_staff(db, email="donor@example.org", roles=("donor",))
    db.commit()
    for email in (world.finance.email, "donor@example.org"):
        sign_in(client, email)
        response = post_form(client, f"/dashboards/{world.fund.id}/publication", {"is_public": "y"}, page="/")
        assert response.status_code == 403
        client.post("/accounts/sign-out")
    db.expire_all()
    assert not world.fund.is_public
