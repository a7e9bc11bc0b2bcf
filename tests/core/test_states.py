"""State machines are data; illegal moves raise with a readable message."""
import pytest

from portal.applications.states import APPLICATION, STATUS_LABELS
from portal.domain import InvalidTransition


def test_applicant_moves():
    assert APPLICATION.next_state("draft", "submit", {"applicant"}) == "submitted"
    assert APPLICATION.next_state("submitted", "withdraw", {"applicant"}) == "withdrawn"
    assert APPLICATION.next_state("clarification_requested", "answer_clarification", {"applicant"}) == "in_review"


@pytest.mark.parametrize("state, action, roles", [
    ("withdrawn", "submit", {"applicant"}),
    ("in_review", "withdraw", {"applicant"}),
    ("submitted", "approve", {"fund_manager"}),
    ("in_review", "approve", {"applicant"}),
    ("draft", "start_review", {"reviewer"}),
])
def test_illegal_moves_raise(state, action, roles):
    with pytest.raises(InvalidTransition):
        APPLICATION.next_state(state, action, roles)


def test_every_state_has_a_label_and_identifiers_are_ascii():
    assert APPLICATION.states <= set(STATUS_LABELS)
    assert all(state.isascii() and state == state.lower() for state in APPLICATION.states)


def test_actions_listed_for_a_role():
    assert APPLICATION.actions("submitted", {"applicant"}) == ["withdraw"]
    assert APPLICATION.actions("in_review", {"fund_manager"}) == ["request_clarification", "approve", "decline"]
