"""A page's Markdown → HTML for reading, and → plain parts for search. Pure functions.

Links between pages are written `panduan:<id>#<anchor>` and rendered relative ("../<id>/#…"),
so that the same HTML works in the current edition (/panduan/<series>/<id>/) and in an
earlier one (/panduan/<series>/edisi/<n>/<id>/), online and from the phone's cache.
"""

from collections.abc import Mapping, Sequence
from typing import Any

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
    pieces = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces)


def search_parts(
    *,
    title: str,
    summary: str,
    body: str,
    checks: Sequence[str] = (),
    nodes: Sequence[Mapping[str, Any]] = (),
) -> tuple[Part, ...]:
    """A page cut where a reader can be sent: its `##` sections, checklist, decision nodes
    (`nodes` as stored with a section: id, question, options, answer, explain, action)."""
    parts: list[Part] = []
    anchor, part_title, lines = "", title, [summary]
    tokens = _parser().parse(body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            parts.append(Part(anchor, part_title, "\n".join(lines)))
            part_title = tokens[index + 1].content
            anchor, lines = anchor_for(part_title), []
        elif token.type == "inline":
            lines.append(_inline_text(token))
    parts.append(Part(anchor, part_title, "\n".join(lines)))
    if checks:
        parts.append(Part(CHECKLIST_ANCHOR, "Daftar periksa", "\n".join(checks)))
    for node in nodes:
        if node.get("options"):
            labels = " / ".join(option["label"] for option in node["options"])
            question = node["question"]
            parts.append(Part(f"n-{node['id']}", question, f"{question}\n{labels}"))
        else:
            text = "\n".join(filter(None, (node["answer"], node.get("explain"), node["action"])))
            parts.append(Part(f"n-{node['id']}", node["answer"], text))
    return tuple(part for part in parts if part.text.strip() or part.anchor == "")
