"""Review of applications: the tier's rubric, reviewer assignments with their scores, the
clarification inbox, and the decision.

Scores live on the assignment (one reviewer, one application) so a conflict of interest can
recuse exactly that reviewer; the decision is one row per application, which makes a second
concurrent decision impossible at the database.
"""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.types import stamped_later, stamped_now

#: Scores run from 1 (weak) to 5 (strong).
SCORE_RANGE = (1, 5)


class RubricCriterion(SQLModel, table=True):
    """One criterion of a tier's rubric, with its weight in the weighted score."""

    __tablename__ = "rubric_criterion"
    __table_args__ = (UniqueConstraint("tier_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    tier_id: int = Field(foreign_key="tier.id", index=True)
    #: Identifier scores are keyed by (never translated).
    key: str = Field(max_length=40)
    position: int = 0
    label: dict = Field(default_factory=dict, sa_type=JSON)
    weight: int = 1


class ReviewAssignment(SQLModel, table=True):
    """A reviewer asked to score one application: assigned → submitted, or recused (conflict)."""

    __tablename__ = "review_assignment"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    reviewer_id: int = Field(foreign_key="user_account.id", index=True)
    assigned_by_id: int = Field(foreign_key="user_account.id")
    #: "assigned", "submitted" or "recused" (identifiers, never translated).
    status: str = Field(default="assigned", max_length=20, index=True)
    #: What the reviewer declared when she recused herself.
    conflict_note: str | None = Field(default=None, sa_column=Column(Text))
    #: {criterion key: 1..5}
    scores: dict = Field(default_factory=dict, sa_type=JSON)
    #: Weighted score × 100 (100–500) of the submitted scores under the tier's rubric, kept so
    #: the queue averages it in SQL; None until she submits, or when she recused herself.
    score_hundredths: int | None = None
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    assigned_at: datetime = stamped_now()
    submitted_at: datetime | None = stamped_later()


class Message(SQLModel, table=True):
    """A message in an application's inbox: the fund's question, or the applicant's answer.

    The notification about it carries no content; the text is only read inside the portal.
    """

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    sender_id: int = Field(foreign_key="user_account.id")
    #: True for the fund team's messages, False for the applicant's.
    from_staff: bool
    body: str = Field(sa_column=Column(Text, nullable=False))
    #: Language the message is written in (ISO 639-1).
    written_language: str = Field(default="en", max_length=10)
    sent_at: datetime = stamped_now()


class Decision(SQLModel, table=True):
    """The decision on one application (one row per application: never decided twice)."""

    __table_args__ = (UniqueConstraint("application_id"), UniqueConstraint("idempotency_key"))

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id")
    #: Key of the decision form (or batch), so a double click finds the first decision.
    idempotency_key: str = Field(max_length=100)
    #: "approved" or "declined".
    outcome: str = Field(max_length=20, index=True)
    #: Approved amount in minor units of the fund's currency (≤ requested).
    amount_minor: int | None = Field(default=None, sa_column=Column(BigInteger))
    conditions: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    #: A decline reason identifier from review.reasons (translated when shown).
    reason: str | None = Field(default=None, max_length=40)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    decided_by_id: int = Field(foreign_key="user_account.id")
    decided_at: datetime = stamped_now()
    #: Hours from submission to this decision, kept for the dashboards' speed figures.
    hours_to_decision: int | None = None
