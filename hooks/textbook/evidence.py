"""The book's evidence register: every number the book prints, with its source.

``research/evidence/*.yml`` lists, source by source, each figure the chapters, question banks
and notebook print (correlations, effect sizes, study counts, sample sizes, percentages): its
value, its metric, what it measures, where in the source it is and how it was checked. This
module loads and validates the register, finds the statistics in a text, and matches each one
to a registered figure of a work cited nearby. It knows nothing of MkDocs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import yamlsource
from .errors import ErrorLog, line_finder

# Metrics the register knows, with what the "Where the numbers come from" page calls them.
METRICS = {
    "r": "correlation r",
    "r²": "variance explained r²",
    "d": "standardized difference d",
    "g": "Hedges' g",
    "SMD": "standardized mean difference",
    "OR": "odds ratio",
    "ICC": "intraclass correlation",
    "α": "Cronbach's alpha",
    "I²": "heterogeneity I²",
    "p": "p value",
    "CI": "confidence-interval bound",
    "k": "number of studies, samples or effect sizes",
    "N": "number of people",
    "%": "percentage",
    "value": "other reported value",
}
_METRIC_ALIASES = {"R²": "r²", "r2": "r²", "I2": "I²", "I^2": "I²", "n": "N", "alpha": "α", "rs": "r"}

# Nouns after a count: studies and the like are k, people are N.
_K_NOUNS = r"(?:independent\s+)?(?:studies|study|samples|data\s+sources|trials|RCTs|publications|articles|reports|effect\s+sizes|comparisons)"
_N_NOUNS = (
    r"(?:patients|clients|participants|people|young\s+people|trainees|families|couples|therapists|dyads|"
    r"veterans|soldiers|adults|adolescents|children|students|cases|treatments|respondents|individuals|pairs)"
)
_NUMBER = r"[−-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[−-]?\.\d+"
_TAGGED = re.compile(
    r"(?<![A-Za-z])(?P<metric>r²|R²|I²|r|R|d|g|k|N|n|OR|SMD|ICC|α|p|rs)\s*(?:=|≈|<|>|≤|≥|~)\s*(?P<value>" + _NUMBER + ")"
)
_COUNT = re.compile(
    r"(?<![\d.,])(?P<value>\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?!(?:of|in|for|to|and|or|with|per|from|by|at|on)\b)[A-Za-z-]+\s+)?(?P<noun>" + _K_NOUNS + "|" + _N_NOUNS + r")\b"
)
_PERCENT = re.compile(r"(?<![\d.,])(?P<value>\d+(?:\.\d+)?)\s?(?:%|per\s?cent\b)(?!\s*(?:CI|confidence))")
_RANGE_PERCENT = re.compile(r"(?<![\d.,])(?P<value>\d+(?:\.\d+)?)\s?[–-]\s?\d+(?:\.\d+)?\s?%")
_DECIMAL = re.compile(r"(?<![\w.,])(?P<value>[−-]?\d*\.\d+)(?![\w.]|\.\d)")
# Decimals that are not statistics: figure, table and section numbers, versions.
_NOT_A_STATISTIC = re.compile(r"(?:Figure|Table|Section|§|Chapter|chapter|figure|table|section|Standard|standard|Std\.|version|Vol\.|pp?\.)\s*$")


@dataclass(frozen=True)
class Statistic:
    """A number printed in the book: its metric (None when the text does not say) and value."""

    metric: str | None
    value: Decimal
    text: str  # as printed
    start: int
    line: int


@dataclass
class Fact:
    key: str
    metric: str
    value: Decimal
    shown: str  # the value as written in the register
    about: str
    where: str
    checked: str
    derived: str = ""
    path: str = ""
    line: int = 0


@dataclass
class Register:
    facts: list[Fact] = field(default_factory=list)
    # path of a book file -> values it may print without a source (worked examples), with why
    illustrations: dict[str, dict[Decimal, str]] = field(default_factory=dict)

    def by_key(self) -> dict[str, list[Fact]]:
        out: dict[str, list[Fact]] = {}
        for fact in self.facts:
            out.setdefault(fact.key, []).append(fact)
        return out

    def matches(self, stat: Statistic, keys) -> list[Fact]:
        """Registered figures of ``keys`` that ``stat`` may be (same value; same metric if the text names one)."""
        wanted = set(keys)
        return [
            f for f in self.facts
            if f.key in wanted and f.value == stat.value and (stat.metric is None or _compatible(stat.metric, f.metric))
        ]


def _compatible(printed: str, registered: str) -> bool:
    if printed == registered:
        return True
    # A CI bound or a plain value may be printed with the metric of its estimate.
    return registered in ("CI", "value") or (printed in ("k", "N") and registered in ("k", "N"))


def number(text: str) -> Decimal | None:
    """A printed number as a Decimal: thousands separators and the typographic minus handled."""
    cleaned = text.replace(",", "").replace("−", "-").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


# Finding statistics ---------------------------------------------------------------------------


def _prose(text: str) -> str:
    """The text with what is not prose blanked out (same length): comments, link targets, ids, code."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    text = re.sub(r"<!--.*?-->", blank, text, flags=re.S)
    text = re.sub(r"\]\([^)\n]*\)", blank, text)
    text = re.sub(r"\{[#.][^}\n]*\}", blank, text)
    text = re.sub(r"`[^`\n]*`", blank, text)
    text = re.sub(r"https?://\S+", blank, text)
    text = re.sub(r"\[@[^\]\n]*\]", blank, text)  # citations and their page locators
    text = re.sub(r"<[^>\n]+>", blank, text)
    return text.replace("*", " ").replace("_", " ")


