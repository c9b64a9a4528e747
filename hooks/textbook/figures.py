"""Figures: numbered, captioned, accessible, and drawn from the book's own evidence.

Each chapter's figures live in ``figures/<chapter>/`` (the chapter's bank name, e.g.
``figures/04-the-evidence/``): a ``figures.yml`` that lists them in order (the second entry is
Figure 4.2), and beside it the SVG of every concept diagram, written by hand. Data figures
have no file: they are drawn at build time from the rows in ``figures.yml``, and every value a
row draws must be a registered figure of the evidence register (``research/evidence/``), so a
figure can never print a number the text does not.

A chapter places a figure with ``<!-- figure: id -->`` and refers to it with ``@fig:id``
("see Figure 4.2", linked) or ``[@fig:id]`` ("(Figure 4.2)").

Concept SVGs are inlined into the page, so they follow the light and dark palettes: they may
use only the shapes, text and attributes listed below, colour through the ``fig-…`` classes
of ``book.css`` (or ``currentColor``), and no script, style, image or external link.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET

from . import yamlsource
from .bank import Checker, Field
from .errors import ErrorLog
from .markers import MarkerKind

MAX_FIGURE_BYTES = 40_000
MAX_PAGE_BYTES = 150_000
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title",
    "desc", "defs", "marker", "use", "linearGradient", "radialGradient", "stop", "clipPath", "pattern", "symbol",
}
ATTRIBUTES = {
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "d", "points",
    "transform", "viewBox", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "opacity", "fill-opacity", "stroke-opacity", "fill-rule", "clip-rule",
    "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "alignment-baseline", "dx", "dy",
    "rotate", "textLength", "lengthAdjust", "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight",
    "refX", "refY", "orient", "markerUnits", "href", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "clip-path", "patternUnits", "patternContentUnits", "preserveAspectRatio", "aria-hidden",
    "role", "focusable", "letter-spacing", "word-spacing", "version", "vector-effect", "paint-order", "pathLength",
}
_PAINT = re.compile(r"^(?:none|currentColor|transparent|url\(#[\w-]+\))$")
CHARTS = ("forest", "bars", "besd", "editions", "overlap")

OPTIONAL = False
TABLES: dict[str, dict[str, Field]] = {
    "file": {
        "figures": Field("records", record="figure", help="The chapter's figures, in order: the first is Figure N.1."),
    },
    "figure": {
        "id": Field("id", help="Unique in the book; placed with <!-- figure: id -->, cited with @fig:id."),
        "kind": Field("text", help="concept (an SVG drawn by hand) or data (drawn from the evidence register)."),
        "caption": Field("text", help="What to see, in a sentence or two (Markdown; citations allowed)."),
        "alt": Field("text", help="The point of the figure for someone who cannot see it (plain text)."),
        "description": Field("text", OPTIONAL, "", help="A longer description (Markdown), shown on request."),
        "source": Field("text", OPTIONAL, "", help="Citations of the figure's sources; required for data figures."),
        "file": Field("text", OPTIONAL, "", help="Concept figures: the SVG file beside figures.yml."),
        "chart": Field("text", OPTIONAL, "", help="Data figures: " + ", ".join(CHARTS) + "."),
        "axis": Field("record", OPTIONAL, None, "axis", help="Data figures: the value axis."),
        "rows": Field("records", OPTIONAL, [], "row", help="Data figures: what is drawn, one registered value per row."),
    },
    "axis": {
        "label": Field("text", help="What the axis measures, with its metric, e.g. 'Correlation (r)'."),
        "min": Field("text", help="Smallest value shown, e.g. '0'."),
        "max": Field("text", help="Largest value shown, e.g. '.4'."),
        "step": Field("text", OPTIONAL, "", help="Distance between tick marks, e.g. '.1'."),
    },
    "row": {
        "label": Field("text", help="The row's label, e.g. 'Flückiger et al. (2018)'."),
        "key": Field("id", help="The citation key of the row's source."),
        "metric": Field("text", help="The metric of the value: r, d, g, %, …"),
        "value": Field("text", help="The value as registered, e.g. '.278'."),
        "low": Field("text", OPTIONAL, "", help="Lower confidence bound (registered as CI)."),
        "high": Field("text", OPTIONAL, "", help="Upper confidence bound (registered as CI)."),
        "group": Field("text", OPTIONAL, "", help="Editions: which edition or group the row belongs to."),
        "note": Field("text", OPTIONAL, "", help="A short note printed beside the row (e.g. '295 studies')."),
    },
}


@dataclass
class Row:
    label: str
    key: str
    metric: str
    value: Decimal
    shown: str
    low: Decimal | None = None
    high: Decimal | None = None
    group: str = ""
    note: str = ""
    line: int = 0


@dataclass
class Figure:
    id: str
    kind: str
    chapter: int
    bank: str
    number: str  # "4.2"
    caption: str
    alt: str
    description: str
    source: str
    svg: str = ""  # concept: the file's SVG, checked; data: drawn on demand
    chart: str = ""
    axis: dict | None = None
    rows: list[Row] = field(default_factory=list)
    path: str = ""
    line: int = 0

    @property
    def anchor(self) -> str:
        return f"fig-{self.id}"


@dataclass
class Figures:
    figures: dict[str, Figure] = field(default_factory=dict)
    references: list[tuple[str, str, int]] = field(default_factory=list)  # (figure id, page src, line)
    placements: dict[str, tuple[str, int]] = field(default_factory=dict)

    def in_chapter(self, bank: str) -> list[Figure]:
        return [f for f in self.figures.values() if f.bank == bank]

    def citations(self) -> list[str]:
        from .citations import find_citations

        return [c.raw for f in self.figures.values() for t in (f.caption, f.source, f.description) for c in find_citations(t)]

    def note_reference(self, fid: str, page, line: int, log: ErrorLog) -> None:
        if fid not in self.figures:
            import difflib

            close = difflib.get_close_matches(fid, list(self.figures), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; figures are listed in figures/<chapter>/figures.yml"
            log.add(page.path, line, f"@fig:{fid} refers to no figure{hint}")
        self.references.append((fid, page.src, line))

    def place(self, fid: str, page, line: int, log: ErrorLog) -> None:
        if fid not in self.figures:
            log.add(page.path, line, f"figure marker names unknown figure '{fid}'; list it in figures/<chapter>/figures.yml")
            return
        if fid in self.placements:
            src, first = self.placements[fid]
            log.add(page.path, line, f"figure '{fid}' is already placed in docs/{src} (line {first}); place each figure once")
            return
        self.placements[fid] = (page.src, line)

    def check_placements(self, build) -> None:
        """Each figure is placed once, on its own chapter's page, in the order of its figures.yml."""
        for fig in self.figures.values():
            home = build.placed.get(f"bank:{fig.bank}")
            placed = self.placements.get(fig.id)
            if placed is None:
                build.log.add(fig.path, fig.line, f"figure '{fig.id}' (Figure {fig.number}) is not placed; add <!-- figure: {fig.id} --> to its chapter")
            elif home and placed[0] != home:
                build.log.add(f"docs/{placed[0]}", placed[1], f"figure '{fig.id}' belongs to docs/{home}; place it there")
        by_page: dict[str, list[tuple[int, Figure]]] = {}
        for fid, (src, line) in self.placements.items():
            if fid in self.figures:
                by_page.setdefault(src, []).append((line, self.figures[fid]))
        for src, placed in by_page.items():
            placed.sort(key=lambda item: item[0])
            numbers = [tuple(int(n) for n in f.number.split(".")) for _, f in placed]
            if numbers != sorted(numbers):
                line, fig = next((l, f) for (l, f), n, m in zip(placed, numbers, sorted(numbers)) if n != m)
                build.log.add(f"docs/{src}", line, f"figure '{fig.id}' is Figure {fig.number} but is placed out of order; place figures in the order of their figures.yml, or reorder it")
            total = sum(len(render_art(f).encode()) for _, f in placed)
            if total > MAX_PAGE_BYTES:
                build.log.add(f"docs/{src}", placed[0][0], f"the figures of this page weigh {total // 1000} KB together; keep them under {MAX_PAGE_BYTES // 1000} KB")

    def reference_html(self, citation, page) -> str:
        """``@fig:id`` as "Figure 4.2" (``[@fig:id]`` as "(Figure 4.2)"), linked to the figure."""
        links = []
        for key in citation.keys:
            fig = self.figures.get(key[4:])
            if fig is None:
                links.append(html.escape(key))
                continue
            where = self.placements.get(fig.id, ("", 0))[0]
            href = f"#{fig.anchor}" if not where or where == page.src else f"{page.url_to(where)}#{fig.anchor}"
            links.append(f'<a class="figure-ref" href="{html.escape(href)}">Figure {fig.number}</a>')
        text = " and ".join(links)
        return text if citation.narrative else f"({text})"


