"""CSV for spreadsheets: one guard against cells that a spreadsheet would run as formulas,
shared by every export (statements, bank batches, the audit log)."""
import re

#: Spreadsheets run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"[+-]?[0-9 ().-]+")
#: Written first, so spreadsheet programs read the file as UTF-8 (Arabic, French names).
BOM = "\ufeff"


def safe_cell(value, *, numbers_as_typed=False):
    """The value as text a spreadsheet shows as text: a leading apostrophe where it would start a
    formula. With `numbers_as_typed`, number-like values such as "+243 81 234 5678" stay as they
    are, because a bank must receive phone and account numbers unchanged."""
    value = str(value)
    if value.startswith(FORMULA_STARTS) and not (numbers_as_typed and NUMBER_LIKE.fullmatch(value)):
        return f"'{value}"
    return value
