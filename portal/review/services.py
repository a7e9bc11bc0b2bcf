"""Reviewers and their scores: who may be assigned, conflicts of interest, the weighted score,
and the languages a reviewer reads.

A score stays editable until the application is decided; a recusal drops the reviewer's scores
so a conflicted opinion never weighs on the decision. Every change is audited.
"""
from decimal import ROUND_HALF_EVEN, Decimal

from flask_babel import gettext as _, lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.accounts.models import Membership, User, UserRole
from portal.domain import DomainError
from portal.i18n import WRITTEN_LANGUAGES
from portal.review.models import SCORE_RANGE, ReviewAssignment, RubricCriterion
from portal.review.queue import OPEN_STATUSES
from portal.types import utcnow

#: Longest comment or conflict note, in characters.
MAX_TEXT = 5000
ASSIGNMENT_LABELS = {"assigned": _l("Waiting for scores"), "submitted": _l("Scores submitted"),
                     "recused": _l("Stepped aside: conflict of interest")}


class NotReviewable(DomainError):
    """The application is not waiting for a decision, so its review cannot change."""


def criteria_of(session, tier_id):
    """The tier's rubric, in the order fund managers set."""
    return session.exec(select(RubricCriterion).where(RubricCriterion.tier_id == tier_id)
                        .order_by(RubricCriterion.position, RubricCriterion.id)).all()


def assignments_of(session, application_id):
    return session.exec(select(ReviewAssignment).where(ReviewAssignment.application_id == application_id)
                        .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id)).all()


def reviewer_options(session, application):
    """Reviewers who may be assigned (not yet assigned, not members of the applying group), as
    (user, reads the application's language), readers first."""
    taken = select(ReviewAssignment.reviewer_id).where(ReviewAssignment.application_id == application.id)
    members = select(Membership.user_id).where(Membership.organisation_id == application.organisation_id)
    users = session.exec(select(User).join(UserRole).where(
        UserRole.role == "reviewer", User.is_disabled == False,  # noqa: E712
        User.id.not_in(taken), User.id.not_in(members),
    ).order_by(User.display_name, User.id)).all()
    reads = [(user, application.written_language in (user.reads_languages or ())) for user in users]
    return sorted(reads, key=lambda pair: not pair[1])


def _open(application):
    if application.status not in OPEN_STATUSES:
        raise NotReviewable(_l("This application is not waiting for a decision, so its review cannot change."))


def assign_reviewer(session, *, application, reviewer_id, actor):
    """Ask a reviewer to score the application; never a member of the applying organisation."""
    _open(application)
    reviewer = session.get(User, reviewer_id) if reviewer_id else None
    if reviewer is None or reviewer.is_disabled or "reviewer" not in reviewer.roles:
        raise DomainError(_l("Please choose a reviewer from the list."), field="reviewer")
    if session.get(Membership, (reviewer.id, application.organisation_id)) is not None:
        raise DomainError(_l("This reviewer belongs to the applying organisation."), field="reviewer")
    if session.exec(select(ReviewAssignment.id).where(ReviewAssignment.application_id == application.id,
                                                      ReviewAssignment.reviewer_id == reviewer.id)).first():
        raise DomainError(_l("This reviewer is already assigned to this application."), field="reviewer")
    assignment = ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id, assigned_by_id=actor.id)
    session.add(assignment)
    session.flush()
    audit.record(session, actor=actor, action="review.assign", record=assignment,
                 after={"application": application.id, "reviewer": reviewer.id})
    return assignment


def recuse(session, *, assignment, application, actor, note):
    """Declare a conflict of interest: the reviewer steps aside and her scores are dropped."""
    _open(application)
    note = (note or "").strip()
    if not note:
        raise DomainError(_l("Please say briefly what the conflict is."), field="note")
    if assignment.status == "recused":
        return assignment
    before = {"status": assignment.status, "scores": assignment.scores}
    assignment.status, assignment.conflict_note = "recused", note[:MAX_TEXT]
    assignment.scores, assignment.score_hundredths, assignment.comment = {}, None, ""
    session.add(assignment)
    session.flush()
    audit.record(session, actor=actor, action="review.recuse", record=assignment, before=before,
                 after={"status": "recused", "note": assignment.conflict_note})
    return assignment


def submit_scores(session, *, assignment, application, actor, scores, comment):
    """Score every criterion of the rubric from 1 to 5; resubmitting replaces the earlier scores."""
    if assignment.status == "recused":
        raise DomainError(_l("You declared a conflict of interest, so you cannot score this application."))
    _open(application)
    low, high = SCORE_RANGE
    checked = {}
    for criterion in criteria_of(session, application.tier_id):
        value = scores.get(criterion.key)
        if not (isinstance(value, str) and value.strip().isdigit() and low <= int(value) <= high):
            raise DomainError(_("Please give every criterion a score from %(low)d to %(high)d.", low=low, high=high),
                              field=f"score_{criterion.key}")
        checked[criterion.key] = int(value)
    before = {"status": assignment.status, "scores": assignment.scores}
    assignment.scores, assignment.comment = checked, (comment or "").strip()[:MAX_TEXT]
    assignment.score_hundredths = hundredths(weighted_score(criteria_of(session, application.tier_id), checked))
    assignment.status, assignment.submitted_at = "submitted", utcnow()
    session.add(assignment)
    session.flush()
    audit.record(session, actor=actor, action="review.score", record=assignment, before=before,
                 after={"status": "submitted", "scores": checked, "comment": assignment.comment})
    return assignment


def weighted_score(criteria, scores):
    """Σ weight × score / Σ weight over the criteria scored, exactly; None when none is."""
    pairs = [(criterion.weight, scores[criterion.key]) for criterion in criteria if criterion.key in scores]
    if not pairs:
        return None
    return Decimal(sum(weight * score for weight, score in pairs)) / sum(weight for weight, _score in pairs)


def hundredths(score):
    return None if score is None else int((score * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def score_table(criteria, assignments):
    """Scores side by side: rows of (criterion, score per reviewer), each reviewer's weighted
    score, and their mean, for the reviewers who submitted."""
    scored = [assignment for assignment in assignments if assignment.status == "submitted"]
    rows = [(criterion, [assignment.scores.get(criterion.key) for assignment in scored]) for criterion in criteria]
    weighted = [weighted_score(criteria, assignment.scores) for assignment in scored]
    known = [score for score in weighted if score is not None]
    mean = sum(known) / len(known) if known else None
    return {"reviewers": scored, "rows": rows, "weighted": [_two_places(score) for score in weighted],
            "mean": _two_places(mean)}


def _two_places(score):
    return None if score is None else score.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def save_reading_languages(session, *, user, languages):
    """The languages a reviewer reads, which put her first for applications written in them."""
    chosen = [code for code in WRITTEN_LANGUAGES if code in set(languages or ())]
    before = list(user.reads_languages or [])
    if chosen == before:
        return user
    user.reads_languages = chosen
    session.add(user)
    session.flush()
    audit.record(session, actor=user, action="user.reads_languages", record=user,
                 before={"reads_languages": before}, after={"reads_languages": chosen})
    return user