# Loading ------------------------------------------------------------------------------------------


def load_figures(folder: Path, shown: str, library, register, log: ErrorLog, bank_names=None) -> Figures:
    """Every chapter's figures.yml, checked: files, SVG safety and size, alt text, registered data.

    ``bank_names``: every bank file's name, loaded or not (a bank with errors is still a chapter).
    """
    out = Figures()
    if not folder.exists():
        return out
    names = set(bank_names) if bank_names is not None else set(library.banks)
    for spec in sorted(folder.glob("*/figures.yml")):
        chapter_dir = spec.parent
        where = f"{shown}/{chapter_dir.name}/figures.yml"
        bank = library.banks.get(chapter_dir.name)
        if chapter_dir.name not in names:
            log.add(where, 1, f"the folder '{chapter_dir.name}' is not a chapter; name it after the chapter's bank, e.g. 04-the-evidence")
            continue
        if bank is None:
            continue  # its bank has errors of its own, reported there
        try:
            data = yamlsource.load_file(spec)
        except yamlsource.YAMLSyntaxError as exc:
            log.add(where, exc.line, exc.problem)
            continue
        check = Checker(where, log, TABLES)
        top = check.record(data, TABLES["file"], "the figures file", 1)
        if top is None:
            continue
        for n, raw in enumerate(top["figures"], 1):
            line = raw["line"]
            fid = raw["id"]
            if fid in out.figures:
                first = out.figures[fid]
                log.add(where, line, f"figure id '{fid}' is already used by Figure {first.number} ({first.path}:{first.line}); ids must be unique in the book")
                continue
            fig = Figure(fid, raw["kind"], bank.chapter, bank.name, f"{bank.chapter}.{n}", raw["caption"], raw["alt"],
                         raw["description"], raw["source"], path=where, line=line)
            if len(fig.alt) > 400:
                log.add(where, line, f"figure '{fid}' has {len(fig.alt)} characters of alt text; keep it under 400 and put the rest in description:")
            if "\n" in fig.alt.strip():
                log.add(where, line, f"figure '{fid}' has alt text on several lines; write it as one paragraph")
            if fig.kind == "concept":
                fig.svg = _load_svg(chapter_dir, raw["file"], fig, where, line, log)
            elif fig.kind == "data":
                _load_data(raw, fig, register, where, line, log)
            else:
                log.add(where, line, f"figure '{fid}' has kind '{fig.kind}'; use concept or data")
                continue
            out.figures[fid] = fig
    return out


