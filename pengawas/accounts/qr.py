"""QR codes as small inline SVG, drawn on the server (no script, no outside service)."""

import itertools

from django.utils.html import format_html
from django.utils.safestring import SafeString
from reportlab.graphics.barcode.qr import QrCodeWidget

# The quiet zone the QR standard asks for around the code, in modules.
BORDER = 4


def qr_svg(text: str, *, title: str, level: str = "M") -> SafeString:
    """An <svg> of the QR code of `text`: one path, black on white, that scales to its box.

    Plain attributes only (fill, viewBox): the Content-Security-Policy forbids inline style.
    """
    widget = QrCodeWidget(text, barLevel=level)
    widget.qr.make()
    size = widget.qr.getModuleCount() + 2 * BORDER
    runs = []
    for row_number, row in enumerate(widget.qr.modules):
        column = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            count = len(list(group))
            if dark:
                runs.append(f"M{column + BORDER} {row_number + BORDER}h{count}v1h-{count}z")
            column += count
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr"'
        ' role="img" aria-label="{title}" shape-rendering="crispEdges">'
        '<rect width="{size}" height="{size}" fill="#fff"/>'
        '<path fill="#000" d="{path}"/></svg>',
        size=size,
        title=title,
        path="".join(runs),
    )
