"""Submitting is safe under concurrency: many identical or competing requests, one submission."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from helpers import csrf_token, saved_draft
from portal.applications.models import Application, StatusChange
from portal.audit import AuditEvent

REQUESTS = 20


@pytest.fixture
def ready_draft(app, client, db):
    _tier, application_id = saved_draft(client, db)
    return application_id, csrf_token(client, f"/applications/{application_id}/review")


def fire(app, client, path, payloads):
    """POST every payload at once from separate clients sharing the signed-in session."""
    cookie = client.get_cookie("session")

    def one(payload):
        other = app.test_client()
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
        return other.post(path, data=payload).status_code

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        return list(pool.map(one, payloads))


@pytest.mark.parametrize("same_key", [True, False], ids=["double-click", "competing-tabs"])
def test_concurrent_submissions_create_exactly_one(app, client, db, ready_draft, same_key):
    application_id, token = ready_draft
    payloads = [{"csrf_token": token, "submission_key": "same" if same_key else f"tab-{n}"} for n in range(REQUESTS)]
    statuses = fire(app, client, f"/applications/{application_id}/submit", payloads)
    assert statuses == [302] * REQUESTS
    db.expire_all()
    application = db.get(Application, application_id)
    assert application.status == "submitted" and application.reference
    assert len(db.exec(select(StatusChange).where(StatusChange.to_status == "submitted")).all()) == 1
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "application.submit")).all()) == 1


def test_a_late_autosave_cannot_change_a_submitted_application(app, client, db, ready_draft):
    """The save path takes the row as a draft first; after submission it is refused and changes nothing."""
    from portal.accounts.models import User
    from portal.applications.services import DraftChanges, save_draft
    from portal.domain import InvalidTransition
    application_id, token = ready_draft
    client.post(f"/applications/{application_id}/submit", data={"csrf_token": token, "submission_key": "k"})
    db.expire_all()
    application = db.get(Application, application_id)
    actor = db.exec(select(User)).first()
    with pytest.raises(InvalidTransition):
        save_draft(session=db, application=application, actor=actor, changes=DraftChanges(requested="999999"))
    db.rollback()
    assert db.get(Application, application_id).requested_minor == 500_000
