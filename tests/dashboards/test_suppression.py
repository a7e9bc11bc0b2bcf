"""The suppression rule on its own: small cells hidden, and hidden rows never add up to a small
group that a total would give back (complementary suppression)."""
from hypothesis import given, strategies as st

from portal.dashboards.suppression import MIN_COUNT, PROTECTS, SMALL, hidden_rows, share_hidden


def test_small_cells_are_hidden_and_the_smallest_neighbour_protects_them():
    assert hidden_rows([12, 3, 7, 0]) == {1: SMALL, 2: PROTECTS}  # an empty row protects nothing
    assert hidden_rows([12, 3, 2, 7]) == {1: SMALL, 2: SMALL}
    assert hidden_rows([12, 5, 9]) == {}


def test_a_table_of_small_cells_hides_everything():
    assert hidden_rows([1, 2, 1]) == {0: SMALL, 1: SMALL, 2: SMALL}


@given(st.lists(st.integers(0, 40), max_size=12))
def test_no_visible_small_cell_and_no_recoverable_small_group(counts):
    hidden = hidden_rows(counts)
    visible = [count for index, count in enumerate(counts) if index not in hidden]
    hidden_total = sum(counts[index] for index in hidden)
    assert all(count == 0 or count >= MIN_COUNT for count in visible)
    assert hidden_total == 0 or hidden_total >= MIN_COUNT or not any(visible)


def test_a_share_is_hidden_when_it_or_its_complement_is_a_small_group():
    assert share_hidden(3, 100) and share_hidden(97, 100) and share_hidden(2, 3)
    assert not share_hidden(50, 100) and not share_hidden(100, 100) and not share_hidden(0, 100)
