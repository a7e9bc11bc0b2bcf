"""The fund's money and its grants, table by table: funding status, donors, exchange, the
breakdowns by country, tier, theme and language, and the organisations reached.

Every figure that counts grants or organisations goes through `tables.counted_rows` or
`suppression.share_hidden`: here the safety rules meet the numbers.
"""
from decimal import Decimal

from flask_babel import gettext as _, lazy_gettext as _l, lazy_pgettext as _p

from portal.dashboards.labels import country, language, theme, tier_label
from portal.dashboards.suppression import SMALL, share_hidden
from portal.dashboards.tables import Amount, Column, Label, Table, counted_rows, counted_total


def money(scope, minor):
    return Amount(int(minor), scope.currency)


GRANTS = Column("grants", _l("Grants"))
#: The label of a table's total row.
TOTAL = _p("table row", "Total")
AWARDED = Column("awarded", _p("amount", "Awarded"), "money")
PAID = Column("paid", _p("amount", "Paid"), "money")

FUNDING_ITEMS = (
    ("received", _l("Contributions received")), ("refunded", _l("Less refunds")),
    ("fees", _l("Less bank and card fees")), ("net", _l("Net funding")), ("unallocated", _l("Unallocated")),
    ("committed", _l("Committed to grants, not yet paid")), ("disbursed", _l("Disbursed to grantees")),
    ("spent", _l("Reported expenditure")), ("rounding", _l("Exchange rounding")),
    ("balance", _l("Balance: everything the fund holds")),
)


def funding(scope):
    statement = scope.statement
    rows = [(Label(key, label), money(scope, getattr(statement, f"{key}_minor")))
            for key, label in FUNDING_ITEMS if key != "rounding" or statement.rounding_minor]
    return Table("funding", _l("Funding status"), (Column("item", _l("Item"), "label"), Column("amount", _l("Amount"), "money")),
                 rows, note=_l("From the ledger, in the fund's currency."))


def _donor_lines(lines):
    """One line per institution and currency, and one per currency for all individual donors
    together: an individual's name is personal data and never shown here (staff read it on the
    statement), and one line per person would only say how many gave and how much each."""
    merged, individuals = [], {}
    for line in lines:
        if line.kind != "individual":
            merged.append((Label(line.donor, line.donor), line.currency, line.given_minor, line.received_minor,
                           line.refunded_minor))
            continue
        given, received, refunded = individuals.get(line.currency, (0, 0, 0))
        individuals[line.currency] = (given + line.given_minor, received + line.received_minor,
                                      refunded + line.refunded_minor)
    label = Label("individual", _("Individual donors"))
    merged += [(label, currency, *sums) for currency, sums in individuals.items()]
    return sorted(merged, key=lambda line: -line[3])


def donors(scope):
    rows = [(label, currency, Amount(given, currency), money(scope, received), money(scope, refunded))
            for label, currency, given, received, refunded in _donor_lines(scope.statement.donors)]
    columns = (Column("donor", _l("Donor"), "label"), Column("given_currency", _l("Currency given"), "code"),
               Column("given", _l("Given"), "money"), Column("received", _l("Received"), "money"),
               Column("refunded", _l("Refunded"), "money"))
    return Table("donors", _l("Contributions by donor"), columns, rows)


def exchange(scope):
    rows = [(Label(line.currency, line.currency), Amount(line.given_minor, line.currency),
             money(scope, line.converted_minor), line.rate) for line in scope.statement.fx]
    columns = (Column("currency", _l("Currency given"), "label"), Column("given", _l("Given"), "money"),
               Column("converted", _l("Converted"), "money"), Column("rate", _l("Average rate"), "rate"))
    return Table("exchange", _l("Exchange"), columns, rows)


def breakdown(scope, key, title, dimension, label, groups, measures):
    """A table of grants by category: the grants counted (small rows suppressed) and money
    columns, `measures` = [(Column, attribute of a group)], the first one charted."""
    rows = [(label(group.key), group.grants, *(money(scope, getattr(group, name)) for _c, name in measures))
            for group in groups]
    total = (Label("total", TOTAL), sum(group.grants for group in groups),
             *(money(scope, sum(getattr(group, name) for group in groups)) for _c, name in measures))
    columns = (Column(dimension, title, "label"), GRANTS, *(column for column, _n in measures))
    return Table(key, title, columns, counted_rows(rows), counted_total(total), chart=measures[0][0].key)


def _grants_by(scope, key, title, dimension, label):
    measures = [(AWARDED, "awarded_minor"), (PAID, "paid_minor")]
    return breakdown(scope, key, title, dimension, label, scope.groups[dimension], measures)


def by_country(scope):
    return _grants_by(scope, "countries", _l("By country"), "country", country)


def by_tier(scope):
    return _grants_by(scope, "tiers", _l("By tier"), "tier", lambda tier_id: tier_label(scope.tiers.get(tier_id), tier_id))


def by_theme(scope):
    return _grants_by(scope, "themes", _l("By theme"), "theme", theme)


def by_language(scope):
    return _grants_by(scope, "languages", _l("By language the application was written in"), "language", language)


def organisations(scope):
    reach = scope.reach
    total = reach.organisations

    def line(key, label, part):
        if share_hidden(part, total):
            return (Label(key, label), SMALL, SMALL)
        share = (Decimal(part) / Decimal(total)).quantize(Decimal("0.001")) if total and key != "reached" else None
        return (Label(key, label), part, share)

    rows = [line("reached", _l("Organisations reached"), total),
            line("first_grant", _l("Their first grant"), reach.first_grant),
            line("informal", _l("Informal groups (not registered)"), reach.informal),
            line("women_led", _l("Women-led"), reach.women_led)]
    columns = (Column("measure", _l("Organisations"), "label"), Column("organisations", _l("Number"), "count"),
               Column("share", _l("Share of those reached"), "share"))
    return Table("organisations", _l("Organisations reached"), columns, rows)
