"""Report pages: the grantee's list and report form (autosaved), sending, files.

The fund manager's review actions live in `review_views`. Each action validates its form, calls
one service, then redirects, or re-renders the page with what was typed and why it was refused.
"""
from datetime import date
from pathlib import Path

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import format_time, gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import i18n, mail
from portal.access import acting_user, roles
from portal.accounts.models import Organisation
from portal.accounts.services import holders_of
from portal.applications.models import Application
from portal.db import get_session
from portal.domain import DomainError
from portal.grants.permissions import VIEWERS
from portal.outcome import carry_out
from portal.reports import bp, forms, services
from portal.reports.files import report_files, store_report_file
from portal.reports.models import BUDGET_LINES, NARRATIVE_QUESTIONS, ReportFile
from portal.reports.permissions import may_review, report_access
from portal.reports.queries import reports_page
from portal.reports.states import BUDGET_LINE_LABELS, KIND_LABELS, QUESTION_LABELS, STATUS_LABELS, WRITABLE


@bp.get("/")
@roles(*VIEWERS)
def index():
    """The reports the viewer's organisations owe, or for staff every report, soonest due first."""
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None
    listing = reports_page(get_session(), current_user, status=status, page=request.args.get("page", 1, type=int))
    return render_template("reports/index.html", listing=listing, status=status, labels=STATUS_LABELS,
                           kinds=KIND_LABELS, today=date.today())


@bp.route("/<int:report_id>", methods=["GET", "POST"])
@roles(*VIEWERS)
def show(report_id):
    """The report: its form while it may be written ('Save draft', autosave), else what was sent."""
    session = get_session()
    access = report_access(session, current_user, report_id)
    if request.method == "GET":
        return render_page(access, form=_writing_form(access))
    if not (access.narrative or access.share_ids):
        abort(404)
    # Built from what was typed even if the report was sent meanwhile (from another phone), so a
    # refusal shows her words again instead of losing them.
    form = _form(access, request.form)
    try:
        errors = services.save_report(session=session, report=access.report, actor=acting_user(),
                                      changes=_changes(form, access), narrative=access.narrative,
                                      share_ids=access.share_ids, conversation=access.conversation)
    except DomainError as error:  # e.g. sent meanwhile from another phone: show what was typed
        session.rollback()
        if request.form.get("action") == "autosave":
            return jsonify(message=str(error.message), errors={}), 409
        flash(error.message, "error")
        return render_page(access, form=form, status=409)
    session.commit()
    if request.form.get("action") == "autosave":
        return jsonify(message=_("Draft saved at %(time)s", time=format_time(access.report.updated_at, "short")),
                       errors={key: str(value) for key, value in errors.items()})
    _attach_errors(form, errors)
    if not errors:
        flash(_("Your report is saved. You can come back to it from any phone or computer."), "success")
        return redirect(url_for("reports.show", report_id=report_id))
    return render_page(access, form=form)


def _writing_form(access):
    """The form filled from the report, while it may be written and the viewer may write in it."""
    if access.report.status not in WRITABLE or not (access.share_ids or access.narrative):
        return None
    return _form(access)


def _form(access, formdata=None):
    return forms.writing_form(access.report, narrative=access.narrative, shares=access.writable_shares(),
                              currency=access.grant.currency, formdata=formdata)


def _changes(form, access):
    answers = {key: form[f"answer_{key}"].data or "" for key in NARRATIVE_QUESTIONS} if access.narrative else {}
    spend = {share_id: {line: form[f"spend_{share_id}_{line}"].data or "" for line in BUDGET_LINES}
             for share_id in access.share_ids}
    notes = {share_id: form[f"note_{share_id}"].data or "" for share_id in access.share_ids}
    language = form.written_language.data
    return services.ReportChanges(
        answers=answers, spend=spend, notes=notes, locale=str(i18n.get_locale()),
        written_language=language if language in {c.value for c in form.written_language.choices} else None)


