"""Forms of the payments page and of the bank files; labels are lazy.

Every form that moves money is one button of a row, checked here for shape only: the state
machines decide whether the step is allowed.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.forms import choices
from portal.grants.forms import method_choices
from portal.grants.states import UNDOES_PAYMENT


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ScheduleForm(FlaskForm):
    """The key is made when the page is shown, so a double submit schedules once."""

    key = HiddenField(validators=[DataRequired(), Length(max=64)])


class SendForm(FlaskForm):
    method = SelectField(_l("Paid by"))
    reference = StringField(_l("Bank or operator reference"), filters=[_strip],
                            validators=[DataRequired(message=_l("Please give the reference of the payment.")),
                                        Length(max=120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = method_choices()


class UndoForm(FlaskForm):
    #: Which way the payment ends (disbursements.undo); the page's buttons carry it.
    action = SelectField(choices=choices((action, action) for action in UNDOES_PAYMENT))
    reason = StringField(_l("Reason"), filters=[_strip], validators=[Length(max=200)])

    def validate_reason(self, field):
        if self.action.data in ("fail", "return") and not field.data:
            raise ValidationError(_l("Please say why the payment failed or came back."))


class ImportForm(FlaskForm):
    file = FileField(_l("Bank confirmation file (CSV)"),
                     validators=[FileRequired(message=_l("Please choose the file from the bank."))])
