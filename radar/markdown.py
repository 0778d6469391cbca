"""Markdown to safe HTML: markdown-it renders, nh3 keeps only harmless tags and attributes.

Every long text field is rendered here, the same way everywhere: a single line break is kept as a line break
(people type one point per line in forms), and lines typed one per line can be turned into a list.

Rendering is slow (a third of a second for 20,000 characters): pages read HTML rendered when the Markdown was
saved (radar/rendered_markdown.py) and never call this on the event loop for large input.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

# Part of every stored rendering's key (radar/rendered_markdown.py): change it whenever the settings below or the
# sanitiser change what HTML a text renders to, so that HTML stored by the previous settings is never shown.
RENDERER_VERSION = "2"  # 2: single line breaks kept ("breaks": True)

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table").enable("strikethrough")
)

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "s", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}}


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML; raw HTML in the source is escaped, unsafe links are dropped."""
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        filter_style_properties={"text-align"},
    )


_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def lines_as_items(text: str) -> list[str]:
    """Text typed one item per line ("- a", "1. a" or plain "a") as its items, markers and blank lines dropped.

    "Options considered" is typed this way; it is shown as a list everywhere, the decision record included.
    """
    return [_BULLET.sub("", line).strip() for line in (text or "").splitlines() if _BULLET.sub("", line).strip()]


def items_markdown(text: str) -> str:
    """One-per-line text as a Markdown list ("" when there is no item): what pages store and show rendered."""
    return "\n".join(f"- {item}" for item in lines_as_items(text))


def render_items(text: str) -> str:
    """One-per-line text as a sanitised HTML list (each item may use inline Markdown)."""
    source = items_markdown(text)
    return render_markdown(source) if source else ""