def find_statistics(text: str) -> list[Statistic]:
    """Every statistic in Markdown ``text``, in order (one per printed number)."""
    return list(_statistics(text))


# Each build checks every text of the book, and a preview builds again after every save:
# a text's statistics depend on the text alone, so they are found once.
@functools.lru_cache(maxsize=65536)
def _statistics(text: str) -> tuple[Statistic, ...]:
    prose = _prose(text)
    line_of = line_finder(prose)
    found: dict[int, Statistic] = {}

    def add(start: int, metric: str | None, raw: str) -> None:
        value = number(raw)
        if value is None or start in found:
            return
        found[start] = Statistic(metric, value, raw, start, line_of(start))

    for m in _TAGGED.finditer(prose):
        metric = m.group("metric")
        add(m.start("value"), _METRIC_ALIASES.get(metric, metric if metric != "R" else "r"), m.group("value"))
    for m in _COUNT.finditer(prose):
        add(m.start("value"), "k" if re.fullmatch(_K_NOUNS, m.group("noun"), re.I) else "N", m.group("value"))
    for pattern in (_PERCENT, _RANGE_PERCENT):
        for m in pattern.finditer(prose):
            add(m.start("value"), "%", m.group("value"))
    for m in _DECIMAL.finditer(prose):
        if _NOT_A_STATISTIC.search(prose[max(0, m.start() - 12) : m.start()]):
            continue
        add(m.start("value"), None, m.group("value"))
    return tuple(found[k] for k in sorted(found))


# Loading the register ---------------------------------------------------------------------------

_FACT_KEYS = {"metric", "value", "about", "where", "checked", "derived"}


def load_register(folder: Path, shown: str, log: ErrorLog) -> Register:
    """Every ``*.yml`` file of ``folder``; each mistake reported with its file and line."""
    register = Register()
    for path in sorted(folder.glob("*.yml")):
        where = f"{shown}/{path.name}"
        try:
            data = yamlsource.load_file(path)
        except yamlsource.YAMLSyntaxError as exc:
            log.add(where, exc.line, exc.problem)
            continue
        if not isinstance(data, dict):
            log.add(where, 1, "the register must be a mapping with 'sources:' and optionally 'illustrations:'")
            continue
        for source in data.get("sources") or []:
            _load_source(source, where, register, log)
        for item in data.get("illustrations") or []:
            line = getattr(item, "line", 1)
            if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not isinstance(item.get("values"), list) or not item.get("why"):
                log.add(where, line, "an illustration needs file:, values: (a list) and why:")
                continue
            values = register.illustrations.setdefault(item["file"], {})
            for raw in item["values"]:
                value = number(str(raw))
                if value is None:
                    log.add(where, line, f"illustration value '{raw}' is not a number")
                else:
                    values[value] = str(item["why"])
    return register


