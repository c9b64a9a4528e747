"""The book's PDF and EPUB editions, made from the rendered site (the same chapters readers see).

``compose`` reads the built pages and returns one HTML document: a title page, contents, the
chapters in order, the glossary, the references and an appendix of answers. Quizzes become
static questions (their answers, feedback and explanations move to the appendix), reflections
become prompts with space to write, figures become standalone SVG images with their alt
text, and every link between pages becomes a link inside the document. WeasyPrint turns the
document into the PDF editions; pandoc turns it into the EPUB.

This module also names the files, so the Download page, each chapter and the script agree.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from . import export_lms
from .markers import MarkerKind

FOLDER = "downloads"
BOOK_PDF = f"{FOLDER}/the-therapeutic-alliance.pdf"
BOOK_EPUB = f"{FOLDER}/the-therapeutic-alliance.epub"

# Figure classes resolved to the light palette, for SVG that leaves the page (print, EPUB).
SVG_STYLE = """
text { fill: #212121; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 18px; }
.fig-ink { fill: #212121; } .fig-muted, text.fig-muted { fill: #5c5c5c; }
.fig-line { stroke: #212121; fill: none; stroke-width: 1.5; } .fig-grid { stroke: #d0d0d0; fill: none; stroke-width: 1; }
.fig-a1 { stroke: #00695c; fill: none; stroke-width: 2; } .fig-a2 { stroke: #bf360c; fill: none; stroke-width: 2; }
.fig-a3 { stroke: #3949ab; fill: none; stroke-width: 2; } .fig-a4 { stroke: #6d4c41; fill: none; stroke-width: 2; }
.fig-f1 { fill: #00695c; } .fig-f2 { fill: #bf360c; } .fig-f3 { fill: #3949ab; } .fig-f4 { fill: #6d4c41; }
.fig-t1 { fill: #e0f2f1; } .fig-t2 { fill: #fbe9e7; } .fig-t3 { fill: #e8eaf6; } .fig-t4 { fill: #efebe9; }
.fig-hollow { fill: none; stroke: #5c5c5c; stroke-width: 1.2; } .fig-thick { stroke-width: 3; }
.fig-dash { stroke-dasharray: 7 5; } .fig-dot { stroke-dasharray: 2 4; }
text.fig-label { font-size: 18px; } text.fig-small, tspan.fig-small { font-size: 16px; }
text.fig-title { font-size: 20px; font-weight: bold; } .fig-strong { font-weight: bold; }
"""

# What an edition leaves out of a page: controls, reader-only widgets, search and script.
REMOVE = [
    "script", "style", "button", "nav", ".headerlink", ".md-content__button", ".md-source", "[data-print-tools]",
    ".quiz-q__actions", ".quiz-q__result", ".quiz__nojs", ".quiz__notice", ".quiz-q__confidence", ".quiz-summary",
    ".quiz-q__mark", ".reflection__nojs", ".reflection__meta", ".reflection__actions", ".reflection__model",
    ".reflection__back", "textarea", ".term-defs", ".evidence__register", ".review-due", ".book-figure__details",
    ".chapter-opening__meta", ".storage-notice", ".quiz-q__hint", ".quiz-q__step-moves",
]


def chapter_pdf(bank_name: str) -> str:
    return f"{FOLDER}/chapter-{bank_name}.pdf"


@dataclass
class Part:
    """One page of the site as it goes into an edition."""

    key: str  # a short id, unique in the edition ("ch04", "glossary", …)
    url: str  # its URL path in the site, e.g. "part-1/04-the-evidence/"
    title: str
    body: str  # HTML, ids prefixed, links inside the edition rewritten
    kind: str = "chapter"  # chapter | back | appendix
    answers: list[tuple[str, str]] = field(default_factory=list)  # (question text, answer HTML)


def _soup(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def read_page(site: Path, url: str):
    """The article of a built page (its main content), as a BeautifulSoup element."""
    page = _soup((site / url / "index.html").read_text(encoding="utf-8"))
    return page.select_one("article.md-content__inner") or page.select_one("article")


def standalone_svg(svg, label: str) -> str:
    """An inline figure SVG as a file of its own, coloured by the light palette, titled by its alt text."""
    copy = _soup(str(svg)).find("svg")
    for attr in ("class", "role", "aria-label", "focusable"):
        copy.attrs.pop(attr, None)
    copy["xmlns"] = "http://www.w3.org/2000/svg"
    copy["role"] = "img"
    text = str(copy)
    inner = text[text.index(">") + 1 :]
    head = text[: text.index(">") + 1]
    title = f"<title>{html.escape(label)}</title>"
    out = head + title + f"<style>{SVG_STYLE}</style>" + inner
    return _svg_case(out)


# HTML parsers lower-case names; SVG's are case-sensitive. Put them back.
_SVG_NAMES = [
    "viewBox", "preserveAspectRatio", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "textLength",
    "lengthAdjust", "gradientUnits", "gradientTransform", "patternUnits", "patternContentUnits", "patternTransform",
    "clipPathUnits", "pathLength", "linearGradient", "radialGradient", "clipPath", "textPath", "foreignObject",
]


def _svg_case(text: str) -> str:
    for name in _SVG_NAMES:
        lower = name.lower()
        text = re.sub(rf"(?<=[\s<]){lower}(?=[\s=>/])", name, text)
        text = text.replace(f"</{lower}>", f"</{name}>")
    return text


# Elements whose ids pandoc's document model drops: their id moves to an empty span inside them.
_ID_HOLDERS = {"li", "dt", "dd", "p", "tr", "td", "th", "blockquote", "ol", "ul", "dl", "table", "label", "legend", "fieldset", "q", "strong", "em"}


def _prefix_ids(root, prefix: str) -> None:
    for el in root.find_all(attrs={"id": True}):
        el["id"] = f"{prefix}--{el['id']}"
        if el.name in _ID_HOLDERS:
            anchor = _soup(f'<span id="{html.escape(el["id"], quote=True)}"></span>').span
            del el["id"]
            el.insert(0, anchor)
    for el in root.find_all(attrs={"for": True}):
        el["for"] = f"{prefix}--{el['for']}"
    for el in root.find_all(attrs={"aria-describedby": True}):
        del el["aria-describedby"]
    for el in root.find_all(attrs={"aria-labelledby": True}):
        el["aria-labelledby"] = " ".join(f"{prefix}--{v}" for v in el["aria-labelledby"].split())


def _rewrite_links(root, page_url: str, keys: dict[str, str], prefix: str, online: str) -> None:
    """Links between pages of the edition become links inside it; others point at the site online."""
    for a in root.find_all("a", href=True):
        href = a["href"]
        if href.startswith("#"):
            a["href"] = f"#{prefix}--{href[1:]}" if len(href) > 1 else f"#{prefix}"
            continue
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            continue
        target = urljoin("/" + page_url, href)
        path, _, fragment = target.partition("#")
        path = path.lstrip("/")
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        key = keys.get(path)
        if key:
            a["href"] = f"#{key}--{fragment}" if fragment else f"#{key}"
        elif online:
            a["href"] = urljoin(online, path) + (f"#{fragment}" if fragment else "")
        else:  # a preview build has no public address: the words stay, the dead link goes
            a.unwrap()


def _static_quiz(root, numbering: list[int]) -> list[tuple[str, str]]:
    """Questions stay as questions; their answers are taken out for the appendix."""
    answers = []
    for form in root.select("form.quiz-q"):
        numbering[0] += 1
        prompt = form.select_one(".quiz-q__prompt")
        details = form.select_one("details.quiz-q__answer")
        if details is not None:
            summary = details.find("summary")
            if summary:
                summary.decompose()
            answers.append((prompt.get_text(" ", strip=True) if prompt else "", details.decode_contents()))
            details.decompose()
        for input_ in form.select("input[type=radio], input[type=checkbox]"):
            input_.replace_with(_soup('<span class="box" aria-hidden="true">☐</span>'))
        for input_ in form.select("input[type=text]"):
            input_.replace_with(_soup('<span class="blank">________________</span>'))
        for select in form.select("select"):
            select.replace_with(_soup('<span class="blank">__________</span>'))
        form.name = "div"
        for attr in list(form.attrs):
            if attr not in ("class", "id"):
                del form[attr]
    return answers


def _static_reflections(root) -> None:
    for section in root.select("section[data-reflection]"):
        editor = section.select_one("[data-editor]")
        if editor is not None:
            editor.replace_with(_soup('<div class="write-here" aria-label="Space to write"></div>'))


def _static_practice(root, online: str) -> None:
    studio = html.escape(urljoin(online, "back/practice/")) if online else ""
    for practice in root.select(".practice-set, section.practice"):
        where = f'studio: <a href="{studio}">{studio}</a>.' if studio else "studio of the online edition."
        practice.replace_with(_soup(f'<p class="practice-note">The practice exercises for this chapter are in the online practice {where}</p>'))


def _figures(root, images: dict[str, str], prefix: str) -> None:
    for figure in root.select("figure.book-figure"):
        svg = figure.find("svg")
        if svg is None:
            continue
        label = svg.get("aria-label", "")
        name = f"{prefix}-{figure.get('data-figure', len(images))}.svg"
        images[name] = standalone_svg(svg, label)
        art = figure.select_one(".book-figure__art") or svg
        art.replace_with(_soup(f'<img class="figure-image" src="images/{html.escape(name)}" alt="{html.escape(label, quote=True)}">'))


def prepare(site: Path, url: str, key: str, keys: dict[str, str], online: str, images: dict[str, str],
            kind: str = "chapter") -> Part:
    """One built page, made static for print and EPUB."""
    article = read_page(site, url)
    for holder in article.select("noscript"):  # the quiz's questions: static here, as without scripts
        holder.unwrap()
    for selector in REMOVE:
        for el in article.select(selector):
            el.decompose()
    for el in article.select("[hidden]"):
        del el["hidden"]
    for el in article.select(".js-only"):  # shown by the reader's script on screen; static here
        el["class"].remove("js-only")
    numbering = [0]
    answers = []
    for question, answer in _static_quiz(article, numbering):
        fragment = _soup(answer)
        _rewrite_links(fragment, url, keys, key, online)
        answers.append((question, str(fragment)))
    for el in article.select("details"):
        el.name = "div"
        for summary in el.find_all("summary"):
            summary.name = "p"
    _static_reflections(article)
    _static_practice(article, online)
    _figures(article, images, key)
    _prefix_ids(article, key)
    _rewrite_links(article, url, keys, key, online)
    h1 = article.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else key
    if h1:
        h1["id"] = key
    return Part(key, url, title, article.decode_contents(), kind, answers)


def chapters_in_order(site: Path) -> list[tuple[str, str]]:
    """(key, url) of the book's chapters, from the built site, in chapter order."""
    found = []
    for index in sorted(site.glob("part-*/[0-9][0-9]-*/index.html")):
        number = index.parent.name[:2]
        found.append((f"ch{number}", index.parent.relative_to(site).as_posix() + "/"))
    return sorted(found)


def compose(site: Path, meta: dict, online: str, chapter: str | None = None) -> tuple[str, dict[str, str]]:
    """The edition as one HTML document (and its images): the whole book, or one chapter."""
    images: dict[str, str] = {}
    chapters = chapters_in_order(site)
    back = [("glossary", "back/glossary/"), ("references", "back/references/")]
    wanted = [c for c in chapters if chapter is None or c[0] == chapter]
    keys = {url: key for key, url in chapters + back}
    parts = [prepare(site, url, key, keys, online, images) for key, url in wanted]
    if chapter is None:
        parts += [prepare(site, url, key, keys, online, images, kind="back") for key, url in back if (site / url / "index.html").exists()]
    title = html.escape(meta["title"])
    body = []
    if chapter is None:
        body.append(_title_page(meta))
        body.append(_contents(parts))
    for part in parts:
        body.append(f'<section class="edition-part edition-part--{part.kind}" aria-labelledby="{part.key}">{part.body}</section>')
    body.append(_answers(parts, single=chapter is not None))
    doc = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>\n'
        f'<body>\n{"".join(body)}\n</body></html>\n'
    )
    return doc, images


def _title_page(meta: dict) -> str:
    e = html.escape
    online = (f"Read online, with its interactive quizzes, reflections and practice studio, at {e(meta['url'])}."
              if meta.get("url") else "The online edition adds interactive quizzes, reflections and a practice studio.")
    return (
        '<section class="title-page" aria-label="Title page">'
        f'<p class="title-page__kicker">An open textbook</p><p class="title-page__title">{e(meta["title"])}</p>'
        f'<p class="title-page__subtitle">{e(meta["subtitle"])}</p>'
        f'<p class="title-page__author">{e(meta["author"])}</p>'
        f'<p class="title-page__edition">{e(meta["edition"])} · version {e(meta["version"])} · {e(str(meta["year"]))}</p>'
        f'<p class="title-page__licence">Licensed under {e(meta["licence"])}. {online}</p></section>'
    )


def _contents(parts: list[Part]) -> str:
    items = "".join(
        f'<li><a href="#{p.key}">{html.escape(p.title)}</a></li>' for p in parts
    ) + '<li><a href="#answers">Answers to the self-check quizzes</a></li>'
    return f'<section class="edition-contents" aria-labelledby="contents"><h1 id="contents">Contents</h1><ol class="toc">{items}</ol></section>'


def _answers(parts: list[Part], single: bool) -> str:
    sections = []
    for part in parts:
        if not part.answers:
            continue
        items = "".join(
            f'<div class="answer"><p class="answer__question"><strong>{n}.</strong> {html.escape(q)}</p>{a}</div>'
            for n, (q, a) in enumerate(part.answers, 1)
        )
        heading = "h2" if not single else "h2"
        sections.append(f'<section class="answers-chapter" aria-labelledby="answers-{part.key}"><{heading} id="answers-{part.key}">{html.escape(part.title)}</{heading}>{items}</section>')
    if not sections:
        return ""
    return f'<section class="edition-part edition-part--appendix" aria-labelledby="answers"><h1 id="answers">Answers to the self-check quizzes</h1>{"".join(sections)}</section>'


# The Download page ----------------------------------------------------------------------------


def _site_root(ctx) -> str:
    depth = ctx.page.src.count("/") - (1 if ctx.page.src.endswith("index.md") else 0)
    return "../" * (depth + 1) if ctx.page.src != "index.md" else ""


def _render_downloads(marker, ctx) -> str:
    root = _site_root(ctx)
    chapters = "".join(
        f'<li><a href="{root}{chapter_pdf(b.name)}" download>Chapter {b.chapter}: {html.escape(b.title)} (PDF)</a></li>'
        for b in export_lms.chapters(ctx.library)
    )
    return (
        '<ul class="downloads">\n'
        f'<li><a class="md-button md-button--primary" href="{root}{BOOK_PDF}" download>The whole book (PDF)</a></li>\n'
        f'<li><a class="md-button" href="{root}{BOOK_EPUB}" download>The whole book (EPUB, for e-readers)</a></li>\n'
        "</ul>\n"
        "<p>One chapter at a time:</p>\n"
        f'<ul class="downloads__chapters">{chapters}</ul>'
    )


MARKERS = [
    MarkerKind("downloads", "none", "", _render_downloads, per_book=True,
               help="Links to the PDF and EPUB editions of the book and of each chapter."),
]
