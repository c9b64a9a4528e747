"""One build of the book: load every source, check every page, render markers and citations.

This is what ``hooks/book.py`` hands each MkDocs event to. It knows pages only as ``Page``
values (a source path, its text, and a way to link to other pages), never MkDocs objects, so
the checks and renderers can be tested, and reused by another generator, without MkDocs.

Order of work:
1. ``load``: question banks, bibliography, evidence register, figures, practice exercises.
2. ``scan``: every page's markers, citations and text are checked; where each quiz,
   reflection and glossary lives is recorded; cross-file facts are checked; then every
   citation of the book is formatted in one pandoc call.
3. ``markdown`` and ``html``: per page, markers become HTML and citations become links; then
   key terms are linked to the glossary and anchors named by the banks are checked.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import bibcheck
from . import citations as cites
from . import evidence, figures, practice
from .bank import Library, load_library
from .errors import ErrorLog
from .inline import MarkdownRenderer
from .markers import Marker, check_arguments, find_markers, lookalikes, replace_markers, unknown_name_hint
from .registry import PAGE_PASSES, REGISTRY

QUIZ_FOLDER = "quizzes"
BIBLIOGRAPHY = "references.bib"
REGISTER_FOLDER = "research/evidence"
FIGURE_FOLDER = "figures"
PRACTICE_FOLDER = "practice"
THIS_BOOK = "AllianceTextbook"  # the bibliography entry for the book itself
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class AuthoringErrors(Exception):
    """The build stops: every authoring error found so far, ready to print."""

    def __init__(self, log: ErrorLog):
        super().__init__(log.report())
        self.log = log


@dataclass
class Page:
    """A page of the site as the book sees it."""

    src: str  # path under docs/, e.g. "part-1/04-the-evidence.md"
    content: str  # the source as written (front matter included)
    url_to: Callable[[str], str] = lambda src: ""  # URL of another page (by src), relative to this one
    dest: str = ""  # where the page is written in the site, e.g. "part-1/04-the-evidence/index.html"

    @property
    def path(self) -> str:
        return f"docs/{self.src}"


@dataclass
class PageContext:
    """What a marker's renderer may use while one page is rendered."""

    build: "Build"
    page: Page
    md: MarkdownRenderer

    def url(self, name: str) -> str:
        """The URL of a placed thing ("glossary", "bank:03-goals-tasks-bond", …), relative to this page."""
        src = self.build.placed.get(name)
        return self.page.url_to(src) if src else ""

    def chapter_url(self, bank: str) -> str:
        return self.url(f"bank:{bank}")

    @property
    def library(self) -> Library:
        return self.build.library


