"""A minimal Atom 1.0 (RFC 4287) writer: plain values in, bytes out. No database, no web framework."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET

ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class AtomEntry:
    id: str  # a permanent IRI
    title: str
    updated: datetime
    link: str
    summary: str = ""
    category: str = ""


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    element.text = text
    return element


def atom_feed(
    feed_id: str, title: str, self_link: str, site_link: str, entries: list[AtomEntry], updated: datetime
) -> bytes:
    """The feed document; `updated` is the newest entry's time (or the feed's own when it has none)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", updated.isoformat())
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_link})
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "alternate", "type": "text/html", "href": site_link})
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _text(author, "name", title)
    _text(feed, "generator", "Radar")
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _text(entry, "updated", item.updated.isoformat())
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "alternate", "type": "text/html", "href": item.link})
        if item.category:
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", {"term": item.category})
        if item.summary:
            _text(entry, "summary", item.summary, type="text")
    body: str = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()
