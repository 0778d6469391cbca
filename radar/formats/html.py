"""HTML descriptions (BYOR) to the Markdown a blip keeps: sanitised by nh3 first, then links, emphasis, code,
lists and paragraphs become Markdown; every other tag keeps only its text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from radar.markdown import render_markdown

KEPT_TAGS = {"a", "p", "br", "em", "i", "strong", "b", "code", "pre", "ul", "ol", "li", "blockquote"}


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), counter]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "blockquote", "pre"):
            self.out.append("\n\n")
        if tag == "br":
            self.out.append("  \n")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.out.append("[")
        elif tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ol" else 0, 0])
            self.out.append("\n")
        elif tag == "li":
            ordered, count = self.lists[-1] if self.lists else [0, 0]
            if self.lists:
                self.lists[-1][1] = count + 1
            self.out.append("\n" + "  " * max(len(self.lists) - 1, 0) + (f"{count + 1}. " if ordered else "- "))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("em", "i"):
            self.out.append("*")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.out.append(f"]({href})" if href else "]")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.out.append("\n\n")
        elif tag in ("p", "blockquote", "pre"):
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """Sanitised Markdown for an HTML fragment; plain text comes back unchanged (apart from spacing)."""
    if "<" not in html and "&" not in html:
        return html.strip()
    clean = nh3.clean(html, tags=KEPT_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"})
    parser = _ToMarkdown()
    parser.feed(clean)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.strip() if not line.startswith(" ") else line.rstrip() for line in text.split("\n")).strip()


def markdown_to_html(markdown: str) -> str:
    """The HTML that BYOR shows for a blip's Markdown description (sanitised, one line per paragraph)."""
    return render_markdown(markdown).strip()
