"""Speed per tier: median hours from submission to decision and from decision to first payment.

Medians are computed in the database: `percentile_cont` on PostgreSQL; elsewhere (SQLite) the
middle row(s) of each tier's ordered durations, found with window functions. Either way one
query per figure returns one row per tier, however many applications there are.
"""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import select

from portal.applications.models import Application
from portal.funds.models import Call, Tier
from portal.grants.models import Grant
from portal.review.models import Decision


@dataclass(frozen=True)
class Median:
    """The median of `count` durations (hours, exact to 1/10 hour), or None when there are none."""

    count: int
    hours: Decimal | None


def _as_hours(value):
    """Databases return medians as floating point; kept as an exact decimal to 1/10 hour from here on."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def medians(session, key, value, where):
    """{key: Median} of `value` grouped by `key`, over the rows `where` selects (a Select)."""
    if session.get_bind().dialect.name == "postgresql":
        query = where.with_only_columns(key.label("k"), func.count(value),
                                        func.percentile_cont(0.5).within_group(value)).group_by(key)
        return {k: Median(int(n), _as_hours(m)) for k, n, m in session.execute(query).all()}
    ranked = where.with_only_columns(
        key.label("k"), value.label("v"),
        func.row_number().over(partition_by=key, order_by=value).label("rn"),
        func.count().over(partition_by=key).label("n"),
    ).subquery()
    middle = (ranked.c.rn >= (ranked.c.n + 1) / 2) & (ranked.c.rn <= (ranked.c.n + 2) / 2)
    query = select(ranked.c.k, func.max(ranked.c.n), func.avg(ranked.c.v)).where(middle).group_by(ranked.c.k)
    return {k: Median(int(n), _as_hours(m)) for k, n, m in session.execute(query).all()}


def _hours_between(session, later, earlier):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 3600
    return (func.julianday(later) - func.julianday(earlier)) * 24


def _fund_decisions(fund_id):
    return (select(Decision.id).join(Application, Application.id == Decision.application_id)
            .join(Tier, Tier.id == Application.tier_id).join(Call, Call.id == Tier.call_id)
            .where(Call.fund_id == fund_id))


def decision_medians(session, fund_id):
    """{tier id: Median hours from submission to decision}, approvals and declines alike."""
    where = _fund_decisions(fund_id).where(Decision.hours_to_decision.is_not(None))
    return medians(session, Application.tier_id, Decision.hours_to_decision, where)


def payment_medians(session, fund_id):
    """{tier id: Median hours from the decision to the grant's first confirmed payment}."""
    where = (_fund_decisions(fund_id).join(Grant, Grant.application_id == Decision.application_id)
             .where(Grant.fund_id == fund_id, Grant.first_paid_at.is_not(None)))
    return medians(session, Application.tier_id, _hours_between(session, Grant.first_paid_at, Decision.decided_at), where)
