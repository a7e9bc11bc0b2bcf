"""Paying tranches with four eyes.

One finance officer schedules a payment; a different one approves it, and only then does money
move in the ledger (`committed:<share>` → `disbursed:<share>`). It is then marked sent with its
method and reference, and confirmed; a cancelled, failed or returned payment is reversed in the
ledger and its tranche reopens. Every step is a compare-and-set on the status, inside
`money_transaction`, with a key derived from the disbursement: a hundred identical approvals
pay once, and approvals against a share can never pay more than was committed to it.
"""
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.dashboards import tallies
from portal.domain import DomainError, InvalidTransition
from portal.funds.models import Fund
from portal.grants.models import PAYMENT_METHODS, Disbursement, Grant, GrantShare, Payee, Tranche
from portal.grants.services import move_status
from portal.grants.states import DISBURSEMENT, TRANCHE, UNDOES_PAYMENT
from portal.ledger import accounts
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import InsufficientFunds, Leg, post, reverse
from portal.review.models import Decision
from portal.types import utcnow, whole_hours


class FourEyes(DomainError):
    """The person who scheduled a payment tried to approve it."""


def pay_key(disbursement):
    return f"disbursement:{disbursement.id}:pay"


def schedule(session, *, tranche, actor, roles, key):
    """A payable tranche gets a scheduled payment (the same form key finds the first one)."""
    existing = session.exec(select(Disbursement).where(Disbursement.schedule_key == key)).first()
    if existing is not None:
        return existing
    share = tranche.share
    if share.grant.status != "accepted":
        raise InvalidTransition(_l("The grant terms have not been accepted yet."))
    if session.exec(select(Payee).where(Payee.share_id == share.id)).first() is None:
        raise DomainError(_l("The grantee has not given payment details for this share yet."))
    try:
        move_status(session, Tranche, tranche, TRANCHE, "schedule", roles)
    except InvalidTransition:
        existing = session.exec(select(Disbursement).where(Disbursement.schedule_key == key)).first()
        if existing is not None:  # an identical request (a double click) scheduled it first
            return existing
        raise
    disbursement = Disbursement(tranche_id=tranche.id, amount_minor=tranche.amount_minor,
                                currency=share.grant.currency, schedule_key=key, scheduled_by_id=actor.id)
    session.add(disbursement)
    session.flush()
    audit.record(session, actor=actor, action="disbursement.schedule", record=disbursement,
                 after={"status": "scheduled", "tranche": tranche.id, "amount_minor": tranche.amount_minor})
    return disbursement


def _step(session, disbursement, action, actor, roles, **values):
    """One audited move of the payment machine (a compare-and-set on its status)."""
    before, target = move_status(session, Disbursement, disbursement, DISBURSEMENT, action, roles, **values)
    audit.record(session, actor=actor, action=f"disbursement.{action}", record=disbursement,
                 before={"status": before}, after={"status": target, **{k: str(v) for k, v in values.items()}})
    return disbursement


def approve(session, *, disbursement, actor, roles):
    """The second pair of eyes: a different finance officer approves, and the money moves.

    A replay of an approval that already happened returns it unchanged (one payment, one
    ledger transaction); a payment the share's commitment cannot cover is refused.
    """
    if disbursement.status == "approved" and disbursement.approved_by_id == actor.id:
        return disbursement
    if disbursement.scheduled_by_id == actor.id:
        raise FourEyes(_l("You scheduled this payment, so another finance officer must approve it."))
    tranche = session.get(Tranche, disbursement.tranche_id)
    share = session.get(GrantShare, tranche.share_id)
    grant = session.get(Grant, share.grant_id)
    fund = session.get(Fund, grant.fund_id)
    try:
        _step(session, disbursement, "approve", actor, roles, approved_by_id=actor.id, approved_at=utcnow())
    except InvalidTransition:
        session.refresh(disbursement)
        if disbursement.status in ("approved", "sent", "confirmed") and disbursement.approved_by_id == actor.id:
            return disbursement  # an identical request won the race
        raise
    legs = [Leg(accounts.committed(fund, share.id), -disbursement.amount_minor),
            Leg(accounts.disbursed(fund, share.id), disbursement.amount_minor)]
    try:
        post(session, kind="disbursement.pay", legs=legs, idempotency_key=pay_key(disbursement), actor=actor,
             record=disbursement, memo=f"Tranche {tranche.id} of grant {grant.id}")
    except InsufficientFunds:
        raise DomainError(_l("This payment is larger than what remains committed to this share.")) from None
    tallies.grant_paid(session, grant=grant, amount_minor=disbursement.amount_minor)
    return disbursement


