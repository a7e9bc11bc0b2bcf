"""The fund manager's page for one application: answers, reviewers and their scores side by
side, questions to the applicant, and the decision.

Every form posts to its own route and, when refused, re-renders this page with what was typed
and the reason; decisions run in a money transaction keyed by the form's hidden key, so a
double submit decides once.
"""
import secrets

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import audit, i18n, mail, money
from portal.access import roles
from portal.accounts.models import User
from portal.accounts.services import organisation_members
from portal.applications.forms import ConfirmForm
from portal.applications.models import Application
from portal.applications.permissions import roles_on
from portal.applications.services import transition
from portal.applications.states import APPLICATION
from portal.db import get_session
from portal.domain import AMOUNT_HELP, DomainError
from portal.ledger.locking import money_transaction
from portal.outcome import carry_out
from portal.types import utcnow
from portal.review import bp, clarification, decisions, services
from portal.review.forms import ApproveForm, AskForm, AssignForm, DeclineForm
from portal.review.models import Decision
from portal.review.queue import OPEN_STATUSES
from portal.review.views import MANAGERS, tell_applicant


def _application(application_id):
    return get_session().get(Application, application_id) or abort(404)


def _back(application):
    return redirect(url_for("review.application", application_id=application.id))


def _forms(application):
    """The page's forms as shown before anything is typed; keys are made now."""
    session = get_session()
    fund = application.tier.call.fund
    requested = application.requested_minor
    return {
        "assign_form": AssignForm(formdata=None, options=services.reviewer_options(session, application),
                                  language=application.written_language),
        "ask_form": AskForm(formdata=None, data={"written_language": str(i18n.get_locale())}),
        "approve_form": ApproveForm(formdata=None, themes=fund.themes, data={
            "idempotency_key": secrets.token_urlsafe(24),
            "amount": str(money.from_minor(requested, fund.currency)) if requested is not None else ""}),
        "decline_form": DeclineForm(formdata=None, data={"idempotency_key": secrets.token_urlsafe(24)}),
        "start_form": ConfirmForm(formdata=None),
    }


def _page(application, **typed):
    """The page, with `typed` forms replacing the blank ones (the submitted form is `form`)."""
    session = get_session()
    forms = {**_forms(application), **typed}
    criteria = services.criteria_of(session, application.tier_id)
    assignments = services.assignments_of(session, application.id)
    reviewers = {user.id: user for user in session.exec(
        select(User).where(User.id.in_([a.reviewer_id for a in assignments]))).all()}
    decision = session.exec(select(Decision).where(Decision.application_id == application.id)).first()
    audit.record_access(session, actor=current_user, record=application)
    session.commit()
    deadline = application.decision_due_at
    actions = APPLICATION.actions(application.status, roles_on(session, current_user, application))
    is_open = application.status in OPEN_STATUSES
    # A refused form stays on the page with what was typed, even if the status moved meanwhile.
    show = {"start": "start_review" in actions, "assign": is_open or "assign_form" in typed,
            "ask": "request_clarification" in actions or "ask_form" in typed,
            "decide": "approve" in actions or bool({"approve_form", "decline_form"} & typed.keys())}
    return render_template(
        "review/application.html", application=application, criteria=criteria, assignments=assignments,
        deadline=deadline, now=utcnow(), is_open=is_open, show=show,
        reviewers=reviewers, table=services.score_table(criteria, assignments), decision=decision,
        messages=clarification.thread(session, application.id), form=next(iter(typed.values()), None), **forms)


@bp.get("/applications/<int:application_id>")
@roles(*MANAGERS)
def application(application_id):
    """Everything a fund manager needs to run the review of one application and decide it."""
    return _page(_application(application_id))


@bp.post("/applications/<int:application_id>/start")
@roles(*MANAGERS)
def start_review(application_id):
    application = _application(application_id)
    if ConfirmForm().validate_on_submit():
        session = get_session()
        carry_out(session, lambda: transition(session=session, application=application, action="start_review",
                                              actor=current_user), _("The review has started."))
    return _back(application)


