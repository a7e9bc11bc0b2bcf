"""Attachments and consortium members of a draft application."""
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import i18n, mail
from portal.access import public, roles
from portal.applications import attachments, bp, consortium
from portal.applications.forms import ConfirmForm, InviteForm, UploadForm
from portal.applications.models import Attachment
from portal.applications.permissions import own_application, own_organisation
from portal.db import get_session
from portal.domain import DomainError
from portal.outcome import carry_out


def _back_to_form(application):
    return redirect(url_for("applications.edit", application_id=application.id))


@bp.post("/<int:application_id>/attachments")
@roles("applicant")
def upload(application_id):
    """Attach one required document; a refused file leaves the draft untouched."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    form = UploadForm()
    if form.validate_on_submit():
        carry_out(session, lambda: attachments.store_attachment(
            session=session, application=application, actor=current_user,
            document_key=form.document_key.data, upload=form.file.data,
            folder=current_app.config["UPLOAD_FOLDER"], max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        ), _("The file is attached."))
    return _back_to_form(application)


@bp.get("/<int:application_id>/attachments/<int:attachment_id>")
@roles("applicant")
def download(application_id, attachment_id):
    session = get_session()
    application = own_application(session, current_user, application_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.application_id != application.id:
        abort(404)
    path = Path(current_app.config["UPLOAD_FOLDER"]) / attachment.stored_name
    return send_file(path, mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.original_name)


@bp.post("/<int:application_id>/members")
@roles("applicant")
def invite(application_id):
    """The lead invites a member organisation; the email carries only a link."""
    session = get_session()
    application = own_application(session, current_user, application_id)
    form = InviteForm()
    if not application.tier.is_consortium:
        abort(404)
    if form.validate_on_submit():
        try:
            token = consortium.invite_member(session=session, application=application, actor=current_user,
                                             name=form.name.data, email=form.email.data, share=form.share.data,
                                             locale=str(i18n.get_locale()))
        except DomainError as error:
            session.rollback()
            flash(error.message, "error")
        else:
            session.commit()
            link = current_app.config["BASE_URL"] + url_for("applications.join", token=token)
            mail.notify(to=form.email.data, locale=str(i18n.get_locale()), link=link)
            flash(_("The invitation has been sent."), "success")
    else:
        flash(_("Please give the organisation's name and a valid email address."), "error")
    return _back_to_form(application)


@bp.post("/<int:application_id>/members/<int:member_id>/remove")
@roles("applicant")
def remove_member(application_id, member_id):
    session = get_session()
    application = own_application(session, current_user, application_id)
    if ConfirmForm().validate_on_submit():
        carry_out(session, lambda: consortium.remove_member(
            session=session, application=application, member_id=member_id, actor=current_user))
    return _back_to_form(application)


@bp.route("/join/<token>", methods=["GET", "POST"])
@public
def join(token):
    """An invited organisation sees who invited it and accepts or declines (after signing in)."""
    session = get_session()
    try:
        member = consortium.invitation(session, token)
    except DomainError as error:
        return render_template("applications/join.html", error=error.message, member=None, form=None)
    form = ConfirmForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        return _answer_invitation(session, token, member)
    return render_template("applications/join.html", member=member, form=form, error=None)


def _answer_invitation(session, token, member):
    """Accept for her organisation, or decline; an account with an organisation is needed to accept."""
    organisation = own_organisation(session, current_user)
    try:
        if request.form.get("answer") == "decline":
            consortium.decline_invitation(session=session, token=token, actor=current_user)
            message = _("You have declined the invitation.")
        elif organisation is None:
            flash(_("Please create an account for your organisation first."), "info")
            return redirect(url_for("accounts.register", next=url_for("applications.join", token=token)))
        else:
            consortium.accept_invitation(session=session, token=token, actor=current_user, organisation=organisation)
            message = _("Your organisation has joined the application.")
    except DomainError as error:
        session.rollback()
        flash(error.message, "error")
        return redirect(url_for("pages.home"))
    session.commit()
    flash(message, "success")
    return redirect(url_for("pages.home"))
