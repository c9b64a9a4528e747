"""Build the PDF and EPUB editions of the book from the rendered site.

    python scripts/editions.py                 build the site, then every edition into site/downloads/
    python scripts/editions.py --site DIR      use an already built site in DIR (writes DIR/downloads/)
    python scripts/editions.py --only book     only the whole-book PDF (also: chapters, epub)

The whole book and each chapter as PDF (WeasyPrint, tagged), and the whole book as EPUB 3
(pandoc, with EPUB Accessibility metadata). Prints what it made, how long it took and its size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from textbook import editions  # noqa: E402

EPUB_SUMMARY = (
    "This publication meets WCAG 2.1 Level AA where a reflowable EPUB can. It has a table of contents, "
    "headings in order, a reading order that follows the print book, text alternatives for every figure "
    "(each data figure also has its values in the text or the evidence register online), and no content "
    "that relies on colour alone. Interactive quizzes appear as static questions with answers in an appendix."
)


def book_meta() -> dict:
    """The book's title, credits and edition, from mkdocs.yml (the same values the site shows)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    book = config.extra.get("book", {})
    return {
        "title": "The Therapeutic Alliance: An Interactive Textbook",
        "subtitle": book.get("subtitle", ""),
        "author": book.get("publisher", ""),
        "edition": book.get("edition", ""),
        "version": str(book.get("version", "")),
        "year": book.get("year", ""),
        "licence": book.get("licence", ""),
        "url": public_address(config.site_url or ""),
    }


def public_address(url: str) -> str:
    """The address to print for reading online, or "" for a preview on this machine: a PDF or
    EPUB handed to someone else must not send them to 127.0.0.1 or localhost."""
    from urllib.parse import urlparse

    host = (urlparse(url).hostname or "").lower()
    local = not host or host == "localhost" or host.endswith(".localhost") or host.startswith("127.") or host in ("::1", "0.0.0.0")
    return "" if local else url


def build_site(target: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(target)]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"the book does not build:\n{run.stdout}{run.stderr}")


def _write_images(folder: Path, images: dict[str, str]) -> None:
    (folder / "images").mkdir(parents=True, exist_ok=True)
    for name, svg in images.items():
        (folder / "images" / name).write_text(svg, encoding="utf-8")


def pdf(site: Path, out: Path, meta: dict, chapter: str | None = None) -> Path:
    """One PDF: the whole book, or the chapter with key `chapter` ("ch04")."""
    from weasyprint import CSS, HTML

    doc, images = editions.compose(site, meta, meta["url"], chapter)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_images(folder, images)
        (folder / "book.html").write_text(doc, encoding="utf-8")
        html = HTML(filename=str(folder / "book.html"))
        css = CSS(filename=str(ROOT / "editions" / "pdf.css"))
        title = meta["title"] if chapter is None else f'{meta["title"]}: {editions.read_page(site, dict(editions.chapters_in_order(site))[chapter]).find("h1").get_text(" ", strip=True)}'
        html.write_pdf(out, stylesheets=[css], pdf_tags=True, custom_metadata=True, optimize_images=True)
        _set_title(out, title, meta)
    return out


def _set_title(path: Path, title: str, meta: dict) -> None:
    """Title, author and language in the PDF's own metadata (assistive technology reads them)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(path))
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Title": title, "/Author": meta["author"], "/Subject": meta["subtitle"]})
    writer._root_object.update({
        __import__("pypdf").generic.NameObject("/Lang"): __import__("pypdf").generic.TextStringObject("en"),
    })
    with path.open("wb") as f:
        writer.write(f)


def epub(site: Path, out: Path, meta: dict) -> Path:
    """The EPUB 3 edition, through pandoc, with accessibility metadata."""
    import pypandoc

    doc, images = editions.compose(site, meta, meta["url"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_images(folder, images)
        (folder / "book.html").write_text(doc, encoding="utf-8")
        metadata = {
            "title": meta["title"],
            "subtitle": meta["subtitle"],
            "author": meta["author"],
            "lang": "en-GB",
            "date": str(meta["year"]),
            "rights": f"{meta['licence']}." + (f" Read online at {meta['url']}" if meta["url"] else ""),
            "description": meta["subtitle"],
            "accessModes": ["textual", "visual"],
            "accessModeSufficient": ["textual"],
            "accessibilityFeatures": ["tableOfContents", "readingOrder", "structuralNavigation", "alternativeText",
                                      "displayTransformability"],
            "accessibilityHazards": ["none"],
            "accessibilitySummary": EPUB_SUMMARY,
        }
        (folder / "meta.json").write_text(json.dumps(metadata), encoding="utf-8")
        args = [
            pypandoc.get_pandoc_path(), "-f", "html", "-t", "epub3", "-o", str(out),
            f"--metadata-file={folder / 'meta.json'}",
            f"--css={ROOT / 'editions' / 'epub.css'}", "--split-level=1", "--toc", "--toc-depth=2",
            f"--resource-path={folder}", str(folder / "book.html"),
        ]
        run = subprocess.run(args, capture_output=True, text=True, cwd=folder)
        if run.returncode != 0:
            sys.exit(f"pandoc could not make the EPUB: {run.stderr}")
    _claim_conformance(out)
    return out


CONFORMANCE = (
    '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n'
    '<meta property="a11y:certifiedBy">Therapeutic Alliance Textbook Project</meta>\n'
)


def _claim_conformance(path: Path) -> None:
    """Add the EPUB Accessibility 1.1 conformance claim, which pandoc has no field for, to the package."""
    import zipfile

    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w") as new:
        for info, data in items:
            if info.filename.endswith("content.opf"):
                text = data.decode("utf-8")
                if "dcterms:conformsTo" not in text:
                    text = text.replace("</metadata>", CONFORMANCE + "</metadata>", 1)
                    if 'prefix="' in text and "a11y:" not in text.split("<metadata", 1)[0]:
                        text = text.replace('prefix="', 'prefix="a11y: http://www.idpf.org/epub/vocab/package/a11y/# ', 1)
                data = text.encode("utf-8")
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            new.writestr(info, data, compress_type=compress)


def _chapter_job(args) -> Path:
    site, path, meta, key = args
    return pdf(site, path, meta, chapter=key)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--only", choices=["book", "chapters", "epub"], action="append", help="make only these")
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        site = ROOT / "site"
        print("Building the book…", flush=True)
        build_site(site)
    out = site / editions.FOLDER
    out.mkdir(parents=True, exist_ok=True)
    meta = book_meta()
    wanted = set(args.only or ["book", "chapters", "epub"])
    made = []
    if "book" in wanted:
        start = time.perf_counter()
        path = pdf(site, site / editions.BOOK_PDF, meta)
        made.append((path, time.perf_counter() - start))
    if "chapters" in wanted:
        from concurrent.futures import ProcessPoolExecutor

        jobs = [(key, site / editions.chapter_pdf(url.rstrip("/").split("/")[-1])) for key, url in editions.chapters_in_order(site)]
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            done = list(pool.map(_chapter_job, [(site, path, meta, key) for key, path in jobs]))
        made += [(path, (time.perf_counter() - start) / max(1, len(done))) for path in done]
    if "epub" in wanted:
        start = time.perf_counter()
        path = epub(site, site / editions.BOOK_EPUB, meta)
        made.append((path, time.perf_counter() - start))
    for path, seconds in made:
        print(f"{path.relative_to(site)}: {path.stat().st_size / 1e6:.2f} MB in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
