"""MkDocs hooks of the book: quizzes, reflections, citations, glossary and the reader's pages.

Thin glue: each event hands off to the ``textbook`` package, which does not import MkDocs.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import json
import logging
import os
import posixpath
import re
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# MkDocs puts this folder on sys.path only while it imports this file: import siblings now.
from textbook import bank as banks
from textbook import citations as cites
from textbook import export_lms
from textbook import render_pages as pages
from textbook.errors import ErrorLog
from textbook.inline import MarkdownRenderer
from textbook.markers import KNOWN, Marker, find_markers, replace_markers
from textbook.render_quiz import render_answer_key, render_quiz

log = logging.getLogger("mkdocs.plugins.textbook")

QUIZ_FOLDER = "quizzes"
BIBLIOGRAPHY = "references.bib"
THIS_BOOK = "AllianceTextbook"  # the bibliography entry for the book itself
DOWNLOADS = {
    "qti": "downloads/alliance-question-banks-qti.zip",
    "report": "downloads/qti-report.txt",
    "gift": "downloads/alliance-question-banks.gift.txt",
}
GENERATED = Path("build") / "generated"


class _Build:
    """What one build has loaded and checked: shared by the events below."""

    root: Path
    library: banks.Library
    bib: cites.Bibliography
    rendered: cites.Rendered
    md: MarkdownRenderer
    pages: dict  # marker placements: bank name -> File, "glossary"/"bibliography" -> File
    minutes: dict  # page source path -> minutes to read it (computed once per build)


state = _Build()
_TIMINGS: dict[str, float] = {}  # seconds spent in each event, for scripts/benchmark.py


# Time spent in a hook event, written out when BOOK_HOOK_TIMINGS names a file (see on_post_build).
def _timed(event):
    @functools.wraps(event)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return event(*args, **kwargs)
        finally:
            _TIMINGS[event.__name__] = _TIMINGS.get(event.__name__, 0.0) + time.perf_counter() - start

    return run


# Hooks -------------------------------------------------------------------------------------


@_timed
def on_pre_build(config) -> None:
    errors = ErrorLog()
    state.root = Path(config.config_file_path).parent
    state.library = banks.load_library(state.root / QUIZ_FOLDER, QUIZ_FOLDER, errors)
    state.bib = cites.load_bibliography(state.root / BIBLIOGRAPHY, BIBLIOGRAPHY, errors, state.root / "build" / "citeproc" / "cache")
    _fail_if(errors)
    if THIS_BOOK in state.bib.entries:
        state.bib.entries[THIS_BOOK]["URL"] = config.site_url or ""
    generated = state.root / GENERATED
    generated.mkdir(parents=True, exist_ok=True)
    (generated / "abbreviations.md").write_text(pages.abbreviations(state.library, _plain), encoding="utf-8")


@_timed
def on_files(files, config):
    errors = ErrorLog()
    state.pages = {}
    raws: list[str] = []
    for file in files.documentation_pages():
        if file.src_uri.endswith(".md"):
            raws += _scan_page(file, errors)
    raws += _scan_banks(errors)
    if THIS_BOOK in state.bib.entries:
        raws.append(f"[@{THIS_BOOK}]")
    _check_placements(errors)
    _fail_if(errors)
    state.minutes = {}
    state.rendered = cites.render(raws, state.bib, state.root / "build" / "citeproc")
    glossary = pages.glossary_tooltips(state.library, _plain)
    state.md = MarkdownRenderer(config.markdown_extensions, config.mdx_configs, glossary, _cite_plain)
    # Strings without citations or links render the same on every page: convert them in one pass.
    state.md.prepare(t for _, q in state.library.questions() for t in q.texts() if "@" not in t and ".md" not in t)
    _report_unused()
    for path, content in _downloads(config).items():
        files.append(File.generated(config, path, content=content))
    return files


@_timed
def on_page_markdown(markdown: str, page, config, files) -> str:
    cited: list[str] = []
    has_list = any(m.name == "references" for m in find_markers(markdown))
    references_file = state.pages.get("bibliography")

    def href(key: str) -> str:
        if has_list or references_file is None or references_file is page.file:
            return f"#ref-{key}"
        return f"{references_file.url_relative_to(page.file)}#ref-{key}"

    linked: dict[str, str] = {}  # a page cites the same works many times

    def cite(text: str) -> str:
        out, last = [], 0
        for c in cites.find_citations(text):
            cited.extend(c.keys)
            if c.raw not in linked:
                rendered = state.rendered.citations.get(c.raw) or cites.render([c.raw], state.bib, state.root / "build" / "citeproc").citations[c.raw]
                linked[c.raw] = cites.link_citation(rendered, href, state.rendered.plain)
            out += [text[last : c.start], linked[c.raw]]
            last = c.end
        return "".join(out) + text[last:]

    state.md.cite = cite  # citations in quizzes and reflections link like the page's own
    state.md.context = page.file.src_uri
    state.md.link = lambda href: _page_link(href, page, files)
    url = lambda name: _url(name, page)  # noqa: E731
    handlers = {
        "reading-time": lambda m: pages.render_reading_time(_minutes(page.file), _chapter_of(page)),
        "objectives": lambda m: pages.render_objectives(state.library.banks[m.args[0]], state.md),
        "key-terms": lambda m: pages.render_key_terms(state.library.banks[m.args[0]], url("glossary")),
        "quiz": lambda m: _quiz(m),
        "reflection": lambda m: pages.render_reflection(state.library.reflection(m.args[0]), state.md),
        "glossary": lambda m: pages.render_glossary(state.library, state.md, url),
        "journal": lambda m: pages.render_journal(state.library, state.md, url),
        "progress": lambda m: pages.render_progress(state.library, url, url("assignment")),
        "backup": lambda m: pages.render_backup(),
        "cite-this-book": lambda m: cites.self_citation(THIS_BOOK, state.bib, state.rendered),
        "instructor-guide": lambda m: pages.render_instructor_guide(
            export_lms.chapters(state.library), state.md, url, url("glossary"),
            {name: _minutes(state.pages[name]) for name in state.library.banks if name in state.pages}),
        "answer-key": lambda m: render_answer_key(export_lms.chapters(state.library), state.md, url),
        "assignment-builder": lambda m: pages.render_assignment_builder(
            export_lms.chapters(state.library), url, url("assignment")),
        "assignment": lambda m: pages.render_assignment_panel(export_lms.chapters(state.library), url),
    }
    markdown = replace_markers(cite(markdown), handlers)
    list_keys = list(state.rendered.references) if _is(page, "bibliography") else cited
    return replace_markers(markdown, {
        "references": lambda m: cites.reference_list(list_keys, state.rendered),
        "bibliography": lambda m: cites.reference_list(state.rendered.references, state.rendered),
    })


@_timed
def on_page_context(context, page, config, nav):
    # Notebook pages carry their meta description in the notebook's own metadata.
    if page.file.src_uri.endswith(".ipynb") and not page.meta.get("description"):
        notebook = json.loads(page.file.content_string)
        page.meta["description"] = notebook.get("metadata", {}).get("description", "")
    return context


def on_post_build(config) -> None:
    target = os.environ.get("BOOK_HOOK_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(_TIMINGS), encoding="utf-8")
    _TIMINGS.clear()


# Helper functions --------------------------------------------------------------------------


def _fail_if(errors: ErrorLog) -> None:
    if errors:
        raise PluginError(errors.report())


# Plain text of inline Markdown, citations dropped (for tooltips and abbreviation titles).
def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\s*\[[^\]]*@[^\]]*\]", "", text)
    return html.unescape(re.sub(r"[*_`]", "", text))


# Until a page is being rendered, citations are left alone.
def _cite_plain(text: str) -> str:
    return text


# Citations as plain APA text, for places without the book's reference lists (LMS exports).
def _cite_as_text(text: str) -> str:
    out, last = [], 0
    for c in cites.find_citations(text):
        rendered = state.rendered.citations.get(c.raw, c.raw)
        out += [text[last : c.start], html.unescape(re.sub(r"<[^>]+>", "", rendered))]
        last = c.end
    return "".join(out) + text[last:]


# Inline Markdown as the small HTML an LMS shows well: emphasis kept, links and tooltips dropped.
def _lms_html(text: str) -> str:
    return re.sub(r"</?(a|abbr|span)\b[^>]*>", "", state.md.inline(text))


def _downloads(config) -> dict[str, bytes]:
    """Files instructors download, kept in build/ while nothing they depend on changes."""
    inputs = [repr(config.markdown_extensions), repr(config.mdx_configs)]
    inputs += [p.read_text(encoding="utf-8") for p in sorted((state.root / QUIZ_FOLDER).glob("*.yml"))]
    inputs += [(state.root / BIBLIOGRAPHY).read_text(encoding="utf-8")]
    inputs += [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("textbook/*.py"))]
    key = hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:32]
    cache = state.root / "build" / "downloads" / key
    if not all((cache / name).exists() for name in DOWNLOADS.values()):
        for name, content in _make_downloads().items():
            (cache / name).parent.mkdir(parents=True, exist_ok=True)
            (cache / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return {name: (cache / name).read_bytes() for name in DOWNLOADS.values()}


def _make_downloads() -> dict[str, bytes | str]:
    """LMS question banks built from the same banks as the quizzes."""
    state.md.cite, state.md.context = _cite_as_text, "lms"
    state.md.prepare(t for _, q in state.library.questions() for t in q.texts())
    package, report = export_lms.qti_package(state.library, _lms_html)
    return {
        DOWNLOADS["qti"]: package,
        DOWNLOADS["report"]: report,
        DOWNLOADS["gift"]: export_lms.gift(state.library, _lms_html),
    }


def _is(page, name: str) -> bool:
    return state.pages.get(name) is page.file


def _page_link(href: str, page, files) -> str:
    """A link to a Markdown source, as the URL of its page relative to ``page``."""
    target = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), href)))
    return target.url_relative_to(page.file) if target else href


def _minutes(file) -> int:
    if file.src_uri not in state.minutes:
        state.minutes[file.src_uri] = pages.reading_minutes(file.content_string)
    return state.minutes[file.src_uri]


def _chapter_of(page) -> str:
    return next((n for n, f in state.pages.items() if f is page.file and n in state.library.banks), "")


def _url(name: str, page) -> str:
    file = state.pages.get(name)
    return file.url_relative_to(page.file) if file else ""


def _quiz(marker: Marker) -> str:
    bank = state.library.banks[marker.args[0]]
    chosen = marker.args[1:]
    questions = [bank.question(q) for q in chosen] if chosen else bank.questions
    quiz_id = bank.name + (":" + ",".join(chosen) if chosen else "")
    return render_quiz(bank, questions, state.md, quiz_id)


def _scan_page(file, errors: ErrorLog) -> list[str]:
    """Check one page's markers and citation keys; return its citations for the batch."""
    content = file.content_string
    path = f"docs/{file.src_uri}"
    found = cites.find_citations(content)
    cites.check_keys(found, state.bib, path, errors)
    for marker in find_markers(content):
        _check_marker(marker, file, path, errors)
    return [c.raw for c in found]


