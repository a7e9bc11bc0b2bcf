"""Report forms. The writing form is built per report from the parts the writer may fill.

Like the application form, the writing fields carry no validators: a draft keeps whatever was
typed, and the services say what is wrong without losing anything.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from portal import i18n, money
from portal.forms import AMOUNT_INPUT
from portal.reports.models import BUDGET_LINES, NARRATIVE_QUESTIONS
from portal.reports.plan import KEY
from portal.reports.states import BUDGET_LINE_LABELS, QUESTION_LABELS


class WritingForm(FlaskForm):
    """Base of the per-report form; answers, spend lines and notes are added by `writing_form`."""

    written_language = SelectField(_l("Language you are writing in"))


def writing_form(report, *, narrative, shares, currency, formdata=None):
    """The report's form: the narrative questions (for the lead or staff), then for each share
    the writer fills, its spend by budget line and, in a consortium, its own note."""

    class ReportWritingForm(WritingForm):
        pass

    if narrative:
        for key in NARRATIVE_QUESTIONS:
            setattr(ReportWritingForm, f"answer_{key}", TextAreaField(QUESTION_LABELS[key]))
    for share in shares:
        for line in BUDGET_LINES:
            setattr(ReportWritingForm, f"spend_{share.id}_{line}",
                    StringField(BUDGET_LINE_LABELS[line], render_kw=AMOUNT_INPUT))
        setattr(ReportWritingForm, f"note_{share.id}", TextAreaField(_l("In your own words: your part of the work")))
    form = ReportWritingForm(formdata=formdata)
    form.written_language.choices = i18n.written_language_choices()
    if formdata is None:
        _fill(form, report, narrative, {share.id for share in shares}, currency)
    return form


def _fill(form, report, narrative, share_ids, currency):
    form.written_language.data = report.written_language
    if narrative:
        for key in NARRATIVE_QUESTIONS:
            form[f"answer_{key}"].data = report.answers.get(key, "")
    for part in report.parts:
        if part.share_id not in share_ids:
            continue
        for line, amount in part.spend.items():
            if f"spend_{part.share_id}_{line}" in form:
                form[f"spend_{part.share_id}_{line}"].data = str(money.from_minor(int(amount), currency))
        form[f"note_{part.share_id}"].data = part.note


class ConfirmForm(FlaskForm):
    """A plain confirmation button (send, accept, waive)."""


class ChangesForm(FlaskForm):
    message = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=2000)],
                            description=_l("The grantee reads this with the report. Be specific and kind."))


class DueDateForm(FlaskForm):
    due_on = DateField(_l("New due date"), validators=[InputRequired()])


class AddReportForm(FlaskForm):
    key = StringField(_l("Identifier of the report"), validators=[DataRequired(), Regexp(rf"^{KEY.pattern}$")],
                      description=_l("Lower-case letters, digits and _, for example interim_2."))
    due_on = DateField(_l("Due on"), validators=[InputRequired()])


class FileForm(FlaskForm):
    file = FileField(_l("A photo or a voice note (optional)"))
