"""Who may use every review route: fund managers and admins run the review, reviewers see only
their own assignments, the applicant's inbox is her organisation's alone."""
import pytest
from sqlmodel import select

from factories import make_applicant, make_user
from helpers import csrf_token, sign_in
from portal.review.models import Decision, Message, ReviewAssignment, RubricCriterion
from tests.review.support import assign, reread, rubric

MANAGER_ONLY = {"queue", "batch", "application", "start_review", "assign", "ask", "approve", "decline", "rubric",
                "edit_criterion", "delete_criterion"}
REVIEWER_ONLY = {"languages", "assigned", "assignment", "score", "recuse"}


@pytest.fixture
def ids(db, world):
    criterion, = rubric(db, world.tier, 1)
    assignment = assign(db, world.application, world.ana, world.manager)
    make_user(db, email="donor@example.org", name="Donor", roles=("donor",))
    make_applicant(db, email="intruder@example.org", org_name="Other group")
    db.commit()
    return {"application_id": world.application.id, "tier_id": world.tier.id, "criterion_id": criterion.id,
            "assignment_id": assignment.id}


def routes(app, ids, prefix):
    """(endpoint, method, url) of every route whose endpoint starts with `prefix`."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(prefix):
            url = rule.rule
            for name, value in ids.items():
                url = url.replace(f"<int:{name}>", str(value))
            found += [(rule.endpoint.split(".")[1], method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def call(client, method, url, token):
    return client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})


def nothing_written(db, world):
    db = reread(db)
    assert db.get(type(world.application), world.application.id).status == "in_review"
    assert [a.status for a in db.exec(select(ReviewAssignment))] == ["assigned"]
    assert db.exec(select(Decision)).all() == db.exec(select(Message)).all() == []
    assert len(db.exec(select(RubricCriterion)).all()) == 1


def test_every_review_route_is_covered(app, ids):
    assert {endpoint for endpoint, _method, _url in routes(app, ids, "review.")} == MANAGER_ONLY | REVIEWER_ONLY


@pytest.mark.parametrize("email", ["amina@example.org", "zawadi@example.org", "donor@example.org",
                                   "finance1@example.org"])
def test_only_fund_managers_and_admins_run_the_review(app, client, db, world, ids, email):
    sign_in(client, email)
    token = csrf_token(client, "/")
    for endpoint, method, url in routes(app, ids, "review."):
        if endpoint in MANAGER_ONLY:
            assert call(client, method, url, token).status_code == 403, (email, method, url)
    nothing_written(db, world)


@pytest.mark.parametrize("email", ["amina@example.org", "manager@example.org", "donor@example.org",
                                   "finance1@example.org"])
def test_only_reviewers_use_the_reviewer_pages(app, client, db, world, ids, email):
    sign_in(client, email)
    token = csrf_token(client, "/")
    for endpoint, method, url in routes(app, ids, "review."):
        if endpoint in REVIEWER_ONLY:
            assert call(client, method, url, token).status_code == 403, (email, method, url)
    nothing_written(db, world)


def test_another_reviewers_assignment_is_not_found(app, client, db, world, ids):
    sign_in(client, "zawadi@example.org")
    token = csrf_token(client, "/")
    for endpoint, method, url in routes(app, ids, "review.assignment") + routes(app, ids, "review.score") \
            + routes(app, ids, "review.recuse"):
        assert call(client, method, url, token).status_code == 404, (method, url)
    nothing_written(db, world)


@pytest.mark.parametrize("email", ["intruder@example.org", "zawadi@example.org", "donor@example.org",
                                   "finance1@example.org", "manager@example.org"])
def test_the_inbox_belongs_to_the_applying_organisation(app, client, db, world, ids, email):
    sign_in(client, email)
    token = csrf_token(client, "/")
    for _endpoint, method, url in routes(app, ids, "applications.messages"):
        assert call(client, method, url, token).status_code == 404, (email, method, url)
    nothing_written(db, world)


def test_anonymous_visitors_are_sent_to_sign_in(app, client, db, world, ids):
    for _endpoint, method, url in routes(app, ids, "review.") + routes(app, ids, "applications.messages"):
        response = client.open(url, method=method)
        assert response.status_code in (302, 400), (method, url)
        if response.status_code == 302:
            assert "/accounts/sign-in" in response.headers["Location"], (method, url)
    nothing_written(db, world)


def test_managers_and_admins_open_the_review_pages(client, db, world, ids):
    make_user(db, email="admin@example.org", name="Admin", roles=("admin",))
    db.commit()
    for email in ("manager@example.org", "admin@example.org"):
        other = client.application.test_client()
        sign_in(other, email)
        for url in ("/review/", f"/review/applications/{ids['application_id']}", f"/review/tiers/{ids['tier_id']}/rubric",
                    f"/review/criteria/{ids['criterion_id']}/edit"):
            assert other.get(url).status_code == 200, (email, url)
