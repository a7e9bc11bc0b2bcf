"""Decisions from the fund manager's page and from the queue: one grant per approval whatever
the clicks, refusals that write nothing and keep what was typed, and the applicant reading the
decision in her language."""
import re

from flask_babel import force_locale
from sqlmodel import func, select

from helpers import post_form, sign_in
from portal.applications.models import Application
from portal.grants.models import Grant
from portal.ledger.invariants import check
from portal.review.models import Decision
from portal.review.reasons import DECLINE_REASONS
from tests.grants.support import World
from tests.review.support import hidden_key, reread, submitted, text_of


def page_of(application):
    return f"/review/applications/{application.id}"


def count(db, model):
    return reread(db).exec(select(func.count()).select_from(model)).one()


def status_of(db, application):
    return reread(db).get(Application, application.id).status


def test_approval_in_the_readers_number_format_creates_one_grant_even_when_sent_twice(app, client, db, world):
    world.manager.locale, world.fund.themes = "fr", ["protection", "participation"]
    db.add_all([world.manager, world.fund])
    db.commit()
    sign_in(client, "manager@example.org")
    page = page_of(world.application)
    html = text_of(client.get(page))
    assert 'value="5000.00"' in html  # the requested amount is the default
    form = {"idempotency_key": hidden_key(html, f"{page}/approve"), "amount": "4 000,50",
            "conditions": "Rapport à mi-parcours.", "theme": "protection"}
    first = post_form(client, f"{page}/approve", form, page=page)
    again = post_form(client, f"{page}/approve", form, page=page)
    assert first.status_code == again.status_code == 302
    grant = db.exec(select(Grant)).one()
    assert (grant.amount_minor, grant.conditions, grant.theme) == (400_050, "Rapport à mi-parcours.", "protection")
    decision = db.exec(select(Decision)).one()
    assert (decision.outcome, decision.amount_minor, decision.decided_by_id) == ("approved", 400_050, world.manager.id)
    assert status_of(db, world.application) == "approved" and check(db) == []
    applicant = app.test_client()
    sign_in(applicant, "amina@example.org")
    seen = text_of(applicant.get(f"/applications/{world.application.id}"))
    assert "4,000.50" in seen and "Rapport à mi-parcours." in seen and 'class="decline-reason"' not in seen


def _refused_approval(client, db, world, amount):
    page = page_of(world.application)
    key = hidden_key(text_of(client.get(page)), f"{page}/approve")
    return text_of(post_form(client, f"{page}/approve", {"idempotency_key": key, "amount": amount,
                                                         "conditions": "Keep me"}, page=page))


def test_a_fund_that_cannot_cover_the_grant_refuses_it_and_writes_nothing(client, db):
    world = World(db, money_minor=100_000)
    db.commit()
    sign_in(client, "manager@example.org")
    html = _refused_approval(client, db, world, "5000")
    assert "does not hold enough" in html and 'value="5000"' in html and "Keep me" in html
    assert (count(db, Grant), count(db, Decision), status_of(db, world.application)) == (0, 0, "in_review")
    assert check(db) == []


def test_approving_a_withdrawn_application_or_more_than_requested_is_refused(client, db, world):
    sign_in(client, "manager@example.org")
    assert "cannot be more than the amount requested" in _refused_approval(client, db, world, "5000.01")
    assert "Please write an amount in numbers" in _refused_approval(client, db, world, "five thousand")
    page = page_of(world.application)
    key = hidden_key(text_of(client.get(page)), f"{page}/approve")
    world.application.status = "withdrawn"
    db.add(world.application)
    db.commit()
    html = text_of(post_form(client, f"{page}/approve", {"idempotency_key": key, "amount": "4000"}, page=page))
    assert "not possible at this stage" in html and 'value="4000"' in html
    assert (count(db, Grant), count(db, Decision), status_of(db, world.application)) == (0, 0, "withdrawn")