def _load_source(source, where: str, register: Register, log: ErrorLog) -> None:
    line = getattr(source, "line", 1)
    if not isinstance(source, dict) or not isinstance(source.get("key"), str) or not isinstance(source.get("facts"), list):
        log.add(where, line, "each source needs key: (a citation key) and facts: (a list)")
        return
    for fact in source["facts"]:
        fline = getattr(fact, "line", line)
        if not isinstance(fact, dict):
            log.add(where, fline, "each fact must be a mapping with metric, value, about, where, checked")
            continue
        unknown = set(fact) - _FACT_KEYS
        if unknown:
            log.add(where, fline, f"fact has unknown key '{sorted(unknown)[0]}'; allowed: {', '.join(sorted(_FACT_KEYS))}")
        missing = [k for k in ("metric", "value", "about", "where", "checked") if not fact.get(k) and fact.get(k) != 0]
        if missing:
            log.add(where, fline, f"fact of {source['key']} has no '{missing[0]}'; every fact needs metric, value, about, where and checked")
            continue
        metric = _METRIC_ALIASES.get(str(fact["metric"]), str(fact["metric"]))
        if metric not in METRICS:
            log.add(where, fline, f"unknown metric '{fact['metric']}'; use one of: {', '.join(METRICS)}")
            continue
        value = number(str(fact["value"]))
        if value is None:
            log.add(where, fline, f"value '{fact['value']}' is not a number; write it as printed, e.g. \".278\" or \"2,419\"")
            continue
        register.facts.append(Fact(
            source["key"], metric, value, str(fact["value"]), str(fact["about"]), str(fact["where"]),
            str(fact["checked"]), str(fact.get("derived") or ""), where, fline,
        ))


# Checking a text against the register ----------------------------------------------------------


@dataclass(frozen=True)
class Unregistered:
    stat: Statistic
    keys: tuple[str, ...]  # the citation keys nearby


def blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans of Markdown: runs of lines between blank lines (indented boxes kept whole)."""
    spans, start, pos = [], None, 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            if start is None:
                start = pos
        elif start is not None:
            spans.append((start, pos))
            start = None
        pos += len(line)
    if start is not None:
        spans.append((start, pos))
    return spans


def _boxes(text: str) -> list[tuple[int, int]]:
    """Spans of admonitions (``!!! kind`` or ``??? kind`` and their indented body)."""
    spans = []
    for m in re.finditer(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?) .*\n(?:(?:(?P=indent)[ \t]+.*|[ \t]*)\n)*", text, re.M):
        spans.append((m.start(), m.end()))
    return spans


def check_markdown(text: str, register: Register, keys_in, allowed: dict[Decimal, str] | None = None) -> list[Unregistered]:
    """Statistics of a Markdown page that match no registered figure of a work cited nearby.

    Nearby means the same paragraph, else the box (admonition) around it, else the paragraph
    just before or after it. ``keys_in(text)`` returns the citation keys of a piece of text.
    """
    allowed = allowed or {}
    paragraphs = blocks(text)
    boxes = _boxes(text)
    problems = []
    for stat in find_statistics(text):
        if stat.value in allowed:
            continue
        at = next((i for i, (a, b) in enumerate(paragraphs) if a <= stat.start < b), None)
        if at is None:
            continue
        rings = [paragraphs[at]]
        rings += [box for box in boxes if box[0] <= stat.start < box[1]]
        rings += [paragraphs[i] for i in (at - 1, at + 1) if 0 <= i < len(paragraphs)]
        nearby: list[str] = []
        matched = False
        for a, b in rings:
            keys = keys_in(text[a:b])
            nearby += [k for k in keys if k not in nearby]
            if register.matches(stat, keys):
                matched = True
                break
        if not matched:
            problems.append(Unregistered(stat, tuple(nearby)))
    return problems


def check_strings(texts: list[str], register: Register, keys_in, allowed: dict[Decimal, str] | None = None) -> list[Unregistered]:
    """Statistics in a group of strings (one question, term or reflection): keys anywhere in the group count."""
    allowed = allowed or {}
    keys = list(dict.fromkeys(k for t in texts for k in keys_in(t)))
    problems = []
    for text in texts:
        own = keys_in(text)
        for stat in find_statistics(text):
            if stat.value in allowed:
                continue
            if not register.matches(stat, own) and not register.matches(stat, keys):
                problems.append(Unregistered(stat, tuple(keys)))
    return problems


def describe(stat: Statistic) -> str:
    """A statistic as a message shows it: "r = .278", "295 (k)", "7.7%" or ".30"."""
    if stat.metric == "%":
        return f"{stat.text}%"
    if stat.metric in ("k", "N"):
        return f"{stat.text} ({stat.metric})"
    return f"{stat.metric} = {stat.text}" if stat.metric else stat.text
