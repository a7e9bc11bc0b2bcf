"""Speed per tier: median hours from submission to decision and from decision to first payment.

The durations are kept as a histogram per tier (`SpeedTally`: so many decisions took so many
whole hours), so the medians come from one query over a few hundred rows however many
decisions there are: a running count per tier finds the middle duration(s), the same SQL on
SQLite and PostgreSQL.
"""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, or_
from sqlmodel import select

from portal.dashboards.models import SpeedTally


@dataclass(frozen=True)
class Median:
    """The median of `count` durations (hours, exact to 1/10 hour), or None when there are none."""

    count: int
    hours: Decimal | None


def _as_hours(value):
    """The average of the two middle durations (SQLite returns it as floating point), exact to 1/10 hour."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def tier_medians(session, fund_id, tier_ids):
    """({tier id: Median hours from submission to decision}, approvals and declines alike;
    {tier id: Median hours from the decision to the grant's first confirmed payment})."""
    if not tier_ids:
        return {}, {}
    group = (SpeedTally.tier_id, SpeedTally.measure)
    running = select(
        *group, SpeedTally.hours, SpeedTally.durations,
        func.sum(SpeedTally.durations).over(partition_by=group, order_by=SpeedTally.hours).label("upto"),
        func.sum(SpeedTally.durations).over(partition_by=group).label("n"),
    ).where(SpeedTally.fund_id == fund_id, SpeedTally.tier_id.in_(tier_ids), SpeedTally.durations > 0).subquery()

    def holds(position):  # the histogram row holding the position-th shortest duration (from 1)
        return and_(running.c.upto - running.c.durations < position, running.c.upto >= position)

    rows = session.execute(
        select(running.c.tier_id, running.c.measure, func.max(running.c.n), func.avg(running.c.hours))
        .where(or_(holds((running.c.n + 1) // 2), holds((running.c.n + 2) // 2)))
        .group_by(running.c.tier_id, running.c.measure)
    ).all()
    found = {"decision": {}, "payment": {}}
    for tier_id, measure, count, hours in rows:
        found[measure][tier_id] = Median(int(count), _as_hours(hours))
    return found["decision"], found["payment"]
