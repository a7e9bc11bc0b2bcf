"""Tallies: the dashboard's figures about grants, organisations and reports, kept as counters.

Counting a fund's grants, organisations and reports from their rows grows with the fund: at
20,000 grants the breakdowns, consortia, reach and report counts took ≈ 150 ms of a 260 ms
dashboard (tests/bench/dashboard.py). The services that award a grant, move its money or move a
report add to these rows in the same transaction, so a dashboard reads a few hundred rows at any
size; `dashboards.tallies` computes the same figures from the domain tables, and the ledger
check proves both agree. Not records themselves: they are updated in place.
"""
from datetime import date

from sqlalchemy import BigInteger, Column, UniqueConstraint, false
from sqlmodel import Field, SQLModel


class GrantTally(SQLModel, table=True):
    """A fund's grants summed by the applying organisation's country, tier, theme, written-in
    language and number of member organisations (1 for a single organisation)."""

    __tablename__ = "grant_tally"
    __table_args__ = (UniqueConstraint("fund_id", "country", "tier_id", "theme", "language", "members", "withheld"),)

    id: int | None = Field(default=None, primary_key=True)
    fund_id: int = Field(foreign_key="fund.id")
    country: str = Field(max_length=2)
    tier_id: int = Field(foreign_key="tier.id")
    #: WPS theme ("" for none) and the application's written-in language.
    theme: str = Field(default="", max_length=30)
    language: str = Field(max_length=10)
    members: int = 1
    #: Flagged "do not publish": the public page leaves these out, as the open data does.
    withheld: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    grants: int = 0
    #: Minor units of the fund's currency: awarded, the lead organisations' part of it, and paid
    #: (payments whose money has moved, net of payments undone).
    awarded_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    lead_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    paid_minor: int = Field(sa_column=Column(BigInteger, nullable=False))


class ReachTally(SQLModel, table=True):
    """Organisations holding a share of a fund's grants, by what the dashboard asks of them."""

    __tablename__ = "reach_tally"
    __table_args__ = (UniqueConstraint("fund_id", "registered", "women_led", "first_grant", "withheld"),)

    id: int | None = Field(default=None, primary_key=True)
    fund_id: int = Field(foreign_key="fund.id")
    registered: bool
    women_led: bool
    #: Their first Mizani grant was one of this fund's.
    first_grant: bool
    #: Every grant they hold from this fund is flagged "do not publish" (left off the public page).
    withheld: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    organisations: int = 0


class SpeedTally(SQLModel, table=True):
    """How many decisions took so many whole hours from submission (measure "decision"), and how
    many grants so many hours from the decision to their first payment ("payment"), per tier:
    a histogram, so a median is found in a few hundred rows however many decisions there are."""

    __tablename__ = "speed_tally"
    __table_args__ = (UniqueConstraint("fund_id", "tier_id", "measure", "hours"),)

    id: int | None = Field(default=None, primary_key=True)
    fund_id: int = Field(foreign_key="fund.id")
    tier_id: int = Field(foreign_key="tier.id")
    measure: str = Field(max_length=10)
    hours: int
    durations: int = 0


class ReportTally(SQLModel, table=True):
    """Reports owed on a fund's grants by status and due date (so "late" is counted for any day)."""

    __tablename__ = "report_tally"
    __table_args__ = (UniqueConstraint("fund_id", "status", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    fund_id: int = Field(foreign_key="fund.id")
    status: str = Field(max_length=30)
    due_on: date
    reports: int = 0