def mark_sent(session, *, disbursement, actor, roles, method, reference):
    if method not in PAYMENT_METHODS:
        raise DomainError(_l("Please choose how the payment was sent."))
    return _step(session, disbursement, "send", actor, roles, method=method, reference=reference[:120], sent_at=utcnow())


def confirm(session, *, disbursement, actor, roles):
    """The bank or operator confirms the money arrived: the tranche is paid."""
    _step(session, disbursement, "confirm", actor, roles, confirmed_at=utcnow())
    tranche = session.get(Tranche, disbursement.tranche_id)
    move_status(session, Tranche, tranche, TRANCHE, "pay", roles)
    grant = tranche.share.grant
    if grant.first_paid_at is None:
        decided_at = session.exec(select(Decision.decided_at).where(Decision.application_id == grant.application_id,
                                                                   Decision.outcome == "approved")).first()
        grant.first_paid_at = disbursement.confirmed_at
        grant.hours_to_payment = whole_hours(grant.first_paid_at - decided_at) if decided_at else None
        session.add(grant)
        session.flush()
        tallies.grant_first_paid(session, grant=grant)
    return disbursement


def undo(session, *, disbursement, actor, roles, action, reason=""):
    """Cancel, fail or return a payment: the ledger movement (if any) is reversed and the
    tranche can be paid again."""
    assert action in UNDOES_PAYMENT
    _step(session, disbursement, action, actor, roles, failed_at=utcnow(), failure_reason=(reason or None) and reason[:200])
    paid = session.exec(select(LedgerTransaction).where(LedgerTransaction.idempotency_key == pay_key(disbursement))).first()
    if paid is not None:
        reverse(session, transaction=paid, idempotency_key=f"disbursement:{disbursement.id}:{action}", actor=actor,
                memo=f"{action} of disbursement {disbursement.id}")
    tranche = session.get(Tranche, disbursement.tranche_id)
    if paid is not None:
        tallies.grant_paid(session, grant=tranche.share.grant, amount_minor=-disbursement.amount_minor)
    move_status(session, Tranche, tranche, TRANCHE, "reopen", roles)
    return disbursement



def send_by_stripe(*, disbursement_id, actor_id, roles):
    """Stripe Connect: transfer an approved payment to the payee's connected account, then mark it
    sent with the transfer's id.

    The transfer is requested outside any database lock (a network call must not hold the
    books), with a key derived from the disbursement: if marking it sent fails, a retry gets the
    same transfer back from Stripe instead of paying twice.
    """
    import stripe

    from portal.accounts.models import User
    from portal.ledger.locking import money_transaction
    from portal.payments import stripe_adapter

    def destination(session):
        disbursement = session.get(Disbursement, disbursement_id)
        if disbursement.status != "approved":
            raise InvalidTransition(_l("Only an approved payment can be sent."))
        tranche = session.get(Tranche, disbursement.tranche_id)
        payee = session.exec(select(Payee).where(Payee.share_id == tranche.share_id)).first()
        if payee is None or not payee.stripe_account:
            raise DomainError(_l("This payee has no Stripe connected account."))
        return disbursement.amount_minor, disbursement.currency, payee.stripe_account

    amount_minor, currency, account = money_transaction(destination)
    if not stripe_adapter.enabled():
        raise DomainError(_l("Stripe is not configured on this portal."))
    try:
        transfer = stripe_adapter.create_transfer(amount_minor=amount_minor, currency=currency, destination=account,
                                                  disbursement_id=disbursement_id)
    except stripe.StripeError:
        raise DomainError(_l("Stripe did not make the transfer, so nothing was paid. Please check the payee's "
                             "connected account.")) from None
    return money_transaction(lambda session: mark_sent(
        session, disbursement=session.get(Disbursement, disbursement_id), actor=session.get(User, actor_id),
        roles=roles, method="stripe_connect", reference=transfer.id))
