"""Notebook pages: real alt text for the plots a notebook draws.

nbconvert gives every image the same placeholder ("No description has been provided for this
image"). The notebook's author writes the alt text in the metadata of the cell that draws the
plot (``"alt": "..."``, or a list for a cell that draws several); this pass puts it in place,
and the build stops if a plot has none.
"""

from __future__ import annotations

import json
import re

PLACEHOLDER = "No description has been provided for this image"


def alts(notebook_text: str) -> list[tuple[int, str]]:
    """(cell number, alt text or "") for every image the notebook's outputs hold, in order."""
    out = []
    for n, cell in enumerate(json.loads(notebook_text).get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        images = [o for o in cell.get("outputs", []) if any(k.startswith("image/") for k in o.get("data", {}))]
        given = cell.get("metadata", {}).get("alt", [])
        given = [given] if isinstance(given, str) else list(given)
        for i, _ in enumerate(images):
            out.append((n, given[i] if i < len(given) else ""))
    return out


def alt_text(page_html: str, page, build) -> str:
    if not page.src.endswith(".ipynb") or PLACEHOLDER not in page_html:
        return page_html
    try:
        wanted = alts(page.content)
    except ValueError:
        return page_html
    for cell, alt in wanted:
        if not alt.strip():
            build.log.add(page.path, 1, f"cell {cell} draws a figure without alt text; add \"alt\": \"what the figure shows\" to the cell's metadata")
    texts = iter(alt for _, alt in wanted)
    return re.sub(re.escape(PLACEHOLDER), lambda m: _attr(next(texts, "")), page_html)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
