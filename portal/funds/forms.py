"""Forms to configure funds, calls, tiers, questions and rules; labels are lazy.

Messages with parameters are translated when raised (`_`), never lazily: a lazy string with
parameters would reach templates as trusted markup.

Forms check the shape of what was typed (identifiers, numbers, amounts exact in the fund's
currency); the rules that must hold whoever saves (unique keys, min ≤ max, the question cap)
live in services. Authored text is one box per interface language, grouped by `texts()`.
"""
import re
from functools import lru_cache

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, Form, FormField, IntegerField, RadioField, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal import i18n, money
from portal.eligibility.rules import CHOICE_LABELS, CHOICES, OPERATORS, QUESTION_LABELS
from portal.forms import choices
from portal.funds.models import DEFAULT_MAX_QUESTIONS, THEME_LABELS, THEMES
from portal.funds.services import country_codes
from portal.reports.plan import ReportPlanField, parse_report_plan, report_plan_text

#: The largest amount a tier may name, in minor units (far below BIGINT, far above any grant).
MAX_MINOR = 10**15
#: Digits with optional thousands commas and a dot for decimals: no signs, exponents or '1,5'.
KEY_RULES = [DataRequired(), Length(max=40),
             Regexp(r"^[a-z0-9_]+$", message=_l("Use lower-case letters, digits and _ only."))]
# Translators: the conditions of an eligibility rule, read as "<question> is one of <answers>".
OPERATOR_LABELS = {"eq": _l("is"), "ne": _l("is not"), "in": _l("is one of"), "not_in": _l("is none of")}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@lru_cache
def _texts_class(languages, max_length, long):
    """A subform with one box per language, labelled with the language's own name."""
    box = TextAreaField if long else StringField
    message = _l("At most %(max)d characters.")
    fields = {code: box(i18n.native_name(code), validators=[Optional(), Length(max=max_length, message=message)],
                        filters=[_strip]) for code in languages}
    return type("TextsForm", (Form,), fields)


class TextsField(FormField):
    """Authored text as `{language: text}`, keeping only the languages actually written in."""

    @property
    def data(self):
        return {code: text for code, text in self.form.data.items() if text}


def texts(label, *, max_length, long=False, description=None):
    """A per-language text field; languages are read from the config when the form is built."""
    def build(**kwargs):
        return _texts_class(tuple(current_app.config["LANGUAGES"]), max_length, long)(**kwargs)
    return TextsField(build, label=label, description=description)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes: usable on a phone, unlike a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CountryCodesField(StringField):
    """ISO 3166 codes typed as 'CD, LB, CO' and kept as a list; shown back as typed."""

    def _value(self):
        return self.raw_data[0] if self.raw_data else ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        if valuelist:
            codes = (code.upper() for code in re.split(r"[\s,;]+", valuelist[0]) if code)
            self.data = list(dict.fromkeys(codes))

    def pre_validate(self, form):
        unknown = [code for code in self.data or [] if code not in country_codes()]
        if unknown:
            raise ValidationError(_("Not country codes: %(codes)s. Use two-letter ISO codes such as CD or LB.",
                                     codes=", ".join(unknown)))


def parse_amount(text, currency):
    """Typed amount (in the reader's number format) → minor units of `currency`, or what to fix."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError(_l("Please enter an amount."))
    try:
        amount = money.parse(cleaned, str(i18n.get_locale()))
    except money.MoneyError:
        if cleaned.isdigit():  # plain digits are only refused when absurdly large
            raise ValidationError(_l("This amount is too large.")) from None
        amount = None
    if amount is None or amount < 0:
        raise ValidationError(_l("Please enter an amount in digits, for example 1500.50."))
    places = money.exponent(currency)
    try:
        minor = money.minor_from_text(amount, currency)
    except money.MoneyError:
        if places == 0:
            raise ValidationError(_("%(currency)s amounts have no decimals.", currency=currency)) from None
        raise ValidationError(ngettext("%(currency)s amounts have at most %(num)d decimal.",
                                       "%(currency)s amounts have at most %(num)d decimals.",
                                       places, currency=currency)) from None
    if minor > MAX_MINOR:
        raise ValidationError(_l("This amount is too large."))
    return minor


class AmountField(StringField):
    """A decimal amount in the form's currency; `minor` holds it in minor units once valid."""

    minor = None

    def pre_validate(self, form):
        self.minor = parse_amount(self.data, form.currency)


def parse_documents(text):
    """Lines 'key: label' → [(key, label)]; refuses malformed lines and repeated keys."""
    documents = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, label = (part.strip() for part in line.partition(":"))
        if not (sep and label and re.fullmatch(r"[a-z0-9_]{1,40}", key)):
            raise ValidationError(_("Line %(number)d: write it as key: label, with a key in lower-case letters, "
                                     "digits and _.", number=number))
        if key in dict(documents):
            raise ValidationError(_("Line %(number)d: the key %(key)s is used twice.", number=number, key=key))
        documents.append((key, label[:200]))
    return documents


