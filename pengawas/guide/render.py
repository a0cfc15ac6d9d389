"""A page's Markdown → HTML for reading, and → plain parts for search. Pure functions.

Links between pages are written `panduan:<id>#<anchor>` and rendered relative ("../<id>/#…"),
so that the same HTML works in the current edition (/panduan/<series>/<id>/) and in an
earlier one (/panduan/<series>/edisi/<n>/<id>/), online and from the phone's cache.
"""

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pengawas.guide.content import Page, anchor_for
from pengawas.guide.search import Part

CHECKLIST_ANCHOR = "daftar-periksa"


def _parser() -> MarkdownIt:
    # Raw HTML stays text: the content check refuses it, and this is the second lock.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def body_html(page: Page) -> str:
    parser = _parser()
    tokens = parser.parse(page.body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", anchor_for(tokens[index + 1].content))
        if token.type == "table_open":
            token.attrSet("class", "guide-table")
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", _href(str(child.attrs.get("href", ""))))
    return str(parser.renderer.render(tokens, parser.options, {}))


def _href(href: str) -> str:
    if not href.startswith("panduan:"):
        return href
    target, _, anchor = href.removeprefix("panduan:").partition("#")
    return f"../{target}/" + (f"#{anchor}" if anchor else "")


def _inline_text(token: Token) -> str:
    return "".join(
        child.content for child in token.children or () if child.type in ("text", "code_inline")
    )


def search_parts(page: Page) -> tuple[Part, ...]:
    """The page cut where a reader can be sent: its `##` sections, checklist, decision nodes."""
    parts: list[Part] = []
    anchor, title, lines = "", page.title, [page.summary]
    tokens = _parser().parse(page.body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            parts.append(Part(anchor, title, "\n".join(lines)))
            title = tokens[index + 1].content
            anchor, lines = anchor_for(title), []
        elif token.type == "inline":
            lines.append(_inline_text(token))
    parts.append(Part(anchor, title, "\n".join(lines)))
    if page.checks:
        parts.append(
            Part(CHECKLIST_ANCHOR, "Daftar periksa", "\n".join(c.text for c in page.checks))
        )
    for node in page.nodes:
        if node.is_answer:
            text = "\n".join(filter(None, (node.answer, node.explain, node.action)))
            parts.append(Part(f"n-{node.id}", node.answer, text))
        else:
            labels = " / ".join(option.label for option in node.options)
            parts.append(Part(f"n-{node.id}", node.question, f"{node.question}\n{labels}"))
    return tuple(part for part in parts if part.text.strip() or part.anchor == "")
