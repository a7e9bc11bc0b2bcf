"""Eligibility as data: the six questions, the operators, and one pure evaluation function.

Question keys and choice values are identifiers, never translated; their labels are.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

#: Question key → choice identifiers (country choices come from the funds).
CHOICES = {
    "group_kind": ("women_group", "youth_group", "community_group", "ngo", "network", "other"),
    "registered": ("yes", "no"),
    "women_led": ("yes", "no"),
    "country": (),
    "budget_band": ("under_10k", "10k_50k", "50k_250k", "over_250k"),
    "purpose": ("emergency", "project", "joint_work", "other"),
}
QUESTIONS = tuple(CHOICES)

QUESTION_LABELS = {
    "group_kind": _l("What kind of group are you?"),
    "registered": _l("Is your group officially registered?"),
    "women_led": _l("Is your group led by women?"),
    "country": _l("In which country do you work?"),
    "budget_band": _l("What is your group's yearly budget, roughly (in US dollars)?"),
    "purpose": _l("What do you need the money for?"),
}
CHOICE_LABELS = {
    "women_group": _l("A women's group or association"),
    "youth_group": _l("A young women's or youth group"),
    "community_group": _l("A community group"),
    "ngo": _l("A non-governmental organisation"),
    "network": _l("A network or coalition"),
    "other": _l("Something else"),
    "yes": _l("Yes"),
    "no": _l("No"),
    "under_10k": _l("Less than 10,000"),
    "10k_50k": _l("10,000 to 50,000"),
    "50k_250k": _l("50,000 to 250,000"),
    "over_250k": _l("More than 250,000"),
    "emergency": _l("An urgent need: protection, relocation, emergency response"),
    "project": _l("A peacebuilding project of our own"),
    "joint_work": _l("Work together with other organisations"),
}

OPERATORS = {
    "eq": lambda answer, values: answer == values[0],
    "ne": lambda answer, values: answer != values[0],
    "in": lambda answer, values: answer in values,
    "not_in": lambda answer, values: answer not in values,
}


@dataclass(frozen=True)
class Verdict:
    """Whether a tier is open to the applicant, and the rules she does not meet."""

    tier: object
    failed: tuple

    @property
    def eligible(self):
        return not self.failed


def rule_holds(rule, answers):
    """One rule against the answers; an unanswered question never satisfies a rule."""
    answer = answers.get(rule.field)
    if answer is None:
        return False
    return OPERATORS[rule.operator](answer, list(rule.value))


def evaluate(tier, answers):
    """Pure: the verdict of `tier`'s rules on `answers` ({question key: choice id})."""
    return Verdict(tier, tuple(rule for rule in tier.rules if not rule_holds(rule, answers)))


def clean_answers(raw):
    """Keep only known question keys with string values (session data may be stale)."""
    return {key: str(raw[key]) for key in QUESTIONS if isinstance(raw, dict) and raw.get(key)}