class DocumentsField(TextAreaField):
    """Required documents, one per line; `documents` holds the parsed pairs once valid."""

    documents = ()

    def pre_validate(self, form):
        self.documents = parse_documents(self.data)


def parse_tranche_plan(text):
    """Lines 'percent' or 'percent: report' → [{"percent", "after_report"}] adding up to 100.

    A line without a report is paid once the grant terms are accepted (trust-based); a line
    naming a report (e.g. `40: interim`) waits until that report is accepted. Nothing written
    means one tranche of 100% on acceptance.
    """
    plan = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        percent, _sep, report = (part.strip() for part in line.partition(":"))
        if not (re.fullmatch(r"[0-9]{1,3}", percent) and 0 < int(percent) <= 100
                and re.fullmatch(r"[a-z0-9_]{0,40}", report)):
            raise ValidationError(_("Line %(number)d: write a percentage, optionally followed by : and the report "
                                     "it waits for, for example 40: interim.", number=number))
        plan.append({"percent": int(percent), "after_report": report or None})
    if not plan:
        return [{"percent": 100, "after_report": None}]
    if sum(part["percent"] for part in plan) != 100:
        raise ValidationError(_("The percentages must add up to 100."))
    return plan


class TranchePlanField(TextAreaField):
    """The tier's tranche plan, one tranche per line; `plan` holds it once valid."""

    plan = ()

    def pre_validate(self, form):
        self.plan = parse_tranche_plan(self.data)


