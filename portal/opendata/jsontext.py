"""JSON text with exact amounts.

The standard library writes numbers only from int and float, and money never goes through
float. A Decimal is written as its own digits ("4000.00", "1.500" for KWD, "250000" for XOF):
valid JSON numbers, so a reader parsing with `parse_float=Decimal` gets back exactly the ledger's
minor units, and the schema's `"type": "number"` holds.
"""
import json
from decimal import Decimal


def iter_json(value):
    """The JSON text of `value` in chunks (large exports stream instead of building one string)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a JSON number: {value}")
        yield format(value, "f")
    elif isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + json.dumps(str(key), ensure_ascii=False) + ":"
            yield from iter_json(item)
        yield "}"
    elif isinstance(value, (list, tuple)):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from iter_json(item)
        yield "]"
    elif isinstance(value, float):
        raise TypeError("floats are never written: use Decimal")
    else:
        yield json.dumps(value, ensure_ascii=False)


def dumps(value):
    return "".join(iter_json(value))