@bp.post("/applications/<int:application_id>/assign")
@roles(*MANAGERS)
def assign(application_id):
    """Assign a reviewer; those who read the application's language are listed first."""
    application = _application(application_id)
    session = get_session()
    form = AssignForm(options=services.reviewer_options(session, application), language=application.written_language)
    if form.validate_on_submit():
        try:
            assignment = services.assign_reviewer(session, application=application,
                                                  reviewer_id=int(form.reviewer.data), actor=current_user)
        except DomainError as error:
            session.rollback()
            form.reviewer.errors.append(error.message)
        else:
            session.commit()
            mail.notify_all([session.get(User, assignment.reviewer_id)],
                            url_for("review.assignment", assignment_id=assignment.id))
            flash(_("The reviewer is assigned."), "success")
            return _back(application)
    return _page(application, assign_form=form)


@bp.post("/applications/<int:application_id>/ask")
@roles(*MANAGERS)
def ask(application_id):
    """Ask the applicant a question; her organisation's members get a content-free email."""
    application = _application(application_id)
    form = AskForm()
    if form.validate_on_submit():
        session = get_session()
        if carry_out(session, lambda: clarification.ask_applicant(
                session, application=application, actor=current_user, body=form.body.data,
                language=form.written_language.data), _("Your question has been sent.")):
            mail.notify_all(organisation_members(session, application.organisation_id),
                            url_for("applications.messages", application_id=application.id))
            return _back(application)
    return _page(application, ask_form=form)


def _decide(application, form, outcome, decide):
    """Run `decide(session, application, actor, key)` in a money transaction; False if refused.

    The key joins the outcome, the application and the form's key, so a resent form replays
    its own decision and never collides with another form's."""
    key = f"{outcome}:{application.id}:{form.idempotency_key.data[:64]}"
    actor_id = current_user.id
    replay = decisions.decided_with(get_session(), key)

    def work(session):
        return decide(session, session.get(Application, application.id), session.get(User, actor_id), key)
    try:
        money_transaction(work)
    except DomainError as error:
        flash(error.message, "error")
        return False
    if not replay:  # a resent form finds its decision; the applicant heard of it the first time
        tell_applicant(application)
    return True


@bp.post("/applications/<int:application_id>/approve")
@roles(*MANAGERS)
def approve(application_id):
    """Approve at most the requested amount (read in the reader's number format); the grant and
    its money commitment are made in the same transaction."""
    application = _application(application_id)
    fund = application.tier.call.fund
    form = ApproveForm(themes=fund.themes)
    if form.validate_on_submit() and form.idempotency_key.data:
        try:
            amount = money.minor_from_text(form.amount.data, fund.currency, str(i18n.get_locale()))
        except money.MoneyError:
            form.amount.errors.append(AMOUNT_HELP)
        else:
            def approve(session, application, actor, key):
                return decisions.approve(session, application=application, actor=actor, amount_minor=amount, key=key,
                                         conditions=form.conditions.data or "", theme=form.theme.data or None)
            if _decide(application, form, "approve", approve):
                flash(_("The application is approved and the grant is created."), "success")
                return _back(application)
    return _page(application, approve_form=form)


@bp.post("/applications/<int:application_id>/decline")
@roles(*MANAGERS)
def decline(application_id):
    """Decline with a reason the applicant reads in her language, and an optional note."""
    application = _application(application_id)
    form = DeclineForm()
    if form.validate_on_submit() and form.idempotency_key.data:
        def decline(session, application, actor, key):
            return decisions.decline(session, application=application, actor=actor, reason=form.reason.data,
                                     note=form.note.data or "", key=key)
        if _decide(application, form, "decline", decline):
            flash(_("The application is declined."), "success")
            return _back(application)
    return _page(application, decline_form=form)
