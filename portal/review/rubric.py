"""A tier's rubric: the criteria reviewers score, each with a weight from 1 to 10.

Scores are stored under a criterion's key, so the key cannot change once reviewers scored the
tier. Weights and criteria may change: the weighted scores of applications still waiting for a
decision are recomputed, while decided ones keep the score they were decided with.
"""
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.applications.models import Application
from portal.domain import DomainError
from portal.funds.services import snapshot
from portal.review.models import ReviewAssignment, RubricCriterion
from portal.review.queue import OPEN_STATUSES
from portal.review.services import criteria_of, hundredths, weighted_score

WEIGHTS = (1, 10)


def _scored(tier_id, statuses=None):
    query = select(ReviewAssignment).join(Application, Application.id == ReviewAssignment.application_id).where(
        Application.tier_id == tier_id, ReviewAssignment.status == "submitted")
    if statuses:
        query = query.where(Application.status.in_(statuses))
    return query


def _check(session, criterion, tier_id, data):
    twin = session.exec(select(RubricCriterion).where(RubricCriterion.tier_id == tier_id,
                                                      RubricCriterion.key == data["key"])).first()
    if twin is not None and twin.id != criterion.id:
        raise DomainError(_l("This identifier is already used. Please choose another."), field="key")
    if not WEIGHTS[0] <= data["weight"] <= WEIGHTS[1]:
        raise DomainError(_l("The weight is a whole number from 1 to 10."), field="weight")
    if criterion.id and data["key"] != criterion.key and session.exec(_scored(tier_id)).first():
        raise DomainError(_l("Reviewers already scored this tier under this identifier; it cannot change."),
                          field="key")


def _refresh_scores(session, tier_id):
    criteria = criteria_of(session, tier_id)
    for assignment in session.exec(_scored(tier_id, OPEN_STATUSES)).all():
        assignment.score_hundredths = hundredths(weighted_score(criteria, assignment.scores))
        session.add(assignment)
    session.flush()


def _save(session, criterion, data, actor, action):
    before = snapshot(criterion) if criterion.id else {}
    for name, value in data.items():
        setattr(criterion, name, value)
    session.add(criterion)
    session.flush()
    audit.record(session, actor=actor, action=action, record=criterion, before=before, after=snapshot(criterion))
    _refresh_scores(session, criterion.tier_id)
    return criterion


def add_criterion(*, session, tier, data, actor):
    """A new criterion of the tier's rubric."""
    criterion = RubricCriterion(tier_id=tier.id)
    _check(session, criterion, tier.id, data)
    return _save(session, criterion, data, actor, "rubric.create")


def update_criterion(*, session, criterion, data, actor):
    _check(session, criterion, criterion.tier_id, data)
    return _save(session, criterion, data, actor, "rubric.update")


def delete_criterion(*, session, criterion, actor):
    """Remove a criterion; scores given under it no longer count for undecided applications."""
    audit.record(session, actor=actor, action="rubric.delete", record=criterion, before=snapshot(criterion))
    tier_id = criterion.tier_id
    session.delete(criterion)
    session.flush()
    _refresh_scores(session, tier_id)
