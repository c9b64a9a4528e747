"""Notebook plots become image files beside the page (textbook/notebooks.py)."""

from __future__ import annotations

import base64
import io
from types import SimpleNamespace

from PIL import Image

from textbook import notebooks


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def test_a_plot_becomes_a_file_beside_the_page_with_its_size_and_loaded_lazily():
    data = png(40, 30)
    build = SimpleNamespace(site_files={})
    page = SimpleNamespace(src="part-1/numbers.ipynb", dest="part-1/numbers/index.html")
    html = f'<p>Text</p><img alt="A plot" src="data:image/png;base64,{base64.b64encode(data).decode()}"/>'
    out = notebooks.plots_as_files(html, page, build)
    ((path, content),) = build.site_files.items()
    name = path.rsplit("/", 1)[1]
    assert path.startswith("part-1/numbers/plot-") and path.endswith(".png") and content == data
    assert out == f'<p>Text</p><img width="40" height="30" loading="lazy" decoding="async" alt="A plot" src="{name}"/>'


def test_what_is_not_a_readable_image_stays_as_written_and_other_pages_are_untouched():
    build = SimpleNamespace(site_files={})
    notebook = SimpleNamespace(src="n.ipynb", dest="n/index.html")
    broken = '<img src="data:image/png;base64,bm90IGFuIGltYWdl">'  # "not an image"
    assert notebooks.plots_as_files(broken, notebook, build) == broken and build.site_files == {}
    chapter = SimpleNamespace(src="c.md", dest="c/index.html")
    inline = f'<img src="data:image/png;base64,{base64.b64encode(png(2, 2)).decode()}">'
    assert notebooks.plots_as_files(inline, chapter, build) == inline and build.site_files == {}


def test_a_size_the_notebook_gave_is_kept():
    build = SimpleNamespace(site_files={})
    page = SimpleNamespace(src="n.ipynb", dest="n/index.html")
    html = f'<img width="20" src="data:image/png;base64,{base64.b64encode(png(40, 30)).decode()}">'
    out = notebooks.plots_as_files(html, page, build)
    assert out.startswith('<img loading="lazy" decoding="async" width="20" src="plot-') and "height" not in out
