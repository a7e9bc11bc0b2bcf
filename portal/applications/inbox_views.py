"""The applicant's inbox: the fund team's questions and her answers, and the decision she reads
on her status page.

Messages live only here; the emails that announce them carry a link and nothing else.
"""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import mail
from portal.access import signed_in
from portal.accounts.services import holders_of
from portal.applications import bp
from portal.applications.permissions import own_application
from portal.db import get_session
from portal.outcome import carry_out
from portal.review import clarification
from portal.grants.models import Grant
from portal.review.forms import AnswerForm
from portal.review.models import Decision
from portal.review.reasons import DECLINE_REASONS


@bp.context_processor
def decisions():
    """The decision of an application and, once approved, its grant, for the status page (reason
    labels in her language)."""
    def decision_of(application):
        if application.status not in ("approved", "declined"):
            return None
        return get_session().exec(select(Decision).where(Decision.application_id == application.id)).first()

    def grant_of(application):
        if application.status != "approved":
            return None
        return get_session().exec(select(Grant).where(Grant.application_id == application.id)).first()
    return {"decision_of": decision_of, "grant_of": grant_of, "decline_reasons": DECLINE_REASONS}


@bp.route("/<int:application_id>/messages", methods=["GET", "POST"])
@signed_in
def messages(application_id):
    """The messages about her application; while the fund team waits for her, the answer form."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    form = AnswerForm(data={"written_language": application.written_language})
    if form.validate_on_submit():
        if carry_out(session, lambda: clarification.answer_question(
                session, application=application, actor=current_user, body=form.body.data,
                language=form.written_language.data), _("Your answer has been sent to the fund team.")):
            mail.notify_all(holders_of(session, "fund_manager"),
                            url_for("review.application", application_id=application.id))
            return redirect(url_for("applications.messages", application_id=application.id))
    can_answer = application.status == "clarification_requested" or form.is_submitted()  # keeps what was typed
    return render_template("applications/inbox.html", application=application, form=form, can_answer=can_answer,
                           messages=clarification.thread(session, application.id))
