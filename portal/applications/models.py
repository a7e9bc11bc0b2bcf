"""Applications, their status history, attachments and consortium members."""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, Relationship, SQLModel

from portal.accounts.models import Organisation
from portal.funds.models import Tier
from portal.types import stamped_now, stamped_later


#: Statuses waiting for a decision (applications.states), as SQL for the queue's partial index.
OPEN_SQL = "status IN ('submitted', 'in_review', 'clarification_requested')"


class Application(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("reference"), UniqueConstraint("submission_key"),
        # The review queue counts and filters by status and language from the index alone on
        # PostgreSQL (measured: 116 → 28 ms at 100,000 applications, tests/bench/review_queue.py).
        Index("ix_application_status_language", "status", "written_language",
              postgresql_include=["submitted_at", "tier_id", "organisation_id", "reference", "requested_minor"]),
        # The queue of undecided applications, least time left first, read in index order.
        Index("ix_application_open_due", "decision_due_at", "id",
              postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL)),
        # The dashboards' grant breakdowns and speed medians read an application's tier,
        # organisation and language from the index alone on PostgreSQL, not from its 150 MB of
        # rows at 100,000 applications (tests/bench/dashboard.py: grant breakdown 347 → 110 ms,
        # decision medians 267 → 49 ms with the candidate indexes).
        Index("ix_application_facts", "id", postgresql_include=["tier_id", "organisation_id", "written_language"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: Reference given at submission, e.g. "MZ-7K3Q-9XPA"; None while a draft.
    reference: str | None = Field(default=None, max_length=20)
    tier_id: int = Field(foreign_key="tier.id", index=True)
    #: The applying (lead) organisation.
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    created_by_id: int = Field(foreign_key="user_account.id")
    #: State identifier from applications.states (never translated).
    status: str = Field(default="draft", max_length=30, index=True)
    #: Answers keyed by question key.
    answers: dict = Field(default_factory=dict, sa_type=JSON)
    #: The eligibility check answers this application started from (never asked twice).
    eligibility_answers: dict = Field(default_factory=dict, sa_type=JSON)
    #: Language the answers are written in (ISO 639-1), chosen by the applicant.
    written_language: str = Field(default="en", max_length=10)
    #: Requested amount in minor units of the fund's currency.
    requested_minor: int | None = Field(default=None, sa_column=Column(BigInteger))
    #: Optional local-currency figure, for information only.
    local_currency: str | None = Field(default=None, max_length=3)
    local_amount_minor: int | None = Field(default=None, sa_column=Column(BigInteger))
    #: Idempotency key of the submit form; a replay finds the first submission.
    submission_key: str | None = Field(default=None, max_length=64)
    created_at: datetime = stamped_now()
    updated_at: datetime = stamped_now()
    submitted_at: datetime | None = stamped_later()
    #: When she was promised a decision: submission + the tier's decision target at that moment
    #: (a later change of the target does not move a promise already made).
    decision_due_at: datetime | None = stamped_later()

    tier: Tier = Relationship()
    organisation: Organisation = Relationship()
    members: list["ConsortiumMember"] = Relationship(
        back_populates="application", sa_relationship_kwargs={"order_by": "ConsortiumMember.id"}
    )
    attachments: list["Attachment"] = Relationship(back_populates="application")


class StatusChange(SQLModel, table=True):
    """One row per status change: the application's visible history."""

    __tablename__ = "status_change"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    from_status: str = Field(max_length=30)
    to_status: str = Field(max_length=30)
    action: str = Field(max_length=30)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    at: datetime = stamped_now()


class Attachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    #: Which of the tier's required documents this is.
    document_key: str = Field(max_length=40)
    original_name: str = Field(max_length=200)
    #: Random file name inside UPLOAD_FOLDER (outside the web root).
    stored_name: str = Field(max_length=64, unique=True)
    content_type: str = Field(max_length=100)
    size_bytes: int
    created_at: datetime = stamped_now()

    application: Application = Relationship(back_populates="attachments")


class ConsortiumMember(SQLModel, table=True):
    """An organisation in a consortium application, with its share of the requested budget."""

    __tablename__ = "consortium_member"
    __table_args__ = (UniqueConstraint("invitation_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    #: None until the invited organisation accepts.
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    is_lead: bool = False
    invited_email: str = Field(max_length=254)
    invited_name: str = Field(max_length=200)
    #: Share of the requested amount, minor units of the fund's currency.
    share_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    #: "invited", "accepted" or "declined".
    status: str = Field(default="invited", max_length=20)
    #: Hash of the emailed invitation token.
    invitation_hash: str | None = Field(default=None, max_length=64)
    invited_at: datetime = stamped_now()
    responded_at: datetime | None = stamped_later()

    application: Application = Relationship(back_populates="members")
    organisation: Organisation | None = Relationship()
