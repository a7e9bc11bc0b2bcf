"""The suppression rule on its own: small rows are never shown on their own but added up, with
the smallest rows needed, into one "Other categories, combined" row that counts five or more."""
from hypothesis import given, strategies as st

from portal.dashboards.suppression import MIN_COUNT, SMALL, hidden_rows, share_hidden
from portal.dashboards.tables import OTHER, Amount, Label, counted_rows


def test_small_rows_are_merged_with_the_smallest_neighbours_they_need():
    assert hidden_rows([12, 3, 7, 0]) == {1, 2}  # an empty row adds nothing
    assert hidden_rows([12, 3, 2, 7]) == {1, 2}
    assert hidden_rows([12, 5, 9]) == set()


def test_a_table_of_small_cells_hides_everything():
    assert hidden_rows([1, 2, 1]) == {0, 1, 2}


@given(st.lists(st.integers(0, 40), max_size=12))
def test_no_visible_small_cell_and_no_small_combined_group(counts):
    hidden = hidden_rows(counts)
    visible = [count for index, count in enumerate(counts) if index not in hidden]
    hidden_total = sum(counts[index] for index in hidden)
    assert all(count == 0 or count >= MIN_COUNT for count in visible)
    assert hidden_total == 0 or hidden_total >= MIN_COUNT or not any(visible)


def test_the_merged_rows_are_added_up_under_one_name_and_their_own_names_disappear():
    usd = lambda minor: Amount(minor, "USD")  # noqa: E731
    rows = [(Label("CD", "Congo"), 12, usd(100), None), (Label("AF", "Afghanistan"), 1, usd(7), None),
            (Label("CO", "Colombia"), 6, usd(30), None)]
    shown = counted_rows(rows)
    assert [row[0].key for row in shown] == ["CD", OTHER]
    assert shown[1][1:] == (7, usd(37), None)
    small = counted_rows([(Label("AF", "Afghanistan"), 1, usd(7)), (Label("CO", "Colombia"), 2, usd(30))])
    assert small == [(small[0][0], SMALL, SMALL)] and small[0][0].key == OTHER


def test_a_share_is_hidden_when_it_or_its_complement_is_a_small_group():
    assert share_hidden(3, 100) and share_hidden(97, 100) and share_hidden(2, 3)
    assert not share_hidden(50, 100) and not share_hidden(100, 100) and not share_hidden(0, 100)
