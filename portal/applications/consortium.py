"""Consortium applications: the lead invites member organisations, who accept and get a share.

Shares are stored in minor units of the fund's currency and must add up to the request.
"""
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit, money
from portal.accounts.services import normalise_email
from portal.applications.models import ConsortiumMember
from portal.domain import AMOUNT_HELP, DomainError
from portal.types import utcnow


class InvitationError(DomainError):
    """An invitation that cannot be sent or accepted."""


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def add_lead(*, session, application, actor):
    """The applying organisation is the consortium's first member, with its share."""
    session.add(ConsortiumMember(
        application_id=application.id, organisation_id=application.organisation_id, is_lead=True,
        invited_email=actor.email, invited_name=application.organisation.name, share_minor=0,
        status="accepted", responded_at=utcnow(),
    ))
    session.flush()


def invite_member(*, session, application, actor, name, email, share, locale=None):
    """Invite an organisation by email; returns the raw token for the emailed link."""
    tier = application.tier
    if application.status != "draft":
        raise InvitationError(_l("Members can only be invited while the application is a draft."))
    active = [member for member in application.members if member.status != "declined"]
    if len(active) >= tier.consortium_max_members:
        raise InvitationError(_l("This consortium already has the largest number of members allowed."))
    email = normalise_email(email)
    if any(member.invited_email == email for member in active):
        raise InvitationError(_l("This organisation has already been invited."))
    currency = tier.call.fund.currency
    try:
        share_minor = money.minor_from_text(share or "0", currency, locale)
    except money.MoneyError:
        raise InvitationError(AMOUNT_HELP) from None
    token = secrets.token_urlsafe(32)
    member = ConsortiumMember(application_id=application.id, invited_email=email, invited_name=name.strip(),
                              share_minor=share_minor, invitation_hash=_hash(token))
    session.add(member)
    session.flush()
    audit.record(session, actor=actor, action="consortium.invite", record=application, after={"member": member.id})
    session.refresh(application)
    return token


def invitation(session, token):
    member = session.exec(select(ConsortiumMember).where(ConsortiumMember.invitation_hash == _hash(token or ""))).first()
    if member is None or member.status != "invited" or member.application.status != "draft":
        raise InvitationError(_l("This invitation is no longer valid. Please ask the lead organisation for a new one."))
    return member


def accept_invitation(*, session, token, actor, organisation):
    """The invited organisation joins; one organisation appears once in a consortium."""
    member = invitation(session, token)
    if any(other.organisation_id == organisation.id for other in member.application.members):
        raise InvitationError(_l("Your organisation is already part of this application."))
    member.organisation_id, member.status, member.responded_at = organisation.id, "accepted", utcnow()
    member.invitation_hash = None
    session.add(member)
    audit.record(session, actor=actor, action="consortium.accept", record=member.application, after={"member": member.id})
    session.flush()
    return member


def decline_invitation(*, session, token, actor):
    member = invitation(session, token)
    member.status, member.responded_at, member.invitation_hash = "declined", utcnow(), None
    session.add(member)
    audit.record(session, actor=actor, action="consortium.decline", record=member.application, after={"member": member.id})
    session.flush()
    return member


def remove_member(*, session, application, member_id, actor):
    member = session.get(ConsortiumMember, member_id)
    if member is None or member.application_id != application.id or member.is_lead or application.status != "draft":
        raise InvitationError(_l("This member cannot be removed."))
    session.delete(member)
    audit.record(session, actor=actor, action="consortium.remove", record=application, before={"member": member_id})
    session.flush()
    session.refresh(application)


def save_shares(*, session, application, shares, currency, locale=None):
    """Update members' shares from typed text; returns {field: message} for unreadable ones."""
    errors = {}
    for member in application.members:
        text = (shares.get(str(member.id)) or "").strip()
        if str(member.id) not in shares:
            continue
        try:
            member.share_minor = money.minor_from_text(text or "0", currency, locale)
        except money.MoneyError:
            errors[f"share-{member.id}"] = AMOUNT_HELP
            continue
        session.add(member)
    return errors
