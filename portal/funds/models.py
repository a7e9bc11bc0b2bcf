"""Basket funds, their calls (funding windows) and tiers, with per-language content.

Authored text is stored as `{language: text}` JSON and shown through `i18n.localized`, which
falls back visibly to the call's default language.
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from portal import money
from portal.types import stamped_now

#: Women, peace and security pillars (identifiers, never translated) and their labels.
THEMES = ("participation", "prevention", "protection", "relief_recovery")
THEME_LABELS = {
    "participation": _l("Women's participation"),
    "prevention": _l("Conflict prevention"),
    "protection": _l("Protection"),
    "relief_recovery": _l("Relief and recovery"),
}
#: Hard cap on the questions of a tier's short form.
DEFAULT_MAX_QUESTIONS = 8


class Fund(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    #: Short identifier used in references and URLs, e.g. "wpf".
    code: str = Field(max_length=20, unique=True)
    name: dict = Field(default_factory=dict, sa_type=JSON)
    description: dict = Field(default_factory=dict, sa_type=JSON)
    #: ISO 4217 base currency; all requests and grants of the fund are in it.
    currency: str = Field(max_length=3)
    default_language: str = Field(default="en", max_length=10)
    #: ISO 3166-1 alpha-2 countries the fund supports.
    countries: list = Field(default_factory=list, sa_type=JSON)
    #: WPS pillars the fund serves: identifiers from THEMES.
    themes: list = Field(default_factory=list, sa_type=JSON)
    #: The fund manager opted in to a public transparency page (aggregates only, small cells
    #: suppressed, do-not-publish grants never named).
    is_public: bool = False
    #: IATI organisation identifier of the fund's manager, e.g. "XM-DAC-41114" (open data).
    iati_org_id: str | None = Field(default=None, max_length=60)
    created_at: datetime = stamped_now()

    calls: list["Call"] = Relationship(back_populates="fund")


class Call(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fund_id: int = Field(foreign_key="fund.id", index=True)
    slug: str = Field(max_length=60, unique=True)
    title: dict = Field(default_factory=dict, sa_type=JSON)
    description: dict = Field(default_factory=dict, sa_type=JSON)
    #: Language the call was written in; the fallback for missing translations.
    default_language: str = Field(default="en", max_length=10)
    #: Languages the call is offered in.
    languages: list = Field(default_factory=list, sa_type=JSON)
    #: Rolling calls accept applications at any time; dated calls between the two dates.
    is_rolling: bool = True
    opens_on: date | None = None
    closes_on: date | None = None
    is_published: bool = False
    created_at: datetime = stamped_now()

    fund: Fund = Relationship(back_populates="calls")
    tiers: list["Tier"] = Relationship(
        back_populates="call", sa_relationship_kwargs={"order_by": "Tier.position"}
    )

    def is_open(self, today: date) -> bool:
        """True when applications may be started and submitted today."""
        if not self.is_published:
            return False
        if self.is_rolling:
            return True
        return bool(self.opens_on and self.closes_on and self.opens_on <= today <= self.closes_on)


class Tier(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("call_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    #: Identifier, e.g. "emergency" (never translated).
    key: str = Field(max_length=40)
    position: int = 0
    title: dict = Field(default_factory=dict, sa_type=JSON)
    description: dict = Field(default_factory=dict, sa_type=JSON)
    #: Amount range in minor units of the fund's currency.
    min_amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    max_amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    max_questions: int = DEFAULT_MAX_QUESTIONS
    #: Decision-time target in hours from submission (e.g. 72 for emergencies).
    decision_hours: int = 30 * 24
    #: Documents to attach: [{"key": "budget", "label": {lang: text}}]; empty for small tiers.
    required_documents: list = Field(default_factory=list, sa_type=JSON)
    #: 0 for single-organisation tiers; otherwise member count limits, lead included.
    consortium_min_members: int = 0
    consortium_max_members: int = 0
    #: The consortium lead must be a local women-led organisation.
    consortium_lead_women_led: bool = False
    #: How each share of a grant is paid: [{"percent": 60, "after_report": None}, {"percent": 40,
    #: "after_report": "interim"}]; percents add up to 100 (see grants.tranches).
    tranche_plan: list = Field(default_factory=lambda: [{"percent": 100, "after_report": None}], sa_type=JSON)
    #: Reports owed on each grant, counted from its acceptance: [{"key": "interim", "months": 6},
    #: {"key": "final", "months": 12}]; a tranche's `after_report` names one of these keys.
    report_plan: list = Field(default_factory=lambda: [{"key": "final", "months": 12}], sa_type=JSON)

    call: Call = Relationship(back_populates="tiers")
    questions: list["Question"] = Relationship(
        back_populates="tier", sa_relationship_kwargs={"order_by": "Question.position"}
    )
    rules: list["EligibilityRule"] = Relationship(
        back_populates="tier", sa_relationship_kwargs={"order_by": "EligibilityRule.id"}
    )

    @property
    def is_consortium(self):
        return self.consortium_min_members > 0

    def amount_range(self, currency):
        return money.from_minor(self.min_amount_minor, currency), money.from_minor(
            self.max_amount_minor, currency
        )


class Question(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("tier_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    tier_id: int = Field(foreign_key="tier.id", index=True)
    #: Identifier answers are keyed by (never translated).
    key: str = Field(max_length=40)
    position: int = 0
    label: dict = Field(default_factory=dict, sa_type=JSON)
    help: dict = Field(default_factory=dict, sa_type=JSON)
    #: Answer limit in user-perceived characters (an emoji or an Arabic letter counts once).
    max_chars: int = 1000
    required: bool = True

    tier: Tier = Relationship(back_populates="questions")


class EligibilityRule(SQLModel, table=True):
    """A rule as data: the tier is open to an applicant whose answer `field operator value` holds."""

    __tablename__ = "eligibility_rule"

    id: int | None = Field(default=None, primary_key=True)
    tier_id: int = Field(foreign_key="tier.id", index=True)
    #: An eligibility question key, e.g. "women_led".
    field: str = Field(max_length=40)
    #: One of eligibility.rules.OPERATORS.
    operator: str = Field(max_length=10)
    #: A choice identifier, or a list of them for `in` / `not_in`.
    value: list = Field(default_factory=list, sa_type=JSON)
    #: Why the rule exists, said kindly, per language.
    explanation: dict = Field(default_factory=dict, sa_type=JSON)

    tier: Tier = Relationship(back_populates="rules")
