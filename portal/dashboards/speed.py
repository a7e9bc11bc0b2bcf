"""Speed per tier: median hours from submission to decision and from decision to first payment.

Medians are computed in the database: `percentile_cont` on PostgreSQL (both figures in one
query); elsewhere (SQLite) the middle row(s) of each tier's ordered durations, found with window
functions, one query per figure. Either way a query returns one row per tier, however many
applications there are.
"""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func
from sqlmodel import select

from portal.applications.models import Application
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


def medians(session, key, values, where):
    """[{key: Median}], one per expression of `values`, grouped by `key`, over the rows `where`
    selects (a Select); NULL values are left out, and keys with none at all."""
    if session.get_bind().dialect.name == "postgresql":
        columns = [column for value in values
                   for column in (func.count(value), func.percentile_cont(0.5).within_group(value))]
        rows = session.execute(where.with_only_columns(key.label("k"), *columns).group_by(key)).all()
        return [{row[0]: Median(int(row[1 + 2 * at]), _as_hours(row[2 + 2 * at])) for row in rows if row[1 + 2 * at]}
                for at in range(len(values))]
    return [_middle_rows(session, key, value, where.where(value.is_not(None))) for value in values]


def _middle_rows(session, key, value, where):
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


def tier_medians(session, fund_id, tier_ids):
    """({tier id: Median hours from submission to decision}, approvals and declines alike;
    {tier id: Median hours from the decision to the grant's first confirmed payment}).

    One pass over the tiers' decisions, each with its grant if any. The caller already holds the
    fund's tier ids (`queries.tiers_of`): filtering on them lets PostgreSQL read the
    applications' tiers from the covering index alone, where joining tier and call made it loop
    over every decision once per tier."""
    if not tier_ids:
        return {}, {}
    where = (select(Decision.id).join(Application, Application.id == Decision.application_id)
             .outerjoin(Grant, and_(Grant.application_id == Decision.application_id, Grant.fund_id == fund_id))
             .where(Application.tier_id.in_(tier_ids)))
    to_payment = _hours_between(session, Grant.first_paid_at, Decision.decided_at)
    return tuple(medians(session, Application.tier_id, (Decision.hours_to_decision, to_payment), where))