def _load_svg(folder: Path, name: str, fig: Figure, where: str, line: int, log: ErrorLog) -> str:
    if not name:
        log.add(where, line, f"concept figure '{fig.id}' has no file; add file: {fig.id}.svg (an SVG beside figures.yml)")
        return ""
    path = folder / name
    if "/" in name or "\\" in name or not path.is_file():
        log.add(where, line, f"figure '{fig.id}': the file '{name}' is not in {folder.name}/; check the name")
        return ""
    data = path.read_bytes()
    shown = f"{where.rsplit('/', 1)[0]}/{name}"
    if len(data) > MAX_FIGURE_BYTES:
        log.add(shown, 1, f"the SVG weighs {len(data) // 1000} KB; keep each figure under {MAX_FIGURE_BYTES // 1000} KB (simplify paths, remove metadata)")
    try:
        text = yamlsource.decode(data)
        root = SafeET.fromstring(text)
    except yamlsource.YAMLSyntaxError as exc:
        log.add(shown, exc.line, exc.problem)
        return ""
    except ET.ParseError as exc:
        log.add(shown, exc.position[0] if hasattr(exc, "position") else 1, f"the SVG is not well-formed XML ({exc}); fix it")
        return ""
    except Exception as exc:  # defusedxml refuses entities and external references
        log.add(shown, 1, f"the SVG uses a forbidden XML feature ({type(exc).__name__}); remove DOCTYPE and entities")
        return ""
    problems = svg_problems(root)
    for problem in problems[:5]:
        log.add(shown, _line_of(text, problem[0]), problem[1])
    if problems:
        return ""
    if root.get("viewBox") is None:
        log.add(shown, 1, "the <svg> has no viewBox; add viewBox=\"0 0 WIDTH HEIGHT\" so it scales")
        return ""
    return _inline(root, fig.id)


