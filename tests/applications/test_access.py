"""An organisation never sees another's records: every object route is tried with foreign ids."""
import pytest

from factories import make_applicant, make_tier
from helpers import csrf_token, sign_in
from portal.applications.models import Application, Attachment, ConsortiumMember


@pytest.fixture
def foreign_application(db):
    """An application (with an attachment and a member) belonging to another organisation."""
    tier = make_tier(db, documents=("budget",), consortium=(2, 3))
    owner, org = make_applicant(db, email="owner@example.org", org_name="Owner group")
    application = Application(tier_id=tier.id, organisation_id=org.id, created_by_id=owner.id)
    db.add(application)
    db.flush()
    db.add(Attachment(application_id=application.id, document_key="budget", original_name="b.pdf",
                      stored_name="0" * 32, content_type="application/pdf", size_bytes=1))
    db.add(ConsortiumMember(application_id=application.id, invited_email="m@example.org", invited_name="M", share_minor=0))
    make_applicant(db, email="intruder@example.org", org_name="Other group")
    db.commit()
    return application


def object_urls(app, application):
    """Every route that takes an application id, filled with the foreign ids: (method, path, the
    refusal an applicant of another organisation gets). Routes applicants may use answer 404,
    so ids reveal nothing; staff-only routes answer 403 before looking at the record."""
    values = {"application_id": application.id, "attachment_id": application.attachments[0].id,
              "member_id": application.members[0].id}
    urls = []
    for rule in app.url_map.iter_rules():
        if "application_id" in rule.arguments:
            path = rule.rule
            for name, value in values.items():
                path = path.replace(f"<int:{name}>", str(value))
            access = app.view_functions[rule.endpoint].access
            refusal = 404 if {"applicant", "signed_in", "public"} & set(access) else 403
            urls.extend((method, path, refusal) for method in sorted(rule.methods - {"HEAD", "OPTIONS"}))
    return urls


def test_every_object_route_refuses_another_organisation(app, client, db, foreign_application):
    urls = object_urls(app, foreign_application)
    assert len(urls) >= 10
    sign_in(client, "intruder@example.org")
    token = csrf_token(client, "/")
    assert {refusal for _method, _path, refusal in urls} == {403, 404}
    for method, path, refusal in urls:
        response = client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code == refusal, (method, path, response.status_code)
    db.expire_all()
    assert db.get(Application, foreign_application.id).status == "draft"


def test_anonymous_visitors_are_sent_to_sign_in(app, client, db, foreign_application):
    for method, path, _refusal in object_urls(app, foreign_application):
        if method == "GET":
            response = client.get(path)
            assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"], path


def test_applicants_cannot_open_staff_pages(client, db, foreign_application):
    sign_in(client, "intruder@example.org")
    assert client.get("/funds/").status_code == 403