def _check_marker(marker: Marker, file, path: str, errors: ErrorLog) -> None:
    name, args, line = marker.name, marker.args, marker.line
    if name not in KNOWN:
        close = difflib.get_close_matches(name, list(KNOWN), n=1)
        if close:
            errors.add(path, line, f"unknown marker '{name}'; did you mean '{close[0]}'?")
        return
    if KNOWN[name] and not args:
        errors.add(path, line, f"marker '{name}' needs an argument, e.g. <!-- {name}: {_example(name)} -->")
        return
    if name in ("quiz", "objectives", "key-terms"):
        bank = state.library.banks.get(args[0])
        if bank is None:
            known = ", ".join(sorted(state.library.banks)) or "none"
            errors.add(path, line, f"{name} marker names unknown bank '{args[0]}'; banks in {QUIZ_FOLDER}/: {known}")
            return
        state.pages.setdefault(bank.name, file)
        for qid in args[1:] if name == "quiz" else []:
            if bank.question(qid) is None:
                errors.add(path, line, f"quiz marker names unknown question '{qid}' in bank '{bank.name}'")
    elif name == "reflection":
        reflection = state.library.reflection(args[0])
        if reflection is None:
            errors.add(path, line, f"reflection marker names unknown reflection '{args[0]}'; define it under reflections: in a bank")
        elif ("reflection:" + args[0]) in state.pages:
            first = state.pages["reflection:" + args[0]]
            errors.add(path, line, f"reflection '{args[0]}' is placed twice (also in docs/{first.src_uri}); place each reflection once")
        else:
            state.pages["reflection:" + args[0]] = file
    elif name in ("glossary", "bibliography", "assignment"):
        state.pages[name] = file


