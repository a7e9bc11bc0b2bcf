"""The fund managers' review queue, with batch decisions on the applications checked in it.

The queue itself is `review.queue.queue_page`; this view only reads the filters and shows the
page. The other review pages live in the modules imported at the end.
"""
import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import mail
from portal.access import roles
from portal.accounts.services import organisation_members
from portal.applications.models import Application
from portal.applications.states import STATUS_LABELS
from portal.db import get_session
from portal.funds.models import THEME_LABELS, Call, Tier
from portal.review import bp, decisions
from portal.review.forms import BatchForm, QueueForm
from portal.review.queue import organisation_countries, queue_page
from portal.review.reasons import DECLINE_REASONS
from portal.review.services import ASSIGNMENT_LABELS

#: Who runs the review and decides.
MANAGERS = ("fund_manager", "admin")


@bp.context_processor
def labels():
    """Labels for identifiers stored untranslated (statuses, decline reasons, themes)."""
    return {"status_labels": STATUS_LABELS, "decline_reasons": DECLINE_REASONS, "theme_labels": THEME_LABELS,
            "assignment_labels": ASSIGNMENT_LABELS}


@bp.get("/")
@roles(*MANAGERS)
def queue():
    """Applications waiting for a decision, least time left first, 50 to a page."""
    session = get_session()
    calls = session.exec(select(Call).order_by(Call.id)).all()
    tiers = session.exec(select(Tier).order_by(Tier.call_id, Tier.position, Tier.id)).all()
    filter_form = QueueForm(request.args, calls=calls, tiers=tiers, countries=organisation_countries(session))
    filters, sort = filter_form.to_filters()
    page = queue_page(session, filters, sort, request.args.get("page", 1, type=int))
    args = {name: values for name, values in request.args.lists() if name != "page"}
    batch_form = BatchForm(formdata=None, data={"key": secrets.token_urlsafe(24)})
    return render_template("review/queue.html", filter_form=filter_form, page=page, args=args, batch_form=batch_form)


@bp.post("/batch")
@roles(*MANAGERS)
def batch():
    """Approve (at the requested amounts) or decline the checked applications, each on its own,
    then say what happened to each; a resent form finds the decisions the first one made."""
    form = BatchForm()
    if not form.validate_on_submit() or not form.key.data:
        flash(_("Please check what you typed."), "error")
        return redirect(url_for("review.queue"))
    ids = form.application_ids.data or []
    outcome = "approved" if form.approve.data else "declined"
    if not ids:
        flash(_("Please select at least one application."), "error")
        return redirect(url_for("review.queue"))
    if outcome == "declined" and form.reason.data not in DECLINE_REASONS:
        flash(_("Please choose a reason."), "error")
        return redirect(url_for("review.queue"))
    key = f"batch:{outcome}:{form.key.data[:64]}"
    session = get_session()
    replays = {application_id for application_id in ids if decisions.decided_with(session, f"{key}:{application_id}")}
    results = decisions.decide_batch(application_ids=ids, actor_id=current_user.id, outcome=outcome, key=key,
                                     reason=form.reason.data, note=form.note.data or "")
    applications = {a.id: a for a in session.exec(select(Application).where(Application.id.in_(ids))).all()}
    rows = [(application_id, applications.get(application_id), message) for application_id, message in results.items()]
    decided = sum(1 for message in results.values() if message is None)
    for application_id, message in results.items():
        if message is None and application_id not in replays:
            tell_applicant(applications[application_id])
    return render_template("review/batch_result.html", rows=rows, outcome=outcome, decided=decided)


def tell_applicant(application):
    """The members of the applying organisation hear, without content, that there is news."""
    mail.notify_all(organisation_members(get_session(), application.organisation_id),
                    url_for("applications.status", application_id=application.id))


from portal.review import manager_views, reviewer_views, rubric_views  # noqa: E402,F401
