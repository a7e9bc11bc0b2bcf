"""The eligibility check: six questions, all multiple choice, nothing written."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.eligibility.rules import CHOICE_LABELS, CHOICES, QUESTION_LABELS
from portal.forms import choices


def _radio(key):
    return RadioField(
        QUESTION_LABELS[key],
        choices=choices((value, CHOICE_LABELS[value]) for value in CHOICES[key]),
        validators=[DataRequired(message=_l("Please choose one answer."))],
    )


class EligibilityForm(FlaskForm):
    group_kind = _radio("group_kind")
    registered = _radio("registered")
    women_led = _radio("women_led")
    country = SelectField(QUESTION_LABELS["country"], validators=[DataRequired(message=_l("Please choose one answer."))])
    budget_band = _radio("budget_band")
    purpose = _radio("purpose")


class EnquiryForm(FlaskForm):
    message = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=2000)])
    reply_to = EmailField(_l("Email address for our answer (optional)"), validators=[Optional(), Email(), Length(max=254)])