@dataclass
class Build:
    root: Path
    markdown_extensions: list = field(default_factory=list)
    mdx_configs: dict = field(default_factory=dict)
    site_url: str = ""
    log: ErrorLog = field(default_factory=ErrorLog)
    repo_url: str = ""  # the book's source repository (mkdocs.yml repo_url): where readers report errors
    placed: dict[str, str] = field(default_factory=dict)  # "bank:NAME", "reflection:ID", "glossary", … -> src
    placed_line: dict[str, tuple[str, int]] = field(default_factory=dict)
    site_files: dict[str, bytes] = field(default_factory=dict)  # made while pages render; written after them
    # What rendering each page (by src) taught the build: its citations, its stashed blocks and their ids.
    _cited: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _stashed: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _stashed_anchors: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)

    # Loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        """Read every source of the book; stop with all their errors if any is wrong."""
        self.library = load_library(self.root / QUIZ_FOLDER, QUIZ_FOLDER, self.log)
        self.bib = cites.load_bibliography(self.root / BIBLIOGRAPHY, BIBLIOGRAPHY, self.log, self.cache / "citeproc" / "cache")
        if self.bib.text:
            bibcheck.check(self.bib.text, BIBLIOGRAPHY, self.log)
        self.register = evidence.load_register(self.root / REGISTER_FOLDER, REGISTER_FOLDER, self.log)
        bank_files = [p.stem for p in (self.root / QUIZ_FOLDER).glob("*.yml")]
        self.figures = figures.load_figures(self.root / FIGURE_FOLDER, FIGURE_FOLDER, self.library, self.register, self.log, bank_files)
        self.practice = practice.load_practice(self.root / PRACTICE_FOLDER, PRACTICE_FOLDER, self.log)
        self.stop_if_errors()  # text checks need the bibliography and every bank loaded
        for bank in self.library.banks.values():
            self._check_bank_text(bank)
        self.practice.check_text(self._check_text)
        self.stop_if_errors()
        if THIS_BOOK in self.bib.entries:
            self.bib.entries[THIS_BOOK]["URL"] = self.site_url or ""

    @property
    def cache(self) -> Path:
        return self.root / "build"

    def stop_if_errors(self) -> None:
        if self.log:
            raise AuthoringErrors(self.log)

    def _check_text(self, path: str, line: int, text: str, what: str = "text") -> list[str]:
        """Checks every author string gets: control characters, citation syntax, known keys."""
        if _CONTROL.search(text):
            self.log.add(path, line, f"the {what} contains a control character (such as NUL); remove it")
        for _, problem in cites.citation_problems(text):
            self.log.add(path, line, problem)
        if "[^" in text and re.search(r"\[\^[^\]]+\]", text):
            self.log.add(path, line, "footnotes are not available in bank text; put the note in the explanation")
        raws = []
        for c in cites.find_citations(text):
            for key in c.keys:
                if key.startswith("fig:"):
                    continue
                if key not in self.bib.entries:
                    self.log.add(path, line, f"unknown citation key '{key}'; add it to {BIBLIOGRAPHY} or fix the spelling")
            raws.append(c.raw)
        return raws

    def _check_bank_text(self, bank) -> None:
        for line, texts in bank_texts(bank):
            for text in texts:
                self._check_text(bank.path, line, text)

    # Scanning pages -------------------------------------------------------------------------

    def scan(self, pages: list[Page]) -> None:
        """Check every page and record placements; then format every citation of the book."""
        self.pages = {p.src: p for p in pages}
        raws: list[str] = []
        for page in pages:
            if page.src.endswith(".md"):
                raws += self._scan_page(page)
        for bank in self.library.banks.values():
            for _, texts in bank_texts(bank):
                for text in texts:
                    raws += [c.raw for c in cites.find_citations(text) if not c.keys[0].startswith("fig:")]
        raws += self.figures.citations() + self.practice.citations()
        if THIS_BOOK in self.bib.entries:
            raws.append(f"[@{THIS_BOOK}]")
        self._check_cross_file()
        self._check_statistics()
        self.stop_if_errors()
        try:
            self.rendered = cites.render(raws, self.bib, self.cache / "citeproc")
        except cites.PandocError as error:
            first = " ".join(error.stderr.strip().split())[:300] or "no message"
            self.log.add("pandoc", 1, f"citeproc failed while formatting the citations: {first}; fix what pandoc names, or reinstall pypandoc-binary")
            self.stop_if_errors()
        bibcheck.check_initials(self.rendered.citations, self.bib.text, BIBLIOGRAPHY, self.log, bibcheck.different_people(self.bib.text))
        self.stop_if_errors()
        self.md = MarkdownRenderer(self.markdown_extensions, self.mdx_configs, lambda text: text, self.cache / "markdown")

    def _scan_page(self, page: Page) -> list[str]:
        content = page.content
        raws: list[str] = []
        for m in _CONTROL.finditer(content):
            self.log.add(page.path, content.count("\n", 0, m.start()) + 1, "the page contains a control character (such as NUL); remove it")
            break
        for line, problem in cites.citation_problems(content):
            self.log.add(page.path, line, problem)
        found = cites.find_citations(content)
        for c in found:
            for key in c.keys:
                if key.startswith("fig:"):
                    self.figures.note_reference(key[4:], page, c.line, self.log)
                elif key not in self.bib.entries:
                    self.log.add(page.path, c.line, f"unknown citation key '{key}'; add it to {BIBLIOGRAPHY} or fix the spelling")
        raws += [c.raw for c in found if not c.keys[0].startswith("fig:")]
        for line, name, problem in lookalikes(content, REGISTRY.kinds):
            kind = REGISTRY.kinds[name]
            example = f"<!-- {name}: {kind.example} -->" if kind.args != "none" else f"<!-- {name} -->"
            self.log.add(page.path, line, f"this comment looks like a '{name}' marker but is not one ({problem}); write {example} alone on its line")
        seen: dict[str, int] = {}
        for marker in find_markers(content):
            kind = REGISTRY.kinds.get(marker.name)
            if kind is None:
                hint = unknown_name_hint(marker.name, REGISTRY.kinds)
                if hint:
                    self.log.add(page.path, marker.line, f"unknown marker '{marker.name}'; did you mean '{hint}'?")
                continue
            problem = check_arguments(marker, kind)
            if problem:
                self.log.add(page.path, marker.line, problem)
                continue
            signature = marker.name + (": " + " ".join(marker.args) if marker.args else "")
            if signature in seen and marker.name not in ("references",):
                self.log.add(page.path, marker.line, f"'<!-- {signature} -->' is already on this page (line {seen[signature]}); place it once")
                continue
            seen[signature] = marker.line
            if kind.per_book:
                self.place(marker.name, page, marker.line)
            if kind.check is not None:
                kind.check(marker, page, self)
        return raws

    def place(self, name: str, page: Page, line: int, unique: bool = True) -> None:
        """Record that ``name`` (a quiz, a reflection, the glossary…) lives on ``page``."""
        if name in self.placed and unique:
            first_src, first_line = self.placed_line[name]
            if first_src != page.src or first_line != line:
                what = name.split(":", 1)[-1]
                self.log.add(page.path, line, f"'{what}' is already placed in docs/{first_src} (line {first_line}); place it once in the book")
            return
        self.placed[name] = page.src
        self.placed_line[name] = (page.src, line)

    def _check_cross_file(self) -> None:
        """Facts that need every page: reflections placed, quizzes placed, figures placed."""
        for bank in self.library.banks.values():
            if f"bank:{bank.name}" not in self.placed:
                continue
            for r in bank.reflections:
                if f"reflection:{r.id}" not in self.placed:
                    self.log.add(bank.path, r.line, f"reflection '{r.id}' is not placed on any page; add <!-- reflection: {r.id} --> to the chapter")
        self.figures.check_placements(self)
        self.practice.check_placements(self)

    # Rendering pages --------------------------------------------------------------------------

    def context(self, page: Page) -> PageContext:
        md = self.md
        md.context = page.src
        md.link = lambda href: _link(href, page, self.pages)
        md.cite = self.citer(page)
        return PageContext(self, page, md)

    def citer(self, page: Page, has_list: bool | None = None) -> Callable[[str], str]:
        """Citations in ``page``'s text as links to its reference list (or the References page)."""
        refs = self.placed.get("bibliography")
        local = has_list if has_list is not None else any(m.name == "references" for m in find_markers(page.content))
        linked: dict[str, str] = {}

        def href(key: str) -> str:
            if local or refs is None or refs == page.src:
                return f"#ref-{key}"
            return f"{page.url_to(refs)}#ref-{key}"

        def cite(text: str) -> str:
            out, last = [], 0
            for c in cites.find_citations(text):
                out.append(text[last : c.start])
                last = c.end
                if c.keys[0].startswith("fig:"):
                    out.append(self.figures.reference_html(c, page))
                    continue
                if c.raw not in linked:
                    rendered = self.rendered.citations.get(c.raw)
                    if rendered is None:  # a citation first seen now (e.g. in a generated page)
                        rendered = cites.render([c.raw], self.bib, self.cache / "citeproc").citations[c.raw]
                    linked[c.raw] = cites.link_citation(rendered, href)
                out.append(linked[c.raw])
                page_cited = self._cited.setdefault(page.src, [])
                page_cited.extend(k for k in c.keys if k not in page_cited)
            return "".join(out) + text[last:]

        return cite

    def markdown(self, page: Page, markdown: str) -> str:
        """The page's Markdown with citations linked and every marker rendered."""
        self._cited[page.src] = []
        ctx = self.context(page)
        stash: list[str] = []
        self._stashed[page.src] = stash
        early = {name: self._stashing(kind, ctx, stash) for name, kind in REGISTRY.kinds.items() if not kind.late}
        markdown = replace_markers(ctx.md.cite(markdown), early)
        late = {name: self._stashing(kind, ctx, stash) for name, kind in REGISTRY.kinds.items() if kind.late}
        return replace_markers(markdown, late)

    # A marker's finished block of HTML (a quiz, a figure, a reference list) needs nothing from
    # Markdown, which would only parse every tag of it again: a comment holds its place, and
    # the block goes back in as soon as Markdown is done (before any pass over the page).
    # Only Markdown headings and Markdown text need Markdown. MkDocs learns the anchors that
    # links may point to from the raw HTML Markdown sees, so the ids of a stashed block are
    # handed to it separately (anchors_stashed_on). Blocks with HTML headings used to be left to
    # Markdown for that reason alone: the quiz, the journal and the register were parsed twice on
    # every build, a quarter of its time.
    _NEEDS_MARKDOWN = re.compile(r"^[ \t]*#{1,6}[ \t]|\n[ \t]*\n[ \t]*[^<\s]", re.M)
    _BLOCK_HTML = re.compile(r"\s*<(?:section|div|figure|details|aside|nav|table|ol|ul|form|h[1-6])[\s>]")

    @classmethod
    def _stashing(cls, kind, ctx, stash: list[str]) -> Callable[[Marker], str]:
        def render(marker: Marker) -> str:
            out = kind.render(marker, ctx)
            if not cls._BLOCK_HTML.match(out) or cls._NEEDS_MARKDOWN.search(out):
                return out  # Markdown, inline HTML, or headings the page's contents must list
            stash.append(out)
            return f"<!-- book-stash-{len(stash) - 1} -->"
        return render

    def _unstash(self, page: Page, html: str) -> str:
        stash = self._stashed.pop(page.src, None)
        self._stashed_anchors[page.src] = {html_lib.unescape(i) for block in stash or () for i in re.findall(r'\sid="([^"]*)"', block)}
        if not stash:
            return html
        return re.sub(r"<!-- book-stash-(\d+) -->", lambda m: stash[int(m.group(1))], html)

    def anchors_stashed_on(self, page: Page) -> set[str]:
        """The ids in the page's stashed blocks: anchors MkDocs must know to check links to them."""
        return self._stashed_anchors.pop(page.src, set())

    def cited_on(self, page: Page) -> list[str]:
        return list(self._cited.get(page.src, []))

    def html(self, page: Page, html: str) -> str:
        """The rendered page: checked for script, Re-read anchors checked, key terms linked."""
        html = self._unstash(page, html)
        for page_pass in PAGE_PASSES:
            html = page_pass(html, page, self)
        return html

    def after_pages(self) -> dict[str, str]:
        """Files made once every page is rendered (they need what the pages taught the build)."""
        from . import review

        return review.fragments(self)

    def plain_definition(self, term) -> str:
        """A term's definition as plain text (tooltips): Markdown, links and citations removed."""
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", term.definition)
        text = re.sub(r"\s*\[[^\]]*@[^\]]*\]", "", text)
        return " ".join(html_lib.unescape(re.sub(r"[*_`]", "", text)).split())

    # The evidence register -------------------------------------------------------------------

    def _check_statistics(self) -> None:
        """Every statistic of the chapters, banks, notebooks, figures and practice is registered."""
        keys_in = lambda text: [k for c in cites.find_citations(text) for k in c.keys]  # noqa: E731
        printed: dict[tuple, list[str]] = {}
        homes = {src: name[5:] for name, src in self.placed.items() if name.startswith("bank:")}
        allowed_for = lambda path: self.register.illustrations.get(path, {})  # noqa: E731

        def note(bank: str, stat, keys) -> None:
            for fact in self.register.matches(stat, keys):
                where = printed.setdefault((fact.key, fact.metric, fact.value), [])
                if bank and bank not in where:
                    where.append(bank)

        for src, bank in homes.items():
            page = self.pages.get(src)
            if page is None or bank.startswith("00-"):
                continue
            text = page.content
            for problem in evidence.check_markdown(text, self.register, keys_in, allowed_for(page.path)):
                self.log.add(page.path, problem.stat.line, _unregistered(problem))
            page_keys = keys_in(text)  # once per page, not once per statistic
            for stat in evidence.find_statistics(text):
                note(bank, stat, page_keys)
        for bank in self.library.banks.values():
            if bank.chapter == 0:
                continue
            for line, texts in bank_texts(bank):
                for problem in evidence.check_strings(texts, self.register, keys_in, allowed_for(bank.path)):
                    self.log.add(bank.path, line, _unregistered(problem))
        for skill in self.practice.skills.values():
            for line, texts in [(1, skill.texts())] + [(e.line, e.texts()) for e in skill.exercises]:
                for problem in evidence.check_strings(texts, self.register, keys_in, allowed_for(skill.path)):
                    self.log.add(skill.path, line, _unregistered(problem))
        for fig in self.figures.figures.values():
            texts = [fig.caption, fig.alt, fig.description, fig.source] + [f"{r.label} {r.note} [@{r.key}]" for r in fig.rows]
            for problem in evidence.check_strings(texts, self.register, keys_in, allowed_for(fig.path)):
                self.log.add(fig.path, fig.line, _unregistered(problem) + f" (figure '{fig.id}')")
        for src, page in self.pages.items():
            if src.endswith(".ipynb"):
                for cell, text in _notebook_markdown(page.content):
                    for problem in evidence.check_markdown(text, self.register, keys_in, allowed_for(page.path)):
                        self.log.add(page.path, cell, _unregistered(problem) + f" (markdown cell {cell})")
        self._printed_in = printed


