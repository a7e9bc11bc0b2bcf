"""Row labels: identifiers stay in files, their names in the reader's language go on the page."""
from flask_babel import gettext as _, lazy_gettext as _l

from portal.dashboards.tables import Label
from portal.funds.models import THEME_LABELS
from portal.i18n import country_name, language_name, localized


def country(code):
    return Label(code or "", country_name(code) if code else _l("Unknown"))


def theme(key):
    return Label(key or "none", THEME_LABELS.get(key, _l("No theme given")))


def language(code):
    return Label(code or "", _l("Another language") if code in (None, "", "other") else language_name(code))


def tier_label(found, tier_id):
    """A tier by its title in the reader's language (or the call's, marked with its language);
    in files `<call slug>/<tier key>`, stable when titles change."""
    if found is None:
        return Label(str(tier_id), str(tier_id))
    tier, call = found
    title = localized(tier.title, call.default_language)
    return Label(f"{call.slug}/{tier.key}", title.text or tier.key, title.lang if title.is_fallback else None)


EARMARK_KINDS = {"call": _l("Call"), "country": _l("Country"), "theme": _l("Theme")}


def earmark(kind, value, calls=None):
    """'pooled', or `<kind>:<value>` with a readable name: the country's or theme's name, the
    call's title."""
    if kind is None:
        return Label("pooled", _l("Not earmarked (pooled)"))
    if kind == "country":
        name = country_name(value)
    elif kind == "theme":
        name = THEME_LABELS.get(value, value)
    else:
        call = (calls or {}).get(str(value))
        name = localized(call.title, call.default_language).text if call else value
    return Label(f"{kind}:{value}", _("%(kind)s: %(name)s", kind=EARMARK_KINDS.get(kind, kind), name=name))
