"""The export filter: a GET form (a download link changes nothing, so it carries no CSRF token)."""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlmodel import SQLModel
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from portal.forms import choices


class ExportForm(FlaskForm):
    class Meta:
        csrf = False

    since = DateField(_l("From (day, UTC)"), validators=[Optional()])
    until = DateField(_l("Until (day, UTC, included)"), validators=[Optional()])
    record_type = SelectField(_l("Record type"), default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted(SQLModel.metadata.tables)  # every audited record type is a table name
        self.record_type.choices = [SelectChoice("", _("All records")), *choices((name, name) for name in names)]

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_("The last day cannot come before the first day."))