def _unregistered(problem) -> str:
    near = ", ".join(dict.fromkeys(problem.keys)) or "none"
    return (f"'{evidence.describe(problem.stat)}' is not in the evidence register for a work cited nearby "
            f"(cited nearby: {near}); register it in research/evidence/, cite its source, or list it under illustrations:")


def _notebook_markdown(text: str) -> list[tuple[int, str]]:
    import json

    try:
        cells = json.loads(text).get("cells", [])
    except ValueError:
        return []
    return [(n, "".join(c.get("source", ""))) for n, c in enumerate(cells, 1) if c.get("cell_type") == "markdown"]


def bank_texts(bank) -> list[tuple[int, list[str]]]:
    """Every author string of a bank, grouped as one question, term or reflection, with its line."""
    groups = [(q.line, q.texts()) for q in bank.questions]
    groups += [(r.line, [r.title, r.prompt, r.model_response, *r.questions, *r.checklist]) for r in bank.reflections]
    groups += [(t.line, [t.definition]) for t in bank.terms]
    groups += [(1, [o.text for o in bank.objectives])]
    if bank.instructor:
        groups += [(1, [*bank.instructor.discussion, bank.instructor.activity, bank.instructor.placement])]
    return groups


def _link(href: str, page: Page, pages: dict[str, Page]) -> str:
    """A link to a Markdown source, as the URL of its page relative to ``page``."""
    import posixpath

    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), href))
    return page.url_to(target) if target in pages else href


def escape(text: str) -> str:
    return html_lib.escape(text, quote=True)
