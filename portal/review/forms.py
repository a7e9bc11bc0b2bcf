"""Review forms: queue filters, reviewers and scores, messages, decisions, the rubric.

Labels are lazy. Choices that depend on the database (calls, reviewers, the fund's themes) are
given when the form is built; services re-check whatever matters for the record.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal import i18n
from portal.applications.states import STATUS_LABELS
from portal.forms import AMOUNT_INPUT, choices
from portal.funds.forms import KEY_RULES, ContentForm, MultiCheckboxField, texts
from portal.funds.models import THEME_LABELS
from portal.review.models import SCORE_RANGE
from portal.review.queue import DUE_WITHIN, OPEN_STATUSES, QueueFilters, SORTS
from portal.review.reasons import DECLINE_REASONS

DUE_LABELS = {"overdue": _l("Overdue"), "24h": _l("Due within 24 hours"), "72h": _l("Due within 72 hours")}
SORT_LABELS = {"time_left": _l("Least time left first"), "newest": _l("Newest first"), "oldest": _l("Oldest first"),
               "call": _l("Call"), "tier": _l("Tier"), "country": _l("Country"), "language": _l("Written in"),
               "status": _l("Status")}
TEXT = [Optional(), Length(max=5000)]


def _any(label):
    return SelectChoice("", label)


class QueueForm(FlaskForm):
    """The queue's filters (a GET form: nothing is written, so no CSRF token)."""

    class Meta:
        csrf = False

    call = SelectField(_l("Call"))
    tier = SelectField(_l("Tier"))
    country = SelectField(_l("Country"))
    language = SelectField(_l("Written in"))
    status = MultiCheckboxField(_l("Status"), choices=choices(
        (status, label) for status, label in STATUS_LABELS.items() if status != "draft"))
    due = SelectField(_l("Time left"), choices=[_any(_l("Any")), *choices((key, DUE_LABELS[key]) for key in DUE_WITHIN)])
    sort = SelectField(_l("Sort by"), choices=choices((key, SORT_LABELS[key]) for key in SORTS))

    def __init__(self, formdata, *, calls, tiers, countries):
        super().__init__(formdata)
        self.call.choices = [_any(_("All calls")), *choices(
            (str(call.id), i18n.localized(call.title, call.default_language).text) for call in calls)]
        self.tier.choices = [_any(_("All tiers")), *choices(
            (str(tier.id), f"{i18n.localized(tier.call.title, tier.call.default_language).text} – "
                           f"{i18n.localized(tier.title, tier.call.default_language).text}") for tier in tiers)]
        self.country.choices = [_any(_("All countries")), *i18n.country_choices(countries)]
        self.language.choices = [_any(_("All languages")), *i18n.written_language_choices()]
        if not self.status.data:
            self.status.data = list(OPEN_STATUSES)

    def _valid(self, name):
        """The field's value when it is one of its choices (forged or stale values are ignored)."""
        value = self[name].data
        return value if value and value in {choice.value for choice in self[name].choices} else None

    def to_filters(self):
        """(QueueFilters, sort key) from what was chosen."""
        statuses = tuple(status for status in self.status.data or () if status in STATUS_LABELS and status != "draft")
        call, tier = self._valid("call"), self._valid("tier")
        filters = QueueFilters(statuses=statuses or OPEN_STATUSES, call_id=int(call) if call else None,
                               tier_id=int(tier) if tier else None, country=self._valid("country"),
                               language=self._valid("language"), due=self._valid("due"))
        return filters, self._valid("sort") or "time_left"


class IdsField(Field):
    """Checked application ids (checkboxes named like the field); anything else is ignored."""

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(int(value) for value in valuelist if value.isdigit()))[:200]

    def _value(self):
        return ""


