"""Property: on random funds in 0-, 2- and 3-decimal currencies (contributions with fees, FX and earmarks, grants of one or several
organisations, payments), every dashboard figure reconciles with the ledger to the minor unit,
each donor's "your contribution" adds up exactly to what she gave, and no table shows a small cell.

Each example builds a new fund in the same database, so examples do not disturb each other and
the ledger check runs over everything built so far.
"""
import itertools
from datetime import date

from hypothesis import HealthCheck, event, given, settings, strategies as st

from portal.dashboards import queries, yours
from portal.dashboards.dashboard import Scope, build
from portal.dashboards.suppression import MIN_COUNT, Hidden
from portal.dashboards.tables import Amount
from portal.donors.attribution import AttributionShortfall, Target, attribute
from portal.donors.services import pledge, receive_in
from portal.grants.services import available_contributions
from portal.ledger.invariants import check
from tests.dashboards.support import GrantSpec, add_grant, make_world
from factories import make_donor

FUNDS = itertools.count(1)
EARMARKS = st.sampled_from([None, ("theme", "protection"), ("country", "CD"), ("theme", "participation")])
#: Amounts both tiny (pro-rata rounding) and large enough to fund several grants.
AMOUNTS = st.one_of(st.integers(1, 1_000), st.integers(100_000, 5_000_000))
GIFTS = st.lists(st.tuples(st.integers(0, 2), AMOUNTS, EARMARKS, st.integers(0, 50), st.booleans()),
                 min_size=1, max_size=4)
GRANTS = st.lists(st.builds(GrantSpec, country=st.sampled_from(["CD", "LB", "CO"]),
                            theme=st.sampled_from(["protection", "participation", "prevention"]),
                            language=st.sampled_from(["sw", "ar", "es", "fr"]),
                            amount_minor=st.one_of(st.integers(1, 1_000), st.integers(1_000, 800_000)),
                            paid=st.booleans(), members=st.integers(1, 3), hours=st.integers(0, 400)),
                  min_size=1, max_size=7)


def give(db, world, index, donor, amount, earmark, fee_permille, foreign):
    """A received contribution: in EUR at a recorded rate, or in the fund's currency with a fee."""
    currency = "EUR" if foreign else world.fund.currency
    contribution = pledge(db, fund=world.fund, donor=donor, amount_minor=amount, currency=currency,
                          source="bank_transfer", pledge_key=f"gift-{world.fund.id}-{index}",
                          earmark=earmark)
    fx = {"rate": "1.0837", "source": "ECB", "date": date(2026, 1, 5)} if foreign else None
    receive_in(db, contribution=contribution, fee_minor=0 if foreign else amount * fee_permille // 1000, fx=fx)
    return contribution


def fundable(db, world, spec):
    """True when the attribution rule can pay for this grant (the approval would be refused otherwise)."""
    try:
        attribute(spec.amount_minor, Target(world.tier.call_id, spec.country, spec.theme),
                  available_contributions(db, world.fund.id))
    except AttributionShortfall:
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(gifts=GIFTS, grants=GRANTS, currency=st.sampled_from(["USD", "XOF", "KWD"]))
def test_dashboard_figures_reconcile_with_the_ledger(db, gifts, grants, currency):
    world = make_world(db, code=f"p{next(FUNDS)}", currency=currency)
    donors = [make_donor(db, name=f"Donor {world.fund.code}-{index}") for index in range(3)]
    gifts_made = [give(db, world, index, donors[d], amount, earmark, fee, foreign)
                  for index, (d, amount, earmark, fee, foreign) in enumerate(gifts)]
    made = [add_grant(db, world, spec, index) for index, spec in enumerate(grants) if fundable(db, world, spec)]
    db.flush()
    event(f"grants made: {min(len(made), 5)}{'+' if len(made) >= 5 else ''}")
    event(f"grants paid: {'some' if any(g.first_paid_at for g in made) else 'none'}")
    assert check(db) == []

    scope = Scope(db, world.fund)
    statement = scope.statement
    net = sum(c.fund_amount_minor - c.fee_minor for c in gifts_made)
    awarded = sum(grant.amount_minor for grant in made)
    assert statement.received_minor == sum(c.fund_amount_minor for c in gifts_made)
    assert statement.fees_minor == sum(c.fee_minor for c in gifts_made)
    assert statement.committed_minor + statement.disbursed_minor + statement.spent_minor == awarded
    assert statement.unallocated_minor == net - awarded and statement.balance_minor == statement.net_minor == net
    assert_breakdowns(scope, len(made), awarded)
    assert_attribution(db, world, donors, gifts_made, statement, awarded)
    assert_tables_show_the_ledger(scope)


def assert_breakdowns(scope, grants, awarded):
    """Each breakdown adds up to every grant, the money committed and the money paid."""
    statement = scope.statement
    for dimension, groups in scope.groups.items():
        assert sum(g.grants for g in groups) == grants, dimension
        assert sum(g.awarded_minor for g in groups) == awarded, dimension
        assert sum(g.paid_minor for g in groups) == statement.disbursed_minor + statement.spent_minor, dimension


def assert_attribution(db, world, donors, gifts_made, statement, awarded):
    """Per donor: net given = attributed + unallocated, and what she reached adds up to what was
    attributed; over all donors: attributed = awarded, unallocated = the ledger's unallocated."""
    total_attributed = total_unallocated = 0
    for donor in donors:
        lines = yours.by_earmark(db, world.fund.id, (donor.id,))
        given = sum(c.fund_amount_minor - c.fee_minor for c in gifts_made if c.donor_id == donor.id)
        attributed = sum(line.attributed_minor for line in lines)
        assert sum(line.net_minor for line in lines) == given == attributed + sum(l.unallocated_minor for l in lines)
        for dimension, reached in yours.reached(db, world.fund.id, (donor.id,)).items():
            assert sum(item.attributed_minor for item in reached) == attributed, dimension
        total_attributed += attributed
        total_unallocated += given - attributed
    assert total_attributed == awarded and total_unallocated == statement.unallocated_minor


def assert_tables_show_the_ledger(scope):
    """The funding table shows the statement's figures; visible totals are the exact sums;
    no count of 1–4 is visible and hidden rows never add up to a small group."""
    funding = {row[0].key: row[1].minor for row in build(scope, "funding").rows}
    assert funding["balance"] == scope.statement.balance_minor and funding["net"] == scope.statement.net_minor
    for key, dimension in (("countries", "country"), ("tiers", "tier"), ("themes", "theme"), ("languages", "language")):
        table, groups = build(scope, key), scope.groups[dimension]
        counts = [group.grants for group in groups]
        shown = [row[1] for row in table.rows if not isinstance(row[1], Hidden)]
        assert all(count >= MIN_COUNT for count in shown), (key, shown)
        hidden = sum(c for c, row in zip(counts, table.rows) if isinstance(row[1], Hidden))
        assert hidden == 0 or hidden >= MIN_COUNT or not shown, (key, counts)
        if isinstance(table.total[2], Amount):
            assert table.total[2].minor == sum(g.awarded_minor for g in groups)
    assert queries.reports(scope.session, scope.fund.id) is not None