def _attach_errors(form, errors):
    for name, message in errors.items():
        if name in form:
            form[name].errors = [message]


def render_page(access, *, form=None, problems=None, changes_form=None, due_form=None, status=200):
    """The report page with whatever forms the viewer may use (a form sent back keeps what was typed)."""
    session = get_session()
    application = session.get(Application, access.grant.application_id)
    reviewer = may_review(access)
    return render_template(
        "reports/show.html", access=access, report=access.report, grant=access.grant, application=application,
        form=form, problems=problems or {}, names=_share_names(session, access.grant),
        files=report_files(session, access.report),
        file_form=forms.FileForm(), confirm_form=forms.ConfirmForm(),
        changes_form=changes_form or (forms.ChangesForm() if reviewer else None),
        due_form=due_form or (forms.DueDateForm(formdata=None, due_on=access.report.due_on) if reviewer else None),
        reviewer=reviewer, labels=STATUS_LABELS, kinds=KIND_LABELS, questions=QUESTION_LABELS,
        lines=BUDGET_LINES, line_labels=BUDGET_LINE_LABELS, writable=access.report.status in WRITABLE,
    ), status


def _share_names(session, grant):
    """{share id: organisation name} in one query."""
    names = dict(session.exec(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_([share.organisation_id for share in grant.shares]))).all())
    return {share.id: names.get(share.organisation_id, "") for share in grant.shares}


@bp.post("/<int:report_id>/send")
@roles(*VIEWERS)
def send(report_id):
    """Send the report for review; what is missing is listed on the page, nothing is lost."""
    session = get_session()
    access = report_access(session, current_user, report_id)
    if not access.may_send:
        abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
        return redirect(url_for("reports.show", report_id=report_id))
    try:
        services.submit_report(session=session, report=access.report, grant=access.grant, actor=acting_user(),
                               roles=access.roles)
    except services.ReportNotReady as error:
        session.rollback()
        flash(error.message, "error")
        form = _writing_form(access)
        if form is not None:
            _attach_errors(form, error.details["problems"])
        return render_page(access, form=form, problems=error.details["problems"], status=422)
    except DomainError as error:
        session.rollback()
        flash(error.message, "error")
        return redirect(url_for("reports.show", report_id=report_id))
    session.commit()
    mail.notify_all(holders_of(session, "fund_manager"), url_for("reports.show", report_id=report_id))
    flash(_("Thank you. Your report is sent; we will read it soon."), "success")
    return redirect(url_for("reports.show", report_id=report_id))


@bp.post("/<int:report_id>/files")
@roles(*VIEWERS)
def upload(report_id):
    """Add a photo or a voice note; a refused file changes nothing."""
    session = get_session()
    access = report_access(session, current_user, report_id)
    if not access.share_ids:
        abort(404)
    form = forms.FileForm()
    if form.validate_on_submit():
        carry_out(session, lambda: store_report_file(
            session=session, report=access.report, actor=acting_user(), upload=form.file.data,
            folder=_folder(), max_bytes=current_app.config["MAX_UPLOAD_BYTES"]), _("The file is added."))
    else:
        flash(_("This form has expired. Please try again."), "error")
    return redirect(url_for("reports.show", report_id=report_id, _anchor="files"))


@bp.get("/<int:report_id>/files/<int:file_id>")
@roles(*VIEWERS)
def download(report_id, file_id):
    session = get_session()
    access = report_access(session, current_user, report_id)
    record = session.get(ReportFile, file_id)
    if record is None or record.report_id != access.report.id:
        abort(404)
    return send_file(_folder() / record.stored_name, mimetype=record.content_type, as_attachment=True,
                     download_name=record.original_name)


def _folder():
    return Path(current_app.config["UPLOAD_FOLDER"]) / "reports"


from portal.reports import review_views  # noqa: E402,F401  (the fund manager's actions)
