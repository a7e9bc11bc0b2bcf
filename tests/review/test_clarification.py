"""Clarification round trip: the fund team asks, the applicant answers, inside the portal only;
the emails say nothing but 'you have an update' and a link."""
from sqlmodel import select

from factories import make_applicant
from helpers import post_form, sign_in
from portal.audit import AuditEvent
from portal.review.models import Message
from tests.review.support import reread, text_of

QUESTION = "Could you split the budget between food and transport?"
ANSWER = "Chakula dola 3000, usafiri dola 2000."


def email_text(email):
    return f"{email['Subject']}\n{email.get_content()}"


def test_question_and_answer_round_trip_with_content_free_emails(app, client, db, world, mailbox):
    page = f"/review/applications/{world.application.id}"
    sign_in(client, "manager@example.org")
    response = post_form(client, f"{page}/ask", {"body": QUESTION, "written_language": "en"}, page=page)
    assert response.status_code == 302
    assert reread(db).get(type(world.application), world.application.id).status == "clarification_requested"
    question, = db.exec(select(Message)).all()
    assert (question.from_staff, question.written_language, question.body) == (True, "en", QUESTION)
    email, = mailbox
    assert email["To"] == "amina@example.org"
    assert QUESTION not in email_text(email) and "budget" not in email_text(email)
    assert f"http://localhost/applications/{world.application.id}/messages" in email_text(email)

    applicant = app.test_client()
    sign_in(applicant, "amina@example.org")
    inbox = f"/applications/{world.application.id}/messages"
    assert "has a question for you" in text_of(applicant.get(f"/applications/{world.application.id}"))
    html = text_of(applicant.get(inbox))
    assert QUESTION in html and 'lang="en" dir="auto">' + QUESTION in html
    mailbox.clear()
    refused = text_of(post_form(applicant, inbox, {"body": "  ", "written_language": "sw"}))
    assert "Please write your message." in refused and len(reread(db).exec(select(Message)).all()) == 1
    assert post_form(applicant, inbox, {"body": ANSWER, "written_language": "sw"}).status_code == 302
    assert reread(db).get(type(world.application), world.application.id).status == "in_review"
    answer = db.exec(select(Message).where(Message.from_staff == False)).one()  # noqa: E712
    assert (answer.sender_id, answer.written_language) == (world.applicant.id, "sw")
    email, = mailbox
    assert email["To"] == "manager@example.org" and ANSWER not in email_text(email) and "Chakula" not in email_text(email)
    assert f"/review/applications/{world.application.id}" in email_text(email)
    assert 'lang="sw" dir="auto">' + ANSWER in text_of(client.get(page))
    assert "answer form" not in text_of(applicant.get(inbox)) and "Send my answer" not in text_of(applicant.get(inbox))
    sent = db.exec(select(AuditEvent).where(AuditEvent.action == "message.send")).all()
    assert {event.record_id for event in sent} == {question.id, answer.id}


def test_an_answer_when_no_question_waits_is_refused_clearly(client, db, world):
    sign_in(client, "amina@example.org")
    inbox = f"/applications/{world.application.id}/messages"
    html = text_of(post_form(client, inbox, {"body": "Hello", "written_language": "sw"}))
    assert "not possible at this stage" in html and "Hello" in html
    assert reread(db).exec(select(Message)).all() == []


def test_a_question_needs_the_review_to_have_started(client, db, world, mailbox):
    world.application.status = "submitted"
    db.add(world.application)
    db.commit()
    page = f"/review/applications/{world.application.id}"
    sign_in(client, "manager@example.org")
    html = text_of(post_form(client, f"{page}/ask", {"body": QUESTION, "written_language": "en"}, page=page))
    assert "not possible at this stage" in html and QUESTION in html
    assert reread(db).exec(select(Message)).all() == [] and mailbox == []


def test_other_organisations_and_staff_get_404_on_the_inbox(client, db, world):
    make_applicant(db, email="intruder@example.org", org_name="Other group")
    db.commit()
    inbox = f"/applications/{world.application.id}/messages"
    for email in ("intruder@example.org", "manager@example.org", "zawadi@example.org"):
        other = client.application.test_client()
        sign_in(other, email)
        assert other.get(inbox).status_code == 404
        token = other.get("/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
        assert other.post(inbox, data={"csrf_token": token, "body": "x", "written_language": "en"}).status_code == 404
    assert client.get(inbox).status_code == 302  # not signed in: to the sign-in page