def test_a_decline_reason_is_shown_to_the_applicant_in_her_language(app, client, db, world):
    world.applicant.locale = "fr"
    db.add(world.applicant)
    db.commit()
    sign_in(client, "manager@example.org")
    page = page_of(world.application)
    key = hidden_key(text_of(client.get(page)), f"{page}/decline")
    refused = text_of(post_form(client, f"{page}/decline", {"idempotency_key": key, "reason": "other"}, page=page))
    assert "explain the reason in the note" in refused and count(db, Decision) == 0
    form = {"idempotency_key": key, "reason": "budget_unclear", "note": "Vous pouvez présenter une nouvelle demande."}
    assert post_form(client, f"{page}/decline", form, page=page).status_code == 302
    assert post_form(client, f"{page}/decline", form, page=page).status_code == 302
    decision = reread(db).exec(select(Decision)).one()
    assert (decision.outcome, decision.reason, status_of(db, world.application)) == ("declined", "budget_unclear", "declined")
    applicant = app.test_client()
    sign_in(applicant, "amina@example.org")
    html = text_of(applicant.get(f"/applications/{world.application.id}"))
    with app.test_request_context(), force_locale("fr"):
        label = str(DECLINE_REASONS["budget_unclear"])
    assert '<html lang="fr"' in html
    assert re.search(rf'class="decline-reason">{re.escape(label)}</p>', html.replace("&#39;", "'"))
    assert "Vous pouvez présenter une nouvelle demande." in html and count(db, Grant) == 0


def test_batch_approval_decides_each_application_and_reports_refusals(client, db, world):
    more = [submitted(db, world.tier, world.organisation, world.applicant, status="in_review", requested=100_000)
            for _ in range(2)]
    waiting = submitted(db, world.tier, world.organisation, world.applicant)  # not in review yet
    db.commit()
    sign_in(client, "manager@example.org")
    ids = [world.application.id, *(a.id for a in more), waiting.id]
    key = re.search(r'name="key" type="hidden" value="([^"]+)"', text_of(client.get("/review/"))).group(1)
    form = {"key": key, "application_ids": [str(i) for i in ids], "approve": "1"}
    html = text_of(post_form(client, "/review/batch", form, page="/review/"))
    assert "3 applications decided." in html and "1 not decided." in html and "not possible at this stage" in html
    assert sorted(g.amount_minor for g in reread(db).exec(select(Grant))) == [100_000, 100_000, 500_000]
    assert status_of(db, waiting) == "submitted" and check(db) == []
    assert "3 applications decided." in text_of(post_form(client, "/review/batch", form, page="/review/"))
    assert count(db, Grant) == count(db, Decision) == 3


def test_batch_decline_needs_a_reason_and_replays_once(client, db, world, mailbox):
    other = submitted(db, world.tier, world.organisation, world.applicant, status="in_review")
    db.commit()
    sign_in(client, "manager@example.org")
    ids = [world.application.id, other.id]
    key = re.search(r'name="key" type="hidden" value="([^"]+)"', text_of(client.get("/review/"))).group(1)
    form = {"key": key, "application_ids": [str(i) for i in ids], "decline": "1", "reason": ""}
    assert "Please choose a reason." in text_of(post_form(client, "/review/batch", form, page="/review/",
                                                          follow_redirects=True))
    assert count(db, Decision) == 0
    form["reason"] = "funds_exhausted"
    first = text_of(post_form(client, "/review/batch", form, page="/review/"))
    second = text_of(post_form(client, "/review/batch", form, page="/review/"))
    assert "2 applications decided." in first and "2 applications decided." in second
    assert [d.reason for d in reread(db).exec(select(Decision))] == ["funds_exhausted"] * 2
    assert {status_of(db, world.application), status_of(db, other)} == {"declined"}
    # one content-free notice per decision, not per click
    assert sorted(email.get_content().split("/applications/")[1].split()[0] for email in mailbox) == sorted(
        str(i) for i in ids)


def test_the_applicant_finds_her_grant_from_her_status_page(client, db, world):
    from portal.review.decisions import approve
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    db.commit()
    grant = world.grant(db)
    sign_in(client, "amina@example.org")
    page = client.get(f"/applications/{world.application.id}").text
    assert f'href="/grants/{grant.id}"' in page and "accept the terms" in page


def test_the_applicant_hears_of_a_decision_without_its_content(client, db, world, mailbox):
    sign_in(client, "manager@example.org")
    page = page_of(world.application)
    key = hidden_key(text_of(client.get(page)), f"{page}/approve")
    for _click in range(2):  # a double click replays the decision: she hears of it once
        post_form(client, f"{page}/approve", {"idempotency_key": key, "amount": "4000", "conditions": "Keep receipts",
                                              "theme": ""}, page=page)
    email, = mailbox
    text = email.get_content()
    assert email["To"] == "amina@example.org" and f"/applications/{world.application.id}" in text
    assert "4000" not in text and "4,000" not in text and "receipts" not in text.lower() and "approved" not in text.lower()
