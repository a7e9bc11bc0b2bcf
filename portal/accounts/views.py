"""Sign-up, sign-in by password or emailed link, password reset, and language preference."""
from flask import current_app, flash, redirect, render_template, request, session as cookie_session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from portal import i18n, mail
from portal.access import public, signed_in
from portal.accounts import bp, services
from portal.accounts.forms import (
    ConfirmLinkForm, EmailLinkForm, LanguageForm, NewPasswordForm, RegisterForm, SignInForm,
)
from portal.accounts.models import User
from portal.db import get_session
from portal.domain import DomainError
from portal.eligibility.rules import clean_answers
from portal.eligibility.services import all_fund_countries
from portal.extensions import login_manager
from portal.forms import choices
from portal.urls import safe_next


@login_manager.user_loader
def load_user(user_id):
    """The signed-in person with her roles in one query: every page's menu asks for them."""
    user = get_session().get(User, int(user_id), options=[joinedload(User.role_links)])
    return user if user and user.is_active else None


def _finish_sign_in(user):
    login_user(user)
    get_session().commit()
    return redirect(safe_next(request.args.get("next")) or url_for("pages.home"))


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    """Email and password; a link below offers sign-in by emailed link instead."""
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(session=get_session(), email=form.email.data, password=form.password.data)
        if user:
            return _finish_sign_in(user)
        flash(_("That email and password do not match. You can also ask for a sign-in link."), "error")
    return render_template("accounts/sign_in.html", form=form)


def _email_link(form, purpose, template):
    """Send a one-time link if the address is known; say the same thing either way."""
    session = get_session()
    user = services.find_user(session, form.email.data)
    if user and user.is_active:
        minutes = current_app.config["LOGIN_LINK_MINUTES"]
        token = services.issue_link_token(session=session, user=user, purpose=purpose, minutes=minutes)
        session.commit()
        endpoint = "accounts.use_link" if purpose == "sign_in" else "accounts.reset_password"
        link = current_app.config["BASE_URL"] + url_for(endpoint, token=token, next=request.args.get("next"))
        mail.send_template(to=user.email, locale=user.locale or str(i18n.get_locale()), template=template, link=link, minutes=minutes)
    flash(_("If an account exists for this address, we have sent it a link. It works once, for 15 minutes."), "info")


@bp.route("/sign-in/link", methods=["GET", "POST"])
@public
def request_link():
    form = EmailLinkForm()
    if form.validate_on_submit():
        _email_link(form, "sign_in", "sign_in_link")
        return redirect(url_for("accounts.request_link"))
    return render_template("accounts/request_link.html", form=form, purpose="sign_in")


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
@public
def use_link(token):
    """GET shows a button; POST uses the link (scanners that prefetch links do not sign in)."""
    form = ConfirmLinkForm()
    if form.validate_on_submit():
        try:
            user = services.consume_link_token(session=get_session(), token=token, purpose="sign_in")
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("accounts.request_link"))
        return _finish_sign_in(user)
    return render_template("accounts/use_link.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@public
def request_reset():
    form = EmailLinkForm()
    if form.validate_on_submit():
        _email_link(form, "reset", "password_reset")
        return redirect(url_for("accounts.request_reset"))
    return render_template("accounts/request_link.html", form=form, purpose="reset")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    form = NewPasswordForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            user = services.consume_link_token(session=session, token=token, purpose="reset")
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("accounts.request_reset"))
        services.set_password(session=session, user=user, password=form.password.data)
        flash(_("Your new password is saved."), "success")
        return _finish_sign_in(user)
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    """One page for the person and her group, pre-filled from the eligibility check."""
    form = RegisterForm()
    form.country.choices = choices([("", _("Choose a country"))]) + i18n.country_choices(all_fund_countries(get_session()))
    form.languages.choices = i18n.language_choices()
    answers = clean_answers(cookie_session.get("eligibility", {}))
    if request.method == "GET":
        form.kind.data = answers.get("group_kind")
        form.registered.data = answers.get("registered")
        form.women_led.data = answers.get("women_led")
        form.country.data = answers.get("country")
        form.languages.data = [str(i18n.get_locale())]
    if form.validate_on_submit():
        session = get_session()
        try:
            user = services.register_applicant(
                session=session, email=form.email.data, display_name=form.display_name.data,
                password=form.password.data or None, locale=str(i18n.get_locale()),
                organisation={
                    "name": form.organisation_name.data.strip(), "kind": form.kind.data,
                    "registered": form.registered.data == "yes", "women_led": form.women_led.data == "yes",
                    "country": form.country.data, "languages": form.languages.data or [],
                },
            )
        except DomainError as error:
            form.email.errors.append(error.message)
        else:
            return _finish_sign_in(user)
    return render_template("accounts/register.html", form=form)


@bp.post("/sign-out")
@signed_in
def sign_out():
    logout_user()
    return redirect(url_for("pages.home"))


@bp.route("/", methods=["GET", "POST"])
@signed_in
def account():
    """The signed-in person's page: organisations and preferred language."""
    form = LanguageForm()
    form.locale.choices = i18n.language_choices()
    if form.validate_on_submit():
        current_user.locale = form.locale.data
        get_session().add(current_user)
        get_session().commit()
        flash(_("Saved."), "success")
        return redirect(url_for("accounts.account"))
    form.locale.data = current_user.locale or str(i18n.get_locale())
    return render_template("accounts/account.html", form=form, organisations=services.organisations_of(current_user))
