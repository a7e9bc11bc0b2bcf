"""Form helpers shared by every domain."""
from wtforms.fields.choices import SelectChoice


def choices(pairs):
    """(value, label) pairs → WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]
