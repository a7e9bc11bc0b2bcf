"""Clarification: the fund team asks the applicant a question and she answers, inside the portal.

Each message moves the application (in_review → clarification_requested → in_review), so the
clock and the queue show who is waiting for whom. Messages live only in the portal: the
notifications that announce them carry a link and no content.
"""
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.applications.services import transition
from portal.domain import DomainError
from portal.review.models import Message

#: Longest message, in characters.
MAX_MESSAGE = 5000


def thread(session, application_id):
    """The application's messages, oldest first."""
    return session.exec(select(Message).where(Message.application_id == application_id)
                        .order_by(Message.sent_at, Message.id)).all()


def ask_applicant(session, *, application, actor, body, language):
    """The fund team's question; the application waits for the applicant's answer."""
    return _send(session, application, actor, body, language, action="request_clarification", from_staff=True)


def answer_question(session, *, application, actor, body, language):
    """The applicant's answer; the application goes back to review."""
    return _send(session, application, actor, body, language, action="answer_clarification", from_staff=False)


def _send(session, application, actor, body, language, *, action, from_staff):
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Please write your message."), field="body")
    if len(body) > MAX_MESSAGE:
        raise DomainError(_l("Please shorten your message to 5000 characters."), field="body")
    transition(session=session, application=application, action=action, actor=actor)
    message = Message(application_id=application.id, sender_id=actor.id, from_staff=from_staff, body=body,
                      written_language=(language or "en")[:10])
    session.add(message)
    session.flush()
    audit.record(session, actor=actor, action="message.send", record=message,
                 after={"application": application.id, "from_staff": from_staff, "language": message.written_language})
    return message
