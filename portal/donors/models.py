"""Donors, the people who act for them, and contributions.

A contribution's status lives here; the money itself lives only in the ledger, posted in the
same database transaction as each status change.
"""
from datetime import date, datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.types import stamped_later, stamped_now

DONOR_KINDS = ("government", "foundation", "organisation", "individual")
#: Where a contribution came from (identifiers, never translated).
SOURCES = ("stripe", "bank_transfer")
#: Soft earmarks: a preference honoured when money is committed, never a separate pot.
EARMARK_KINDS = ("call", "country", "theme")


class Donor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    #: One of DONOR_KINDS.
    kind: str = Field(max_length=20)
    #: ISO 3166-1 alpha-2, optional.
    country: str | None = Field(default=None, max_length=2)
    created_at: datetime = stamped_now()


class DonorMember(SQLModel, table=True):
    """A user who acts for a donor (sees its contributions, gives on its behalf)."""

    __tablename__ = "donor_member"

    donor_id: int = Field(foreign_key="donor.id", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, index=True)


class Contribution(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("pledge_key"), UniqueConstraint("stripe_session_id"),
        UniqueConstraint("stripe_payment_intent_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    fund_id: int = Field(foreign_key="fund.id", index=True)
    donor_id: int = Field(foreign_key="donor.id", index=True)
    #: pledged → received, or failed / refunded (identifiers, never translated).
    status: str = Field(default="pledged", max_length=20, index=True)
    #: One of SOURCES.
    source: str = Field(max_length=20)
    #: What the donor gave, in the currency she gave it in (minor units).
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    #: What reached the fund, in the fund's currency (minor units), once received.
    fund_amount_minor: int | None = Field(default=None, sa_column=Column(BigInteger))
    #: Processor or bank fees, in the fund's currency (minor units).
    fee_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
    #: FX conversion into the fund's currency: rate (fund currency per unit given), source, date.
    fx_rate: str | None = Field(default=None, max_length=40)
    fx_source: str | None = Field(default=None, max_length=80)
    fx_date: date | None = None
    #: Optional soft earmark: kind (EARMARK_KINDS) and value (call id, ISO country, theme id).
    earmark_kind: str | None = Field(default=None, max_length=20)
    earmark_value: str | None = Field(default=None, max_length=40)
    #: Bank transfers: the date the money arrived and the bank's reference.
    value_date: date | None = None
    bank_reference: str | None = Field(default=None, max_length=120)
    #: Idempotency key of the pledge form (or Checkout creation).
    pledge_key: str | None = Field(default=None, max_length=200)
    stripe_session_id: str | None = Field(default=None, max_length=255)
    stripe_payment_intent_id: str | None = Field(default=None, max_length=255)
    #: Why a payment was not booked automatically (e.g. "amount_mismatch"), for finance to review.
    flag: str | None = Field(default=None, max_length=120)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = stamped_now()
    received_at: datetime | None = stamped_later()
    refunded_at: datetime | None = stamped_later()
