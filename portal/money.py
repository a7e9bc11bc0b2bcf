"""The one money module: exact decimals outside the ledger, integer minor units inside.

Exponents come from one explicit ISO 4217 table rather than Babel, because CLDR and payment
processors disagree on some currencies (LBP: CLDR 0 decimals, ISO 2). Never use float.
"""
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import parse_pattern

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


def parse(text) -> Decimal:
    """Read a user-typed amount ('1,500.50' or '1500') into a Decimal; raises MoneyError."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, float):
        raise MoneyError("Amounts must never be floats")
    cleaned = str(text).strip().replace(",", "").replace(" ", "").replace("\u202f", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(f"Not an amount: {text!r}") from None
    if not value.is_finite():
        raise MoneyError(f"Not an amount: {text!r}")
    return value


def to_minor(amount, currency) -> int:
    """Decimal → integer minor units; refuses amounts finer than the currency allows."""
    amount = parse(amount)
    scaled = amount.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def from_minor(minor: int, currency) -> Decimal:
    """Integer minor units → Decimal with the currency's exact number of decimals."""
    places = exponent(currency)
    return (Decimal(int(minor)).scaleb(-places)).quantize(Decimal(1).scaleb(-places))


def round_to_currency(amount, currency) -> Decimal:
    """Explicit banker's rounding to the currency's minor unit."""
    return parse(amount).quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_HALF_EVEN)


def format_amount(amount, currency, locale):
    """Display an amount with Babel in the reader's locale, with the ISO exponent's decimals."""
    places = exponent(currency)
    pattern = parse_pattern(Locale.parse(locale).currency_formats["standard"].pattern)
    pattern.frac_prec = (places, places)
    return pattern.apply(parse(amount), Locale.parse(locale), currency=currency, currency_digits=False)


def minor_from_text(text, currency) -> int:
    """A typed, non-negative amount in minor units; raises MoneyError for anything else."""
    minor = to_minor(parse(text), currency)
    if minor < 0:
        raise MoneyError(f"Negative amount: {text!r}")
    return minor
