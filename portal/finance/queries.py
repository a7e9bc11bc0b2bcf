"""What the payments page lists: tranches ready to pay and payments by status, one query each.

Payee details are never read here, only their method and hint.
"""
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.grants.models import Disbursement, Grant, GrantShare, Payee, Tranche

#: Rows shown per list; the page says when there are more.
LIMIT = 100
#: Payments finance still has to act on, in the order they move.
OPEN = ("scheduled", "approved", "sent")
#: Payments that ended; the latest are shown (a confirmed one may still come back).
ENDED = ("confirmed", "failed", "returned", "cancelled")


@dataclass(frozen=True)
class Line:
    """A tranche or a payment with what finance needs to recognise it."""

    tranche: Tranche
    grant_id: int
    currency: str
    reference: str | None
    organisation: str
    payee_method: str | None
    payee_hint: str | None
    stripe_account: str | None
    payment: Disbursement | None = None


def _lines(extra, where, order, limit):
    query = (select(Tranche, Grant.id, Grant.currency, Application.reference, Organisation.name, Payee.method,
                    Payee.hint, Payee.stripe_account, *extra)
             .join(GrantShare, GrantShare.id == Tranche.share_id)
             .join(Grant, Grant.id == GrantShare.grant_id)
             .join(Application, Application.id == Grant.application_id)
             .join(Organisation, Organisation.id == GrantShare.organisation_id)
             .outerjoin(Payee, Payee.share_id == GrantShare.id))
    if extra:
        query = query.join(Disbursement, Disbursement.tranche_id == Tranche.id)
    return query.where(*where).order_by(*order).limit(limit)


def ready_to_pay(session):
    """(lines, total): payable tranches of accepted grants, oldest grant first."""
    where = (Tranche.status == "payable", Grant.status == "accepted")
    rows = session.exec(_lines((), where, (Grant.id, GrantShare.id, Tranche.position), LIMIT)).all()
    total = session.exec(select(func.count()).select_from(Tranche).join(GrantShare).join(Grant).where(*where)).one()
    return [Line(*row) for row in rows], total


def payments(session, statuses, limit=LIMIT):
    """Payments in `statuses`, newest first."""
    rows = session.exec(_lines((Disbursement,), (Disbursement.status.in_(statuses),), (Disbursement.id.desc(),),
                               limit)).all()
    return [Line(*row) for row in rows]
