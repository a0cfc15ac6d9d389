"""Charts of the voter-list statistics, drawn as SVG on the server: pure functions, no database.

Each chart is one self-contained <svg> string with a <title> and a <desc> (read by screen
readers; the page's table carries the same figures). The pages' Content-Security-Policy
forbids inline styles, so the drawing uses presentation attributes only (fill, stroke,
font-size), never a style attribute or a <style> element. Bars run horizontally, with each
label above its bar: on a phone a long desa name keeps the whole width. The drawing is
360 units wide, about the width of a phone's screen, so that text stays at its size there;
the stylesheet limits how far it grows on a wide screen.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pengawas.lib.numbers import id_int

WIDTH = 360
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
INK = "#1d2430"
MUTED = "#5b6577"
MALE = "#0f5c8c"  # the site's accent blue
FEMALE = "#c2620a"  # orange: apart from blue for colour-blind readers too
UNKNOWN = "#9aa3b2"
WITHIN = "#0f5c8c"
OVER = "#a11d1d"
LABEL_MAX = 42  # characters; longer names are cut with "…" (the table has them whole)
_ID = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


@dataclass(frozen=True)
class SexBar:
    label: str
    male: int
    female: int
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.male + self.female + self.unknown


@dataclass(frozen=True)
class LoadBin:
    """TPS with `low` to `high` voters (both included)."""

    low: int
    high: int
    count: int
    over: bool  # the whole bin lies above the maximum

    @property
    def label(self) -> str:
        return f"{id_int(self.low)}\u2013{id_int(self.high)}"


def _text(value: str) -> str:
    return escape(value)


def _attr(value: str) -> str:
    return quoteattr(value)


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _svg(*, element_id: str, height: int, title: str, description: str, body: list[str]) -> str:
    if not _ID.match(element_id):
        raise ValueError(f"not a usable element id: {element_id!r}")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="dpt-chart" id="{element_id}" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" '
        f'font-family={_attr(FONT)} font-size="12" fill="{INK}">'
        f'<title id="{element_id}-title">{_text(title)}</title>'
        f'<desc id="{element_id}-desc">{_text(description)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _legend(items: Sequence[tuple[str, str]], y: int) -> list[str]:
    parts, x = [], 0
    for colour, label in items:
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" rx="2" fill="{colour}"/>')
        parts.append(f'<text x="{x + 17}" y="{y + 10}">{_text(label)}</text>')
        x += 17 + 7 * len(label) + 18
    return parts


def sex_bars_svg(
    *,
    bars: Sequence[SexBar],
    title: str,
    description: str,
    element_id: str,
    male_label: str = "Laki-laki",
    female_label: str = "Perempuan",
    unknown_label: str = "Tanpa keterangan",
) -> str:
    """Stacked horizontal bars, one per area: men, then women (then rows without a sex)."""
    legend = [(MALE, male_label), (FEMALE, female_label)]
    if any(bar.unknown for bar in bars):
        legend.append((UNKNOWN, unknown_label))
    body = _legend(legend, 0)
    top, row = 26, 32
    largest = max((bar.total for bar in bars), default=0) or 1
    for index, bar in enumerate(bars):
        y = top + index * row
        body.append(f'<text x="0" y="{y + 11}">{_text(_cut(bar.label))}</text>')
        body.append(
            f'<text x="{WIDTH}" y="{y + 11}" text-anchor="end" font-weight="600">'
            f"{id_int(bar.total)}</text>"
        )
        x = 0.0
        for value, colour, name in (
            (bar.male, MALE, male_label),
            (bar.female, FEMALE, female_label),
            (bar.unknown, UNKNOWN, unknown_label),
        ):
            if not value:
                continue
            width = WIDTH * value / largest
            body.append(
                f'<rect x="{x:.1f}" y="{y + 15}" width="{width:.1f}" height="13" fill="{colour}">'
                f"<title>{_text(f'{bar.label}: {name} {id_int(value)}')}</title></rect>"
            )
            # The figure inside its segment when it fits there.
            text = id_int(value)
            if width >= 6.5 * len(text) + 8:
                body.append(
                    f'<text x="{x + 4:.1f}" y="{y + 25.5}" font-size="10" fill="#ffffff">'
                    f"{text}</text>"
                )
            x += width
    height = top + row * len(bars) if bars else top + 4
    return _svg(
        element_id=element_id, height=height, title=title, description=description, body=body
    )


def load_bins(*, loads: Sequence[int], maximum: int, bins_to_maximum: int = 10) -> list[LoadBin]:
    """TPS counted by their number of voters, in bins of a tenth of the maximum, so that the
    maximum is the upper edge of a bin; from the first bin with a TPS to the last one (and at
    least up to the maximum)."""
    if maximum <= 0:
        raise ValueError("the maximum must be positive")
    step = max(1, math.ceil(maximum / bins_to_maximum))
    counts: dict[int, int] = {}
    for load in loads:
        if load > 0:
            counts[(load - 1) // step] = counts.get((load - 1) // step, 0) + 1
    if not counts:
        return []
    first = min(counts)
    last = max(max(counts), (maximum - 1) // step)
    return [
        LoadBin(
            low=index * step + 1,
            high=(index + 1) * step,
            count=counts.get(index, 0),
            over=index * step + 1 > maximum,
        )
        for index in range(first, last + 1)
    ]


def tps_load_svg(
    *,
    loads: Sequence[int],
    maximum: int,
    title: str,
    description: str,
    element_id: str,
    maximum_label: str = "maksimal {maximum} pemilih per TPS",
    within_label: str = "Sampai batas",
    over_label: str = "Melebihi batas",
    count_suffix: str = "TPS",
) -> str:
    """How many TPS hold how many voters: one horizontal bar per bin, the bins above the
    election's maximum in red, a dashed line at the maximum."""
    bins = load_bins(loads=loads, maximum=maximum)
    body = _legend([(WITHIN, within_label), (OVER, over_label)], 0)
    row, label_width, marker = 22, 84, 22
    end = WIDTH - 72  # room for the count after the longest bar ("1.691 TPS")
    largest = max((b.count for b in bins), default=0) or 1
    y, marked = 26, False
    for item in [*bins, None]:
        if not marked and (item is None or item.over):
            # The maximum: a dashed line between the last bin within it and the first above.
            marked = True
            text = maximum_label.format(maximum=id_int(maximum))
            body.append(
                f'<line x1="0" x2="{WIDTH}" y1="{y + 4}" y2="{y + 4}" stroke="{OVER}" '
                f'stroke-width="1.5" stroke-dasharray="5 3"/>'
                f'<text x="{WIDTH}" y="{y + 17}" text-anchor="end" font-size="11" '
                f'fill="{OVER}">{_text(text)}</text>'
            )
            y += marker
        if item is None:
            break
        body.append(f'<text x="0" y="{y + 12}" font-size="11">{_text(item.label)}</text>')
        width = (end - label_width) * item.count / largest
        colour = OVER if item.over else WITHIN
        if item.count:
            body.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{width:.1f}" height="14" '
                f'fill="{colour}"><title>{_text(f"{item.label}: {item.count}")}</title></rect>'
            )
        body.append(
            f'<text x="{label_width + width + 4:.1f}" y="{y + 13}" font-size="11" '
            f'fill="{colour if item.over else INK}">'
            f"{id_int(item.count)} {_text(count_suffix)}</text>"
        )
        y += row
    bottom = y
    height = bottom + 4
    return _svg(
        element_id=element_id, height=height, title=title, description=description, body=body
    )
