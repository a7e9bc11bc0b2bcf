"""One fund's dashboard for one viewer: which tables she may see, each built on demand.

`Scope` runs each query at most once per request (four breakdowns share one grouped query,
three "your contribution" tables another); `build(scope, key)` makes one table, so a download
runs only the queries its own table needs.
"""
from functools import cached_property

from portal.dashboards import queries, sections, sections_more, yours
from portal.funds.statement import fund_statement

#: Tables on every dashboard, the public page included, in page order.
PUBLIC_TABLES = ("funding", "donors", "exchange", "countries", "tiers", "themes", "languages", "organisations",
                 "consortia", "speed", "reports")
#: "Your contribution": only for a viewer who acts for a donor of the fund, about her own money.
YOUR_TABLES = ("your_money", "your_countries", "your_themes", "your_tiers")
#: Shared stories (grantees who consented): for donors and staff, never on the public page.
PRIVATE_TABLES = ("stories",)

BUILDERS = {
    "funding": sections.funding, "donors": sections.donors, "exchange": sections.exchange,
    "countries": sections.by_country, "tiers": sections.by_tier, "themes": sections.by_theme,
    "languages": sections.by_language, "organisations": sections.organisations,
    "consortia": sections_more.consortia, "speed": sections_more.speed, "reports": sections_more.reports,
    "your_money": sections_more.your_money, "your_countries": sections_more.your_countries,
    "your_themes": sections_more.your_themes, "your_tiers": sections_more.your_tiers,
    "stories": sections_more.stories,
}


class Scope:
    """One fund as one viewer sees it: `donor_ids` are the viewer's own donors (for "your
    contribution"); `public` leaves out everything meant for donors only, and grants flagged "do
    not publish" from every breakdown (as the open data leaves them out)."""

    def __init__(self, session, fund, *, donor_ids=(), public=False):
        self.session, self.fund, self.donor_ids, self.public = session, fund, tuple(donor_ids), public

    @property
    def currency(self):
        return self.fund.currency

    @cached_property
    def statement(self):
        return fund_statement(self.session, self.fund)

    @cached_property
    def groups(self):
        return queries.grant_groups(self.session, self.fund.id, published_only=self.public)

    @cached_property
    def reach(self):
        return queries.organisations_reached(self.session, self.fund.id, published_only=self.public)

    @cached_property
    def tiers(self):
        return queries.tiers_of(self.session, self.fund.id)

    @cached_property
    def reached(self):
        return yours.reached(self.session, self.fund.id, self.donor_ids)

    def keys(self):
        """The tables this viewer may see, in page order."""
        keys = list(PUBLIC_TABLES)
        if self.donor_ids and not self.public:
            keys += YOUR_TABLES
        if not self.public:
            keys += PRIVATE_TABLES
        return keys


def build(scope, key):
    """One table for this viewer, or None when she may not see it (or it does not exist)."""
    return BUILDERS[key](scope) if key in scope.keys() else None


def build_all(scope):
    return [build(scope, key) for key in scope.keys()]
