"""Payee details: asked for only after the award, encrypted at rest, never shown in full again.

The details (account holder, account or phone number, bank…) are a small JSON document
encrypted with Fernet (AES-128-CBC with an HMAC) under `PAYEE_KEY`. Pages show a hint (the
method and the last four characters); only the bank export decrypts them, for finance.
"""
import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit
from portal.domain import DomainError
from portal.grants.models import PAYMENT_METHODS, Disbursement, Payee, Tranche
from portal.types import utcnow

#: Fields asked for per method (identifiers; labels live in grants.forms).
FIELDS = {
    "bank_transfer": ("account_holder", "account_number", "bank_name", "bank_code"),
    "mobile_money": ("account_holder", "phone_number", "operator"),
    "stripe_connect": ("account_holder", "stripe_account"),
    "other": ("account_holder", "instructions"),
}
#: The field whose last characters make the hint.
HINTED = {"bank_transfer": "account_number", "mobile_money": "phone_number", "stripe_connect": "stripe_account",
          "other": "instructions"}


def _fernet():
    """The configured key, or one derived from SECRET_KEY outside production (config checks)."""
    key = current_app.config.get("PAYEE_KEY")
    if not key:
        digest = hashlib.sha256(b"mizani payee details:" + current_app.config["SECRET_KEY"].encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def encrypt(details: dict) -> str:
    return _fernet().encrypt(json.dumps(details, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict:
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        raise DomainError(_l("These payment details cannot be read with the current key.")) from None


def hint(method, details):
    value = "".join(str(details.get(HINTED[method], "")).split())
    return f"•••• {value[-4:]}" if len(value) > 4 else "••••"


#: Payments that still go to the payee details as they are now.
UNDER_WAY = ("scheduled", "approved", "sent")


def _payment_under_way(session, share):
    """Details must not change under a payment finance scheduled or approved with the old ones (a
    taken-over account could otherwise redirect money already approved by two people)."""
    return session.exec(select(Disbursement.id).join(Tranche, Tranche.id == Disbursement.tranche_id)
                        .where(Tranche.share_id == share.id, Disbursement.status.in_(UNDER_WAY))).first() is not None


def save_payee(session, *, share, method, details, actor):
    """Enter or replace a share's payee details (the grantee, after the award)."""
    if method not in PAYMENT_METHODS:
        raise DomainError(_l("Please choose how you want to be paid."))
    details = {name: str(details.get(name, "")).strip() for name in FIELDS[method]}
    if not all(details.values()):
        raise DomainError(_l("Please fill in every payment detail."))
    payee = session.exec(select(Payee).where(Payee.share_id == share.id)).first()
    if payee is not None and _payment_under_way(session, share):
        raise DomainError(_l("A payment to these details is on its way. You can change them once it has arrived, "
                             "or ask the fund team to stop it first."))
    before = {"method": payee.method, "hint": payee.hint} if payee else {}
    if payee is None:
        payee = Payee(share_id=share.id, method=method, details_encrypted="", hint="", updated_by_id=actor.id)
    payee.method, payee.details_encrypted, payee.hint = method, encrypt(details), hint(method, details)
    payee.stripe_account = details.get("stripe_account") or None
    payee.updated_by_id, payee.updated_at = actor.id, utcnow()
    session.add(payee)
    session.flush()
    audit.record(session, actor=actor, action="payee.save", record=payee, before=before,
                 after={"method": method, "hint": payee.hint, "share": share.id})
    return payee
