"""Deciding applications: approve (creating the grant and committing its money) or decline.

Each decision is one transition of the application machine, one Decision row (unique per
application) and, for an approval, the grant with its ledger commitment, all in one money
transaction. A replayed form (same key) finds the first decision instead of failing.
"""
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.applications.permissions import roles_on
from portal.applications.services import transition
from portal.dashboards import tallies
from portal.domain import DomainError, InvalidTransition
from portal.grants.services import award
from portal.review.models import Decision
from portal.review.reasons import DECLINE_REASONS
from portal.types import utcnow, whole_hours


def _replay(session, key, outcome):
    decision = session.exec(select(Decision).where(Decision.idempotency_key == key)).first()
    if decision is not None and decision.outcome != outcome:
        raise ValueError(f"decision key {key!r} already used for {decision.outcome}")
    return decision


def decided_with(session, key):
    """True when a decision was already made with this form key (the request is a replay)."""
    return session.exec(select(Decision.id).where(Decision.idempotency_key == key)).first() is not None


def _hours_since(moment):
    return None if moment is None else whole_hours(utcnow() - moment)


def approve(session, *, application, actor, amount_minor, key, conditions="", theme=None):
    """Approve at most the requested amount; returns the Decision (its grant is created too)."""
    existing = _replay(session, key, "approved")
    if existing is not None:
        return existing
    if not isinstance(amount_minor, int) or amount_minor <= 0:
        raise DomainError(_l("The amount must be more than zero."))
    if application.requested_minor is not None and amount_minor > application.requested_minor:
        raise DomainError(_l("The approved amount cannot be more than the amount requested."))
    decision, fresh = _decide(session, application, actor, "approve", key, amount_minor=amount_minor,
                              conditions=conditions.strip())
    if not fresh:
        return decision
    award(session, application=application, amount_minor=amount_minor, actor=actor,
          conditions=decision.conditions, theme=theme)
    return decision


def decline(session, *, application, actor, reason, key, note=""):
    existing = _replay(session, key, "declined")
    if existing is not None:
        return existing
    if reason not in DECLINE_REASONS:
        raise DomainError(_l("Please choose a reason."))
    if reason == "other" and not note.strip():
        raise DomainError(_l("Please explain the reason in the note."))
    return _decide(session, application, actor, "decline", key, reason=reason, note=note.strip())[0]


def _decide(session, application, actor, action, key, **fields):
    """(decision, True) when this call decided; (the earlier decision, False) for a replay."""
    try:
        transition(session=session, application=application, action=action, actor=actor)
    except InvalidTransition:
        replay = _replay(session, key, "approved" if action == "approve" else "declined")
        if replay is not None:  # an identical request decided it first
            return replay, False
        raise
    decision = Decision(application_id=application.id, idempotency_key=key,
                        outcome="approved" if action == "approve" else "declined", decided_by_id=actor.id,
                        hours_to_decision=_hours_since(application.submitted_at), **fields)
    session.add(decision)
    session.flush()
    tallies.decided(session, application=application, decision=decision)
    audit.record(session, actor=actor, action=f"decision.{decision.outcome}", record=decision,
                 after={"application": application.id, **{k: v for k, v in fields.items() if v not in ("", None)}})
    return decision, True


def decide_batch(*, application_ids, actor_id, outcome, key, amount_for=None, reason=None, note=""):
    """Decide many applications, each in its own money transaction so one refusal (say, a fund
    that cannot cover one more grant) does not undo the others.

    Approvals grant the requested amount unless `amount_for(application)` says otherwise.
    Returns {application id: None when decided, else the refusal message}.
    """
    from portal.accounts.models import User
    from portal.applications.models import Application
    from portal.ledger.locking import money_transaction

    def one(application_id):
        def work(session):
            actor, application = session.get(User, actor_id), session.get(Application, application_id)
            if application is None or not may_decide(session, actor, application):
                raise DomainError(_l("You are not allowed to do this at this stage."))
            item_key = f"{key}:{application_id}"
            if outcome == "approved":
                amount = amount_for(application) if amount_for else application.requested_minor
                return approve(session, application=application, actor=actor, amount_minor=amount, key=item_key)
            return decline(session, application=application, actor=actor, reason=reason, note=note, key=item_key)
        try:
            money_transaction(work)
        except DomainError as error:
            return error.message
        return None

    return {application_id: one(application_id) for application_id in application_ids}


def may_decide(session, actor, application):
    return bool({"fund_manager", "admin"} & roles_on(session, actor, application))
