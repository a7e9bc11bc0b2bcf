"""Decline reasons: identifiers stored on the decision, shown in the applicant's language.

Said kindly and with a next step, because a declined group may apply again.
"""
from flask_babel import lazy_gettext as _l

DECLINE_REASONS = {
    "outside_scope": _l("The activity is outside what this fund can support."),
    "budget_unclear": _l("The budget did not show clearly how the money would be used."),
    "funds_exhausted": _l("The fund has no more money in this round. You are welcome to apply again."),
    "stronger_applications": _l("Other applications matched the fund's priorities more closely this time."),
    "not_eligible": _l("The group does not meet the eligibility rules of this grant."),
    "other": _l("Another reason, explained in the note below."),
}
