"""A dashboard table: stable column identifiers, translated labels, typed cells.

The page, the CSV and the XLSX are all written from the same `Table`, after suppression, so
what a file holds can never be more than what the page shows. Cells are typed: `Label` (an
identifier with its translated text), `Amount` (minor units and currency), int (a count),
Decimal (a share or a number of days), str (text), `Hidden` (suppressed) or None (no figure).
"""
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import lazy_gettext as _l

from portal.i18n import format_minor
from portal.dashboards.suppression import SMALL, Hidden, hidden_rows, is_small

#: The row that adds up the small groups (and the rows merged with them), in files and on the page.
OTHER = "other"
OTHER_LABEL = _l("Other categories, combined")


@dataclass(frozen=True)
class Label:
    """A row's category: `key` goes into files (an ISO code, a theme identifier…), `text` on the page.
    `lang` is set when authored content is shown in another language than the page's."""

    key: str
    text: object
    lang: str | None = None

    def __str__(self):
        return str(self.text)


@dataclass(frozen=True)
class Amount:
    minor: int
    currency: str

    @cached_property
    def text(self):
        """The amount in the reader's locale, without a right-to-left mark (the page isolates it
        in a left-to-right <bdi>, an SVG chart has none): formatted once, for the table and the
        chart alike."""
        return format_minor(self.minor, self.currency).replace("\u200f", "")


@dataclass(frozen=True)
class Column:
    """`kind`: label, count, money, share (a fraction, shown as a percentage), days, text, code."""

    key: str
    label: object
    kind: str = "count"


@dataclass
class Table:
    key: str
    title: object
    columns: tuple
    rows: list = field(default_factory=list)
    #: The total row, or None; suppression may hide cells of it too.
    total: tuple | None = None
    #: The key of the money column drawn as a bar chart beside the table, if any.
    chart: str | None = None
    #: A sentence under the title that says what the table counts.
    note: object = None

    def index(self, key):
        return [column.key for column in self.columns].index(key)

    @property
    def has_hidden(self):
        return any(cell is not None and getattr(cell, "reason", None) for row in self.all_rows for cell in row)

    @property
    def all_rows(self):
        return self.rows + ([self.total] if self.total else [])


def hide_figures(row, hidden):
    """The row with every figure (all but the first, its category) replaced by `hidden`."""
    return (row[0],) + tuple(hidden if cell is not None else None for cell in row[1:])


def counted_rows(rows, count_at=1):
    """Rows whose `count_at` cell counts grants (or organisations, reports). The small rows, and
    the smallest rows needed with them (see `suppression`), are not shown on their own: they
    are added up into one last row, "Other categories, combined", so no table ever says that a
    small group exists in a given country or theme. The combined row counts five or more, or
    (when the whole table counts fewer) its figures are hidden too."""
    merged = hidden_rows([row[count_at] for row in rows])
    if not merged:
        return rows
    figures = zip(*(row[1:] for index, row in enumerate(rows) if index in merged))
    combined = (Label(OTHER, OTHER_LABEL), *(_added_up(cells) for cells in figures))
    return [row for index, row in enumerate(rows) if index not in merged] + [counted_total(combined, count_at)]


def _added_up(cells):
    """One column of the combined rows: counts and amounts added up, no figure stays none."""
    present = [cell for cell in cells if cell is not None]
    if not present:
        return None
    if isinstance(present[0], Amount):
        return Amount(sum(cell.minor for cell in present), present[0].currency)
    return sum(present)


def counted_total(row, count_at=1):
    """A total row, hidden when it counts 1–4."""
    return hide_figures(row, SMALL) if is_small(row[count_at]) else row


def cell_type(cell):
    """How the page shows a cell: "none", "small", "label", "amount" or "value"."""
    if cell is None:
        return "none"
    if isinstance(cell, Hidden):
        return cell.reason
    if isinstance(cell, Label):
        return "label"
    return "amount" if isinstance(cell, Amount) else "value"
