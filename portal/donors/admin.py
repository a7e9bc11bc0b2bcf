"""Keeping the donor register: donors, the people who act for them, and what finance reads.

Services flush and audit; the view commits once. A refusal is a DomainError whose `field`
detail names the input the message belongs to.
"""
from flask_babel import lazy_gettext as _l
from sqlmodel import func, select

from portal import audit
from portal.accounts.models import User, UserRole
from portal.domain import DomainError
from portal.donors.models import Contribution, Donor, DonorMember

#: Contributions shown per page of a fund's list (a fund may receive thousands).
PAGE_SIZE = 50


class UnknownUser(DomainError):
    """Donor users are attached by the email of an account that already exists."""


def save_donor(*, session, data, actor, donor=None):
    """Create or update a donor; the audit log keeps what changed."""
    donor = donor or Donor(name="", kind="")
    before = donor.model_dump(mode="json", exclude={"created_at"}) if donor.id else {}
    for name, value in data.items():
        setattr(donor, name, value)
    session.add(donor)
    session.flush()
    after = donor.model_dump(mode="json", exclude={"created_at"})
    changed = {key for key in after if before.get(key) != after[key]}
    if changed:
        audit.record(session, actor=actor, action="donor.update" if before else "donor.create", record=donor,
                     before={key: before[key] for key in changed if key in before},
                     after={key: after[key] for key in changed})
    return donor


def attach_user(*, session, donor, email, actor):
    """Let an existing user act for `donor`, giving her the donor role if she lacks it.

    Accounts are never created here: a donor's staff register (or are invited) first, so
    nobody receives an account they did not ask for.
    """
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise UnknownUser(_l("Nobody has an account with this email address. Ask them to register first."),
                          field="email")
    if session.get(DonorMember, (donor.id, user.id)) is None:
        session.add(DonorMember(donor_id=donor.id, user_id=user.id))
    if session.get(UserRole, (user.id, "donor")) is None:
        session.add(UserRole(user_id=user.id, role="donor"))
    session.flush()
    audit.record(session, actor=actor, action="donor.attach_user", record=donor, after={"user_id": user.id})
    return user


def members(session, donor):
    """The users who act for a donor, by name."""
    return session.exec(select(User).join(DonorMember, DonorMember.user_id == User.id)
                        .where(DonorMember.donor_id == donor.id).order_by(User.display_name)).all()


def fund_contributions(session, fund, page=1):
    """One page of a fund's contributions, newest first, with their donors; and the page count."""
    total = session.exec(select(func.count()).select_from(Contribution).where(Contribution.fund_id == fund.id)).one()
    rows = session.exec(
        select(Contribution, Donor).join(Donor, Donor.id == Contribution.donor_id)
        .where(Contribution.fund_id == fund.id).order_by(Contribution.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return rows, max(1, -(-total // PAGE_SIZE))
