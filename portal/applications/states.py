"""The application state machine, as data.

`applicant` here is a relationship, not a global role: a member of the applying organisation.
"""
from flask_babel import lazy_gettext as _l

from portal.states import Machine

APPLICANT = ("applicant",)
MANAGERS = ("fund_manager", "admin")

APPLICATION = Machine(
    "application",
    {
        "draft": {"submit": ("submitted", APPLICANT), "withdraw": ("withdrawn", APPLICANT)},
        "submitted": {"start_review": ("in_review", MANAGERS), "withdraw": ("withdrawn", APPLICANT)},
        "in_review": {
            "request_clarification": ("clarification_requested", MANAGERS),
            "approve": ("approved", MANAGERS),
            "decline": ("declined", MANAGERS),
        },
        "clarification_requested": {"answer_clarification": ("in_review", APPLICANT)},
    },
)

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "in_review": _l("In review"),
    "clarification_requested": _l("Question for you"),
    "approved": _l("Approved"),
    "declined": _l("Not funded"),
    "withdrawn": _l("Withdrawn"),
}