class BatchForm(FlaskForm):
    """Decide the applications checked on the queue page: all approved, or all declined."""

    key = HiddenField()
    application_ids = IdsField()
    approve = SubmitField(_l("Approve selected at the requested amount"))
    decline = SubmitField(_l("Decline selected"))
    reason = SelectField(_l("Reason for declining"), default="", choices=[
        _any(_l("Choose a reason")), *choices(DECLINE_REASONS.items())])
    note = TextAreaField(_l("Note to the applicants (required for another reason)"), validators=TEXT)


class AssignForm(FlaskForm):
    reviewer = SelectField(_l("Reviewer"), validators=[DataRequired(message=_l("Please choose a reviewer."))])

    def __init__(self, *args, options=(), language="", **kwargs):
        super().__init__(*args, **kwargs)
        reads = _("reads %(language)s", language=i18n.language_name(language))
        self.reviewer.choices = [_any(_("Choose a reviewer")), *choices(
            (str(user.id), f"{user.display_name} ({reads})" if reading else user.display_name)
            for user, reading in options)]


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[DataRequired(message=_l("Please write your message.")),
                                                         Length(max=5000)])
    written_language = SelectField(_l("Language you write in"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written_language.choices = i18n.written_language_choices()


class AskForm(MessageForm):
    body = TextAreaField(_l("Your question to the applicant"),
                         validators=[DataRequired(message=_l("Please write your message.")), Length(max=5000)])


class AnswerForm(MessageForm):
    body = TextAreaField(_l("Your answer"), validators=[DataRequired(message=_l("Please write your message.")),
                                                       Length(max=5000)])


class ApproveForm(FlaskForm):
    idempotency_key = HiddenField()
    amount = StringField(_l("Amount approved"), render_kw=AMOUNT_INPUT,
                         validators=[DataRequired(message=_l("Please enter an amount."))])
    conditions = TextAreaField(_l("Conditions (optional)"), validators=TEXT)
    theme = SelectField(_l("Women, peace and security pillar (optional)"), default="")

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [_any(_("None")), *choices((theme, THEME_LABELS[theme]) for theme in themes)]


class DeclineForm(FlaskForm):
    idempotency_key = HiddenField()
    reason = RadioField(_l("Reason, shown to the applicant in her language"), choices=choices(DECLINE_REASONS.items()),
                        validators=[DataRequired(message=_l("Please choose a reason."))])
    note = TextAreaField(_l("Note to the applicant (optional; required for another reason)"), validators=TEXT)


def score_form(criteria, language, **kwargs):
    """One 1–5 choice per criterion of the rubric, and a comment (`kwargs` go to the form)."""
    class ScoreForm(FlaskForm):
        comment = TextAreaField(_l("Comment"), validators=TEXT)

    low, high = SCORE_RANGE
    for criterion in criteria:
        label = i18n.localized(criterion.label, language).text or criterion.key
        setattr(ScoreForm, f"score_{criterion.key}", RadioField(
            label, choices=choices((str(n), str(n)) for n in range(low, high + 1)), validate_choice=False))
    return ScoreForm(**kwargs)


class RecuseForm(FlaskForm):
    note = TextAreaField(_l("What is the conflict of interest?"),
                         validators=[DataRequired(message=_l("Please say briefly what the conflict is.")), Length(max=5000)])


class LanguagesForm(FlaskForm):
    languages = MultiCheckboxField(_l("Languages you read"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = [choice for choice in i18n.written_language_choices() if choice.value != "other"]


class CriterionForm(ContentForm):
    required_texts = ("label",)
    key = StringField(_l("Identifier"), filters=[lambda value: value.strip() if isinstance(value, str) else value],
                      validators=KEY_RULES, description=_l("Scores are stored under it, for example relevance."))
    position = IntegerField(_l("Position in the rubric"), default=0, validators=[InputRequired(), NumberRange(0, 1000)])
    label = texts(_l("Criterion"), max_length=300)
    weight = IntegerField(_l("Weight, from 1 to 10"), default=1, validators=[InputRequired(), NumberRange(1, 10)])

    def to_data(self):
        return {name: self[name].data for name in ("key", "position", "label", "weight")}
