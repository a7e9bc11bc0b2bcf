"""The applicant's journey: start, write (with autosave), review, submit, follow, withdraw."""
import secrets
from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, session as cookie_session, url_for
from flask_babel import format_time, gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import select

from portal import i18n
from portal.access import public, roles
from portal.applications import bp, services
from portal.applications.forms import ConfirmForm, SubmitForm, UploadForm, InviteForm, draft_form
from portal.applications.models import Application, StatusChange
from portal.applications.permissions import own_application, own_organisation, organisation_ids, roles_on
from portal.applications.states import APPLICATION, STATUS_LABELS
from portal.applications.validation import submission_problems
from portal.db import get_session
from portal.domain import DomainError
from portal.outcome import carry_out
from portal.eligibility.rules import clean_answers
from portal.funds.models import Call, Tier


@bp.get("/")
@roles("applicant")
def index():
    """Every application of her organisations, newest first."""
    session = get_session()
    applications = session.exec(
        select(Application).where(Application.organisation_id.in_(organisation_ids(session, current_user)))
        .order_by(Application.created_at.desc())
    ).all()
    return render_template("applications/index.html", applications=applications, labels=STATUS_LABELS)


@bp.route("/start/<int:tier_id>", methods=["GET", "POST"])
@public
def start(tier_id):
    """GET explains the next step (an account is needed); POST creates or reopens the draft."""
    session = get_session()
    tier = session.get(Tier, tier_id) or abort(404)
    form = ConfirmForm()
    if request.method == "POST" and current_user.is_authenticated and form.validate_on_submit():
        organisation = own_organisation(session, current_user)
        answers = clean_answers(cookie_session.get("eligibility", {}))
        if organisation is None or not answers:
            flash(_("Please answer the eligibility questions first."), "info")
            return redirect(url_for("eligibility.check"))
        try:
            application = services.start_application(
                session=session, tier=tier, organisation=organisation, actor=current_user,
                eligibility_answers=answers, today=date.today(),
            )
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("eligibility.result"))
        session.commit()
        return redirect(url_for("applications.edit", application_id=application.id))
    return render_template("applications/start.html", tier=tier, form=form)


@bp.route("/<int:application_id>/edit", methods=["GET", "POST"])
@roles("applicant")
def edit(application_id):
    """The tier's short form; 'Save draft', autosave (JavaScript) and 'Continue' all save."""
    session = get_session()
    application = own_application(session, current_user, application_id, options=_form_loads())
    if application.status != "draft":
        return redirect(url_for("applications.status", application_id=application.id))
    form = draft_form(application, request.form if request.method == "POST" else None)
    if request.method == "POST":  # CSRF is checked for every POST by CSRFProtect
        errors = services.save_draft(session=session, application=application, actor=current_user,
                                     changes=_changes(form, application))
        session.commit()
        action = request.form.get("action")
        if action == "autosave":
            message = _("Draft saved at %(time)s", time=format_time(application.updated_at, "short"))
            return jsonify(message=message, errors={key: str(value) for key, value in errors.items()})
        if not errors and action == "review":
            return redirect(url_for("applications.review", application_id=application.id))
        _attach_errors(form, errors)
        if not errors:
            flash(_("Your draft is saved. You can come back to it from any phone or computer."), "success")
            return redirect(url_for("applications.edit", application_id=application.id))
    return _render_edit(application, form)


def _form_loads():
    """Everything the form shows (tier, call, fund, questions, members, attachments), loaded with
    the draft in four queries instead of one lazy load each."""
    tier = joinedload(Application.tier)
    return (tier.joinedload(Tier.call).joinedload(Call.fund), tier.selectinload(Tier.questions),
            selectinload(Application.members), selectinload(Application.attachments))


def _changes(form, application):
    return services.DraftChanges(
        answers={q.key: form[f"answer_{q.key}"].data or "" for q in application.tier.questions},
        written_language=_offered(form.written_language),
        requested=form.requested.data or "", local_currency=form.local_currency.data or "",
        local_amount=form.local_amount.data or "",
        shares={str(m.id): form[f"share_{m.id}"].data or "" for m in application.members},
        locale=str(i18n.get_locale()),
    )


def _offered(select_field):
    """The chosen value if it is one of the field's choices (forged values are ignored)."""
    return select_field.data if select_field.data in {c.value for c in select_field.choices} else None


def _attach_errors(form, errors):
    for key, message in errors.items():
        name = key.replace("-", "_") if key.startswith("share-") else key
        name = f"answer_{key}" if f"answer_{key}" in form else name
        if name in form:
            form[name].errors = [message]


def _render_edit(application, form):
    return render_template("applications/edit.html", application=application, form=form,
                           upload_form=UploadForm(), invite_form=InviteForm())


@bp.get("/<int:application_id>/review")
@roles("applicant")
def review(application_id):
    """Everything she wrote, what is still missing, and the submit button."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    if application.status != "draft":
        return redirect(url_for("applications.status", application_id=application.id))
    form = SubmitForm(submission_key=secrets.token_urlsafe(24))
    problems = submission_problems(session, application, date.today())
    return render_template("applications/review.html", application=application, form=form, problems=problems)


@bp.post("/<int:application_id>/submit")
@roles("applicant")
def submit(application_id):
    """Submit once; a double click or a resubmitted page lands on the same confirmation."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    form = SubmitForm()
    if not form.validate_on_submit() or not form.submission_key.data:
        abort(400)
    submitted = carry_out(session, lambda: services.submit_application(
        session=session, application=application, actor=current_user,
        submission_key=form.submission_key.data[:64], today=date.today()))
    if not submitted and application.status == "draft":
        return redirect(url_for("applications.review", application_id=application.id))
    return redirect(url_for("applications.status", application_id=application.id))


@bp.get("/<int:application_id>")
@roles("applicant")
def status(application_id):
    """Where the application stands and when she will hear back."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    history = session.exec(select(StatusChange).where(StatusChange.application_id == application.id)
                           .order_by(StatusChange.at, StatusChange.id)).all()
    expected = application.decision_due_at
    actions = APPLICATION.actions(application.status, roles_on(session, current_user, application))
    return render_template("applications/status.html", application=application, history=history,
                           expected=expected, labels=STATUS_LABELS, can_withdraw="withdraw" in actions,
                           form=ConfirmForm())


@bp.route("/<int:application_id>/withdraw", methods=["GET", "POST"])
@roles("applicant")
def withdraw(application_id):
    """Withdraw after a confirmation page; allowed from draft and submitted only."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        carry_out(session, lambda: services.withdraw_application(session=session, application=application, actor=current_user),
                  _("Your application has been withdrawn."))
        return redirect(url_for("applications.status", application_id=application.id))
    return render_template("applications/withdraw.html", application=application, form=form)


from portal.applications import member_views  # noqa: E402,F401  (attachments and consortium routes)
from portal.applications import inbox_views  # noqa: F401,E402
