"""Donor and contribution pages: staff keep the donor register, finance records bank transfers.

Every page follows one shape: validate the form, call one service, then redirect or re-render
what was typed with the reason in the reader's language.
"""
import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import money
from portal.access import acting_user, roles
from portal.db import get_session
from portal.domain import AMOUNT_HELP, DomainError
from portal.donors import admin, bp, forms
from portal.donors.models import Donor
from portal.donors.services import record_bank_transfer
from portal.funds.models import THEME_LABELS, Fund

#: Who keeps the donor register.
STAFF = ("fund_manager", "finance_officer", "admin")
#: Who records money that arrived (money movements are finance's alone).
FINANCE = ("finance_officer", "admin")


@bp.context_processor
def labels():
    """Labels for identifiers stored untranslated (kinds, statuses, sources, earmarks)."""
    return {"donor_kind_labels": forms.DONOR_KIND_LABELS, "status_labels": forms.STATUS_LABELS,
            "source_labels": forms.SOURCE_LABELS, "theme_labels": THEME_LABELS,
            "earmark_labels": forms.EARMARK_LABELS}


def _get(model, record_id):
    return get_session().get(model, record_id) or abort(404)


@bp.get("/")
@roles(*STAFF)
def index():
    """Every donor, and per fund the way to its contributions and statement."""
    session = get_session()
    donors = session.exec(select(Donor).order_by(Donor.name)).all()
    funds = session.exec(select(Fund).order_by(Fund.id)).all()
    return render_template("donors/index.html", donors=donors, funds=funds, can_record=current_user.has_any_role(FINANCE))


# --- the donor register ----------------------------------------------------------------------
def _save(form, donor):
    """Validate → save_donor → commit → back to the donor's page; on refusal re-render."""
    if form.validate_on_submit():
        session = get_session()
        try:
            saved = admin.save_donor(session=session, data=form.to_data(), actor=acting_user(), donor=donor)
        except DomainError as error:
            session.rollback()
            flash(str(error.message), "error")
        else:
            session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("donors.edit_donor", donor_id=saved.id))
    return _donor_page(form, donor, forms.DonorUserForm(formdata=None))


def _donor_page(form, donor, user_form):
    people = admin.members(get_session(), donor) if donor else []
    return render_template("donors/donor_form.html", form=form, donor=donor, user_form=user_form, members=people)


@bp.route("/new", methods=["GET", "POST"])
@roles(*STAFF)
def new_donor():
    return _save(forms.DonorForm(), None)


@bp.route("/<int:donor_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit_donor(donor_id):
    """The donor's details, with the people who act for it below."""
    donor = _get(Donor, donor_id)
    return _save(forms.DonorForm(obj=donor), donor)


@bp.post("/<int:donor_id>/users")
@roles(*STAFF)
def attach_user(donor_id):
    """Attach an existing account to the donor (it gains the donor role)."""
    donor = _get(Donor, donor_id)
    user_form = forms.DonorUserForm()
    if user_form.validate_on_submit():
        session = get_session()
        try:
            user = admin.attach_user(session=session, donor=donor, email=user_form.email.data, actor=acting_user())
        except DomainError as error:
            session.rollback()
            user_form.email.errors.append(error.message)
        else:
            session.commit()
            flash(_("%(name)s can now act for %(donor)s.", name=user.display_name, donor=donor.name), "success")
            return redirect(url_for("donors.edit_donor", donor_id=donor.id))
    return _donor_page(forms.DonorForm(formdata=None, obj=donor), donor, user_form)


# --- bank transfers --------------------------------------------------------------------------
@bp.route("/funds/<int:fund_id>/transfers/new", methods=["GET", "POST"])
@roles(*FINANCE)
def new_transfer(fund_id):
    """Record money that arrived by bank transfer; a double submit records it once.

    The idempotency key is made when the form is shown and travels in a hidden field, so a
    second click (or a resent POST) finds the contribution the first one recorded.
    """
    fund = _get(Fund, fund_id)
    donors = get_session().exec(select(Donor).order_by(Donor.name)).all()
    initial = {"currency": fund.currency, "idempotency_key": secrets.token_urlsafe(24)} if request.method == "GET" else None
    form = forms.BankTransferForm(fund=fund, donors=donors, data=initial)
    if form.validate_on_submit() and form.idempotency_key.data:
        key = f"bank:{fund.id}:{form.idempotency_key.data[:64]}"
        try:
            record_bank_transfer(fund_id=fund.id, idempotency_key=key, actor_id=current_user.id, **form.to_call())
        except DomainError as error:
            flash(str(error.message), "error")
        except money.MoneyError:
            flash(str(AMOUNT_HELP), "error")
        else:
            flash(_("The transfer is recorded."), "success")
            return redirect(url_for("donors.contributions", fund_id=fund.id))
    return render_template("donors/transfer_form.html", form=form, fund=fund, donors=donors)


@bp.get("/funds/<int:fund_id>/contributions")
@roles(*FINANCE)
def contributions(fund_id):
    """A fund's contributions with status, amounts given and booked, FX, fee, earmark and flags."""
    fund = _get(Fund, fund_id)
    page = max(1, request.args.get("page", 1, type=int))
    rows, pages = admin.fund_contributions(get_session(), fund, page)
    return render_template("donors/contributions.html", fund=fund, rows=rows, page=page, pages=pages,
                           calls={call.id: call for call in fund.calls})
