"""Horizontal bar charts drawn on the server as SVG: no JavaScript, no third-party code.

The chart is geometry only (integers, computed here); `templates/dashboards/_chart.html` writes
it out with SVG presentation attributes (the CSP allows no inline styles). It is an image with
a title and a description, and the table beside it carries the same figures for screen readers
and anyone who prefers numbers. In a right-to-left language the chart is mirrored: labels on
the right, bars growing leftwards; with `direction="rtl"` on the SVG the text anchors keep
their meaning (start/end), so only the x coordinates are mirrored.
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from portal.dashboards.tables import Amount

WIDTH = 640
LABEL_WIDTH = 210
BAR_SPACE = 290
BAR_HEIGHT = 22
ROW_HEIGHT = 32
PAD = 8
#: Longer labels are shortened in the chart only (the table shows them whole).
LABEL_CHARS = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    text_y: int
    bar_x: int
    bar_width: int
    label_x: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    rtl: bool
    bars: tuple
    width: int = WIDTH

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT + PAD


def _short(text):
    text = str(text)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _bar(index, label, amount, largest, rtl):
    length = amount.minor * BAR_SPACE // largest if largest else 0
    y = PAD + index * ROW_HEIGHT
    label_x, bar_x, value_x = LABEL_WIDTH - PAD, LABEL_WIDTH, LABEL_WIDTH + length + PAD
    if rtl:
        label_x, bar_x, value_x = WIDTH - label_x, WIDTH - bar_x - length, WIDTH - value_x
    return Bar(_short(label), amount.text, y, y + BAR_HEIGHT - 6, bar_x, length, label_x, value_x)


def bar_chart(table, *, rtl=False):
    """The chart of `table.chart` (a money column) over the rows that are not suppressed, or None."""
    if not table.chart:
        return None
    at = table.index(table.chart)
    points = [(row[0], row[at]) for row in table.rows if isinstance(row[at], Amount)]
    if not points:
        return None
    largest = max(amount.minor for _label, amount in points)
    bars = tuple(_bar(index, label, amount, largest, rtl) for index, (label, amount) in enumerate(points))
    top_label, top_amount = max(points, key=lambda point: point[1].minor)
    desc = _("%(measure)s for each row of the table that follows; the largest is %(label)s, with %(amount)s.",
             measure=table.columns[at].label, label=top_label, amount=top_amount.text)
    if table.has_hidden:
        desc = " ".join((desc, _("Rows hidden to protect small groups are not drawn.")))
    return Chart(f"chart-{table.key}", str(table.title), desc, rtl, bars)
