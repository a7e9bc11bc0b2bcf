"""The one money module: exact decimals outside the ledger, integer minor units inside.

Exponents come from one explicit ISO 4217 table rather than Babel, because CLDR and payment
processors disagree on some currencies (LBP: CLDR 0 decimals, ISO 2). Never use float.
"""
import re
from functools import lru_cache
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal, parse_pattern

#: ISO 4217 minor-unit exponents for the currencies Mizani handles.
EXPONENTS = {
    "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "SEK": 2, "NOK": 2, "DKK": 2,
    "CDF": 2, "COP": 2, "NGN": 2, "AFN": 2, "LBP": 2, "KES": 2, "UGX": 0, "RWF": 0, "XOF": 0,
    "XAF": 0, "JPY": 0, "KWD": 3, "BHD": 3, "JOD": 3, "IQD": 3, "LYD": 3, "TND": 3,
    "SSP": 2, "SDG": 2, "SYP": 2, "YER": 2, "MZN": 2, "BRL": 2, "ZAR": 2,
}


class MoneyError(ValueError):
    """An amount that cannot be represented exactly in its currency."""


def exponent(currency):
    try:
        return EXPONENTS[currency]
    except KeyError:
        raise MoneyError(f"Unsupported currency {currency!r}") from None


#: Larger amounts are refused as typing mistakes (and would overflow BIGINT minor units).
LIMIT = Decimal(10) ** 15
_PLAIN = re.compile(r"-?\d+(\.\d+)?")
_ENGLISH_GROUPS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_DOT_GROUPS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def parse(text, locale=None) -> Decimal:
    """Read a typed amount into a Decimal; raises MoneyError.

    '5000.50' is read the same everywhere; grouped or comma-decimal forms ('5 000,50', '1.234,5')
    are read in the reader's `locale`, so a French '1,5' is one and a half, never fifteen. Where
    the locale writes decimals with a comma, '1.500' is read as the locale does (Spanish and
    Portuguese: one thousand five hundred) or refused as ambiguous — never as one and a half.
    """
    if isinstance(text, Decimal):
        return _checked(text, text)
    if isinstance(text, float):
        raise MoneyError("Amounts must never be floats")
    cleaned = str(text).strip()
    for space in (" ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(space, "")
    if locale and _DOT_GROUPS.fullmatch(cleaned) and _decimal_symbol(locale) != ".":
        if _group_symbol(locale) != ".":
            raise MoneyError(f"Ambiguous amount: {text!r}")
        return _checked(Decimal(cleaned.replace(".", "")), text)
    if _PLAIN.fullmatch(cleaned):
        return _checked(Decimal(cleaned), text)
    if locale:
        try:
            return _checked(parse_decimal(cleaned, locale=locale, strict=True), text)
        except (NumberFormatError, InvalidOperation):
            raise MoneyError(f"Not an amount: {text!r}") from None
    if _ENGLISH_GROUPS.fullmatch(cleaned):
        return _checked(Decimal(cleaned.replace(",", "")), text)
    raise MoneyError(f"Not an amount: {text!r}")


def _decimal_symbol(locale):
    return Locale.parse(locale).number_symbols["latn"]["decimal"]


def _group_symbol(locale):
    return Locale.parse(locale).number_symbols["latn"]["group"]


def _checked(value, text):
    if not value.is_finite() or abs(value) >= LIMIT:
        raise MoneyError(f"Not an amount: {text!r}")
    return value


def to_minor(amount, currency) -> int:
    """Decimal → integer minor units; refuses amounts finer than the currency allows."""
    amount = parse(amount)
    places = exponent(currency)
    if amount and amount.normalize().as_tuple().exponent < -places:
        raise MoneyError(f"{amount} has more decimals than {currency} allows")
    return int(amount.scaleb(places))


def from_minor(minor: int, currency) -> Decimal:
    """Integer minor units → Decimal with the currency's exact number of decimals."""
    places = exponent(currency)
    return (Decimal(int(minor)).scaleb(-places)).quantize(Decimal(1).scaleb(-places))


def round_to_currency(amount, currency) -> Decimal:
    """Explicit banker's rounding to the currency's minor unit."""
    return parse(amount).quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_HALF_EVEN)


def format_amount(amount, currency, locale):
    """Display an amount with Babel in the reader's locale, with the ISO exponent's decimals."""
    parsed, pattern = _currency_format(str(locale), currency)
    return pattern.apply(parse(amount), parsed, currency=currency, currency_digits=False)


@lru_cache(maxsize=512)
def _currency_format(locale, currency):
    """(Locale, pattern) per reader's locale and currency: parsing them is most of the cost of
    formatting one amount, and a dashboard shows hundreds (Babel's `apply` leaves them unchanged)."""
    parsed = Locale.parse(locale)
    pattern = parse_pattern(parsed.currency_formats["standard"].pattern)
    pattern.frac_prec = (exponent(currency), exponent(currency))
    return parsed, pattern


def minor_from_text(text, currency, locale=None) -> int:
    """A typed, non-negative amount in minor units; raises MoneyError for anything else."""
    minor = to_minor(parse(text, locale), currency)
    if minor < 0:
        raise MoneyError(f"Negative amount: {text!r}")
    return minor


def split(total_minor: int, weights) -> list[int]:
    """Split an amount in minor units by integer weights so the parts always sum exactly.

    Largest-remainder method: each part gets its floor share, then the leftover units go one by
    one to the parts with the largest remainders (ties to the earliest part).
    """
    weights = [int(weight) for weight in weights]
    if not weights or any(weight < 0 for weight in weights) or sum(weights) == 0:
        raise MoneyError("split needs non-negative weights with a positive sum")
    whole = sum(weights)
    sign = -1 if total_minor < 0 else 1
    amount = abs(int(total_minor))
    parts = [amount * weight // whole for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for index in remainders[: amount - sum(parts)]:
        parts[index] += 1
    return [sign * part for part in parts]


def convert(amount_minor: int, source: str, target: str, rate: Decimal) -> int:
    """Minor units of `source` → minor units of `target` at `rate` (target per source), rounded
    half-even to the target's minor unit: within half a unit of the exact value."""
    rate = parse(rate)
    if rate <= 0:
        raise MoneyError("FX rates are positive")
    exact = from_minor(amount_minor, source) * rate
    return to_minor(round_to_currency(exact, target), target)
