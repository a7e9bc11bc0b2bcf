"""Applications: start a draft, save it, submit it exactly once, withdraw it.

Every status change goes through `transition`, which checks the state machine, records the
history row and the audit event in the caller's transaction.
"""
import secrets
from datetime import timedelta
from dataclasses import dataclass, field

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import update
from sqlmodel import select

from portal import audit, money
from portal.applications import consortium
from portal.applications.models import Application, StatusChange
from portal.applications.permissions import roles_on
from portal.applications.states import APPLICATION
from portal.applications.validation import submission_problems
from portal.domain import AMOUNT_HELP, DomainError, InvalidTransition
from portal.eligibility.rules import evaluate
from portal.text import char_count, clip
from portal.types import utcnow

#: Drafts keep what was typed even beyond the limit (so nothing is lost), up to this ceiling.
DRAFT_CEILING_FACTOR = 4
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


class NotEligible(DomainError):
    """The eligibility answers do not meet the tier's rules."""


class CallClosed(DomainError):
    """The call does not accept applications today."""


class NotReady(DomainError):
    """The application cannot be submitted yet; `details['problems']` says why."""


@dataclass
class DraftChanges:
    """What the applicant typed in the form, as text, before validation."""

    answers: dict = field(default_factory=dict)
    written_language: str | None = None
    requested: str = ""
    local_currency: str = ""
    local_amount: str = ""
    shares: dict = field(default_factory=dict)
    #: The reader's locale, to read amounts typed with local separators ("5 000,50").
    locale: str | None = None


def start_application(*, session, tier, organisation, actor, eligibility_answers, today):
    """A draft for this tier, or the organisation's existing draft (never two)."""
    if not tier.call.is_open(today):
        raise CallClosed(_l("This call is not open for applications."))
    if not evaluate(tier, eligibility_answers).eligible:
        raise NotEligible(_l("Your answers to the eligibility questions do not match this grant."))
    existing = session.exec(
        select(Application).where(
            Application.tier_id == tier.id, Application.organisation_id == organisation.id,
            Application.status == "draft",
        )
    ).first()
    if existing:
        return existing
    application = Application(
        tier_id=tier.id, organisation_id=organisation.id, created_by_id=actor.id,
        eligibility_answers=dict(eligibility_answers), written_language=actor.locale or "en",
    )
    session.add(application)
    session.flush()
    if tier.is_consortium:
        consortium.add_lead(session=session, application=application, actor=actor)
    audit.record(session, actor=actor, action="application.create", record=application,
                 after={"tier": tier.key, "status": "draft"})
    return application


def hold_draft(session, application):
    """Lock the application row while it is still a draft, then re-read it.

    The conditional UPDATE takes the row's write lock on both databases before anything is
    checked or written, so an autosave and a submission can never interleave: whichever comes
    second sees the other's result.
    """
    held = session.execute(
        update(Application).where(Application.id == application.id, Application.status == "draft")
        .values(updated_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(application)
    return held == 1


def save_draft(*, session, application, actor, changes):
    """Save what was typed; returns {field: message} for what could not be kept as typed."""
    if not hold_draft(session, application):
        raise InvalidTransition(_l("This application has been submitted and can no longer be changed."))
    errors = {}
    answers = dict(application.answers)
    for question in application.tier.questions:
        if question.key in changes.answers:
            text = changes.answers[question.key].strip()
            answers[question.key] = clip(text, question.max_chars * DRAFT_CEILING_FACTOR)
            if char_count(text) > question.max_chars:
                errors[question.key] = gettext("Please shorten this answer to %(limit)s characters.", limit=question.max_chars)
    application.answers = answers
    if changes.written_language:
        application.written_language = changes.written_language
    currency = application.tier.call.fund.currency
    _save_amount(application, "requested_minor", changes.requested, currency, errors, "requested", changes.locale)
    _save_local_amount(application, changes, errors)
    errors.update(consortium.save_shares(session=session, application=application, shares=changes.shares,
                                         currency=currency, locale=changes.locale))
    application.updated_at = utcnow()
    session.add(application)
    session.flush()
    return errors


def _save_amount(application, attribute, text, currency, errors, key, locale):
    text = (text or "").strip()
    if not text:
        setattr(application, attribute, None)
        return
    try:
        setattr(application, attribute, money.minor_from_text(text, currency, locale))
    except money.MoneyError:
        errors[key] = AMOUNT_HELP


def _save_local_amount(application, changes, errors):
    code = (changes.local_currency or "").strip().upper()
    if not code:
        application.local_currency, application.local_amount_minor = None, None
        return
    if code not in money.EXPONENTS:
        errors["local_currency"] = _l("Please choose a currency from the list.")
        return
    application.local_currency = code
    _save_amount(application, "local_amount_minor", changes.local_amount, code, errors, "local_amount", changes.locale)


def new_reference():
    chunk = lambda: "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"MZ-{chunk()}-{chunk()}"


def transition(*, session, application, action, actor, **values):
    """Apply one move of the state machine atomically (compare-and-set on the current status)."""
    roles = roles_on(session, actor, application)
    before = application.status
    target = APPLICATION.next_state(before, action, roles)
    moved = session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status == before)
        .values(status=target, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise InvalidTransition(_l("This application was changed meanwhile. Please reload the page."))
    session.add(StatusChange(application_id=application.id, from_status=before, to_status=target,
                             action=action, actor_id=actor.id))
    audit.record(session, actor=actor, action=f"application.{action}", record=application,
                 before={"status": before}, after={"status": target, **_jsonable(values)})
    session.flush()
    session.refresh(application)
    return application


def _jsonable(values):
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in values.items()}


def submit_application(*, session, application, actor, submission_key, today):
    """Submit once: a replay with the same key returns the first submission unchanged."""
    if submission_key and application.submission_key == submission_key:
        return application
    if not hold_draft(session, application):  # submitted meanwhile: a replay, or a second tab
        if submission_key and application.submission_key == submission_key:
            return application
        APPLICATION.next_state(application.status, "submit", roles_on(session, actor, application))
    problems = submission_problems(session, application, today)
    if problems:
        raise NotReady(_l("Some things are missing before you can submit."), problems=problems)
    now = utcnow()
    return transition(session=session, application=application, action="submit", actor=actor,
                      reference=new_reference(), submission_key=submission_key, submitted_at=now,
                      decision_due_at=now + timedelta(hours=application.tier.decision_hours))


def withdraw_application(*, session, application, actor):
    return transition(session=session, application=application, action="withdraw", actor=actor)
