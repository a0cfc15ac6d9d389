"""Draw the Panduan's app icons (the web app manifest, guide/views_offline.py).

Our own artwork: a dark red rounded square, a white open book with a tick on its right page,
and "PTPS" beneath. Run from the repository root to regenerate the committed PNGs:

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "pengawas" / "static" / "pengawas" / "icons"
RED = (138, 28, 28, 255)  # #8a1c1c, the manifest's theme colour
WHITE = (255, 255, 255, 255)
SIZES = (192, 512)
SCALE = 4  # drawn large, then reduced: smooth edges without anti-aliasing in ImageDraw
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def icon(size: int) -> Image.Image:
    big = size * SCALE
    unit = big / 100  # the drawing is laid out on a 100 x 100 grid
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(18 * unit), fill=RED)

    def at(x: float, y: float) -> tuple[float, float]:
        return (x * unit, y * unit)

    # The open book: two pages meeting at the spine, their top edges slightly raised outwards.
    left = [at(16, 24), at(32, 20), at(47, 25), at(47, 63), at(32, 58), at(16, 62)]
    right = [at(53, 25), at(68, 20), at(84, 24), at(84, 62), at(68, 58), at(53, 63)]
    draw.polygon(left, fill=WHITE)
    draw.polygon(right, fill=WHITE)
    # Lines of text on the left page, a tick on the right page (both in the red).
    line = max(1, round(2.4 * unit))
    for y in (33, 41, 49):
        draw.line([at(22, y), at(41, y + 1.5)], fill=RED, width=line)
    tick = [at(58, 41), at(65, 49), at(79, 31)]
    draw.line(tick, fill=RED, width=round(5 * unit), joint="curve")
    for x, y in tick:
        radius = 2.5 * unit
        draw.ellipse(
            (x * unit - radius, y * unit - radius, x * unit + radius, y * unit + radius), fill=RED
        )
    # The book's lower edge, a thin white band under both pages.
    draw.polygon(
        [
            at(14, 64),
            at(47, 66),
            at(53, 66),
            at(86, 64),
            at(86, 67),
            at(53, 69),
            at(47, 69),
            at(14, 67),
        ],
        fill=WHITE,
    )

    font = _font(round(21 * unit))
    text = "PTPS"
    box = draw.textbbox((0, 0), text, font=font)
    width = box[2] - box[0]
    draw.text(((big - width) / 2 - box[0], 72 * unit - box[1]), text, font=font, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = OUT / f"panduan-{size}.png"
        icon(size).save(path, optimize=True)
        print(path)


if __name__ == "__main__":
    main()
