"""Consortia, speed, reports, "your contribution" and shared stories, table by table."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l, ngettext

from portal.dashboards import queries, speed as durations, yours
from portal.dashboards.labels import country, earmark, theme, tier_label
from portal.dashboards.sections import AWARDED, GRANTS, TOTAL, breakdown, money
from portal.dashboards.suppression import SMALL, is_small
from portal.dashboards.tables import Column, Label, Table, counted_rows, counted_total
from portal.reports.states import STATUS_LABELS


def _share(part, whole):
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001")) if whole else None


def consortia(scope):
    groups = queries.consortia(scope.session, scope.fund.id, published_only=scope.public)
    rows = [(Label(str(group.members), ngettext("%(num)d organisation", "%(num)d organisations", group.members)),
             group.grants, money(scope, group.total_minor), _share(group.lead_minor, group.total_minor))
            for group in groups]
    lead, whole = sum(g.lead_minor for g in groups), sum(g.total_minor for g in groups)
    total = (Label("total", TOTAL), sum(g.grants for g in groups), money(scope, whole), _share(lead, whole))
    columns = (Column("members", _l("Members, lead included"), "label"), GRANTS,
               AWARDED, Column("lead_share", _l("Lead organisations' share"), "share"))
    return Table("consortia", _l("Consortium grants"), columns, counted_rows(rows), counted_total(total),
                 note=_l("Grants shared by several organisations, by number of members."))


def _days(median):
    return None if median is None or median.hours is None else (median.hours / 24).quantize(Decimal("0.1"))


def _timed(median):
    """(count, median days), both hidden when they describe 1–4 applications or grants."""
    if median is None:
        return 0, None
    return (SMALL, SMALL) if is_small(median.count) else (median.count, _days(median))


def speed(scope):
    decided, paid = durations.tier_medians(scope.session, scope.fund.id, tuple(scope.tiers))
    rows = []
    for tier_id, found in scope.tiers.items():
        if tier_id not in decided and tier_id not in paid:
            continue
        target = (Decimal(found[0].decision_hours) / 24).quantize(Decimal("0.1"))
        decisions, days = _timed(decided.get(tier_id))
        within = None if not isinstance(days, Decimal) else (
            Label("yes", _l("Within target")) if days <= target else Label("no", _l("Slower than target")))
        rows.append((tier_label(found, tier_id), decisions, days, target, within, *_timed(paid.get(tier_id))))
    columns = (Column("tier", _l("Tier"), "label"), Column("decisions", _l("Decisions")),
               Column("median_days_to_decision", _l("Median days from submission to decision"), "days"),
               Column("target_days", _l("Target (days)"), "days"), Column("on_target", _l("Against the target"), "label"),
               Column("paid_grants", _l("Grants paid")),
               Column("median_days_to_payment", _l("Median days from decision to first payment"), "days"))
    return Table("speed", _l("Speed"), columns, rows)


def reports(scope):
    counts = queries.reports(scope.session, scope.fund.id)
    rows = [(Label(status, STATUS_LABELS[status]), counts[status][0], None)
            for status in queries.REPORT_ORDER if status in counts]
    overdue = sum(late for _count, late in counts.values())
    total = counted_total((Label("total", TOTAL), sum(count for count, _late in counts.values()), None))
    if total[1] is not SMALL:
        total = total[:2] + ((SMALL if is_small(overdue) else overdue),)
    columns = (Column("status", _l("Status"), "label"), Column("reports", _l("Reports")),
               Column("overdue", _l("Overdue"), "count"))
    return Table("reports", _l("Reports due, received and accepted"), columns, counted_rows(rows), total)


def your_money(scope):
    """The viewer's own contributions: net of fees = attributed to grants + still unallocated.
    Her own money, so nothing is suppressed; no other donor's figures are read."""
    lines = yours.by_earmark(scope.session, scope.fund.id, scope.donor_ids)
    calls = {str(call.id): call for _tier, call in scope.tiers.values()}
    rows = [(earmark(line.kind, line.value, calls), line.contributions, money(scope, line.net_minor),
             money(scope, line.attributed_minor), money(scope, line.unallocated_minor)) for line in lines]
    total = (Label("total", TOTAL), sum(line.contributions for line in lines),
             *(money(scope, sum(getattr(line, name) for line in lines))
               for name in ("net_minor", "attributed_minor", "unallocated_minor")))
    columns = (Column("earmark", _l("Earmark"), "label"), Column("contributions", _l("Contributions")),
               Column("net", _l("Received, net of fees"), "money"), Column("attributed", _l("Paying for grants"), "money"),
               Column("unallocated", _l("Not yet allocated"), "money"))
    return Table("your_money", _l("Your contribution"), columns, rows, total,
                 note=_l("Each grant records which contributions pay for it: earmarked money first, then pooled money pro rata."))


ATTRIBUTED = Column("attributed", _l("From your contribution"), "money")


def _your(scope, key, title, dimension, label):
    return breakdown(scope, key, title, dimension, label, scope.reached[dimension], [(ATTRIBUTED, "attributed_minor")])


def your_countries(scope):
    return _your(scope, "your_countries", _l("Your contribution by country"), "country", country)


def your_themes(scope):
    return _your(scope, "your_themes", _l("Your contribution by theme"), "theme", theme)


def your_tiers(scope):
    return _your(scope, "your_tiers", _l("Your contribution by tier"), "tier",
                 lambda tier_id: tier_label(scope.tiers.get(tier_id), tier_id))


def stories(scope):
    """Grantees who agreed to share their story, by name; never a grant flagged "do not publish"."""
    rows = [(Label(story.organisation, story.organisation), country(story.country), theme(story.theme),
             money(scope, story.amount_minor), Label(story.text, story.text, story.language))
            for story in queries.stories(scope.session, scope.fund.id)]
    columns = (Column("organisation", _l("Organisation"), "label"), Column("country", _l("Country"), "label"),
               Column("theme", _l("Theme"), "label"), AWARDED,
               Column("story", _l("What changed, in their words"), "text"))
    return Table("stories", _l("Stories shared by grantees"), columns, rows,
                 note=_l("Only grantees who agreed to share their story are named here."))
