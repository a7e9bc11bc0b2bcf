"""Languages: locale choice, right-to-left, and content stored per language with a fallback.

Interface strings go through gettext (catalogs in translations/). Content written by fund
managers (call titles, questions, help) is stored as `{language: text}` and shown in the
reader's language, or in the call's default language with a visible note when missing.
"""
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime

from babel import Locale, support
from flask import current_app, has_request_context, request
from markupsafe import Markup
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_locale, gettext
from flask_login import current_user

from portal import money
from portal.forms import choices
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.i18n import messages_path as wtforms_messages_path
from wtforms.widgets import Select

#: Interface languages; adding one is a translations-only change (see README).
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ur", "he"})
LANGUAGE_COOKIE = "lang"

babel = Babel()


def languages():
    return current_app.config["LANGUAGES"]


@lru_cache(maxsize=64)
def native_name(code):
    """The language's name in itself (e.g. 'Kiswahili'), for the switcher (every page shows it)."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def select_locale():
    """Explicit choice (user, then cookie) → Accept-Language → default."""
    if not has_request_context():  # CLI commands and jobs: the default, or force_locale()
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    offered = languages()
    if current_user and current_user.is_authenticated and current_user.locale in offered:
        return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction(code=None):
    return "rtl" if str(code or get_locale()).split("_")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class LocalText:
    """A piece of authored content in the language it is shown in."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.text


def localized(content, fallback="en", lang=None):
    """Pick the reader's language from `{lang: text}`, else the fallback language, else any."""
    lang = lang or str(get_locale())
    content = content or {}
    if content.get(lang):
        return LocalText(content[lang], lang, False)
    for code in (fallback, "en", *sorted(content)):
        if content.get(code):
            return LocalText(content[code], code, True)
    return LocalText("", lang, False)


def format_money(amount, currency):
    return money.format_amount(amount, currency, str(get_locale()))


def format_minor(minor, currency):
    return format_money(money.from_minor(minor, currency), currency)


def money_markup(amount, currency):
    """An amount for templates, isolated left-to-right so 'US$' is not reordered in Arabic."""
    text = format_money(amount, currency).replace("\u200f", "")
    return Markup('<bdi dir="ltr">%s</bdi>') % text


def minor_markup(minor, currency):
    return money_markup(money.from_minor(minor, currency), currency)


def format_when(value: datetime):
    return format_datetime(value, "medium") if value else ""


def format_day(value):
    return format_date(value, "long") if value else ""


def format_score(value):
    """A score such as 4.60 in the reader's number format (4,60 in French); a dash when none."""
    return format_decimal(value, format="0.00") if value is not None else "—"


def init_app(app):
    """Bind Flask-Babel and expose language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_share_wtforms_catalogs)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        localized=localized,
        text_direction=text_direction,
        native_name=native_name,
        country_name=country_name,
        language_name=language_name,
        interface_languages=lambda: languages(),
    )
    app.jinja_env.filters.update(money=money_markup, minor_money=minor_markup, when=format_when, day=format_day,
                               score=format_score)
    app.jinja_env.add_extension("jinja2.ext.i18n")


def country_name(code):
    """The country's name in the reader's language (identifiers stay ISO codes)."""
    return _locale(str(get_locale())).territories.get(code, code)


def country_choices(codes):
    return list(_country_choices(str(get_locale()), tuple(codes)))


@lru_cache(maxsize=128)
def _country_choices(locale, codes):
    """Sorted once per interface language and set of countries (the funds' countries change rarely)."""
    names = _locale(locale).territories
    return choices(sorted(((code, names.get(code, code)) for code in codes), key=lambda pair: pair[1]))


@lru_cache(maxsize=64)
def _locale(code):
    return Locale.parse(code)


def language_choices():
    return choices((code, native_name(code)) for code in languages())


#: Languages an applicant may write in: the interface languages and others spoken where
#: the funds work. Applicants may also write in any language not listed ("other").
WRITTEN_LANGUAGES = (
    "en", "fr", "es", "ar", "sw", "pt", "fa", "ps", "ur", "ln", "rw", "rn", "lg", "so", "am", "ti",
    "ha", "yo", "ig", "ff", "wo", "bm", "ku", "tr", "uk", "ru", "my", "ne", "bn", "ta", "tl", "qu",
)


def language_name(code):
    """A language's name in the reader's language."""
    return _capitalised(_locale(str(get_locale())).languages.get(code, code))


def written_language_choices():
    return _written_language_choices(str(get_locale()), gettext("Another language"))


@lru_cache(maxsize=32)
def _written_language_choices(locale, other_label):
    """Sorted once per interface language: the list is the same for every applicant."""
    names = _locale(locale).languages
    pairs = sorted(((code, _capitalised(names.get(code, code))) for code in WRITTEN_LANGUAGES), key=lambda pair: pair[1])
    return choices(pairs + [("other", other_label)])


def _capitalised(name):
    return name[:1].upper() + name[1:]


class _WTFormsMessages:
    """WTForms' own messages ("Not a valid choice") in the active language. Flask-WTF reads the
    catalog file again on every request that builds a form; it is read here once per language."""

    def ugettext(self, string):
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ungettext(self, singular, plural, n):
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


@lru_cache(maxsize=32)
def _wtforms_catalog(locale):
    return support.Translations.load(wtforms_messages_path(), [locale], domain="wtforms")


def _share_wtforms_catalogs():
    request.wtforms_translations = WTFORMS_MESSAGES  # read by flask_wtf.i18n before loading its own


WTFORMS_MESSAGES = _WTFormsMessages()


class PrerenderedSelect(Select):
    """A <select> whose <option>s are rendered once per list of choices and only marked
    `selected` per request: the lists (languages, currencies, countries) are the same for every
    applicant reading in a language, and rendering ~35 options each time was most of a page's
    cost. The output is WTForms' own, byte for byte; unusual fields fall back to it."""

    def __call__(self, field, **kwargs):
        options = field.choices
        if self.multiple or not isinstance(options, list) or not all(_plain(choice) for choice in options):
            return super().__call__(field, **kwargs)
        rendered = _rendered_options(tuple((c.value, c.label if c.label is None else str(c.label)) for c in options))
        coerce, data = field.coerce, field.data
        shell = str(super().__call__(_EmptySelect(field), **kwargs))
        body = "".join(selected if coerce(value) == data else plain for value, plain, selected in rendered)
        return Markup(shell[:-len("</select>")] + body + "</select>")


def _plain(choice):
    return isinstance(choice, SelectChoice) and choice.optgroup is None and not choice.render_kw and isinstance(choice.value, str)


class _EmptySelect:
    """The field as Select sees it, without choices: renders only the <select> element."""

    def __init__(self, field):
        self.id, self.name, self.flags = field.id, field.name, getattr(field, "flags", {})

    def has_groups(self):
        return False

    def _iter_choices_normalized(self):
        return ()


@lru_cache(maxsize=256)
def _rendered_options(pairs):
    """(value, label) pairs → (value, <option>, <option selected>), rendered by WTForms itself."""
    render = Select.render_option
    return tuple((value, str(render(Choice(value, label, False, {}))), str(render(Choice(value, label, True, {}))))
                 for value, label in pairs)
