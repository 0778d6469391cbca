"""Text for Plotly. Plotly draws names, axis titles, category labels and hover text as a small HTML subset:
`<a href>` becomes a live link, `<b>`, `<i>` and `<span style>` restyle. Text that users typed must show as typed,
so `&`, `<` and `>` are escaped; Plotly decodes exactly these entities (not `&quot;`), so quotes stay as they are."""

from __future__ import annotations


def plotly_text(text: str) -> str:
    """`text` as Plotly shows it literally: `<a href=x>` is drawn as those characters, never as a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
