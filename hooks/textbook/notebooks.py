"""Notebook pages: real alt text for the plots a notebook draws.

nbconvert gives every plot an empty or placeholder alt ("No description has been provided for
this image"), so a screen reader skips it. The notebook's author writes the alt text in the
metadata of the cell that draws the plot (``"alt": "..."``, or a list for a cell that draws
several). The plots exist only once the notebook has been executed, so this pass works on the
converted page: it pairs the page's cells with the notebook's cells, in order, puts each alt
text on its plot, and stops the build if a plot has none.
"""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

PLACEHOLDER = "No description has been provided for this image"


def given_alts(cell: dict) -> list[str]:
    """The alt texts a code cell's metadata gives, in the order of its plots."""
    given = cell.get("metadata", {}).get("alt", [])
    return [given] if isinstance(given, str) else [str(a) for a in given] if isinstance(given, list) else []


def _cells(soup: BeautifulSoup) -> list:
    return [div for div in soup.find_all("div", class_="jp-Cell")
            if {"jp-CodeCell", "jp-MarkdownCell", "jp-RawCell"} & set(div.get("class", []))
            and div.find_parent("div", class_="jp-Cell") is None]


def alt_text(page_html: str, page, build) -> str:
    if not page.src.endswith(".ipynb") or "<img" not in page_html:
        return page_html
    try:
        cells = json.loads(page.content).get("cells", [])
    except ValueError:
        return page_html  # not JSON: mkdocs-jupyter has already said so
    soup = BeautifulSoup(page_html, "html.parser")
    shown = _cells(soup)
    if len(shown) != len(cells):
        build.log.add(page.path, 1, f"the page shows {len(shown)} cells but the notebook has {len(cells)}, so plots cannot be matched "
                                    "to their alt text; do not hide whole cells (remove their input with the hide-input tag instead)")
        return page_html
    changed = False
    for number, (cell, html_cell) in enumerate(zip(cells, shown), 1):
        if cell.get("cell_type") != "code":
            continue
        plots = [img for img in html_cell.find_all("img") if img.find_parent(class_="jp-Cell-outputWrapper") is not None]
        alts = given_alts(cell)
        for index, img in enumerate(plots):
            alt = alts[index].strip() if index < len(alts) else ""
            if not alt:
                which = f"plot {index + 1} of cell {number}" if len(plots) > 1 else f"cell {number}"
                build.log.add(page.path, 1, f"{which} draws a figure without alt text; add \"alt\": \"what the figure shows\" "
                                            f"to the cell's metadata{' (a list, one per plot)' if len(plots) > 1 else ''}")
                continue
            img["alt"] = alt
            changed = True
    return str(soup) if changed else page_html
