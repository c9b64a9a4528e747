"""The PDF and EPUB editions: complete, navigable, accessible, and self-contained."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tests.conftest import ROOT

CHAPTERS = sorted((ROOT / "docs").glob("part-*/[0-9][0-9]-*.md"))
BOOK_PDF = "the-therapeutic-alliance.pdf"
BOOK_EPUB = "the-therapeutic-alliance.epub"


def chapter_title(chapter: Path) -> str:
    return next(line[2:].strip() for line in chapter.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def first_words(chapter: Path) -> str:
    """A sentence from the chapter's overview paragraph, to find in the PDF's text."""
    text = chapter.read_text(encoding="utf-8").split("<!-- reading-time -->", 1)[1]
    paragraph = next(p for p in text.split("\n\n") if p.strip() and not p.strip().startswith(("<!--", "#", "!!!")))
    words = re.sub(r"\[[^\]]*\]|\*|_|`", "", paragraph).split()
    return " ".join(words[2:8])


@pytest.fixture(scope="module")
def book(editions) -> PdfReader:
    return PdfReader(str(editions / BOOK_PDF))


def test_the_book_pdf_is_a_whole_book_and_small_enough(editions, book):
    assert len(book.pages) > 200
    assert (editions / BOOK_PDF).stat().st_size < 15_000_000
    first = book.pages[0].extract_text()
    assert "The Therapeutic Alliance" in first and "First edition" in first and "CC BY-SA" in first


def test_the_outline_has_one_entry_per_chapter_and_the_back_matter(book):
    top = [item.title for item in book.outline if not isinstance(item, list)]
    for chapter in CHAPTERS:
        assert chapter_title(chapter) in top, chapter.name
    assert {"Contents", "Glossary", "References", "Answers to the self-check quizzes"} <= set(top)


def test_every_chapter_can_be_read_as_text(book):
    text = " ".join(" ".join(page.extract_text().split()) for page in book.pages)
    missing = [chapter.name for chapter in CHAPTERS if first_words(chapter) not in text]
    assert missing == []


def test_the_contents_give_page_numbers(book):
    contents = " ".join(book.pages[i].extract_text() for i in range(1, 4))
    assert re.search(r"1\. What is the therapeutic alliance\?\s*\.*\s*\d+", contents)


def test_fonts_are_embedded_and_the_pdf_is_tagged(book):
    fonts = {}
    for page in book.pages[:40]:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or (font.get("/DescendantFonts") or [{}])[0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[font.get("/BaseFont")] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    root = book.trailer["/Root"]
    assert "/StructTreeRoot" in root and root.get("/MarkInfo", {}).get("/Marked")
    assert book.metadata.title.startswith("The Therapeutic Alliance")


def test_every_chapter_has_its_own_pdf_with_its_answers(editions):
    for chapter in CHAPTERS:
        path = editions / f"chapter-{chapter.stem}.pdf"
        assert path.exists(), path.name
        reader = PdfReader(str(path))
        text = " ".join(p.extract_text() for p in reader.pages)
        assert chapter_title(chapter).split(":")[0] in " ".join(text.split())
        assert "Answers to the self-check quizzes" in text


def test_questions_print_without_answers_where_they_stand(book):
    """In the chapter, a question shows its options; the answer is only in the appendix."""
    pages = [" ".join(p.extract_text().split()) for p in book.pages]
    appendix = next(i for i, t in enumerate(pages) if t.startswith("Answers to the self-check quizzes") or " Answers to the self-check quizzes " in t[:80])
    assert not any("Answer and explanation" in t for t in pages)
    assert any("Answer:" in t for t in pages[appendix:])
    assert not any("Answer:" in t for t in pages[:appendix])


def _epub_text(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if not n.endswith((".png", ".jpg"))}


def test_the_epub_passes_epubcheck(editions, tmp_path):
    jar = next((p for p in (Path("/usr/share/java/epubcheck.jar"),) if p.exists()), None)
    if jar is None or shutil.which("java") is None:
        pytest.fail("EPUBCheck is not installed: apt-get install epubcheck", pytrace=False)
    out = tmp_path / "epubcheck.json"
    run = subprocess.run(["java", "-jar", str(jar), "--json", str(out), str(editions / BOOK_EPUB)], capture_output=True, text=True)
    assert out.exists(), run.stdout + run.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    problems = [f"{m['ID']}: {m['message']}" for m in report["messages"] if m["severity"] in ("FATAL", "ERROR")]
    assert problems == []


def test_the_epub_passes_ace(editions, tmp_path):
    ace = ROOT / "tools" / "node_modules" / ".bin" / "ace-cli"
    if not ace.exists():
        pytest.fail("Ace by DAISY is not installed: npm ci --prefix tools (scripts/test.sh does this)", pytrace=False)
    env = {"PUPPETEER_EXECUTABLE_PATH": shutil.which("chromium") or "/usr/bin/chromium", "PATH": "/usr/bin:/bin:/usr/local/bin",
           "HOME": str(tmp_path)}
    run = subprocess.run([str(ace), "--force", "--silent", "--outdir", str(tmp_path / "ace"), str(editions / BOOK_EPUB)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "ace" / "report.json").read_text(encoding="utf-8"))
    serious = [f"{a['earl:test']['dct:title']} ({a['earl:test']['earl:impact']})"
               for doc in report.get("assertions", []) for a in doc.get("assertions", [])
               if a["earl:test"]["earl:impact"] in ("critical", "serious")]
    assert serious == []
    assert set(report["a11y-metadata"]["present"]) >= {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilitySummary", "dcterms:conformsTo"}


def test_the_epub_has_the_whole_book_with_alt_text_and_loads_nothing_from_outside(editions):
    files = _epub_text(editions / BOOK_EPUB)
    text = " ".join(v for k, v in files.items() if k.endswith(".xhtml"))
    for chapter in CHAPTERS:
        assert chapter_title(chapter).split(":")[0].replace("'", "&#39;") in text or chapter_title(chapter).split(":")[0] in text, chapter.name
    assert "Glossary" in text and "References" in text and "Answers to the self-check quizzes" in text
    for name, content in files.items():
        if not name.endswith(".xhtml"):
            continue
        soup = BeautifulSoup(content, "html.parser")
        assert all(img.get("alt") for img in soup.select("img")), f"an image without alt text in {name}"
        assert not [el for el in soup.select("[src]") if el["src"].startswith(("http:", "https:", "//"))], name
        assert not soup.select("link[href^=http], script")
    assert sum(k.startswith("EPUB/media/") for k in files) >= 35, "every figure is in the EPUB"


def test_the_title_page_never_sends_a_reader_to_this_machine(book):
    """A PDF built for a preview has no public address: it says what the online edition adds instead."""
    title = book.pages[0].extract_text()
    assert "127.0.0.1" not in title and "localhost" not in title, title
    assert "The online edition adds interactive quizzes" in title, title


@pytest.mark.parametrize(("url", "printed"), [
    ("http://127.0.0.1:8000/", ""), ("http://localhost:8000/book/", ""), ("http://[::1]:8000/", ""),
    ("http://book.localhost/", ""), ("", ""),
    ("https://example.org/alliance/", "https://example.org/alliance/"),
])
def test_only_a_public_address_is_printed(url, printed):
    import importlib.util

    spec = importlib.util.spec_from_file_location("editions_script", ROOT / "scripts" / "editions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.public_address(url) == printed
