"""Account forms; labels are lazy so they render in the reader's language."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.eligibility.rules import CHOICE_LABELS, CHOICES
from portal.forms import choices

PASSWORD_HELP = _l("At least 10 characters. You can also leave it empty and sign in with a link we email you.")


class SignInForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class EmailLinkForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])


class ConfirmLinkForm(FlaskForm):
    """A button that uses the emailed link, so that mail scanners opening it do not consume it."""


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language of the portal"))


def _choices(key):
    return choices((value, CHOICE_LABELS[value]) for value in CHOICES[key])


class RegisterForm(FlaskForm):
    """Account and organisation in one page; eligibility answers arrive pre-filled."""

    display_name = StringField(_l("Your name, or what we should call you"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password (optional)"), description=PASSWORD_HELP, validators=[Optional(), Length(min=10, max=200)])
    organisation_name = StringField(_l("Name of your group or organisation"), validators=[DataRequired(), Length(max=200)])
    kind = RadioField(_l("What kind of group are you?"), choices=_choices("group_kind"), validators=[DataRequired()])
    registered = RadioField(_l("Is your group officially registered?"), choices=_choices("registered"), validators=[DataRequired()])
    women_led = RadioField(_l("Is your group led by women?"), choices=_choices("women_led"), validators=[DataRequired()])
    country = SelectField(_l("Country where you work"), validators=[DataRequired()])
    languages = SelectMultipleField(_l("Languages your group works in"), validators=[Optional()])
    accept_privacy = BooleanField(_l("I understand that Mizani keeps only what is needed to assess our application."), validators=[DataRequired()])
