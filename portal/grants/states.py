"""The state machines after an approval, as data: grants, tranches and disbursements.

Money moves only on disbursement transitions; each is named here so that the services and the
tests agree on which step posts to the ledger (approve) and which undo it (cancel after
approval, fail, return).
"""
from flask_babel import lazy_gettext as _l, lazy_pgettext as _p

from portal.states import Machine

APPLICANT = ("applicant",)
MANAGERS = ("fund_manager", "admin")
#: Money moves are finance's alone; an admin cannot pay.
FINANCE = ("finance_officer",)

GRANT = Machine(
    "grant",
    {
        # Closing a grant (releasing what was not spent) comes with its final report.
        "awarded": {"accept": ("accepted", APPLICANT)},
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
#: Disbursements whose money has left the share's commitment.
MONEY_OUT = ("approved", "sent", "confirmed")

# Statuses carry a message context: "Accepted" or "Approved" also label invitations and
# applications, and a translation must agree with the word it describes (a payment, a grant).
GRANT_LABELS = {
    "awarded": _p("grant status", "Awarded: waiting for your acceptance"),
    "accepted": _p("grant status", "Accepted"),
}

TRANCHE_LABELS = {
    "waiting": _p("tranche status", "Waiting for a report"),
    "payable": _p("tranche status", "Ready to pay"),
    "in_payment": _p("tranche status", "Being paid"),
    "paid": _p("tranche status", "Paid"),
}

DISBURSEMENT_LABELS = {
    "scheduled": _p("payment status", "Scheduled: needs a second approval"),
    "approved": _p("payment status", "Approved"),
    "sent": _p("payment status", "Sent"),
    "confirmed": _p("payment status", "Confirmed"),
    "failed": _p("payment status", "Failed"),
    "returned": _p("payment status", "Returned"),
    "cancelled": _p("payment status", "Cancelled"),
}

METHOD_LABELS = {
    "bank_transfer": _l("Bank transfer"),
    "mobile_money": _l("Mobile money"),
    "stripe_connect": _l("Stripe transfer"),
    "other": _l("Other"),
}
