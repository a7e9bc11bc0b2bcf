"""Helpers shared by the review tests."""
import re
from datetime import timedelta

from sqlmodel import select

from factories import make_submitted_application
from portal.review.models import ReviewAssignment, RubricCriterion
from portal.types import utcnow


def text_of(response):
    return response.get_data(as_text=True)


def reread(db):
    """End the test session's snapshot so it sees what requests committed."""
    db.rollback()
    db.expire_all()
    return db


def submitted(db, tier, organisation, applicant, *, status="submitted", language="sw", hours_ago=0.0, requested=500_000):
    """An application submitted `hours_ago` hours ago."""
    application = make_submitted_application(db, tier=tier, organisation=organisation, applicant=applicant,
                                             status=status, written_language=language, requested_minor=requested)
    application.submitted_at = utcnow() - timedelta(hours=hours_ago)
    application.decision_due_at = application.submitted_at + timedelta(hours=tier.decision_hours)
    db.add(application)
    db.flush()
    return application


def assign(db, application, reviewer, manager, *, status="assigned", scores=None, hundredths=None):
    assignment = ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id, assigned_by_id=manager.id,
                                  status=status, scores=scores or {}, score_hundredths=hundredths)
    db.add(assignment)
    db.flush()
    return assignment


def rubric(db, tier, *weights):
    """Criteria c1, c2… of `tier` with these weights."""
    criteria = [RubricCriterion(tier_id=tier.id, key=f"c{n}", position=n, weight=weight,
                                label={"en": f"Criterion {n}"}) for n, weight in enumerate(weights, start=1)]
    db.add_all(criteria)
    db.flush()
    return criteria


def assignments(db, application_id):
    return reread(db).exec(select(ReviewAssignment).where(ReviewAssignment.application_id == application_id)).all()


def hidden_key(html, action):
    """The idempotency key of the form posting to `action`."""
    form = re.search(rf'action="{re.escape(action)}"[\s\S]*?</form>', html)
    assert form, f"no form posting to {action}"
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', form.group(0)).group(1)
