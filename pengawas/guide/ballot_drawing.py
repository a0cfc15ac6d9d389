"""Drawings of the example ballots: the picture's side of `pengawas.guide.ballots`.

One geometry function (`_shapes`) turns a `Ballot` into a short list of primitive shapes, and
two emitters render that list: inline SVG for the web (`ballot_svg`) and a reportlab Drawing
for the pocket PDF (`ballot_drawing`), so the two pictures can never disagree. It lives apart
from the catalogue so the verdicts and their legal basis stay short and readable, and so the
law's side never depends on drawing code (this module imports the catalogue, never the reverse).

Coordinates are the catalogue's ballot units, y pointing down, on a canvas of `CANVAS_WIDTH` x
`CANVAS_HEIGHT`; the reportlab emitter flips y. People are drawn silhouettes, never real
candidates.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.shapes import Circle as RLCircle
from reportlab.graphics.shapes import Drawing, Group
from reportlab.graphics.shapes import Line as RLLine
from reportlab.graphics.shapes import Path as RLPath
from reportlab.graphics.shapes import Rect as RLRect
from reportlab.graphics.shapes import String as RLString
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from pengawas.guide.ballots import (
    BOXES,
    FOLD_Y,
    SHEET,
    SIGNATURE_BOX,
    Ballot,
    Point,
    is_mirror,
    mirror,
)

CANVAS_WIDTH = 320.0
CANVAS_HEIGHT = 268.0

HOLE_RADIUS = 3.8
HOLE_RING_RADIUS = 7.5

_INK = "#1d2430"
_MUTED = "#5b6577"
_PAPER = "#ffffff"
_BACKGROUND = "#eef2f6"
_OK = "#1e6b3a"
_ERR = "#a11d1d"
_PEN = "#1f4fbf"
_RING = "#e89a00"
_FONT = "Helvetica"
_FONT_BOLD = "Helvetica-Bold"
_SVG_FONTS = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

# --- primitive shapes ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    dash: tuple[float, ...] = ()
    round: bool = False


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    style: _Style
    r: float = 0.0


@dataclass(frozen=True)
class _Circle:
    cx: float
    cy: float
    r: float
    style: _Style


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    style: _Style


# Path commands: ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y), ("Z",)
_Command = tuple[str | float, ...]


@dataclass(frozen=True)
class _Path:
    commands: tuple[_Command, ...]
    style: _Style


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    fill: str
    bold: bool = False
    anchor: str = "middle"  # start | middle | end


_Shape = _Rect | _Circle | _Line | _Path | _Text


def _polyline(points: Sequence[Point], *, close: bool) -> tuple[_Command, ...]:
    commands: list[_Command] = [("M", *points[0])]
    commands += [("L", *p) for p in points[1:]]
    if close:
        commands.append(("Z",))
    return tuple(commands)


def _silhouette(cx: float, top: float, bottom: float, fill: str) -> list[_Shape]:
    """A neutral head-and-shoulders figure standing on `bottom`."""
    head_r = 8.0
    shoulders = (
        ("M", cx - 17, bottom),
        ("C", cx - 17, top + 22, cx + 17, top + 22, cx + 17, bottom),
        ("Z",),
    )
    return [
        _Path(shoulders, _Style(fill=fill)),
        _Circle(cx, top + 11, head_r, _Style(fill=fill)),
    ]


def _star(cx: float, cy: float, outer: float, inner: float) -> tuple[_Command, ...]:
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        radius = outer if i % 2 == 0 else inner
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return _polyline(points, close=True)


def _heading() -> list[_Shape]:
    sx, sy, sw, _ = SHEET
    text_x = (sx + 44 + SIGNATURE_BOX[0]) / 2
    return [
        _Circle(sx + 26, sy + 24, 15, _Style(fill="#f6efdc", stroke=_INK, width=1.2)),
        _Path(_star(sx + 26, sy + 24, 9.5, 4), _Style(fill="#b8860b")),
        _Text(text_x, sy + 25, "SURAT SUARA", 15, _INK, bold=True),
        _Text(text_x, sy + 37, "PEMILIHAN BUPATI DAN WAKIL BUPATI", 7.2, _INK),
        _Text(text_x, sy + 46, "TAHUN 2020", 7.2, _INK),
        _Line(sx + 8, sy + 62, sx + sw - 8, sy + 62, _Style(stroke="#c5ccd6", width=1)),
        _Text(
            sx + sw / 2,
            sy + 78,
            "Coblos satu kali pada nomor urut, foto, atau nama",
            7.2,
            _MUTED,
        ),
        _Text(sx + sw / 2, sy + 88, "salah satu pasangan calon.", 7.2, _MUTED),
    ]


def _signature(signed: bool) -> list[_Shape]:
    x, y, w, h = SIGNATURE_BOX
    shapes: list[_Shape] = [
        _Rect(x, y, w, h, _Style(fill="#fafbfc", stroke=_MUTED, width=0.9), r=3),
        _Text(x + w / 2, y + 10, "TTD KETUA KPPS", 6.3, _MUTED, bold=True),
    ]
    if signed:
        ink = _Style(stroke=_PEN, width=1.6, round=True)
        shapes.append(
            _Path(
                (
                    ("M", x + 8, y + 36),
                    ("C", x + 12, y + 14, x + 24, y + 16, x + 19, y + 34),
                    ("C", x + 16, y + 44, x + 28, y + 22, x + 34, y + 30),
                    ("C", x + 39, y + 37, x + 43, y + 22, x + 49, y + 28),
                    ("C", x + 53, y + 32, x + 57, y + 30, x + 61, y + 22),
                ),
                ink,
            )
        )
        shapes.append(_Line(x + 10, y + 41, x + 58, y + 39, _Style(stroke=_PEN, width=1.1)))
    else:
        shapes.append(_Text(x + w / 2, y + 32, "(kosong)", 7.5, _ERR))
    return shapes


def _box(number: int) -> list[_Shape]:
    x, y, w, h = BOXES[number - 1]
    cx = x + w / 2
    photo = (x + 20, y + 28, 94.0, 48.0)
    shapes: list[_Shape] = [
        _Rect(x, y, w, h, _Style(fill="#fbfcfe", stroke=_INK, width=1.6), r=2),
        _Circle(cx, y + 14, 10, _Style(fill=_PAPER, stroke=_INK, width=1.4)),
        _Text(cx, y + 18.5, str(number), 12.5, _INK, bold=True),
        _Rect(*photo, _Style(fill="#dde7f0", stroke="#8a97a8", width=0.8)),
    ]
    bottom = photo[1] + photo[3]
    shapes += _silhouette(photo[0] + 29, photo[1] + 6, bottom, "#6f7d8e")
    shapes += _silhouette(photo[0] + 65, photo[1] + 8, bottom, "#8794a5")
    shapes.append(_Text(cx, y + 91, f"Paslon {number}", 10.5, _INK, bold=True))
    return shapes


def _hole(point: Point) -> list[_Shape]:
    x, y = point
    return [
        _Circle(x, y, HOLE_RING_RADIUS, _Style(fill="#fff4d6", stroke=_RING, width=2.4)),
        _Circle(x, y, HOLE_RADIUS, _Style(fill=_INK)),
    ]


def _fold(ballot: Ballot) -> list[_Shape]:
    sx, _, sw, _ = SHEET
    if not ballot.fold_through:
        return [
            _Line(sx, FOLD_Y, sx + sw, FOLD_Y, _Style(stroke="#d3d9e1", width=0.8, dash=(4, 3)))
        ]
    shapes: list[_Shape] = [
        _Line(sx, FOLD_Y, sx + sw, FOLD_Y, _Style(stroke=_MUTED, width=1.2, dash=(5, 3))),
        _Text(sx + sw - 4, FOLD_Y - 4, "garis lipatan", 7, _MUTED, anchor="end"),
    ]
    lower = [p for p in ballot.punches if p[1] >= FOLD_Y]
    if not lower:
        return shapes
    first = lower[0]
    target = mirror(first)
    guide = _Style(stroke="#8a5a00", width=1, dash=(2, 2.5))
    shapes.append(_Line(first[0], first[1] - HOLE_RING_RADIUS, *target, guide))
    if not any(is_mirror(first, p) for p in ballot.punches):
        # Where the mirror hole should have been.
        shapes.append(
            _Circle(*target, HOLE_RING_RADIUS, _Style(stroke=_ERR, width=1.4, dash=(2, 2)))
        )
    return shapes


def _scribble() -> list[_Shape]:
    """Handwriting-like loops and a strike across the box of Paslon 2."""
    x, y, _, _ = BOXES[1]
    loops: list[_Command] = [("M", x + 10, y + 62)]
    px = x + 10
    for i in range(7):
        height = 16 if i % 3 == 0 else 9
        loops.append(("C", px + 4, y + 62 - height, px + 12, y + 62 - height, px + 8, y + 62))
        loops.append(("C", px + 6, y + 66, px + 14, y + 66, px + 16, y + 60))
        px += 16
    ink = _Style(stroke=_PEN, width=1.8, round=True)
    strike = (
        ("M", x + 14, y + 34),
        ("C", x + 50, y + 44, x + 80, y + 20, x + 122, y + 40),
    )
    return [_Path(tuple(loops), ink), _Path(strike, ink)]


def _tear() -> list[_Shape]:
    """A ragged rip from the bottom edge up into the box of Paslon 2."""
    _, sy, _, sh = SHEET
    bottom = sy + sh
    apex = (BOXES[1][0] + 92, BOXES[1][1] + 16)
    left_foot, right_foot = (apex[0] - 40, bottom), (apex[0] - 4, bottom)
    # Fixed, irregular sideways offsets: the same rag in both renderings.
    rag_left = (0, -2.5, 1.5, -3, 2, -1.5, 2.5, -2, 1, 0)
    rag_right = (0, 2, -1.5, 3, -2.5, 1.5, -2, 2.5, -1, 0)

    def ragged(foot: Point, rag: Sequence[float]) -> list[Point]:
        last = len(rag) - 1
        return [
            (
                foot[0] + (apex[0] - foot[0]) * i / last + offset,
                foot[1] + (apex[1] - foot[1]) * i / last,
            )
            for i, offset in enumerate(rag)
        ]

    left = ragged(left_foot, rag_left)
    right = ragged(right_foot, rag_right)
    gap = [*left, *reversed(right[:-1]), (right_foot[0], bottom + 3), (left_foot[0], bottom + 3)]
    edge = _Style(stroke="#8c96a3", width=1.2, round=True)
    return [
        _Path(_polyline(gap, close=True), _Style(fill=_BACKGROUND)),
        _Path(_polyline(left, close=False), edge),
        _Path(_polyline(right, close=False), edge),
    ]


def _badge(sah: bool) -> list[_Shape]:
    label = "SAH" if sah else "TIDAK SAH"
    colour = _OK if sah else _ERR
    width = 40 + stringWidth(label, _FONT_BOLD, 13)
    icon = (21.0, 17.0)
    shapes: list[_Shape] = [
        _Rect(6, 4, width, 26, _Style(fill=colour), r=13),
        _Circle(*icon, 9, _Style(fill=_PAPER)),
    ]
    mark = _Style(stroke=colour, width=2.6, round=True)
    ix, iy = icon
    if sah:
        shapes.append(
            _Path(
                _polyline(
                    [(ix - 4.5, iy + 0.5), (ix - 1, iy + 4), (ix + 5, iy - 3.5)], close=False
                ),
                mark,
            )
        )
    else:
        shapes.append(_Line(ix - 3.8, iy - 3.8, ix + 3.8, iy + 3.8, mark))
        shapes.append(_Line(ix - 3.8, iy + 3.8, ix + 3.8, iy - 3.8, mark))
    shapes.append(_Text(36, 21.8, label, 13, _PAPER, bold=True, anchor="start"))
    return shapes


def _shapes(ballot: Ballot) -> list[_Shape]:
    """The whole picture, back to front."""
    sx, sy, sw, sh = SHEET
    shapes: list[_Shape] = [
        _Rect(0, 0, CANVAS_WIDTH, CANVAS_HEIGHT, _Style(fill=_BACKGROUND)),
        _Rect(sx + 2, sy + 2, sw, sh, _Style(fill="#d5dbe3"), r=3),
        _Rect(sx, sy, sw, sh, _Style(fill=_PAPER, stroke="#aab3bf", width=1), r=3),
    ]
    shapes += _heading()
    shapes += _signature(ballot.signed)
    shapes += _box(1)
    shapes += _box(2)
    shapes += _fold(ballot)
    if ballot.marks:
        shapes += _scribble()
    for point in ballot.punches:
        shapes += _hole(point)
    if ballot.torn:
        shapes += _tear()
    if ballot.focus is not None:
        colour = _OK if ballot.sah else _ERR
        shapes.append(_Rect(*ballot.focus, _Style(stroke=colour, width=2, dash=(5, 3)), r=6))
    shapes += _badge(ballot.sah)
    return shapes


# --- SVG -----------------------------------------------------------------------------------


def _n(value: str | float) -> str:
    assert isinstance(value, int | float)
    return f"{round(float(value), 2):g}"


def _svg_style(style: _Style) -> str:
    parts = [f'fill="{style.fill or "none"}"']
    if style.stroke:
        parts.append(f'stroke="{style.stroke}" stroke-width="{_n(style.width)}"')
        if style.dash:
            parts.append(f'stroke-dasharray="{" ".join(_n(d) for d in style.dash)}"')
        if style.round:
            parts.append('stroke-linecap="round" stroke-linejoin="round"')
    return " ".join(parts)


def _svg_path_data(commands: Iterable[_Command]) -> str:
    return " ".join(str(command[0]) + " ".join(_n(v) for v in command[1:]) for command in commands)


def _svg_shape(shape: _Shape) -> str:
    if isinstance(shape, _Rect):
        corner = f' rx="{_n(shape.r)}"' if shape.r else ""
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
            f'height="{_n(shape.h)}"{corner} {_svg_style(shape.style)}/>'
        )
    if isinstance(shape, _Circle):
        return (
            f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" '
            f"{_svg_style(shape.style)}/>"
        )
    if isinstance(shape, _Line):
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" {_svg_style(shape.style)}/>'
        )
    if isinstance(shape, _Path):
        return f'<path d="{_svg_path_data(shape.commands)}" {_svg_style(shape.style)}/>'
    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"{weight} '
        f'text-anchor="{shape.anchor}" fill="{shape.fill}">{escape(shape.text)}</text>'
    )


def ballot_svg(*, ballot: Ballot) -> str:
    """The drawing as a self-contained inline SVG: no script, no style, no external reference."""
    body = "".join(_svg_shape(shape) for shape in _shapes(ballot))
    verdict = "Sah" if ballot.sah else "Tidak sah"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(CANVAS_WIDTH)} '
        f'{_n(CANVAS_HEIGHT)}" width="{_n(CANVAS_WIDTH)}" height="{_n(CANVAS_HEIGHT)}" '
        f'role="img" class="ballot-svg" font-family={quoteattr(_SVG_FONTS)}>'
        f"<title>{escape(f'{verdict}: {ballot.title}')}</title>"
        f"<desc>{escape(ballot.explanation)}</desc>"
        f"{body}</svg>"
    )


# --- reportlab -----------------------------------------------------------------------------


def _rl_style(node: Any, style: _Style) -> None:
    if not isinstance(node, RLLine):  # a line has no inside to fill
        node.fillColor = HexColor(style.fill) if style.fill else None
    node.strokeColor = HexColor(style.stroke) if style.stroke else None
    node.strokeWidth = style.width
    if style.dash:
        node.strokeDashArray = list(style.dash)
    if style.round:
        node.strokeLineCap = 1
        node.strokeLineJoin = 1


def _flip(y: float) -> float:
    return CANVAS_HEIGHT - y


def _rl_shape(shape: _Shape) -> Any:
    node: Any
    if isinstance(shape, _Rect):
        node = RLRect(shape.x, _flip(shape.y + shape.h), shape.w, shape.h, rx=shape.r, ry=shape.r)
        _rl_style(node, shape.style)
    elif isinstance(shape, _Circle):
        node = RLCircle(shape.cx, _flip(shape.cy), shape.r)
        _rl_style(node, shape.style)
    elif isinstance(shape, _Line):
        node = RLLine(shape.x1, _flip(shape.y1), shape.x2, _flip(shape.y2))
        _rl_style(node, shape.style)
    elif isinstance(shape, _Path):
        path = RLPath()
        for command in shape.commands:
            op, values = command[0], [float(v) for v in command[1:]]
            points = [v if i % 2 == 0 else _flip(v) for i, v in enumerate(values)]
            if op == "M":
                path.moveTo(*points)
            elif op == "L":
                path.lineTo(*points)
            elif op == "C":
                path.curveTo(*points)
            else:
                path.closePath()
        _rl_style(path, shape.style)
        node = path
    else:
        anchor = {"start": "start", "middle": "middle", "end": "end"}[shape.anchor]
        node = RLString(
            shape.x,
            _flip(shape.y),
            shape.text,
            fontName=_FONT_BOLD if shape.bold else _FONT,
            fontSize=shape.size,
            fillColor=HexColor(shape.fill),
            textAnchor=anchor,
        )
    return node


def ballot_drawing(*, ballot: Ballot, width: float) -> Drawing:
    """The same picture as `ballot_svg`, as a reportlab Drawing `width` points wide."""
    scale = width / CANVAS_WIDTH
    group = Group(*(_rl_shape(shape) for shape in _shapes(ballot)))
    group.transform = (scale, 0, 0, scale, 0, 0)
    drawing = Drawing(width, CANVAS_HEIGHT * scale)
    drawing.add(group)
    return drawing
