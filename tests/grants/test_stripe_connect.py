"""Stripe Connect transfers of approved payments, with the official SDK against the local double."""
import pytest

from payments.stripe_double import StripeDouble
from payments.stripe_events import WEBHOOK_SECRET
from portal.domain import DomainError
from portal.grants import disbursements
from portal.grants.models import Disbursement
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.review.decisions import approve
from tests.grants.support import World

FINANCE = {"finance_officer"}


@pytest.fixture
def connect(app):
    with StripeDouble() as double:
        app.config.update(STRIPE_SECRET_KEY="sk_test_double", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                          STRIPE_API_BASE=double.url)
        yield double


def approved_payment(db, account):
    world = World(db)
    approve(db, application=world.application, actor=world.manager, amount_minor=250_000, key="d")
    grant = world.grant(db)
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="en")
    save_payee(db, share=grant.shares[0], method="stripe_connect", actor=world.applicant,
               details={"account_holder": "Mama Amani", "stripe_account": account})
    payment = disbursements.schedule(db, tranche=grant.shares[0].tranches[0], actor=world.finance, roles=FINANCE, key="s")
    disbursements.approve(db, disbursement=payment, actor=world.finance2, roles=FINANCE)
    db.commit()
    return world, payment


def test_an_approved_payment_is_transferred_once_and_marked_sent(app, db, connect):
    world, payment = approved_payment(db, "acct_1Grantee")
    with app.app_context():
        sent = disbursements.send_by_stripe(disbursement_id=payment.id, actor_id=world.finance.id, roles=FINANCE)
        assert (sent.status, sent.method, sent.reference) == ("sent", "stripe_connect", "tr_0001")
        with pytest.raises(DomainError):  # sent already: no second transfer
            disbursements.send_by_stripe(disbursement_id=payment.id, actor_id=world.finance.id, roles=FINANCE)
    transfer, = connect.transfers
    assert (transfer["amount"], transfer["currency"], transfer["destination"]) == (250_000, "usd", "acct_1Grantee")
    posted = [r for r in connect.requests if r[1] == "/v1/transfers"]
    assert posted[0][2]["Idempotency-Key"] == f"disbursement:{payment.id}:transfer"
    assert "Mama" not in str(posted[0][3])  # only our ids travel to Stripe


def test_a_refused_transfer_leaves_the_payment_approved(app, db, connect):
    world, payment = approved_payment(db, "not-an-account")
    with app.app_context(), pytest.raises(DomainError, match="nothing was paid"):
        disbursements.send_by_stripe(disbursement_id=payment.id, actor_id=world.finance.id, roles=FINANCE)
    db.expire_all()
    assert db.get(Disbursement, payment.id).status == "approved" and connect.transfers == []
