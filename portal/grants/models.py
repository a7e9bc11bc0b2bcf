"""Grants and what follows an approval: shares per organisation, the contributions that fund
it, the payee of each share, tranches and their disbursements.

Money itself lives only in the ledger (`fund:<id>:committed:<share>` and
`fund:<id>:disbursed:<share>`); these tables hold status, posted in the same database
transaction as each ledger movement.
"""
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from portal.types import stamped_later, stamped_now

#: How a share is paid (identifiers, never translated).
PAYMENT_METHODS = ("bank_transfer", "mobile_money", "stripe_connect", "other")


class Grant(SQLModel, table=True):
    """An approved application: awarded → accepted (agreement signed online)."""

    __table_args__ = (UniqueConstraint("application_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id")
    fund_id: int = Field(foreign_key="fund.id", index=True)
    #: Minor units of the fund's currency.
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    #: "awarded" or "accepted" (grants.states.GRANT).
    status: str = Field(default="awarded", max_length=20, index=True)
    conditions: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    #: The WPS theme (funds.models.THEMES) the fund manager filed it under: earmarks by theme
    #: and the dashboards read it.
    theme: str | None = Field(default=None, max_length=30)
    awarded_at: datetime = stamped_now()
    #: Who accepted the grant terms, when, and in which language they read them.
    accepted_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    accepted_at: datetime | None = stamped_later()
    accepted_language: str | None = Field(default=None, max_length=10)
    #: When the first payment was confirmed, and whole hours from the decision to it (the
    #: dashboards' speed, counted like Decision.hours_to_decision).
    first_paid_at: datetime | None = stamped_later()
    hours_to_payment: int | None = None
    #: The grantee is at risk: the grant never appears by name or exact place on donor or
    #: public pages and exports, only inside aggregates.
    do_not_publish: bool = False
    #: The grantee agreed that donors may read her reports' narrative (a shared story).
    story_consent: bool = False

    shares: list["GrantShare"] = Relationship(
        back_populates="grant", sa_relationship_kwargs={"order_by": "GrantShare.id"}
    )


class GrantShare(SQLModel, table=True):
    """One organisation's part of a grant (a single-organisation grant has one)."""

    __tablename__ = "grant_share"
    __table_args__ = (UniqueConstraint("grant_id", "organisation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    grant_id: int = Field(foreign_key="grant.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    is_lead: bool = False

    grant: Grant = Relationship(back_populates="shares")
    tranches: list["Tranche"] = Relationship(
        back_populates="share", sa_relationship_kwargs={"order_by": "Tranche.position"}
    )


class GrantFunding(SQLModel, table=True):
    """Which contribution paid for how much of a grant (attribution, honouring earmarks)."""

    __tablename__ = "grant_funding"
    __table_args__ = (
        UniqueConstraint("grant_id", "contribution_id"),
        # "Your contribution" reads a donor's attribution from the index alone on PostgreSQL
        # (tests/bench/dashboard.py at 298,000 rows: 67 → 16 and 53 → 8 ms).
        Index("ix_grant_funding_contribution_facts", "contribution_id", postgresql_include=["grant_id", "amount_minor"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    grant_id: int = Field(foreign_key="grant.id", index=True)
    contribution_id: int = Field(foreign_key="contribution.id", index=True)
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))


class Payee(SQLModel, table=True):
    """Where a share is paid. The details are encrypted at rest and shown in full to no one
    after entry: finance sees a hint ("•••• 4821") and the export decrypts them for the bank."""

    __table_args__ = (UniqueConstraint("share_id"),)

    id: int | None = Field(default=None, primary_key=True)
    share_id: int = Field(foreign_key="grant_share.id")
    #: One of PAYMENT_METHODS.
    method: str = Field(max_length=20)
    #: Fernet token of the JSON details (account holder, account number, bank, phone…).
    details_encrypted: str = Field(sa_column=Column(Text, nullable=False))
    #: What may be shown: the method and the last characters, e.g. "•••• 4821".
    hint: str = Field(max_length=40)
    #: A Stripe connected account id, where the payee has one (not a secret).
    stripe_account: str | None = Field(default=None, max_length=255)
    updated_by_id: int = Field(foreign_key="user_account.id")
    updated_at: datetime = stamped_now()


class Tranche(SQLModel, table=True):
    """A part of a share, paid when its condition holds.

    waiting (for its report) → payable → in_payment → paid; a failed or returned payment
    brings it back to payable.
    """

    id: int | None = Field(default=None, primary_key=True)
    share_id: int = Field(foreign_key="grant_share.id", index=True)
    position: int = 0
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    #: The report this tranche waits for (e.g. "interim"), or None (trust-based: no report).
    after_report: str | None = Field(default=None, max_length=40)
    status: str = Field(default="payable", max_length=20, index=True)

    share: GrantShare = Relationship(back_populates="tranches")


class Disbursement(SQLModel, table=True):
    """The payment of one tranche, with four eyes.

    scheduled → approved (by a different finance officer: the ledger moves here) → sent →
    confirmed; scheduled or approved may be cancelled, sent may fail or come back (the ledger
    movement is reversed and the tranche reopens).
    """

    __table_args__ = (UniqueConstraint("schedule_key"),)

    id: int | None = Field(default=None, primary_key=True)
    tranche_id: int = Field(foreign_key="tranche.id", index=True)
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    status: str = Field(default="scheduled", max_length=20, index=True)
    #: One of grants.models.PAYMENT_METHODS, and the bank's or operator's reference once sent.
    method: str | None = Field(default=None, max_length=20)
    reference: str | None = Field(default=None, max_length=120)
    #: Idempotency key of the form that scheduled it.
    schedule_key: str = Field(max_length=100)
    scheduled_by_id: int = Field(foreign_key="user_account.id")
    scheduled_at: datetime = stamped_now()
    approved_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    approved_at: datetime | None = stamped_later()
    sent_at: datetime | None = stamped_later()
    confirmed_at: datetime | None = stamped_later()
    failed_at: datetime | None = stamped_later()
    failure_reason: str | None = Field(default=None, max_length=200)
