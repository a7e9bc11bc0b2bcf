"""The fund managers' review queue: two SQL statements per page, whatever the number of
applications.

Filters and sorts run in the database on Application joined to its Tier and Organisation; the
page of 50 is cut there (LIMIT/OFFSET) and only then joined to its Call, Fund and display
columns and to the reviewers' counts and summed weighted scores, grouped over that page's
assignments. The total is counted in SQL. Time left is read from the decision date promised at submission
(`Application.decision_due_at`), which a partial index keeps in order for undecided applications.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import case, func, select

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.funds.models import Call, Fund, Tier
from portal.review.models import ReviewAssignment
from portal.types import utcnow

PAGE_SIZE = 50
#: Statuses still waiting for a decision: the queue's default.
OPEN_STATUSES = ("submitted", "in_review", "clarification_requested")
#: Due filters: decision target before now + this many hours ("overdue": before now).
DUE_WITHIN = {"overdue": 0, "24h": 24, "72h": 72}
#: Sort keys → (column of the page, descending?) pairs; the decision target breaks ties.
SORTS = {
    "time_left": (("target", False),),
    "newest": (("submitted_at", True),),
    "oldest": (("submitted_at", False),),
    "call": (("call_slug", False), ("target", False)),
    "tier": (("tier_key", False), ("target", False)),
    "country": (("country", False), ("target", False)),
    "language": (("written_language", False), ("target", False)),
    "status": (("status", False), ("target", False)),
}


@dataclass(frozen=True)
class QueueFilters:
    """What the fund manager narrowed the queue to; None means any."""

    statuses: tuple = OPEN_STATUSES
    call_id: int | None = None
    tier_id: int | None = None
    country: str | None = None
    language: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str | None
    status: str
    written_language: str
    requested_minor: int | None
    submitted_at: datetime | None
    decision_due_at: datetime | None
    tier_key: str
    tier_title: dict
    decision_hours: int
    call_title: dict
    call_language: str
    currency: str
    organisation_name: str
    country: str
    #: Reviewers assigned and not recused; of them, those who submitted scores.
    assigned: int
    scored: int
    #: Mean of the reviewers' weighted scores (1.00–5.00), None before any score.
    mean_score: Decimal | None

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def deadline(self):
        return self.decision_due_at


@dataclass(frozen=True)
class QueuePage:
    rows: list
    total: int
    page: int
    now: datetime

    @property
    def pages(self):
        return max(1, -(-self.total // PAGE_SIZE))


def _conditions(filters, now):
    conditions = [Application.status.in_(filters.statuses or OPEN_STATUSES)]
    if filters.call_id is not None:
        conditions.append(Tier.call_id == filters.call_id)
    if filters.tier_id is not None:
        conditions.append(Application.tier_id == filters.tier_id)
    if filters.country:
        conditions.append(Organisation.country == filters.country)
    if filters.language:
        conditions.append(Application.written_language == filters.language)
    if filters.due in DUE_WITHIN:
        conditions.append(Application.decision_due_at < now + timedelta(hours=DUE_WITHIN[filters.due]))
    return conditions


def mean_score(total_hundredths, count):
    """The exact mean of weighted scores kept in hundredths, to two decimals."""
    if not count:
        return None
    return (Decimal(total_hundredths) / count / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def queue_page(session, filters=QueueFilters(), sort="time_left", page=1, *, now=None):
    """One page of the queue, the total matching, and the moment time left is counted from.

    The page's ids are chosen from narrow rows (id and sort keys only), so the sort stays in
    memory even over 100,000 applications; the wide columns are joined for those 50 ids only.
    """
    now = now or utcnow()
    conditions = _conditions(filters, now)
    total = session.execute(_joined(select(func.count()), filters, ()).where(*conditions)).scalar_one()
    page = min(max(1, page), max(1, -(-total // PAGE_SIZE)))
    order = SORTS.get(sort, SORTS["time_left"])
    keys = {"target": Application.decision_due_at, "submitted_at": Application.submitted_at, "call_slug": Call.slug, "tier_key": Tier.key,
            "country": Organisation.country, "written_language": Application.written_language,
            "status": Application.status}
    chosen = (
        _joined(select(Application.id, *(keys[name].label(name) for name, _descending in order)), filters, order)
        .where(*conditions).order_by(*_ordered(keys, order), Application.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).cte("queue_page")
    )
    stats = _assignment_stats(select(chosen.c.id))
    rows = session.execute(
        select(Application.id, Application.reference, Application.status, Application.written_language,
               Application.requested_minor, Application.submitted_at, Application.decision_due_at,
               Tier.key.label("tier_key"),
               Tier.title.label("tier_title"), Tier.decision_hours, Call.title.label("call_title"),
               Call.default_language.label("call_language"), Fund.currency,
               Organisation.name.label("organisation_name"), Organisation.country,
               stats.c.assigned, stats.c.scored, stats.c.score_sum, stats.c.score_count)
        .select_from(chosen).join(Application, Application.id == chosen.c.id)
        .join(Tier, Tier.id == Application.tier_id).join(Call, Call.id == Tier.call_id).join(Fund, Fund.id == Call.fund_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(stats, stats.c.application_id == chosen.c.id)
        .order_by(*_ordered(chosen.c, order), chosen.c.id)
    ).mappings().all()
    return QueuePage(rows=[_row(row) for row in rows], total=total, page=page, now=now)


def _joined(query, filters, order):
    """`query` from Application with only the joins its filters and sort keys need, so a plain
    count can be answered from an index on application alone."""
    names = {name for name, _descending in order}
    query = query.select_from(Application)
    if names & {"tier_key", "call_slug"} or filters.call_id is not None:
        query = query.join(Tier, Tier.id == Application.tier_id)
    if "call_slug" in names:
        query = query.join(Call, Call.id == Tier.call_id)
    if "country" in names or filters.country:
        query = query.join(Organisation, Organisation.id == Application.organisation_id)
    return query


def _ordered(columns, order):
    return [columns[name].desc() if descending else columns[name].asc() for name, descending in order]


def _assignment_stats(application_ids):
    """Per application of the page: reviewers not recused, scores submitted, their sum."""
    submitted = ReviewAssignment.status == "submitted"
    return (
        select(ReviewAssignment.application_id,
               func.count(case((ReviewAssignment.status != "recused", 1))).label("assigned"),
               func.count(case((submitted, 1))).label("scored"),
               func.sum(case((submitted, ReviewAssignment.score_hundredths))).label("score_sum"),
               func.count(case((submitted, ReviewAssignment.score_hundredths))).label("score_count"))
        .where(ReviewAssignment.application_id.in_(application_ids))
        .group_by(ReviewAssignment.application_id).subquery("assignment_stats")
    )


def _row(row):
    counted = {"assigned": row["assigned"] or 0, "scored": row["scored"] or 0,
               "mean_score": mean_score(row["score_sum"], row["score_count"])}
    return QueueRow(**{name: counted[name] if name in counted else row[name] for name in QueueRow.__dataclass_fields__})


def organisation_countries(session):
    """Countries where organisations work, for the country filter (an index-only scan)."""
    return session.execute(select(Organisation.country).distinct().order_by(Organisation.country)).scalars().all()
