"""Arrangements for the grant and payment pages: an approved grant, and people signed in on
their own browsers (test clients) who use the pages as they would."""
import re

from helpers import post_form, sign_in
from portal.grants.models import Disbursement, Grant
from portal.review.decisions import approve
from tests.grants.support import World

TWO_TRANCHES = [{"percent": 60, "after_report": None}, {"percent": 40, "after_report": "interim"}]
PHONE = "+243 81 234 5678"
MOBILE = {"account_holder": "Mama Amani", "phone_number": PHONE, "operator": "M-Pesa"}
BANK = {"account_holder": "Mama Amani", "account_number": "CD0099887766", "bank_name": "Rawbank",
        "bank_code": "RAWBCDKI"}


def approved(db, *, amount_minor=400_000, plan=TWO_TRANCHES, conditions="", **world_fields):
    """A world whose application the fund manager approved (through the service): (world, grant)."""
    world = World(db, plan=plan, **world_fields)
    approve(db, application=world.application, actor=world.manager, amount_minor=amount_minor, key="decide",
            conditions=conditions)
    db.commit()
    return world, world.grant(db)


class Browsers:
    """One signed-in test client per person, so several people act on the same grant."""

    def __init__(self, app):
        self.app = app
        self.signed_in = {}

    def __call__(self, email):
        if email not in self.signed_in:
            client = self.app.test_client()
            sign_in(client, email)
            self.signed_in[email] = client
        return self.signed_in[email]


def html(response):
    return response.get_data(as_text=True)


def reread(db):
    """End the test session's snapshot so it sees what requests committed."""
    db.rollback()
    db.expire_all()
    return db


def accept(client, grant_id):
    return post_form(client, f"/grants/{grant_id}/accept", page=f"/grants/{grant_id}")


def give_payee(client, grant_id, share_id, method, details):
    """Step one (choose the method by GET) then step two (post its fields), as without JavaScript."""
    page = f"/grants/{grant_id}?share={share_id}&method={method}"
    return post_form(client, f"/grants/{grant_id}/shares/{share_id}/payee", {"method": method, **details}, page=page)


def schedule(client, tranche_id):
    """Post the schedule form of a tranche with the key the payments page made for it."""
    page = html(client.get("/finance/"))
    match = re.search(rf'/finance/tranches/{tranche_id}/schedule">.*?name="key" value="([^"]+)"', page, re.S)
    assert match, f"no schedule form for tranche {tranche_id}"
    return post_form(client, f"/finance/tranches/{tranche_id}/schedule", {"key": match.group(1)}, page="/finance/")


def step(client, payment_id, name, data=None):
    """approve, send, confirm or undo a payment through its form on the payments page."""
    return post_form(client, f"/finance/payments/{payment_id}/{name}", data or {}, page="/finance/")


def payments(db, grant_id):
    from sqlmodel import select

    from portal.grants.models import GrantShare, Tranche
    reread(db)
    return db.exec(select(Disbursement).join(Tranche).join(GrantShare).where(GrantShare.grant_id == grant_id)
                   .order_by(Disbursement.id)).all()


def grant(db, grant_id):
    return reread(db).get(Grant, grant_id)
