"""Application forms. The short form is built per tier from its questions.

Fields carry no validators of their own: the draft must keep whatever was typed, and the
services say what is wrong, in the applicant's language, without losing anything.
"""
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal import i18n, money
from portal.forms import AMOUNT_INPUT, choices


#: 'None' (translated when shown), then every currency code.
CURRENCY_CHOICES = choices([("", _l("None"))] + [(code, code) for code in sorted(money.EXPONENTS)])


class DraftForm(FlaskForm):
    """Base of the per-tier form: language, amounts; answers are added by `draft_form`."""

    written_language = SelectField(_l("Language you are writing in"), widget=i18n.PrerenderedSelect())
    requested = StringField(_l("Amount you are asking for"), render_kw=AMOUNT_INPUT)
    local_currency = SelectField(_l("Local currency (optional)"), widget=i18n.PrerenderedSelect())
    local_amount = StringField(_l("The same amount in your local currency (optional, for information)"),
                               render_kw=AMOUNT_INPUT)


def draft_form(application, formdata=None):
    """The tier's short form with one text area per question, filled from the draft."""
    tier = application.tier
    questions = tuple((question.key, i18n.localized(question.label, tier.call.default_language).text)
                      for question in tier.questions)
    members = tuple((member.id, member.invited_name) for member in application.members)
    form = _draft_form_class(questions, members)(formdata=formdata)
    form.written_language.choices = i18n.written_language_choices()
    form.local_currency.choices = CURRENCY_CHOICES
    if formdata is None:
        _fill(form, application)
    return form


@lru_cache(maxsize=256)
def _draft_form_class(questions, members):
    """The form class for these (question key, label) and (member id, name) pairs, built once:
    the key is everything the class holds, so an edited question or member gets a new class."""

    class TierDraftForm(DraftForm):
        pass

    for key, label in questions:
        setattr(TierDraftForm, f"answer_{key}", TextAreaField(label))
    for member_id, name in members:
        setattr(TierDraftForm, f"share_{member_id}", StringField(name, render_kw=AMOUNT_INPUT))
    return TierDraftForm


def _fill(form, application):
    currency = application.tier.call.fund.currency
    form.written_language.data = application.written_language
    if application.requested_minor is not None:
        form.requested.data = str(money.from_minor(application.requested_minor, currency))
    form.local_currency.data = application.local_currency or ""
    if application.local_amount_minor is not None:
        form.local_amount.data = str(money.from_minor(application.local_amount_minor, application.local_currency))
    for question in application.tier.questions:
        form[f"answer_{question.key}"].data = application.answers.get(question.key, "")
    for member in application.members:
        form[f"share_{member.id}"].data = str(money.from_minor(member.share_minor, currency))


class SubmitForm(FlaskForm):
    """The review page's submit button; the key makes a double click submit once."""

    submission_key = HiddenField()


class ConfirmForm(FlaskForm):
    """A plain confirmation button (withdraw, start, remove)."""


class UploadForm(FlaskForm):
    document_key = HiddenField()
    file = FileField(_l("Choose a file (PDF, JPEG or PNG)"))


class InviteForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address of a person in that organisation"), validators=[DataRequired(), Email(), Length(max=254)])
    share = StringField(_l("Its share of the budget"), validators=[Optional(), Length(max=30)], render_kw=AMOUNT_INPUT)
