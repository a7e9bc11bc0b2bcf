"""Forms for the donor register and for recording bank transfers; labels are lazy.

Messages with parameters are translated when raised (`_`), never lazily. Amounts are read in
the reader's number format (a French '1 234,50'), checked against their currency's decimals,
and handed to the service as exact Decimals.
"""
from decimal import Decimal

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal import i18n, money
from portal.donors.models import DONOR_KINDS
from portal.forms import choices
from portal.funds.forms import parse_amount
from portal.funds.models import THEME_LABELS, THEMES
from portal.funds.services import country_codes

DONOR_KIND_LABELS = {"government": _l("Government"), "foundation": _l("Foundation"),
                     "organisation": _l("Organisation"), "individual": _l("Individual")}
# i18n: the women, peace and security pillars a contribution may be earmarked to.
STATUS_LABELS = {"pledged": _l("Pledged"), "received": _l("Received"), "failed": _l("Failed"),
                 "refunded": _l("Refunded")}
SOURCE_LABELS = {"stripe": _l("Card (Stripe)"), "bank_transfer": _l("Bank transfer")}
EARMARK_LABELS = {"call": _l("Call"), "country": _l("Country"), "theme": _l("Theme")}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class DonorForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of donor"), choices=choices((kind, DONOR_KIND_LABELS[kind]) for kind in DONOR_KINDS),
                       validators=[DataRequired()])
    country = SelectField(_l("Country"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [SelectChoice("", _("No country")), *i18n.country_choices(sorted(country_codes()))]

    def to_data(self):
        return {"name": self.name.data, "kind": self.kind.data, "country": self.country.data or None}


class DonorUserForm(FlaskForm):
    email = EmailField(_l("Email address of an existing account"), filters=[_strip],
                       validators=[DataRequired(), Email(), Length(max=254)])


def earmark_choices(fund):
    """Soft earmarks open to this fund: its calls, its countries, the WPS pillars."""
    calls = [SelectChoice(f"call:{call.id}", i18n.localized(call.title, call.default_language).text,
                          optgroup=str(EARMARK_LABELS["call"])) for call in fund.calls]
    countries = [SelectChoice(f"country:{code}", label, optgroup=str(EARMARK_LABELS["country"]))
                 for code, label in ((c.value, c.label) for c in i18n.country_choices(fund.countries))]
    themes = [SelectChoice(f"theme:{theme}", str(THEME_LABELS[theme]), optgroup=str(EARMARK_LABELS["theme"]))
              for theme in THEMES]
    return [SelectChoice("", _("No earmark")), *calls, *countries, *themes]


def parse_rate(text):
    """A typed FX rate (reader's number format) → a positive Decimal, or what to fix."""
    try:
        rate = money.parse((text or "").strip(), str(i18n.get_locale()))
    except money.MoneyError:
        rate = None
    if rate is None or rate <= 0 or len(str(rate)) > 30:
        raise ValidationError(_l("Please enter the rate as a positive number, for example 1.0836."))
    return rate


class BankTransferForm(FlaskForm):
    """Money that arrived on the fund's bank account; the FX fields matter only in another currency."""

    idempotency_key = HiddenField()
    donor = SelectField(_l("Donor"), validators=[DataRequired(message=_l("Choose the donor."))])
    amount = StringField(_l("Amount received"), filters=[_strip], render_kw={"inputmode": "decimal"})
    currency = SelectField(_l("Currency"), validate_choice=False)
    value_date = DateField(_l("Value date"), validators=[DataRequired(message=_l("Give the date the money arrived."))],
                           description=_l("The date the bank credited the money."))
    bank_reference = StringField(_l("Bank reference"), filters=[_strip], validators=[DataRequired(), Length(max=120)])
    fee = StringField(_l("Bank fee (optional)"), filters=[_strip], render_kw={"inputmode": "decimal"})
    fx_rate = StringField(_l("Exchange rate"), filters=[_strip], render_kw={"inputmode": "decimal"})
    fx_source = StringField(_l("Source of the rate"), filters=[_strip], validators=[Length(max=80)],
                            description=_l("For example: ECB reference rate, or the bank's advice."))
    fx_date = DateField(_l("Date of the rate"), validators=[Optional()])
    credited = StringField(_l("Amount credited in the fund's currency (optional)"), filters=[_strip],
                           render_kw={"inputmode": "decimal"},
                           description=_l("If the bank credited a slightly different amount than the rate gives, the "
                                          "difference is booked as exchange rounding."))
    earmark = SelectField(_l("Soft earmark (optional)"), default="",
                          description=_l("A preference honoured when money is committed, never a separate pot."))

    def __init__(self, *args, fund, donors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.donor.choices = [SelectChoice("", _("Choose…")), *choices((str(d.id), d.name) for d in donors)]
        self.currency.choices = choices((code, code) for code in sorted(money.EXPONENTS))
        self.earmark.choices = earmark_choices(fund)
        self.amount_value = self.fee_value = self.rate_value = self.credited_value = None

    def validate_currency(self, field):
        if field.data not in money.EXPONENTS:
            raise ValidationError(_("We cannot record %(currency)s: choose a currency from the list.",
                                    currency=(field.data or "")[:10]))

    def validate_amount(self, field):
        if self.currency.data in money.EXPONENTS:
            minor = parse_amount(field.data, self.currency.data)
            if minor == 0:
                raise ValidationError(_l("The amount must be more than zero."))
            self.amount_value = money.from_minor(minor, self.currency.data)

    def validate_fee(self, field):
        currency = self.fund.currency
        self.fee_value = money.from_minor(parse_amount(field.data, currency), currency) if field.data else Decimal(0)

    def validate_credited(self, field):
        currency = self.fund.currency
        self.credited_value = money.from_minor(parse_amount(field.data, currency), currency) if field.data else None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.currency.data in money.EXPONENTS and self.currency.data != self.fund.currency:
            valid = self._validate_fx() and valid
        return valid

    def _validate_fx(self):
        """Another currency needs the rate into the fund's currency, where it came from and its date."""
        why = _("The money came in %(given)s but the fund keeps its books in %(fund)s.",
                given=self.currency.data, fund=self.fund.currency)
        valid = True
        if not self.fx_rate.data:
            self.fx_rate.errors.append(_("%(why)s Please give the exchange rate: how many %(fund)s one %(given)s buys.",
                                         why=why, fund=self.fund.currency, given=self.currency.data))
            valid = False
        else:
            try:
                self.rate_value = parse_rate(self.fx_rate.data)
            except ValidationError as error:
                self.fx_rate.errors.append(str(error))
                valid = False
        if not self.fx_source.data:
            self.fx_source.errors.append(_("%(why)s Please say where the rate comes from.", why=why))
            valid = False
        if not self.fx_date.data and not self.fx_date.errors:
            self.fx_date.errors.append(_("%(why)s Please give the date of the rate.", why=why))
            valid = False
        return valid

    def to_call(self):
        """Keyword arguments for `record_bank_transfer`, beyond fund, actor and key."""
        fx = None
        if self.currency.data != self.fund.currency:
            fx = {"rate": str(self.rate_value), "source": self.fx_source.data, "date": self.fx_date.data,
                  "credited": self.credited_value}
        kind, _sep, value = (self.earmark.data or "").partition(":")
        return {"donor_id": int(self.donor.data), "amount": self.amount_value, "currency": self.currency.data,
                "value_date": self.value_date.data, "bank_reference": self.bank_reference.data,
                "fee": self.fee_value, "fx": fx, "earmark": (kind, value) if value else None}
