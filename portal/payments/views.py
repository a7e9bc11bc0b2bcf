"""Donor giving by Stripe Checkout, and the Stripe webhook (registered by `webhooks`).

The donor pays on Stripe's own page: no Stripe script ever runs on ours. Coming back from
Stripe records nothing — only the signed webhook books money.
"""
import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import i18n
from portal.access import roles
from portal.db import get_session
from portal.domain import DomainError
from portal.donors.models import Contribution, Donor, DonorMember
from portal.funds.models import Fund
from portal.payments import bp, services, stripe_adapter, webhooks  # noqa: F401  (webhooks: its route)
from portal.payments.forms import give_form, parse_earmark


def donors_of(session, user):
    """The donors this user may give for (she must be a member, not only hold the role)."""
    return session.exec(select(Donor).join(DonorMember, DonorMember.donor_id == Donor.id)
                        .where(DonorMember.user_id == user.id).order_by(Donor.id)).all()


def _absolute(endpoint, **values):
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


@bp.route("/give/<int:fund_id>", methods=["GET", "POST"])
@roles("donor")
def give(fund_id):
    """Choose an amount, then pay on Stripe's page; explains bank transfer when cards are off."""
    session = get_session()
    fund = session.get(Fund, fund_id) or abort(404)
    donors = donors_of(session, current_user)
    if not donors:
        abort(403)
    if not stripe_adapter.enabled():
        return render_template("payments/not_configured.html", fund=fund)
    form = give_form(session, fund, donors, request.form if request.method == "POST" else None,
                     **({} if request.method == "POST" else {"gift_key": secrets.token_urlsafe(24)}))
    if request.method == "POST" and form.validate_on_submit():
        amount_minor = form.amount_minor(str(i18n.get_locale()))
        if amount_minor and _chargeable(form, amount_minor):
            url = _pledge_and_checkout(session, fund, form, amount_minor)
            if url is not None:
                return redirect(url, code=303)
    elif request.method == "POST" and form.gift_key.errors:
        abort(400)  # a forged or stale form without its key must never create a pledge
    return render_template("payments/give.html", fund=fund, form=form, several=len(donors) > 1)


def _chargeable(form, amount_minor):
    try:
        stripe_adapter.stripe_amount(amount_minor, form.currency.data)
    except stripe_adapter.StripeAmountError:
        form.amount.errors = [_("Card payments in %(currency)s need a rounder amount, for example %(example)s.",
                                currency=form.currency.data, example="10.250")]
        return False
    return True


def _pledge_and_checkout(session, fund, form, amount_minor):
    """Returns Stripe's payment page (or our thanks page when this pledge needs no payment), or
    None after flashing why card payment cannot start."""
    try:
        contribution_id = services.pledge_card_gift(
            fund_id=fund.id, donor_id=form.donor.data, amount_minor=amount_minor, currency=form.currency.data,
            form_key=form.gift_key.data, actor_id=current_user.id, earmark=parse_earmark(form.earmark.data))
        url = services.checkout_url(
            session=session, contribution_id=contribution_id,
            success_url=_absolute("payments.thanks", contribution_id=contribution_id),
            cancel_url=_absolute("payments.give", fund_id=fund.id))
    except DomainError as error:
        flash(error.message, "error")
        return None
    return url or url_for("payments.thanks", contribution_id=contribution_id)


@bp.get("/thanks/<int:contribution_id>")
@roles("donor")
def thanks(contribution_id):
    """Where Stripe sends the donor back: we say we are confirming, and record nothing."""
    session = get_session()
    contribution = session.get(Contribution, contribution_id)
    if contribution is None or contribution.donor_id not in {donor.id for donor in donors_of(session, current_user)}:
        abort(404)
    fund = session.get(Fund, contribution.fund_id)
    return render_template("payments/thanks.html", contribution=contribution, fund=fund)