def svg_problems(root: ET.Element) -> list[tuple[str, str]]:
    """(text to find, what is wrong) for each element or attribute outside the allow-list."""
    problems = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        ns = el.tag[1:].split("}")[0] if el.tag.startswith("{") else SVG_NS
        if ns != SVG_NS or tag not in ELEMENTS:
            problems.append((f"<{tag}", f"<{tag}> is not allowed in a figure (no script, style, image, foreignObject or metadata); remove it"))
            continue
        for attr, value in el.attrib.items():
            name = attr.split("}")[-1]
            if attr.startswith("{") and not attr.startswith("{" + XLINK_NS):
                name = attr  # other namespaces (editor metadata)
            if name.startswith("on"):
                problems.append((attr, f"the event attribute '{name}' is not allowed in a figure; remove it"))
            elif name == "style":
                problems.append(("style=", "style attributes are not allowed in a figure; use the fig-… classes of book.css (see figures/README.md)"))
            elif name not in ATTRIBUTES:
                problems.append((name, f"the attribute '{name}' is not allowed in a figure; remove it"))
            elif name == "href" and not value.startswith("#"):
                problems.append((value[:20], "links in a figure may only point inside it (href=\"#id\")"))
            elif name in ("fill", "stroke", "stop-color") and not _PAINT.match(value.strip()):
                problems.append((value, f"{name}=\"{value}\": colours come from the fig-… classes (light and dark themes); use class=, currentColor or none"))
            elif "url(" in value and not re.fullmatch(r"url\(#[\w-]+\)", value.strip()):
                problems.append((value[:20], "url() in a figure may only point inside it (url(#id))"))
    return problems


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _inline(root: ET.Element, fid: str) -> str:
    """The SVG as inline HTML: ids prefixed with the figure's, size left to CSS, editor cruft gone."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for el in root.iter():
        if el.get("id"):
            el.set("id", f"{fid}-{el.get('id')}")
        for attr, value in list(el.attrib.items()):
            if "url(#" in value or (attr.split("}")[-1] == "href" and value.startswith("#")):
                for old in ids:
                    value = value.replace(f"url(#{old})", f"url(#{fid}-{old})")
                    if value == f"#{old}":
                        value = f"#{fid}-{old}"
                el.set(attr, value)
    for el in list(root.iter()):
        for child in list(el):
            if child.tag.split("}")[-1] in ("title", "desc"):
                el.remove(child)
    text = ET.tostring(root, encoding="unicode")
    return re.sub(r"\s+xmlns:xlink=\"[^\"]*\"", "", text, count=1) if "xlink:" not in text else text


def _load_data(raw: dict, fig: Figure, register, where: str, line: int, log: ErrorLog) -> None:
    from .evidence import number

    fig.chart, fig.axis = raw["chart"], raw["axis"]
    if fig.chart not in CHARTS:
        log.add(where, line, f"data figure '{fig.id}' has chart '{fig.chart}'; use one of: {', '.join(CHARTS)}")
    if not fig.source:
        log.add(where, line, f"data figure '{fig.id}' has no source; add source: with the citations of its rows")
    if fig.chart in ("forest", "bars") and not fig.axis:
        log.add(where, line, f"data figure '{fig.id}' needs an axis: with label, min and max")
    if not raw["rows"]:
        log.add(where, line, f"data figure '{fig.id}' has no rows; list what it draws under rows:")
    for r in raw["rows"]:
        value = number(r["value"])
        row = Row(r["label"], r["key"], r["metric"], value or Decimal(0), r["value"], number(r["low"]) if r["low"] else None,
                  number(r["high"]) if r["high"] else None, r["group"], r["note"], r["line"])
        if value is None:
            log.add(where, r["line"], f"figure '{fig.id}': '{r['value']}' is not a number")
            continue
        for what, val, metric in (("value", value, r["metric"]), ("lower bound", row.low, "CI"), ("upper bound", row.high, "CI")):
            if val is None:
                continue
            facts = [f for f in register.facts if f.key == r["key"] and f.value == val and f.metric in (metric, "CI", "value")]
            if not facts:
                log.add(where, r["line"], f"figure '{fig.id}' draws {what} {val} ({metric}) of {r['key']}, which the evidence register does not list; register it in research/evidence/ or fix the value")
        fig.rows.append(row)
    if fig.axis:
        for name in ("min", "max"):
            if number(fig.axis.get(name, "")) is None:
                log.add(where, line, f"figure '{fig.id}': axis {name} '{fig.axis.get(name)}' is not a number")


# Rendering ----------------------------------------------------------------------------------------


def render_art(fig: Figure) -> str:
    """The figure's SVG (inline), drawn now for data figures."""
    if fig.kind == "data":
        return CHART_RENDERERS[fig.chart](fig) if fig.chart in CHART_RENDERERS else ""
    return fig.svg


