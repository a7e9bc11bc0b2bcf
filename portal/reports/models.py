"""Reports a grantee owes on a grant: the schedule, what she wrote, what she spent.

A report belongs to the grant (the consortium lead submits it); each share's organisation
writes its own part (`ReportPart`), with its spend summary by budget line. The spend of an
accepted report is posted to the ledger (`disbursed:<share>` → `spent:<share>`).
"""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from portal.types import stamped_later, stamped_now

#: Budget lines of a spend summary (identifiers, never translated; labels in reports.states).
BUDGET_LINES = ("activities", "people", "equipment", "transport", "safety", "other")
#: The short narrative questions of a report (at most five; identifiers, never translated).
NARRATIVE_QUESTIONS = ("what_changed", "challenges", "learned", "next_steps")
#: Answer limit of a narrative question, in user-perceived characters.
NARRATIVE_MAX_CHARS = 1500


class Report(SQLModel, table=True):
    """One report due on a grant: due → submitted → accepted | changes_requested (→ submitted),
    or waived by a fund manager."""

    __table_args__ = (UniqueConstraint("grant_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    grant_id: int = Field(foreign_key="grant.id", index=True)
    #: Identifier from the tier's report plan, e.g. "interim", "final" (never translated); a
    #: tranche with `after_report` equal to it waits for this report's acceptance.
    key: str = Field(max_length=40)
    position: int = 0
    due_on: date = Field(index=True)
    #: State identifier from reports.states (never translated).
    status: str = Field(default="due", max_length=30, index=True)
    #: Narrative answers keyed by NARRATIVE_QUESTIONS.
    answers: dict = Field(default_factory=dict, sa_type=JSON)
    #: Language the narrative is written in (ISO 639-1).
    written_language: str | None = Field(default=None, max_length=10)
    #: Recorded by staff after a phone call, on the grantee's behalf.
    is_conversation: bool = False
    #: The fund manager's message when asking for changes (shown to the grantee).
    review_message: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = stamped_now()
    updated_at: datetime = stamped_now()
    submitted_at: datetime | None = stamped_later()
    submitted_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    reviewed_at: datetime | None = stamped_later()
    reviewed_by_id: int | None = Field(default=None, foreign_key="user_account.id")

    parts: list["ReportPart"] = Relationship(
        back_populates="report", sa_relationship_kwargs={"order_by": "ReportPart.share_id"}
    )


class ReportPart(SQLModel, table=True):
    """One share's contribution to a report: a note and the spend by budget line."""

    __tablename__ = "report_part"
    __table_args__ = (UniqueConstraint("report_id", "share_id"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    share_id: int = Field(foreign_key="grant_share.id", index=True)
    #: Spend by budget line: {line: minor units of the grant's currency}.
    spend: dict = Field(default_factory=dict, sa_type=JSON)
    #: A member's own words for the lead's report (consortium members only).
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    written_language: str | None = Field(default=None, max_length=10)
    updated_at: datetime = stamped_now()
    updated_by_id: int | None = Field(default=None, foreign_key="user_account.id")

    report: Report = Relationship(back_populates="parts")

    @property
    def spent_minor(self):
        return sum(int(amount) for amount in self.spend.values())


class ReportFile(SQLModel, table=True):
    """A photo or a voice note attached to a report, stored outside the web root."""

    __tablename__ = "report_file"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    #: "photo" or "voice".
    kind: str = Field(max_length=10)
    stored_name: str = Field(max_length=64, unique=True)
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    uploaded_by_id: int = Field(foreign_key="user_account.id")
    uploaded_at: datetime = stamped_now()


class Reminder(SQLModel, table=True):
    """A reminder sent for a report to one person: the unique key makes a second run of the
    reminder job send nothing."""

    __table_args__ = (UniqueConstraint("report_id", "kind", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    #: e.g. "before:7" (days before the due date) or "after:3" (days after).
    kind: str = Field(max_length=20)
    user_id: int = Field(foreign_key="user_account.id")
    sent_at: datetime = stamped_now()
