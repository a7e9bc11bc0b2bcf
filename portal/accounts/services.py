"""Accounts: registration, passwords (argon2id), emailed one-time links and staff creation."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlmodel import select

from portal.accounts.models import ROLES, LoginToken, Membership, Organisation, User, UserRole
from portal.domain import DomainError
from portal.types import utcnow



def hasher():
    """argon2id with the library's recommended cost, or the cheaper cost set for tests."""
    app = current_app._get_current_object()
    if "password_hasher" not in app.extensions:
        cost = app.config.get("ARGON2_COST") or {}
        app.extensions["password_hasher"] = PasswordHasher(**cost)
    return app.extensions["password_hasher"]


class EmailTaken(DomainError):
    """Someone already registered with this address."""


class InvalidLink(DomainError):
    """An emailed link that is unknown, used or expired."""


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(session, email):
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(*, session, email, display_name, password=None, roles=(), locale=None):
    """A user with the given roles; raises EmailTaken for a known address."""
    if find_user(session, email):
        raise EmailTaken(_l("An account with this email address already exists. Please sign in."))
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    user = User(email=normalise_email(email), display_name=display_name.strip(), locale=locale)
    if password:
        user.password_hash = hasher().hash(password)
    session.add(user)
    session.flush()
    for role in roles:
        session.add(UserRole(user_id=user.id, role=role))
    session.flush()
    session.refresh(user)
    return user


def register_applicant(*, session, email, display_name, password, locale, organisation):
    """A new applicant and her organisation (a dict of Organisation fields)."""
    user = create_user(
        session=session, email=email, display_name=display_name, password=password,
        roles=("applicant",), locale=locale,
    )
    org = Organisation(**organisation)
    session.add(org)
    session.flush()
    session.add(Membership(user_id=user.id, organisation_id=org.id))
    session.flush()
    return user


def authenticate(*, session, email, password):
    """The user for this email and password, or None (same answer for unknown emails)."""
    user = find_user(session, email)
    if user is None or not user.password_hash or user.is_disabled:
        hasher().hash("timing-equaliser")
        return None
    try:
        hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
    return user


def set_password(*, session, user, password):
    user.password_hash = hasher().hash(password)
    session.add(user)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link_token(*, session, user, purpose, minutes):
    """A random single-use token for an emailed link; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginToken(
            user_id=user.id, purpose=purpose, token_hash=_hash(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    session.flush()
    return token


def consume_link_token(*, session, token, purpose):
    """The user the token was issued to; marks it used atomically so it works only once."""
    now = utcnow()
    row = session.exec(select(LoginToken).where(LoginToken.token_hash == _hash(token or ""))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at < now:
        raise InvalidLink(_l("This link has expired or was already used. Please ask for a new one."))
    claimed = session.execute(
        update(LoginToken)
        .where(LoginToken.id == row.id, LoginToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise InvalidLink(_l("This link has expired or was already used. Please ask for a new one."))
    user = session.get(User, row.user_id)
    if user.email_verified_at is None:
        user.email_verified_at = now
    return user


def organisations_of(user):
    return [membership.organisation for membership in user.memberships]


def organisation_members(session, organisation_id):
    """The active people of an organisation (who hear about its applications and grants)."""
    return session.exec(select(User).join(Membership).where(
        Membership.organisation_id == organisation_id, User.is_disabled == False)).all()  # noqa: E712


def holders_of(session, role):
    """The active people holding `role`."""
    return session.exec(select(User).join(UserRole).where(
        UserRole.role == role, User.is_disabled == False)).all()  # noqa: E712