def render_figure(fig: Figure, md) -> str:
    art = render_art(fig)
    label = html.escape(fig.alt, quote=True)
    art = art.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" class="book-figure__svg" ', 1)
    source = f' <span class="book-figure__source">Source: {md.inline(fig.source)}</span>' if fig.source else ""
    details = ""
    if fig.kind == "data":
        rows = "".join(
            f"<tr><th scope=\"row\">{html.escape(r.label)}</th><td>{html.escape(r.metric)}</td><td>{html.escape(r.shown)}</td>"
            f"<td>{_ci(r)}</td><td>{md.inline(f'[@{r.key}]')}{(' · ' + html.escape(r.note)) if r.note else ''}</td></tr>"
            for r in fig.rows
        )
        table = (f'<table class="book-figure__data"><caption>Data drawn in Figure {fig.number}</caption>'
                 f'<thead><tr><th scope="col">Row</th><th scope="col">Metric</th><th scope="col">Value</th>'
                 f'<th scope="col">95% CI</th><th scope="col">Source</th></tr></thead><tbody>{rows}</tbody></table>')
        details = (f'<details class="book-figure__details"><summary>Description and data of Figure {fig.number}</summary>'
                   f'{md.block(fig.description) if fig.description else ""}{table}</details>')
    elif fig.description:
        details = (f'<details class="book-figure__details"><summary>Description of Figure {fig.number}</summary>'
                   f"{md.block(fig.description)}</details>")
    return (
        f'<figure class="book-figure book-figure--{fig.kind}" id="{fig.anchor}" data-figure="{html.escape(fig.id)}">\n'
        # The drawing's words are scattered labels; search reads the caption and description instead.
        f'<div class="book-figure__art" data-search-exclude>{art}</div>\n'
        f'<figcaption><span class="book-figure__number">Figure {fig.number}.</span> {md.inline(fig.caption)}{source}</figcaption>\n'
        f"{details}\n</figure>"
    )


