"""Eligibility rules are data evaluated by one pure function."""
from types import SimpleNamespace as Rule

import pytest

from portal.eligibility.rules import CHOICES, OPERATORS, QUESTIONS, clean_answers, evaluate

ANSWERS = {"group_kind": "women_group", "registered": "no", "women_led": "yes", "country": "CD",
           "budget_band": "under_10k", "purpose": "project"}


def tier(*rules):
    return Rule(rules=[Rule(field=f, operator=o, value=v) for f, o, v in rules])


def test_at_most_six_questions_and_every_choice_is_an_identifier():
    assert len(QUESTIONS) <= 6
    assert all(value.replace("_", "").isalnum() for values in CHOICES.values() for value in values)


@pytest.mark.parametrize("rule, eligible", [
    (("women_led", "eq", ["yes"]), True),
    (("women_led", "ne", ["yes"]), False),
    (("country", "in", ["CD", "RW"]), True),
    (("country", "not_in", ["CD"]), False),
    (("budget_band", "in", ["over_250k"]), False),
])
def test_operators(rule, eligible):
    assert evaluate(tier(rule), ANSWERS).eligible is eligible


def test_every_failed_rule_is_reported_so_each_can_be_explained():
    verdict = evaluate(tier(("registered", "eq", ["yes"]), ("women_led", "eq", ["yes"]), ("purpose", "in", ["emergency"])), ANSWERS)
    assert [rule.field for rule in verdict.failed] == ["registered", "purpose"]


def test_unanswered_question_never_satisfies_a_rule():
    assert not evaluate(tier(("registered", "ne", ["yes"])), {}).eligible


def test_no_rules_means_open_to_all():
    assert evaluate(tier(), {}).eligible


def test_operators_table_is_complete():
    assert set(OPERATORS) == {"eq", "ne", "in", "not_in"}


def test_clean_answers_drops_unknown_keys_and_non_values():
    assert clean_answers({"women_led": "yes", "evil": "x", "country": ""}) == {"women_led": "yes"}
    assert clean_answers("not a dict") == {}
