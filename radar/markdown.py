"""Markdown to safe HTML: markdown-it renders, nh3 keeps only harmless tags and attributes.

Rendering is slow (a third of a second for 20,000 characters): pages read HTML rendered when the Markdown was
saved (radar/rendered_markdown.py) and never call this on the event loop for large input.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")

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