def _example(name: str) -> str:
    return "ch01-first-helper" if name == "reflection" else "01-what-is-the-alliance"


def _scan_banks(errors: ErrorLog) -> list[str]:
    """Citations in question banks: checked with the bank's path and the item's line."""
    raws = []
    for bank in state.library.banks.values():
        items = [(q.line, q.texts()) for q in bank.questions]
        items += [(r.line, [r.prompt, r.model_response, *r.questions, *r.checklist]) for r in bank.reflections]
        items += [(t.line, [t.definition]) for t in bank.terms]
        items += [(1, [o.text for o in bank.objectives])]
        for line, texts in items:
            for text in texts:
                found = cites.find_citations(text)
                for c in found:
                    for key in c.keys:
                        if key not in state.bib.entries:
                            errors.add(bank.path, line, f"unknown citation key '{key}'; add it to {BIBLIOGRAPHY} or fix the spelling")
                raws += [c.raw for c in found]
    return raws


def _check_placements(errors: ErrorLog) -> None:
    """Every reflection of a placed bank must be placed somewhere, or readers never see it."""
    for bank in state.library.banks.values():
        if bank.name not in state.pages:
            continue
        for r in bank.reflections:
            if "reflection:" + r.id not in state.pages:
                errors.add(bank.path, r.line, f"reflection '{r.id}' is not placed on any page; add <!-- reflection: {r.id} --> to the chapter")


def _report_unused() -> None:
    for bank in state.library.banks.values():
        if bank.name not in state.pages:
            log.warning(f"{bank.path}: question bank '{bank.name}' is not used by any page; add <!-- quiz: {bank.name} --> to its chapter")
    unused = sorted(set(state.bib.entries) - set(state.rendered.references))
    if unused:
        log.info(f"{BIBLIOGRAPHY}: {len(unused)} entries are not cited: {', '.join(unused)}")
