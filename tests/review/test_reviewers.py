"""Reviewers: assignment with the language suggestion, only her own assignments, no contact
details, conflicts of interest, scores and the rubric."""
import re

import pytest
from sqlmodel import select

from factories import make_user
from helpers import post_form, sign_in
from portal.audit import AuditEvent
from portal.domain import DomainError
from portal.review import services
from portal.review.models import RubricCriterion
from tests.review.support import assign, assignments, reread, rubric, text_of


def page_of(world):
    return f"/review/applications/{world.application.id}"


def test_reviewers_who_read_the_language_come_first_and_are_marked(client, db, world, mailbox):
    sign_in(client, "manager@example.org")
    html = text_of(client.get(page_of(world)))
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', html.split('name="reviewer"')[1].split("</select>")[0])
    assert [label for _value, label in options] == ["Zawadi (reads Swahili)", "Ana", "Bea"]
    response = post_form(client, f"{page_of(world)}/assign", {"reviewer": str(world.zawadi.id)})
    assert response.status_code == 302
    assignment, = assignments(db, world.application.id)
    assert (assignment.reviewer_id, assignment.status, assignment.assigned_by_id) == (world.zawadi.id, "assigned",
                                                                                      world.manager.id)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "review.assign")).one().record_id == assignment.id
    assert "Zawadi (reads" not in text_of(client.get(page_of(world)))  # assigned: no longer offered
    email, = mailbox  # she hears of it without content: a link to her assignment
    assert email["To"] == world.zawadi.email and f"/review/assignments/{assignment.id}" in email.get_content()
    assert world.application.reference not in email.get_content()


def test_only_reviewers_outside_the_applying_group_can_be_assigned(client, db, world):
    sister = make_user(db, email="sister@example.org", name="Sister", roles=("reviewer",), organisation=world.organisation)
    db.commit()
    with pytest.raises(DomainError, match="belongs to the applying organisation"):
        services.assign_reviewer(db, application=world.application, reviewer_id=sister.id, actor=world.manager)
    db.rollback()
    sign_in(client, "manager@example.org")
    assert "Sister" not in text_of(client.get(page_of(world)))
    for reviewer_id in (sister.id, world.finance.id, 999999):
        html = text_of(post_form(client, f"{page_of(world)}/assign", {"reviewer": str(reviewer_id)}, page=page_of(world)))
        assert "Not a valid choice" in html
    assert assignments(db, world.application.id) == []


def test_a_reviewer_sees_her_own_assignments_only_and_no_contact_details(client, db, world):
    make_user(db, email="halima@example.org", name="Halima", organisation=world.organisation)
    mine = assign(db, world.application, world.zawadi, world.manager)
    theirs = assign(db, world.application, world.ana, world.manager)
    db.commit()
    sign_in(client, "zawadi@example.org")
    listing = text_of(client.get("/review/assigned"))
    assert f"/review/assignments/{mine.id}" in listing and f"/review/assignments/{theirs.id}" not in listing
    html = text_of(client.get(f"/review/assignments/{mine.id}"))
    assert "Answer to q1" in html and "Question 1" in html and 'lang="sw"' in html
    for secret in ("amina@example.org", "Amina", "halima@example.org", "Halima", "manager@example.org"):
        assert secret not in html
    assert client.get(f"/review/assignments/{theirs.id}").status_code == 404
    assert post_form(client, f"/review/assignments/{theirs.id}/score", {}, page=f"/review/assignments/{mine.id}").status_code == 404
    reads = reread(db).exec(select(AuditEvent).where(AuditEvent.action == "application.read",
                                                     AuditEvent.actor_id == world.zawadi.id)).all()
    assert reads and {event.record_id for event in reads} == {world.application.id}


def test_a_conflict_of_interest_recuses_her_and_hides_the_answers(client, db, world):
    assignment = assign(db, world.application, world.zawadi, world.manager)
    db.commit()
    url = f"/review/assignments/{assignment.id}"
    sign_in(client, "zawadi@example.org")
    refused = text_of(post_form(client, f"{url}/recuse", {"note": "  "}, page=url))
    assert "say briefly what the conflict is" in refused and assignments(db, world.application.id)[0].status == "assigned"
    assert post_form(client, f"{url}/recuse", {"note": "My cousin leads this group."}, page=url).status_code == 302
    recused, = assignments(db, world.application.id)
    assert (recused.status, recused.conflict_note) == ("recused", "My cousin leads this group.")
    html = text_of(client.get(url))
    assert "Answer to q1" not in html and "conflict of interest" in html
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "review.recuse")).one().record_id == assignment.id


