"""Donor attribution: exact sums, earmarks honoured, pro rata within one minor unit, refusals."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from portal.domain import DomainError
from portal.donors.attribution import Available, AttributionShortfall, Target, attribute

CALLS, COUNTRIES, THEMES = (1, 2, 3), ("CD", "LB", "CO"), ("participation", "prevention", "protection")

targets = st.builds(Target, call_id=st.sampled_from((None, *CALLS)), country=st.sampled_from((None, *COUNTRIES)),
                    theme=st.sampled_from((None, *THEMES)))
earmarks = st.one_of(
    st.just((None, None)),
    st.tuples(st.just("call"), st.sampled_from([str(c) for c in CALLS])),
    st.tuples(st.just("country"), st.sampled_from(COUNTRIES)),
    st.tuples(st.just("theme"), st.sampled_from(THEMES)),
)


@st.composite
def pools(draw, max_available=10**9):
    earmark_list = draw(st.lists(earmarks, max_size=12))
    ids = draw(st.lists(st.integers(1, 10**6), min_size=len(earmark_list), max_size=len(earmark_list), unique=True))
    return [Available(cid, draw(st.integers(0, max_available)), kind, value)
            for cid, (kind, value) in zip(ids, earmark_list)]


def groups(target, contributions):
    matching = [c for c in contributions if c.earmark_kind and target.matches(c.earmark_kind, c.earmark_value)]
    pooled = [c for c in contributions if c.earmark_kind is None]
    foreign = [c for c in contributions if c not in matching and c not in pooled]
    return matching, pooled, foreign


@st.composite
def coverable(draw):
    """A target, contributions, and an amount they can cover."""
    target, contributions = draw(targets), draw(pools())
    matching, pooled, _ = groups(target, contributions)
    usable = sum(c.available_minor for c in matching + pooled)
    amount = draw(st.one_of(st.integers(0, usable), st.sampled_from(
        [usable, sum(c.available_minor for c in matching)])))
    return amount, target, contributions


def assert_pro_rata(parts, group, total):
    """Each part within one minor unit of its exact share of `total`."""
    weight = sum(c.available_minor for c in group)
    for c in group:
        exact = Decimal(total) * c.available_minor / weight if weight else Decimal(0)
        assert abs(parts.get(c.contribution_id, 0) - exact) < 1


@given(coverable())
def test_parts_sum_exactly_and_never_exceed_what_a_contribution_has(case):
    amount, target, contributions = case
    result = attribute(amount, target, contributions)
    assert sum(part for _, part in result) == amount
    available = {c.contribution_id: c.available_minor for c in contributions}
    assert len({cid for cid, _ in result}) == len(result)
    for cid, part in result:
        assert 0 < part <= available[cid]
    order = [c.contribution_id for c in contributions]
    assert [cid for cid, _ in result] == sorted((cid for cid, _ in result), key=order.index)


@given(coverable())
def test_matching_earmarks_pay_first_and_foreign_earmarks_never(case):
    amount, target, contributions = case
    parts = dict(attribute(amount, target, contributions))
    matching, pooled, foreign = groups(target, contributions)
    assert not any(c.contribution_id in parts for c in foreign)
    matching_total = sum(c.available_minor for c in matching)
    if amount <= matching_total:
        assert not any(c.contribution_id in parts for c in pooled)
    else:  # pooled money is touched only once every matching contribution is used up
        assert all(parts.get(c.contribution_id, 0) == c.available_minor for c in matching)


@given(coverable())
def test_each_group_is_shared_pro_rata_within_one_minor_unit(case):
    amount, target, contributions = case
    parts = dict(attribute(amount, target, contributions))
    matching, pooled, _ = groups(target, contributions)
    from_matching = min(amount, sum(c.available_minor for c in matching))
    assert_pro_rata(parts, matching, from_matching)
    assert_pro_rata(parts, pooled, amount - from_matching)


@given(targets, pools(), st.integers(1, 10**6))
def test_refused_when_matching_and_pooled_money_cannot_cover(target, contributions, extra):
    matching, pooled, foreign = groups(target, contributions)
    usable = sum(c.available_minor for c in matching + pooled)
    with pytest.raises(AttributionShortfall) as refused:
        attribute(usable + extra, target, contributions)
    assert isinstance(refused.value, DomainError)
    assert refused.value.details == {"needed": usable + extra, "available": usable}


def test_a_worked_example():
    contributions = [
        Available(1, 30_000, "country", "CD"),   # matches: pays first
        Available(2, 10_000, "call", "7"),       # matches (call ids are stored as text)
        Available(3, 50_000, "theme", "relief_recovery"),  # earmarked elsewhere: never used
        Available(4, 60_000),                    # pooled
        Available(5, 20_000),                    # pooled
    ]
    target = Target(call_id=7, country="CD", theme="protection")
    assert attribute(20_000, target, contributions) == [(1, 15_000), (2, 5_000)]
    assert attribute(56_001, target, contributions) == [(1, 30_000), (2, 10_000), (4, 12_001), (5, 4_000)]
    with pytest.raises(AttributionShortfall):
        attribute(120_001, target, contributions)


def test_nothing_to_commit_attributes_nothing():
    assert attribute(0, Target(), []) == []
    assert attribute(0, Target(country="CD"), [Available(1, 0), Available(2, 5, "country", "LB")]) == []


@pytest.mark.parametrize("amount, contributions", [
    (-1, []),
    (Decimal("1.5"), [Available(1, 10)]),
    (5, [Available(1, -3)]),
    (5, [Available(1, 10), Available(1, 10)]),
])
def test_impossible_input_is_a_programming_error(amount, contributions):
    with pytest.raises(ValueError):
        attribute(amount, Target(), contributions)