class ContentForm(FlaskForm):
    """A form with per-language texts that must at least exist in the content's own language."""

    #: Per-language fields that must be filled in the content language.
    required_texts = ()

    def __init__(self, *args, content_language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.content_language = content_language
        if "default_language" in self:
            self.default_language.choices = i18n.language_choices()
        if "languages" in self:
            self.languages.choices = i18n.language_choices()

    def language(self):
        return self.default_language.data if "default_language" in self else self.content_language

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        language = self.language()
        for name in self.required_texts:
            group = self[name]
            if language in group.form and not group.data.get(language):
                message = _("Please write this in %(language)s, the language of the content.",
                             language=i18n.native_name(language))
                group[language].errors.append(message)
                valid = False
        return valid


class FundForm(ContentForm):
    required_texts = ("name",)
    code = StringField(_l("Code"), description=_l("Short identifier used in references, for example wpf."),
                       filters=[_strip], validators=[DataRequired(), Length(max=20), Regexp(
                           r"^[a-z0-9-]+$", message=_l("Use lower-case letters, digits and - only."))])
    name = texts(_l("Name"), max_length=200)
    description = texts(_l("Description"), max_length=5000, long=True)
    currency = SelectField(_l("Currency"), choices=choices((code, code) for code in sorted(money.EXPONENTS)),
                           validators=[DataRequired()])
    default_language = SelectField(_l("Default language"), validators=[DataRequired()])
    countries = CountryCodesField(_l("Countries"), validators=[DataRequired()],
                                  description=_l("Two-letter ISO codes separated by commas, for example CD, LB, CO."))
    themes = MultiCheckboxField(_l("Women, peace and security pillars the fund serves"),
                                choices=choices((theme, THEME_LABELS[theme]) for theme in THEMES))


class CallForm(ContentForm):
    required_texts = ("title",)
    slug = StringField(_l("Short name for the web address"), filters=[_strip], validators=[
        DataRequired(), Length(max=60), Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters, digits and - only."))])
    title = texts(_l("Title"), max_length=200)
    description = texts(_l("Description"), max_length=5000, long=True)
    default_language = SelectField(_l("Language the call is written in"), validators=[DataRequired()])
    languages = MultiCheckboxField(_l("Languages the call is offered in"),
                                   validators=[DataRequired(message=_l("Choose at least one language."))])
    is_rolling = BooleanField(_l("Rolling call: applications are welcome at any time"))
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    is_published = BooleanField(_l("Published: applicants can see this call"))


def _count(label, low, high, default, description=None):
    return IntegerField(label, default=default, description=description,
                        validators=[InputRequired(), NumberRange(min=low, max=high)])


class TierForm(ContentForm):
    required_texts = ("title",)
    key = StringField(_l("Identifier"), filters=[_strip], validators=KEY_RULES,
                      description=_l("For example emergency. It is never shown to applicants."))
    position = _count(_l("Position in the list"), 0, 1000, 0)
    title = texts(_l("Title"), max_length=200)
    description = texts(_l("Description"), max_length=5000, long=True)
    min_amount = AmountField(_l("Smallest amount"), render_kw={"inputmode": "decimal"})
    max_amount = AmountField(_l("Largest amount"), render_kw={"inputmode": "decimal"})
    max_questions = _count(_l("Most questions on the form"), 1, DEFAULT_MAX_QUESTIONS, DEFAULT_MAX_QUESTIONS)
    decision_hours = _count(_l("Decision time target, in hours"), 1, 24 * 365, 30 * 24)
    required_documents = DocumentsField(_l("Documents to attach"), description=_l(
        "One per line, as key: label, for example budget: Simple budget. Leave empty for none."))
    consortium_min_members = _count(_l("Fewest consortium members"), 0, 50, 0,
                                    _l("0 if only single organisations apply; otherwise the lead included."))
    consortium_max_members = _count(_l("Most consortium members"), 0, 50, 0)
    consortium_lead_women_led = BooleanField(_l("The consortium lead must be a local women-led organisation"))
    tranche_plan = TranchePlanField(_l("Tranche plan"), default="100", description=_l(
        "One tranche per line, as a percentage of each grant share. Add : and a report to make a tranche "
        "wait for it, for example 60 and 40: interim. Empty: all of it on acceptance."))
    report_plan = ReportPlanField(_l("Report plan"), default="final: 12", description=_l(
        "One report per line with the months after acceptance it is due, for example interim: 6 and final: 12. "
        "Empty: no reports."))

    def __init__(self, *args, currency, **kwargs):
        self.currency = currency
        super().__init__(*args, **kwargs)

    def to_data(self):
        """Model values: amounts in minor units, document labels in the content language."""
        data = {name: self[name].data for name in (
            "key", "position", "title", "description", "max_questions", "decision_hours",
            "consortium_min_members", "consortium_max_members", "consortium_lead_women_led")}
        documents = [{"key": key, "label": {self.content_language: label}}
                     for key, label in self.required_documents.documents]
        return {**data, "min_amount_minor": self.min_amount.minor, "max_amount_minor": self.max_amount.minor,
                "required_documents": documents, "tranche_plan": self.tranche_plan.plan,
                "report_plan": self.report_plan.plan}

    def validate_tranche_plan(self, field):
        """A tranche may only wait for a report the plan asks for, or it would wait forever."""
        try:
            reports = {part["key"] for part in parse_report_plan(self.report_plan.data)}
        except ValidationError:
            return  # the report plan's own message says what to mend first
        missing = sorted({part["after_report"] for part in field.plan if part["after_report"]} - reports)
        if missing:
            raise ValidationError(_("These reports are not in the report plan: %(reports)s.", reports=", ".join(missing)))


class QuestionForm(ContentForm):
    required_texts = ("label",)
    key = StringField(_l("Identifier"), filters=[_strip], validators=KEY_RULES,
                      description=_l("Answers are stored under it. It is never shown to applicants."))
    position = _count(_l("Position on the form"), 0, 1000, 0)
    label = texts(_l("Question"), max_length=300)
    help = texts(_l("Help text"), max_length=1000, long=True)
    max_chars = _count(_l("Longest answer, in characters"), 1, 5000, 1000)
    required = BooleanField(_l("An answer is required"), default=True)


class RuleFieldForm(FlaskForm):
    """Step one of a new rule: which eligibility question it is about (a GET form)."""

    class Meta:
        csrf = False

    field = SelectField(_l("Eligibility question"), validators=[DataRequired()],
                        choices=choices(QUESTION_LABELS.items()))


class RuleForm(ContentForm):
    required_texts = ("explanation",)
    operator = RadioField(_l("Condition"), choices=choices(
        (key, OPERATOR_LABELS[key]) for key in OPERATORS), validators=[DataRequired()])
    value = MultiCheckboxField(_l("Answers"), validators=[DataRequired(message=_l("Choose at least one answer."))])
    explanation = texts(_l("Why this rule exists"), max_length=500, long=True,
                        description=_l("Said kindly: applicants who do not meet the rule read it."))

    def __init__(self, *args, field, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        if field == "country":
            self.value.choices = i18n.country_choices(countries)
        else:
            self.value.choices = choices((value, CHOICE_LABELS[value]) for value in CHOICES[field])


def tier_initial(tier, currency):
    """What the tier form shows when editing: amounts as decimals, documents as lines."""
    low, high = tier.amount_range(currency)
    language = tier.call.default_language
    lines = [f"{doc['key']}: {i18n.localized(doc.get('label'), language, language).text}"
             for doc in tier.required_documents]
    plan = [f"{part['percent']}: {part['after_report']}" if part.get("after_report") else str(part["percent"])
            for part in tier.tranche_plan]
    return {**tier.model_dump(), "min_amount": str(low), "max_amount": str(high),
            "required_documents": "\n".join(lines), "tranche_plan": "\n".join(plan),
            "report_plan": report_plan_text(tier.report_plan)}
