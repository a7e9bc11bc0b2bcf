"""The eligibility check: six questions, all multiple choice, nothing written."""
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import RadioInput, html_params

from portal.eligibility.rules import CHOICE_LABELS, CHOICES, QUESTION_LABELS
from portal.forms import choices
from portal.i18n import PrerenderedSelect


class RememberedRadio(RadioInput):
    """WTForms' radio button, its attributes rendered once per distinct set: the check shows the
    same few dozen buttons to everyone, and rendering them was most of the page's cost."""

    @staticmethod
    def html_params(**kwargs):
        if all(type(value) in (str, bool) for value in kwargs.values()):  # exact types: True is not 1
            return _html_params(tuple((key, type(value), value) for key, value in sorted(kwargs.items())))
        return html_params(**kwargs)


@lru_cache(maxsize=1024)
def _html_params(items):
    return html_params(**{key: value for key, _type, value in items})


def _radio(key):
    return RadioField(
        QUESTION_LABELS[key],
        choices=choices((value, CHOICE_LABELS[value]) for value in CHOICES[key]),
        validators=[DataRequired(message=_l("Please choose one answer."))],
        option_widget=RememberedRadio(),
    )


class EligibilityForm(FlaskForm):
    group_kind = _radio("group_kind")
    registered = _radio("registered")
    women_led = _radio("women_led")
    country = SelectField(QUESTION_LABELS["country"], validators=[DataRequired(message=_l("Please choose one answer."))],
                          widget=PrerenderedSelect())
    budget_band = _radio("budget_band")
    purpose = _radio("purpose")


class EnquiryForm(FlaskForm):
    message = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=2000)])
    reply_to = EmailField(_l("Email address for our answer (optional)"), validators=[Optional(), Email(), Length(max=254)])
