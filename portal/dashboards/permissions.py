"""Who sees which fund's dashboard.

Staff (fund managers, finance officers, admins) see every fund. A donor sees the funds her
donors gave to (a received contribution), and "your contribution" only for her own donors;
any other fund answers 404, so fund ids reveal nothing.
"""
from dataclasses import dataclass

from flask import abort
from sqlmodel import select

from portal.donors.models import Contribution, DonorMember
from portal.funds.models import Fund

STAFF = ("fund_manager", "finance_officer", "admin")
VIEWERS = ("donor", *STAFF)
#: Who may switch a fund's public transparency page on or off.
PUBLISHERS = ("fund_manager", "admin")


@dataclass(frozen=True)
class Viewing:
    fund: Fund
    #: The viewer's own donors that gave to this fund ("your contribution").
    donor_ids: tuple
    staff: bool
    may_publish: bool


def own_donor_ids(session, user):
    return tuple(session.exec(select(DonorMember.donor_id).where(DonorMember.user_id == user.id)
                              .order_by(DonorMember.donor_id)).all())


def _given_to(donor_ids):
    """Ids of the funds these donors have received contributions in."""
    return select(Contribution.fund_id).where(Contribution.donor_id.in_(donor_ids), Contribution.status == "received")


def visible_funds(session, user):
    """The funds whose dashboard the user may open, by id."""
    query = select(Fund).order_by(Fund.id)
    if not user.has_any_role(STAFF):
        query = query.where(Fund.id.in_(_given_to(own_donor_ids(session, user))))
    return session.exec(query).all()


def viewing(session, user, fund_id):
    """The fund as this user may see it, or 404."""
    fund = session.get(Fund, fund_id)
    if fund is None:
        abort(404)
    donors = own_donor_ids(session, user)
    givers = tuple(session.exec(select(Contribution.donor_id).where(
        Contribution.fund_id == fund.id, Contribution.donor_id.in_(donors), Contribution.status == "received")
        .distinct().order_by(Contribution.donor_id)).all()) if donors else ()
    staff = user.has_any_role(STAFF)
    if not staff and not givers:
        abort(404)
    return Viewing(fund, givers, staff, user.has_any_role(PUBLISHERS))
