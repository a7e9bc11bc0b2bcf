"""The state machines after an approval, as data: grants, tranches and disbursements.

Money moves only on disbursement transitions; each is named here so that the services and the
tests agree on which step posts to the ledger (approve) and which undo it (cancel after
approval, fail, return).
"""
from flask_babel import lazy_gettext as _l

from portal.states import Machine

APPLICANT = ("applicant",)
MANAGERS = ("fund_manager", "admin")
#: Money moves are finance's alone; an admin cannot pay.
FINANCE = ("finance_officer",)

GRANT = Machine(
    "grant",
    {
        "awarded": {"accept": ("accepted", APPLICANT)},
        "accepted": {"close": ("closed", MANAGERS)},
    },
)

TRANCHE = Machine(
    "tranche",
    {
        "waiting": {"release": ("payable", MANAGERS)},
        "payable": {"schedule": ("in_payment", FINANCE)},
        "in_payment": {"pay": ("paid", FINANCE), "reopen": ("payable", FINANCE)},
        "paid": {"reopen": ("payable", FINANCE)},  # the money came back after it arrived
    },
)

DISBURSEMENT = Machine(
    "disbursement",
    {
        "scheduled": {"approve": ("approved", FINANCE), "cancel": ("cancelled", FINANCE)},
        "approved": {"send": ("sent", FINANCE), "cancel": ("cancelled", FINANCE)},
        "sent": {"confirm": ("confirmed", FINANCE), "fail": ("failed", FINANCE), "return": ("returned", FINANCE)},
        "confirmed": {"return": ("returned", FINANCE)},
    },
)

#: Disbursement moves after which the money is back on the share's commitment.
UNDOES_PAYMENT = ("cancel", "fail", "return")

GRANT_LABELS = {
    "awarded": _l("Awarded: waiting for your acceptance"),
    "accepted": _l("Accepted"),
    "closed": _l("Closed"),
}

TRANCHE_LABELS = {
    "waiting": _l("Waiting for a report"),
    "payable": _l("Ready to pay"),
    "in_payment": _l("Being paid"),
    "paid": _l("Paid"),
}

DISBURSEMENT_LABELS = {
    "scheduled": _l("Scheduled: needs a second approval"),
    "approved": _l("Approved"),
    "sent": _l("Sent"),
    "confirmed": _l("Confirmed"),
    "failed": _l("Failed"),
    "returned": _l("Returned"),
    "cancelled": _l("Cancelled"),
}

METHOD_LABELS = {
    "bank_transfer": _l("Bank transfer"),
    "mobile_money": _l("Mobile money"),
    "stripe_connect": _l("Stripe transfer"),
    "other": _l("Other"),
}
