"""The eligibility check and its kind answer; nothing here needs an account."""
from datetime import date

from flask import current_app, flash, redirect, render_template, session as cookie_session, url_for
from flask_babel import gettext as _
from sqlmodel import select

from portal import i18n, mail
from portal.access import public, roles
from portal.accounts.models import User, UserRole
from portal.db import get_session
from portal.eligibility import bp, services
from portal.eligibility.models import Enquiry
from portal.eligibility.forms import EligibilityForm, EnquiryForm
from portal.eligibility.rules import clean_answers
from portal.forms import choices


@bp.route("/", methods=["GET", "POST"])
@public
def check():
    """Six multiple-choice questions; answers are kept in the session, never asked again."""
    session = get_session()
    form = EligibilityForm(data=clean_answers(cookie_session.get("eligibility", {})))
    form.country.choices = choices([("", _("Choose a country"))]) + i18n.country_choices(
        services.all_fund_countries(session)
    )
    if form.validate_on_submit():
        cookie_session["eligibility"] = clean_answers(
            {key: field.data for key, field in form._fields.items() if key != "csrf_token"}
        )
        return redirect(url_for("eligibility.result"))
    return render_template("eligibility/check.html", form=form)


@bp.get("/result")
@public
def result():
    """Which tiers she may apply for and, kindly, why not the others."""
    answers = clean_answers(cookie_session.get("eligibility", {}))
    if not answers:
        return redirect(url_for("eligibility.check"))
    calls = services.verdicts_for(get_session(), answers, date.today())
    return render_template("eligibility/result.html", calls=calls, answers=answers)


@bp.route("/ask", methods=["GET", "POST"])
@public
def ask():
    """A question to the fund team; staff get a content-free notification."""
    form = EnquiryForm()
    if form.validate_on_submit():
        session = get_session()
        calls = services.open_calls(session, date.today())
        services.record_enquiry(
            session=session, call=calls[0] if len(calls) == 1 else None, message=form.message.data,
            language=str(i18n.get_locale()), reply_to=form.reply_to.data,
        )
        managers = session.exec(select(User).join(UserRole).where(UserRole.role == "fund_manager")).all()
        session.commit()
        link = current_app.config["BASE_URL"] + url_for("eligibility.enquiries")
        for manager in managers:
            mail.notify(to=manager.email, locale=manager.locale, link=link)
        flash(_("Thank you. Your question has been sent to the fund team."), "success")
        return redirect(url_for("eligibility.result"))
    return render_template("eligibility/ask.html", form=form)


@bp.get("/enquiries")
@roles("fund_manager", "admin")
def enquiries():
    """Questions people asked before applying, newest first, for the fund team to answer."""
    rows = get_session().exec(select(Enquiry).order_by(Enquiry.created_at.desc(), Enquiry.id.desc()).limit(200)).all()
    return render_template("eligibility/enquiries.html", enquiries=rows)