def test_scores_out_of_range_are_refused_and_valid_ones_are_weighted(app, client, db, world):
    rubric(db, world.tier, 2, 1)
    assignment = assign(db, world.application, world.zawadi, world.manager)
    assign(db, world.application, world.ana, world.manager, status="submitted", scores={"c1": 2, "c2": 2}, hundredths=200)
    db.commit()
    url = f"/review/assignments/{assignment.id}"
    sign_in(client, "zawadi@example.org")
    for scores in ({"score_c1": "7", "score_c2": "3"}, {"score_c1": "5"}, {"score_c1": "x", "score_c2": "0"}):
        html = text_of(post_form(client, f"{url}/score", {**scores, "comment": "kept as typed"}, page=url))
        assert "score from 1 to 5" in html and "kept as typed" in html
    assert assignments(db, world.application.id)[0].scores == {}
    response = post_form(client, f"{url}/score", {"score_c1": "5", "score_c2": "3", "comment": "Strong."}, page=url)
    assert response.status_code == 302
    mine = next(a for a in assignments(db, world.application.id) if a.reviewer_id == world.zawadi.id)
    assert (mine.status, mine.scores, mine.score_hundredths) == ("submitted", {"c1": 5, "c2": 3}, 433)
    manager = app.test_client()
    sign_in(manager, "manager@example.org")
    html = text_of(manager.get(f"/review/applications/{world.application.id}"))
    table = html.split("Scores from 1 to 5, side by side")[1].split("</table>")[0]
    assert "Zawadi" in table and "Ana" in table and "4.33" in table and "2.00" in table
    assert "Weighted mean of the reviewers: 3.17" in html  # (4.333 + 2) / 2


def test_scores_can_change_until_the_decision(client, db, world):
    rubric(db, world.tier, 1)
    assignment = assign(db, world.application, world.zawadi, world.manager, status="submitted", scores={"c1": 4},
                        hundredths=400)
    db.commit()
    url = f"/review/assignments/{assignment.id}"
    sign_in(client, "zawadi@example.org")
    assert post_form(client, f"{url}/score", {"score_c1": "2"}, page=url).status_code == 302
    assert assignments(db, world.application.id)[0].scores == {"c1": 2}
    form_page = client.get(url)
    world.application.status = "declined"
    db.add(world.application)
    db.commit()
    html = text_of(client.post(f"{url}/score", data={"score_c1": "5", "csrf_token": _token(form_page)}))
    assert "can no longer change" in html and assignments(db, world.application.id)[0].scores == {"c1": 2}


def _token(response):
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', text_of(response)).group(1)


def test_a_reviewer_declares_the_languages_she_reads(client, db, world):
    sign_in(client, "ana@example.org")
    assert post_form(client, "/review/languages", {"languages": ["pt", "es"]}).status_code == 302
    assert reread(db).get(type(world.ana), world.ana.id).reads_languages == ["es", "pt"]
    assert re.search(r'checked[^>]*value="pt"', text_of(client.get("/review/languages")))


def test_fund_managers_configure_the_rubric_and_changes_are_audited(client, db, world):
    assignment = assign(db, world.application, world.zawadi, world.manager)
    db.commit()
    sign_in(client, "manager@example.org")
    url = f"/review/tiers/{world.tier.id}/rubric"
    refused = text_of(post_form(client, url, {"key": "Bad Key", "position": "0", "label-en": "", "weight": "11"}))
    assert "lower-case letters" in refused and "Please write this in" in refused
    assert reread(db).exec(select(RubricCriterion)).all() == []
    for key, weight in (("relevance", "3"), ("feasibility", "1")):
        assert post_form(client, url, {"key": key, "position": "0", "label-en": key.title(), "weight": weight}).status_code == 302
    twin = text_of(post_form(client, url, {"key": "relevance", "position": "0", "label-en": "Again", "weight": "1"}))
    assert "already used" in twin
    relevance, feasibility = reread(db).exec(select(RubricCriterion).order_by(RubricCriterion.id)).all()
    assignment.status, assignment.scores, assignment.score_hundredths = "submitted", {"relevance": 5, "feasibility": 1}, 400
    db.add(assignment)
    db.commit()
    edit = f"/review/criteria/{relevance.id}/edit"
    assert "cannot change" in text_of(post_form(client, edit, {"key": "fit", "position": "0", "label-en": "R", "weight": "3"}))
    assert post_form(client, edit, {"key": "relevance", "position": "0", "label-en": "Relevance", "weight": "1"}).status_code == 302
    assert assignments(db, world.application.id)[0].score_hundredths == 300  # (5 + 1) / 2
    delete = f"/review/criteria/{feasibility.id}/delete"
    assert "Delete the criterion feasibility?" in text_of(client.get(delete))
    assert post_form(client, delete).status_code == 302
    assert assignments(db, world.application.id)[0].score_hundredths == 500
    actions = [event.action for event in db.exec(select(AuditEvent).where(AuditEvent.record_type == "rubric_criterion")
                                                  .order_by(AuditEvent.id))]
    assert actions == ["rubric.create", "rubric.create", "rubric.update", "rubric.delete"]
