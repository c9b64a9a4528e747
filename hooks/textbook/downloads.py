"""Files instructors download (LMS question banks), kept in build/ while their inputs are unchanged."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from . import citations as cites
from . import export_lms

DOWNLOADS = {
    "qti": "downloads/alliance-question-banks-qti.zip",
    "report": "downloads/qti-report.txt",
    "gift": "downloads/alliance-question-banks.gift.txt",
}


def files(build) -> dict[str, bytes]:
    """Every download as bytes, from the cache when the banks, bibliography and code are unchanged."""
    inputs = [repr(build.markdown_extensions), repr(build.mdx_configs)]
    inputs += [p.read_text(encoding="utf-8") for p in sorted((build.root / "quizzes").glob("*.yml"))]
    inputs += [build.bib.text]
    inputs += [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("*.py"))]
    key = hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:32]
    cache = build.cache / "downloads" / key
    if not all((cache / name).exists() for name in DOWNLOADS.values()):
        for name, content in _make(build).items():
            (cache / name).parent.mkdir(parents=True, exist_ok=True)
            (cache / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return {name: (cache / name).read_bytes() for name in DOWNLOADS.values()}


def _make(build) -> dict[str, bytes | str]:
    md = build.md
    md.cite, md.context = (lambda text: _cite_as_text(text, build)), "lms"
    as_html = lambda text: re.sub(r"</?(a|abbr|span)\b[^>]*>", "", md.inline(text))  # noqa: E731
    package, report = export_lms.qti_package(build.library, as_html)
    return {
        DOWNLOADS["qti"]: package,
        DOWNLOADS["report"]: report,
        DOWNLOADS["gift"]: export_lms.gift(build.library, as_html),
    }


# Citations as plain APA text, for places without the book's reference lists (LMS exports).
def _cite_as_text(text: str, build) -> str:
    out, last = [], 0
    for c in cites.find_citations(text):
        rendered = build.rendered.citations.get(c.raw, c.raw)
        out += [text[last : c.start], html.unescape(re.sub(r"<[^>]+>", "", rendered))]
        last = c.end
    return "".join(out) + text[last:]
