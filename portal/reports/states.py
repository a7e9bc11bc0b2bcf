"""The report state machine, as data, and the labels of its identifiers.

`applicant` is a member of the grantee organisation (the lead for a consortium); staff may
submit a conversation report on her behalf.
"""
from flask_babel import lazy_gettext as _l, lazy_pgettext as _p

from portal.states import Machine

APPLICANT = ("applicant",)
MANAGERS = ("fund_manager", "admin")

REPORT = Machine(
    "report",
    {
        "due": {"submit": ("submitted", APPLICANT + MANAGERS), "waive": ("waived", MANAGERS)},
        "changes_requested": {"submit": ("submitted", APPLICANT + MANAGERS), "waive": ("waived", MANAGERS)},
        "submitted": {"accept": ("accepted", MANAGERS), "request_changes": ("changes_requested", MANAGERS)},
    },
)

#: Statuses in which the grantee (or staff, for a conversation report) may still write.
WRITABLE = ("due", "changes_requested")

STATUS_LABELS = {
    "due": _p("report status", "Due"),
    "submitted": _p("report status", "Sent, waiting for review"),
    "accepted": _p("report status", "Accepted"),
    "changes_requested": _p("report status", "Changes asked"),
    "waived": _p("report status", "Not needed"),
}

#: Report plan keys the demo and most tiers use; any other key is shown as written.
KIND_LABELS = {
    "short": _l("Short report"),
    "interim": _l("Interim report"),
    "final": _l("Final report"),
}

BUDGET_LINE_LABELS = {
    "activities": _l("Activities"),
    "people": _l("People (fees, allowances)"),
    "equipment": _l("Equipment and supplies"),
    "transport": _l("Transport"),
    "safety": _l("Safety and well-being"),
    "other": _p("budget line", "Other"),
}

QUESTION_LABELS = {
    "what_changed": _l("What changed because of this grant?"),
    "challenges": _l("What was difficult?"),
    "learned": _l("What did you learn?"),
    "next_steps": _l("What comes next?"),
}
