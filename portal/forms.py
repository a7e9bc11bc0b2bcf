"""Form helpers shared by every domain."""
from wtforms.fields.choices import SelectChoice

#: Phones show a numeric keyboard for amounts; the text is still read by the money module.
AMOUNT_INPUT = {"inputmode": "decimal", "autocomplete": "off"}


def choices(pairs):
    """(value, label) pairs → WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]
