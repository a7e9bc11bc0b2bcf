"""A reviewer's pages: the languages she reads, her assignments, and scoring one application.

She sees only her own assignments (another's answers 404) and never the applicant's contact
details: the page shows the answers, not who wrote them or how to reach them.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import audit
from portal.access import acting_user, roles
from portal.applications.models import Application
from portal.db import get_session
from portal.domain import DomainError
from portal.review import bp, services
from portal.review.forms import LanguagesForm, RecuseForm, score_form
from portal.review.models import ReviewAssignment
from portal.review.queue import OPEN_STATUSES

REVIEWERS = ("reviewer",)


@bp.route("/languages", methods=["GET", "POST"])
@roles(*REVIEWERS)
def languages():
    """The languages she reads: applications written in them are offered to her first."""
    form = LanguagesForm(data={"languages": current_user.reads_languages or []})
    if form.validate_on_submit():
        session = get_session()
        services.save_reading_languages(session, user=acting_user(), languages=form.languages.data)
        session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("review.languages"))
    return render_template("review/languages.html", form=form)


@bp.get("/assigned")
@roles(*REVIEWERS)
def assigned():
    """Her assignments, those still to score first."""
    rows = get_session().exec(
        select(ReviewAssignment, Application).join(Application, Application.id == ReviewAssignment.application_id)
        .where(ReviewAssignment.reviewer_id == current_user.id)
        .order_by((ReviewAssignment.status != "assigned"), Application.submitted_at, ReviewAssignment.id)
    ).all()
    return render_template("review/assigned.html", rows=rows)


def _own(assignment_id):
    """Her assignment and its application; another reviewer's answers 404."""
    session = get_session()
    assignment = session.get(ReviewAssignment, assignment_id)
    if assignment is None or assignment.reviewer_id != current_user.id:
        abort(404)
    return assignment, session.get(Application, assignment.application_id)


def _page(assignment, application, **typed):
    session = get_session()
    criteria = services.criteria_of(session, application.tier_id)
    language = application.tier.call.default_language
    forms = {"score_form": score_form(criteria, language, formdata=None, data={
                 "comment": assignment.comment, **{f"score_{key}": str(value) for key, value in assignment.scores.items()}}),
             "recuse_form": RecuseForm(formdata=None), **typed}
    audit.record_access(session, actor=current_user, record=application)
    session.commit()
    return render_template("review/assignment.html", assignment=assignment, application=application, criteria=criteria,
                           is_open=application.status in OPEN_STATUSES, form=next(iter(typed.values()), None), **forms)


@bp.get("/assignments/<int:assignment_id>")
@roles(*REVIEWERS)
def assignment(assignment_id):
    """The answers to score (hidden once she recused herself), the rubric and her scores."""
    return _page(*_own(assignment_id))


@bp.post("/assignments/<int:assignment_id>/score")
@roles(*REVIEWERS)
def score(assignment_id):
    """Save her scores and comment; she may change them until the application is decided."""
    assignment, application = _own(assignment_id)
    session = get_session()
    criteria = services.criteria_of(session, application.tier_id)
    form = score_form(criteria, application.tier.call.default_language)
    if form.validate_on_submit():
        try:
            services.submit_scores(session, assignment=assignment, application=application, actor=current_user,
                                   scores={c.key: form[f"score_{c.key}"].data for c in criteria}, comment=form.comment.data)
        except DomainError as error:
            session.rollback()
            _attach(form, error)
        else:
            session.commit()
            flash(_("Your scores are saved."), "success")
            return redirect(url_for("review.assignment", assignment_id=assignment.id))
    return _page(assignment, application, score_form=form)


@bp.post("/assignments/<int:assignment_id>/recuse")
@roles(*REVIEWERS)
def recuse(assignment_id):
    """Declare a conflict of interest: she steps aside and no longer sees the answers."""
    assignment, application = _own(assignment_id)
    form = RecuseForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            services.recuse(session, assignment=assignment, application=application, actor=current_user,
                            note=form.note.data)
        except DomainError as error:
            session.rollback()
            _attach(form, error)
        else:
            session.commit()
            flash(_("You have stepped aside from this application. Thank you for saying so."), "success")
            return redirect(url_for("review.assigned"))
    return _page(assignment, application, recuse_form=form)


def _attach(form, error):
    """A service's refusal next to its input, or at the top of the page."""
    name = error.details.get("field")
    if name and name in form:
        form[name].errors = [*form[name].errors, error.message]
    else:
        flash(error.message, "error")
