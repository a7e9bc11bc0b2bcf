"""Users, their roles, organisations and memberships, and one-time sign-in tokens."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from portal.types import UTCDateTime, stamped_later, stamped_now

#: Role identifiers (never translated); labels live in accounts.roles.
ROLES = ("applicant", "reviewer", "fund_manager", "finance_officer", "donor", "admin")


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"

    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    role: str = Field(max_length=30, primary_key=True)

    user: "User" = Relationship(back_populates="role_links")


class User(UserMixin, SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    #: Lower-cased sign-in address; the only contact detail we keep for applicants.
    email: str = Field(max_length=254, unique=True, index=True)
    #: What the person wants to be called; not necessarily a legal name.
    display_name: str = Field(max_length=120)
    #: argon2id hash; None for people who only sign in by emailed link.
    password_hash: str | None = Field(default=None, max_length=255)
    #: Explicitly chosen interface language, or None to follow the browser.
    locale: str | None = Field(default=None, max_length=10)
    #: Languages a reviewer reads (ISO 639-1): assignment suggests reviewers who read an
    #: application's language.
    reads_languages: list = Field(default_factory=list, sa_type=JSON)
    is_disabled: bool = False
    email_verified_at: datetime | None = stamped_later()
    created_at: datetime = stamped_now()

    role_links: list[UserRole] = Relationship(back_populates="user")
    memberships: list["Membership"] = Relationship(back_populates="user")

    @property
    def is_active(self):
        return not self.is_disabled

    @property
    def roles(self):
        return {link.role for link in self.role_links}

    def has_any_role(self, names):
        return bool(self.roles & set(names))


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    #: Eligibility identifier: women_group, youth_group, community_group, ngo, network, other.
    kind: str = Field(max_length=30)
    #: False for informal groups, which Mizani welcomes.
    registered: bool = False
    #: ISO 3166-1 alpha-2 country where the group works.
    country: str = Field(max_length=2, index=True)
    women_led: bool = True
    #: org-id.guide identifier of a registered organisation (e.g. "GB-CHC-1234567"), published
    #: in open data so funders' records link up; None for informal groups (they get a 360G- id).
    org_id: str | None = Field(default=None, max_length=60)
    #: Languages the group works in (ISO 639-1 codes).
    languages: list = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = stamped_now()

    memberships: list["Membership"] = Relationship(back_populates="organisation")


class Membership(SQLModel, table=True):
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True, index=True)
    created_at: datetime = stamped_now()

    user: User = Relationship(back_populates="memberships")
    organisation: Organisation = Relationship(back_populates="memberships")


class LoginToken(SQLModel, table=True):
    """A single-use emailed link (sign-in or password reset); only its hash is stored."""

    __tablename__ = "login_token"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    #: "sign_in" or "reset".
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = stamped_later()
    created_at: datetime = stamped_now()
