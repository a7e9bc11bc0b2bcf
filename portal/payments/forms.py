"""The giving form: amount, currency, an optional soft earmark and the form's idempotency key."""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from portal import i18n, money
from portal.forms import choices
from portal.forms import AMOUNT_INPUT
from portal.funds.models import THEME_LABELS, Call



class GiveForm(FlaskForm):
    """Card giving to one fund; nothing is charged until the donor pays on Stripe's page."""

    donor = SelectField(_l("Give on behalf of"), coerce=int)
    amount = StringField(_l("Amount"), validators=[InputRequired()], render_kw=AMOUNT_INPUT)
    currency = SelectField(_l("Currency"))
    earmark = SelectField(_l("Where would you like your gift to go? (optional)"),
                          description=_l("A preference the fund honours when it awards grants."))
    #: Created when the form is shown: a double click or a resubmitted page makes one pledge.
    gift_key = HiddenField(validators=[InputRequired(), Length(min=16, max=64)])

    def amount_minor(self, locale):
        """The amount in minor units of the chosen currency; a readable error on the field if not."""
        try:
            minor = money.minor_from_text(self.amount.data or "", self.currency.data, locale)
        except money.MoneyError:
            minor = None
        if not minor:
            self.amount.errors = [_l("Please write an amount in numbers, for example 50 or 50.25.")]
        return minor


def give_form(session, fund, donors, formdata=None, **data):
    """The giving form with the fund's currency preselected and the fund's earmarks offered."""
    form = GiveForm(formdata=formdata, donor=donors[0].id, currency=fund.currency, **data)
    form.donor.choices = choices((donor.id, donor.name) for donor in donors)
    form.currency.choices = choices((code, code) for code in sorted(money.EXPONENTS))
    form.earmark.choices = choices([("", _l("Wherever it is needed most"))] + earmark_choices(session, fund))
    return form


def earmark_choices(session, fund):
    """Soft earmarks: one of the fund's published calls, countries or themes ("kind:value")."""
    calls = session.exec(select(Call).where(Call.fund_id == fund.id, Call.is_published.is_(True))
                         .order_by(Call.id)).all()
    pairs = [(f"call:{call.id}", _("Call: %(title)s", title=i18n.localized(call.title, call.default_language).text))
             for call in calls]
    pairs += [(f"country:{code}", _("Country: %(country)s", country=i18n.country_name(code)))
              for code in fund.countries]
    pairs += [(f"theme:{theme}", _("Theme: %(theme)s", theme=THEME_LABELS.get(theme, theme)))
              for theme in fund.themes]
    return pairs


def parse_earmark(value):
    """"kind:value" → (kind, value), or None for no earmark."""
    kind, _sep, rest = (value or "").partition(":")
    return (kind, rest) if kind and rest else None
