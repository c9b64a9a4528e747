"""Notebook pages: real alt text for the plots a notebook draws, and plots as image files.

nbconvert gives every plot an empty or placeholder alt ("No description has been provided for
this image"), so a screen reader skips it. The notebook's author writes the alt text in the
metadata of the cell that draws the plot (``"alt": "..."``, or a list for a cell that draws
several). The plots exist only once the notebook has been executed, so this pass works on the
converted page: it pairs the page's cells with the notebook's cells, in order, puts each alt
text on its plot, and stops the build if a plot has none.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import posixpath
import re

from bs4 import BeautifulSoup
from PIL import Image, UnidentifiedImageError

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


# nbconvert writes each plot into the page as a data: URI. A phone then has to download every
# plot before it can show the first line of text. Each plot becomes a file beside the page,
# named by its content, with its size given (so nothing moves when it arrives) and loaded only
# when the reader nears it.
_DATA_IMG = re.compile(r'<img\b[^>]*?\ssrc="data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)"[^>]*>')


def plots_as_files(page_html: str, page, build) -> str:
    if not page.src.endswith(".ipynb") or "data:image/" not in page_html:
        return page_html
    return _DATA_IMG.sub(lambda m: _as_file(m, page, build), page_html)


def _as_file(match: re.Match, page, build) -> str:
    tag, kind = match.group(0), match.group(1)
    try:
        data = base64.b64decode(match.group(2), validate=False)
        width, height = Image.open(io.BytesIO(data)).size
    except (binascii.Error, UnidentifiedImageError, OSError):
        return tag  # not an image after all: leave it as nbconvert wrote it
    name = f"plot-{hashlib.sha256(data).hexdigest()[:16]}.{'jpg' if kind == 'jpeg' else kind}"
    build.site_files[posixpath.join(posixpath.dirname(page.dest), name)] = data
    src_start, src_end = match.span(2)[0] - match.start() - len(f"data:image/{kind};base64,"), match.end(2) - match.start()
    tag = tag[:src_start] + name + tag[src_end:]
    extra = "" if re.search(r"\swidth=", tag) else f' width="{width}" height="{height}"'
    return tag[:4] + f'{extra} loading="lazy" decoding="async"' + tag[4:]