def _ci(row: Row) -> str:
    return f"{_fmt(row.low)} to {_fmt(row.high)}" if row.low is not None and row.high is not None else "–"


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text.replace("0.", ".", 1) if text.startswith("0.") else text.replace("-0.", "−.", 1)


# Charts: small SVG drawings over registered values ------------------------------------------------

_W = 600
_CHAR = 8.8  # a generous average advance of the figures' 16 px sans-serif text, in SVG units


def text_width(text: str) -> float:
    """About how wide ``text`` is drawn in a data figure (an overestimate for most fonts)."""
    return len(text) * _CHAR



def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _axis_bounds(fig: Figure) -> tuple[float, float, float]:
    from .evidence import number

    low = float(number(fig.axis["min"]))
    high = float(number(fig.axis["max"]))
    step = float(number(fig.axis.get("step") or "0") or 0) or (high - low) / 4
    return low, high, step


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "−" + text[2:]
    return text or "0"


def _scale_chart(fig: Figure, draw_row) -> str:
    """Labels on the left, the value axis in the middle, each row's value (and note) on the right;
    ``draw_row`` draws the row's mark."""
    values = [f"{row.metric} = {row.shown}" if row.metric != "%" else f"{row.shown}%" for row in fig.rows]
    # Room for the longest label on the left and the longest value or note on the right: the
    # drawing widens rather than cutting text off (it scales down to fit the page).
    left = max(232, 24 + max(text_width(row.label) for row in fig.rows))
    right, top, row_h = left + 208, 20, 50
    width = max(_W, right + 14 + max(text_width(t) for t in values + [row.note or "" for row in fig.rows]) + 8)
    low, high, step = _axis_bounds(fig)
    x = lambda v: left + (float(v) - low) / (high - low) * (right - left)  # noqa: E731
    height = top + row_h * len(fig.rows) + 64
    parts = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width:.0f} {height}">']
    ticks, t = [], low
    while t <= high + 1e-9:
        ticks.append(t)
        t += step
    base = top + row_h * len(fig.rows) + 6
    for t in ticks:
        parts.append(f'<line class="fig-grid" x1="{x(t):.1f}" y1="{top - 6}" x2="{x(t):.1f}" y2="{base}"/>')
        parts.append(f'<text class="fig-small" x="{x(t):.1f}" y="{base + 20}" text-anchor="middle">{_num(t)}</text>')
    parts.append(f'<line class="fig-line" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>')
    if low < 0 < high:
        parts.append(f'<line class="fig-line" x1="{x(0):.1f}" y1="{top - 6}" x2="{x(0):.1f}" y2="{base}"/>')
    parts.append(f'<text class="fig-small fig-strong" x="{(left + right) / 2:.1f}" y="{base + 48}" text-anchor="middle">{_esc(fig.axis["label"])}</text>')
    for n, row in enumerate(fig.rows):
        cy = top + row_h * n + row_h / 2
        parts.append(f'<text class="fig-small" x="{left - 12}" y="{cy + 5:.1f}" text-anchor="end">{_esc(row.label)}</text>')
        parts.append(draw_row(row, cy, x, n))
        parts.append(f'<text class="fig-small fig-strong" x="{right + 14}" y="{cy + 1:.1f}">{_esc(values[n])}</text>')
        if row.note:
            parts.append(f'<text class="fig-small fig-muted" x="{right + 14}" y="{cy + 19:.1f}">{_esc(row.note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _forest(fig: Figure) -> str:
    def row_mark(row: Row, cy: float, x, n: int) -> str:
        out = []
        if row.low is not None and row.high is not None:
            out.append(f'<line class="fig-a1 fig-thick" x1="{x(row.low):.1f}" y1="{cy:.1f}" x2="{x(row.high):.1f}" y2="{cy:.1f}"/>')
            for end in (row.low, row.high):
                out.append(f'<line class="fig-a1 fig-thick" x1="{x(end):.1f}" y1="{cy - 7:.1f}" x2="{x(end):.1f}" y2="{cy + 7:.1f}"/>')
        out.append(f'<rect class="fig-f1" x="{x(row.value) - 7:.1f}" y="{cy - 7:.1f}" width="14" height="14" rx="2"/>')
        return "".join(out)

    return _scale_chart(fig, row_mark)


def _bars(fig: Figure) -> str:
    def row_mark(row: Row, cy: float, x, n: int) -> str:
        start = x(max(0.0, float(_axis_bounds(fig)[0])))
        end = x(row.value)
        return f'<rect class="fig-f1" x="{min(start, end):.1f}" y="{cy - 11:.1f}" width="{abs(end - start):.1f}" height="22"/>'

    return _scale_chart(fig, row_mark)


def _besd(fig: Figure) -> str:
    """Icon arrays of 100 clients per row: filled squares are good outcomes (count printed too)."""
    size, gap, cols = 16, 4, 20
    block_h = 5 * (size + gap)
    height = 20 + len(fig.rows) * (block_h + 60) + 10
    parts = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_W} {height}">']
    for n, row in enumerate(fig.rows):
        top = 20 + n * (block_h + 60)
        count = int(round(float(row.value)))
        parts.append(f'<text class="fig-label" x="0" y="{top + 14}"><tspan class="fig-strong">{_esc(row.label)}:</tspan> {count} of 100 with a good outcome{(" · " + _esc(row.note)) if row.note else ""}</text>')
        for i in range(100):
            cx, cy = i % cols * (size + gap), top + 26 + i // cols * (size + gap)
            cls = ["fig-f1", "fig-f2"][n % 2] if i < count else "fig-hollow"
            parts.append(f'<rect class="{cls}" x="{cx}" y="{cy}" width="{size}" height="{size}" rx="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _editions(fig: Figure) -> str:
    """Pairs of values (e.g. the 2011 and 2018 estimate of one element): a line from one to the other."""
    groups = list(dict.fromkeys(r.group for r in fig.rows))
    labels = list(dict.fromkeys(r.label for r in fig.rows))
    left, right, top, row_h = 230, _W - 60, 50, 46
    low, high, step = _axis_bounds(fig)
    x = lambda v: left + (float(v) - low) / (high - low) * (right - left)  # noqa: E731
    height = top + row_h * len(labels) + 60
    parts = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_W} {height}">']
    for g, group in enumerate(groups[:2]):
        shape = (f'<circle class="fig-f1" cx="{left + g * 190 + 8}" cy="18" r="7"/>' if g == 0
                 else f'<rect class="fig-f2" x="{left + g * 190 + 1}" y="11" width="14" height="14"/>')
        parts.append(shape + f'<text class="fig-small" x="{left + g * 190 + 22}" y="23">{_esc(group)}</text>')
    base = top + row_h * len(labels) + 6
    t = low
    while t <= high + 1e-9:
        parts.append(f'<line class="fig-grid" x1="{x(t):.1f}" y1="{top - 6}" x2="{x(t):.1f}" y2="{base}"/>'
                     f'<text class="fig-small" x="{x(t):.1f}" y="{base + 18}" text-anchor="middle">{_num(t)}</text>')
        t += step
    parts.append(f'<line class="fig-line" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>')
    parts.append(f'<text class="fig-label" x="{(left + right) / 2:.1f}" y="{base + 44}" text-anchor="middle">{_esc(fig.axis["label"])}</text>')
    for n, label in enumerate(labels):
        cy = top + row_h * n + row_h / 2
        rows = [r for r in fig.rows if r.label == label]
        parts.append(f'<text class="fig-label" x="{left - 12}" y="{cy + 5:.1f}" text-anchor="end">{_esc(label)}</text>')
        if len(rows) == 2:
            parts.append(f'<line class="fig-line" x1="{x(rows[0].value):.1f}" y1="{cy:.1f}" x2="{x(rows[1].value):.1f}" y2="{cy:.1f}"/>')
        for r in rows:
            g = groups.index(r.group)
            cx = x(r.value)
            parts.append(f'<circle class="fig-f1" cx="{cx:.1f}" cy="{cy:.1f}" r="7"/>' if g == 0
                         else f'<rect class="fig-f2" x="{cx - 7:.1f}" y="{cy - 7:.1f}" width="14" height="14"/>')
            parts.append(f'<text class="fig-small" x="{cx:.1f}" y="{cy - 12:.1f}" text-anchor="middle">{_esc(r.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _overlap(fig: Figure) -> str:
    """Two normal curves a standardized difference d apart (the first row's value)."""
    d = float(fig.rows[0].value)
    width, height, base = _W, 300, 250
    span = 4.0 + d
    x = lambda z: 40 + (z + 3.2) / (span + 3.2 * 2 - 4) * (width - 80)  # noqa: E731
    y = lambda z: base - 200 * math.exp(-z * z / 2)  # noqa: E731

    def curve(shift: float) -> str:
        points = [f"{x(z / 20 + shift):.1f},{y(z / 20):.1f}" for z in range(-64, 65)]
        return "M" + " L".join(points)

    labels = [r.label for r in fig.rows] + ["", ""]
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}">'
        f'<path class="fig-t1 fig-a1 fig-thick" fill-opacity="0.6" d="{curve(0)} Z"/>'
        f'<path class="fig-t2 fig-a2 fig-thick fig-dash" fill-opacity="0.6" d="{curve(d)} Z"/>'
        f'<line class="fig-line" x1="40" y1="{base}" x2="{width - 40}" y2="{base}"/>'
        f'<line class="fig-a1" x1="{x(0):.1f}" y1="{base}" x2="{x(0):.1f}" y2="{base - 200}"/>'
        f'<line class="fig-a2 fig-dash" x1="{x(d):.1f}" y1="{base}" x2="{x(d):.1f}" y2="{base - 200}"/>'
        f'<text class="fig-label" x="{x(0) - 10:.1f}" y="{base - 206}" text-anchor="end">{_esc(labels[1] or "Weaker alliance")}</text>'
        f'<text class="fig-label" x="{x(d) + 10:.1f}" y="{base - 206}">{_esc(labels[2] if len(fig.rows) > 2 else "Stronger alliance")}</text>'
        f'<text class="fig-small" x="{(x(0) + x(d)) / 2:.1f}" y="{base + 24}" text-anchor="middle">{_esc(fig.rows[0].metric)} = {_esc(fig.rows[0].shown)} standard deviations apart</text>'
        f"</svg>"
    )


CHART_RENDERERS = {"forest": _forest, "bars": _bars, "besd": _besd, "editions": _editions, "overlap": _overlap}


# Markers ------------------------------------------------------------------------------------------


def _check_figure_marker(marker, page, build) -> None:
    build.figures.place(marker.args[0], page, marker.line, build.log)


def _render_figure(marker, ctx) -> str:
    return render_figure(ctx.build.figures.figures[marker.args[0]], ctx.md)


MARKERS = [
    MarkerKind("figure", "one", "bordin-components", _render_figure, _check_figure_marker,
               help="A numbered figure from figures/<chapter>/figures.yml; refer to it with @fig:id."),
]
