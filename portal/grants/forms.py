"""Forms of the grant page: the agreement, payee details per method, the tranche plan; labels are lazy.

Payee details are asked method by method (without JavaScript the grantee first picks how she
wants to be paid, then the page shows only that method's fields). What is typed is checked
here for shape; `payees.save_payee` encrypts it and keeps only a hint visible.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from portal import i18n, money
from portal.domain import AMOUNT_HELP
from portal.forms import AMOUNT_INPUT, choices
from portal.grants.models import PAYMENT_METHODS
from portal.grants.payees import FIELDS
from portal.grants.states import GRANT_LABELS, METHOD_LABELS

#: Labels of the payee fields (identifiers in payees.FIELDS).
FIELD_LABELS = {
    "account_holder": _l("Name of the account holder"),
    "account_number": _l("Account number or IBAN"),
    "bank_name": _l("Name of the bank"),
    "bank_code": _l("Bank code (SWIFT/BIC or branch code)"),
    "phone_number": _l("Mobile money number, with the country code"),
    "operator": _l("Mobile money operator"),
    "stripe_account": _l("Stripe connected account (starts with acct_)"),
    "instructions": _l("How should we pay you?"),
}
PHONE_HELP = _l("Please write the number in digits, for example +243 81 234 5678.")
STRIPE_HELP = _l("A Stripe account starts with acct_.")
#: Grant statuses as staff read them (GRANT_LABELS speak to the grantee).
STAFF_GRANT_LABELS = {**GRANT_LABELS, "awarded": _l("Awarded: waiting for the grantee to accept")}
#: Tranche states whose amount may still change (see services.adjust_plan).
OPEN_TRANCHES = ("waiting", "payable")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def method_choices():
    return choices((method, METHOD_LABELS[method]) for method in PAYMENT_METHODS)


class AcceptForm(FlaskForm):
    """The "I accept these terms" button (CSRF only)."""


class ConfirmForm(FlaskForm):
    """A plain button (release a tranche)."""


class MethodChoiceForm(Form):
    """Step one of the payee details, sent by GET: which way of being paid (no write, no CSRF)."""

    share = HiddenField()
    method = SelectField(_l("How do you want to be paid?"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = method_choices()

    def chosen(self, share_id):
        """The method chosen for this share, or None."""
        if self.share.data == str(share_id) and self.method.data in PAYMENT_METHODS:
            return self.method.data
        return None


class PayeeForm(FlaskForm):
    """Step two: the details of the chosen method (one of PAYMENT_METHODS, checked by the view
    before anything else); the other methods' fields are ignored."""

    method = HiddenField()
    account_holder = StringField(FIELD_LABELS["account_holder"], filters=[_strip], validators=[Length(max=200)])
    account_number = StringField(FIELD_LABELS["account_number"], filters=[_strip], validators=[Length(max=64)],
                                 render_kw={"autocomplete": "off"})
    bank_name = StringField(FIELD_LABELS["bank_name"], filters=[_strip], validators=[Length(max=200)])
    bank_code = StringField(FIELD_LABELS["bank_code"], filters=[_strip], validators=[Length(max=40)])
    phone_number = StringField(FIELD_LABELS["phone_number"], filters=[_strip],
                               render_kw={"inputmode": "tel", "autocomplete": "off"},
                               validators=[Length(max=40), Optional(), Regexp(r"^\+?[0-9 ()-]{6,}$", message=PHONE_HELP)])
    operator = StringField(FIELD_LABELS["operator"], filters=[_strip], validators=[Length(max=80)])
    stripe_account = StringField(FIELD_LABELS["stripe_account"], filters=[_strip],
                                 validators=[Length(max=255), Optional(), Regexp(r"^acct_[A-Za-z0-9]+$",
                                                                                 message=STRIPE_HELP)])
    instructions = TextAreaField(FIELD_LABELS["instructions"], filters=[_strip], validators=[Length(max=1000)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name in self.fields():
            if not self[name].data:
                self[name].errors = [*self[name].errors, _l("Please fill this in.")]
                valid = False
        return valid

    def fields(self):
        """The fields of the chosen method, in the order they are asked."""
        return FIELDS.get(self.method.data, ())

    def details(self):
        return {name: self[name].data for name in self.fields()}


class GrantFilterForm(Form):
    """The grant list's filters, read from the query string."""

    fund = SelectField(_l("Fund"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        names = [(str(f.id), i18n.localized(f.name, f.default_language).text) for f in funds]
        self.fund.choices = choices([("", _l("All funds"))] + names)
        self.status.choices = choices([("", _l("Every status"))] + list(STAFF_GRANT_LABELS.items()))

    def filters(self):
        """{fund_id, status} with anything not offered ignored."""
        fund = self.fund.data if self.fund.data in {c.value for c in self.fund.choices[1:]} else None
        return {"fund_id": int(fund) if fund else None,
                "status": self.status.data if self.status.data in GRANT_LABELS else None}


def plan_form(share, currency, formdata=None):
    """One amount box per tranche of `share` that has not started paying, filled from the plan.

    Boxes are named by tranche id, unique across shares, so a consortium's forms share a page."""

    class PlanForm(FlaskForm):
        def read(self, locale):
            """{tranche id: minor units}, or None after marking the boxes that cannot be read."""
            amounts = {}
            for tranche in self.tranches:
                box = self[f"tranche_{tranche.id}"]
                try:
                    amounts[tranche.id] = money.minor_from_text(box.data or "", currency, locale)
                except money.MoneyError:
                    box.errors = [AMOUNT_HELP]
            return amounts if len(amounts) == len(self.tranches) else None

    tranches = [t for t in share.tranches if t.status in OPEN_TRANCHES]
    for tranche in tranches:
        label = _("Tranche %(position)s", position=tranche.position)
        setattr(PlanForm, f"tranche_{tranche.id}", StringField(label, filters=[_strip], render_kw=AMOUNT_INPUT))
    form = PlanForm(formdata=formdata)
    form.tranches = tranches
    if formdata is None:
        for tranche in tranches:
            form[f"tranche_{tranche.id}"].data = str(money.from_minor(tranche.amount_minor, currency))
    return form
