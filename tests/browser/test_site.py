"""Every page of the built book: no console error, no request off this machine, no axe-core
violation, working links and anchors, and real instant navigation."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def page_paths() -> list[str]:
    """The URL path of every page, from the sources (so tests exist before the build runs)."""
    docs = ROOT / "docs"
    paths = []
    for source in sorted([*docs.rglob("*.md"), *docs.rglob("*.ipynb")]):
        if ".ipynb_checkpoints" in source.parts:
            continue
        rel = source.relative_to(docs).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "index":
            parts = parts[:-1]
        paths.append("/" + "/".join(parts) + ("/" if parts else ""))
    return paths


PAGES = page_paths()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()  # axe-core from the package's own copy: no CDN


def _external(requests: list[str]) -> list[str]:
    return [url for url in requests if urlparse(url).scheme in ("http", "https", "ws", "wss")
            and urlparse(url).hostname != "127.0.0.1"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_privately_without_errors_or_accessibility_violations(page, base_url, axe, path):
    response = page.goto(base_url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    assert page.errors == [], f"console errors on {path}"
    assert _external(page.requests) == [], f"requests leaving this machine from {path}"
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
    assert violations == [], f"axe-core on {path}"


@pytest.mark.parametrize("path", PAGES)
def test_dark_mode_pages_have_no_accessibility_violations(page, base_url, axe, path):
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = [f"{v['id']}: {v['nodes'][0]['target']}" for v in results.response["violations"]]
    assert violations == [], f"axe-core on {path} in dark mode"


def test_instant_navigation_really_happens(page, base_url):
    page.goto(base_url + "/")
    page.evaluate("window.__stillHere = 'yes'")
    page.get_by_role("link", name="Start with Chapter 1").click()
    page.wait_for_url("**/part-1/01-what-is-the-alliance/")
    expect_heading = page.get_by_role("heading", level=1, name=re.compile("What is the therapeutic alliance"))
    expect_heading.wait_for()
    # A full page load would have wiped the window object.
    assert page.evaluate("window.__stillHere") == "yes"


def test_every_internal_link_and_anchor_resolves(site, port, editions):
    origin = f"http://127.0.0.1:{port}"
    ids: dict[Path, set[str]] = {}
    soups = {}
    for html_file in site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        soups[html_file] = soup
        ids[html_file] = {el["id"] for el in soup.select("[id]")} | {el["name"] for el in soup.select("a[name]")}
    broken = []
    for html_file, soup in soups.items():
        page_url = origin + "/" + html_file.relative_to(site).as_posix()
        for anchor in soup.select("a[href]"):
            href = anchor["href"]
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urlparse(urljoin(page_url, href))
            if f"{target.scheme}://{target.netloc}" != origin:
                continue
            path = site / unquote(target.path).lstrip("/")
            if path.is_dir() or target.path.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{html_file.relative_to(site)}: {href} (no such file)")
            elif target.fragment and path.suffix == ".html" and unquote(target.fragment) not in ids.get(path, set()):
                broken.append(f"{html_file.relative_to(site)}: {href} (no such anchor)")
    assert broken == []


def test_every_page_has_its_own_meta_description(site):
    missing, default = [], []
    for html_file in site.rglob("index.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        meta = soup.select_one('meta[name="description"]')
        if meta is None or not meta.get("content", "").strip():
            missing.append(str(html_file.relative_to(site)))
        elif meta["content"].startswith("A free, open, interactive textbook on the therapeutic alliance: the working"):
            default.append(str(html_file.relative_to(site)))
    assert missing == []
    assert default == [], "pages falling back to the site description"


def test_citations_show_their_reference_on_keyboard_focus(page, base_url):
    page.goto(base_url + "/part-1/02-history/")
    citation = page.locator("a.citation-link").first
    key = citation.get_attribute("data-ref")
    assert citation.get_attribute("title") is None, "the reference is not repeated in a title attribute"
    citation.focus()
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    reference = page.locator(f"#ref-{key}").inner_text()
    assert " ".join(tooltip.inner_text().split()) == " ".join(reference.split())
    # The tooltip floats over the page: focusing another citation does not move the text around it.
    before = page.locator("article h1").bounding_box()
    page.locator("a.citation-link").nth(1).focus()
    assert page.locator("article h1").bounding_box() == before
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()


def test_key_terms_are_links_with_their_definition_on_focus_and_never_in_questions(page, base_url):
    page.goto(base_url + "/part-3/12-ruptures-and-repair/")
    term = page.locator("article a.term").first
    term.focus()
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    described = page.locator("#" + term.get_attribute("aria-describedby"))
    assert tooltip.inner_text() == described.inner_text()
    expect(term).to_have_attribute("href", re.compile(r"glossary/#"))
    # Not in headings, questions, options or feedback, and never an <abbr> title.
    assert page.locator("h1 a.term, h2 a.term, h3 a.term, .quiz a.term, abbr[title]").count() == 0
    # At most one link per term in each section.
    hrefs = page.evaluate("""() => {
        const seen = [];
        let section = 0;
        for (const el of document.querySelectorAll('article h2, article a.term')) {
            if (el.tagName === 'H2') section++; else seen.push(section + ' ' + el.getAttribute('href'));
        }
        return seen;
    }""")
    assert len(hrefs) == len(set(hrefs))


def test_search_finds_a_chapter_and_its_index_is_fetched_only_when_wanted(page: Page, base_url: str):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "/part-1/03-goals-tasks-bond/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "search_index" in url], "reading a page must not download the search index"
    page.keyboard.press("/")
    search = page.get_by_role("textbox", name="Search")
    expect(search).to_be_focused()
    search.press_sequentially("metacommunication")
    results = page.get_by_role("dialog", name="Search").get_by_role("link")
    expect(results.filter(has_text=re.compile("rupture", re.I)).first).to_be_visible()
    assert [url for url in requests if "search_index" in url]
    results.filter(has_text=re.compile("rupture", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("rupture", re.I))


def test_the_search_index_holds_reading_not_interface_or_repeated_lists(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = {doc["location"]: doc["text"] for doc in index["docs"]}
    chapter = {loc: t for loc, t in text.items() if loc.startswith("part-1/03-goals-tasks-bond/")}
    assert any("Bordin" in t for t in chapter.values())
    assert chapter["part-1/03-goals-tasks-bond/#references"] == "", "a chapter's reference list is searched on the References page"
    assert any("Bordin, E. S. (1979)" in t for loc, t in text.items() if loc.startswith("back/references/"))
    everything = " ".join(text.values())
    for interface in ("Show a model response", "saving needs JavaScript", "Clear response", "Undo clear", "Go to this exercise"):
        assert interface not in everything, interface
    assert not any(loc.startswith("back/journal/#journal-") for loc in text)
    # A heading inside a skipped widget (a quiz's score, a practice client) is no search result.
    page_titles = {doc["location"]: doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    widget_headings = [doc["location"] for doc in index["docs"] if "#" in doc["location"] and not doc["text"]
                       and doc["title"] == page_titles.get(doc["location"].split("#")[0])]
    assert not widget_headings, widget_headings[:5]
    # A figure is found by its caption and description, not by its drawing's scattered labels.
    page = BeautifulSoup((site / "part-1" / "03-goals-tasks-bond" / "index.html").read_text(encoding="utf-8"), "html.parser")
    labels = {t.get_text(" ", strip=True) for t in page.select(".book-figure__art svg text")}
    for svg in page.select(".book-figure__art"):
        svg.decompose()
    elsewhere = page.get_text(" ")
    drawing_only = [label for label in labels if len(label.split()) >= 2 and label not in elsewhere]
    assert drawing_only, "Chapter 3's figures have labels of their own"
    assert not [label for label in drawing_only if label in " ".join(chapter.values())]


def test_the_notebook_plots_have_real_alt_text(site):
    soup = BeautifulSoup((site / "part-1" / "evidence-in-numbers" / "index.html").read_text(encoding="utf-8"), "html.parser")
    plots = soup.select(".jp-Cell-outputWrapper img")
    assert len(plots) >= 3
    assert all(len(img.get("alt", "")) > 40 and "No description" not in img["alt"] for img in plots)


def test_the_notebook_plots_arrive_as_files_when_the_reader_nears_them_without_moving_the_text(page, base_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/part-1/evidence-in-numbers/")
    plots = page.get_by_role("img", name=re.compile(r"^(Forest plot|Two grids|Line chart)"))
    expect(plots).to_have_count(3)
    for index in range(3):
        plot = plots.nth(index)
        src = plot.get_attribute("src")
        assert not src.startswith("data:") and plot.get_attribute("loading") == "lazy", f"the plot is inside the page: {src[:40]}…"
        reserved = plot.bounding_box()
        assert reserved["height"] > 50, "the plot's place is not kept before it loads: the text below it would move"
        plot.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=plot.element_handle())
        assert plot.bounding_box()["height"] == pytest.approx(reserved["height"], abs=1)
    expect(page.locator("article img[src^='data:']")).to_have_count(0)  # no plot is left inside the page


# Every element of the notebook, as the browser styles it: all computed properties, and what
# its ::before and ::after show.
_NOTEBOOK_STYLES = """() => [...document.querySelectorAll(".jupyter-wrapper, .jupyter-wrapper *")].map((e) => {
  const all = getComputedStyle(e);
  const name = e.tagName.toLowerCase() + (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "");
  return [name, [...all].map((p) => `${p}: ${all.getPropertyValue(p)}`).join("; "),
          getComputedStyle(e, "::before").content, getComputedStyle(e, "::after").content];
})"""


def test_the_notebook_page_carries_only_the_notebook_css_it_uses_and_looks_the_same(page, base_url, site):
    # mkdocs-jupyter inlines JupyterLab's whole stylesheet; the build keeps the rules the page can use.
    import mkdocs_jupyter

    path = "/part-1/evidence-in-numbers/"
    built = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    full = (Path(mkdocs_jupyter.__file__).parent / "templates" / "mkdocs_html" / "assets" / "index.css").read_text(encoding="utf-8")
    styles = re.findall(r"(<style[^>]*>)(.*?)(</style>)", built, re.S)
    trimmed = [s for s in styles if s[1].strip()[:60] == full.strip()[:60]]
    assert len(trimmed) == 1, "the notebook page should carry JupyterLab's stylesheet once, trimmed"
    assert len(trimmed[0][1]) < len(full) / 5, f"the notebook CSS is {len(trimmed[0][1]):,} of {len(full):,} characters: not trimmed"
    untrimmed = built.replace("".join(trimmed[0]), trimmed[0][0] + full + trimmed[0][2])
    looks = {}
    for version, text in (("as built", None), ("with the whole stylesheet", untrimmed)):
        if text is not None:
            page.route(base_url + path, lambda route, request, text=text: route.fulfill(body=text, content_type="text/html"))
        for scheme in ("default", "slate"):  # light and dark, as the reader's palette toggle sets them
            page.goto(base_url + path)
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            looks[version, scheme] = page.evaluate(_NOTEBOOK_STYLES)
    for scheme in ("default", "slate"):
        built_look, full_look = looks["as built", scheme], looks["with the whole stylesheet", scheme]
        assert len(built_look) == len(full_look) > 500
        for (name, style, before, after), (_, style0, before0, after0) in zip(built_look, full_look):
            assert (style, before, after) == (style0, before0, after0), (
                f"{name} is styled differently with the trimmed notebook CSS ({scheme}): "
                + "; ".join(sorted(set(style.split("; ")) ^ set(style0.split("; ")))[:6]))


# The page as the browser first paints it when the network or the parser pauses after a block:
# everything after that block deleted. The blocks already on screen must stay where they are.
# (Within a paragraph, a line's last word may rewrap when the next word arrives, and a table
# sizes its columns from all of its rows: those are the browser's, so the check is made on
# whole blocks that show something, and treats a table as one.)
_ARRIVING_LATER = """() => {
  const article = document.querySelector(".md-content article");
  const isBlock = (e) => !getComputedStyle(e).display.startsWith("inline") && !e.parentElement.closest("table");
  const seen = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.top < innerHeight; };
  const blocks = [...article.querySelectorAll("*")].filter((e) => isBlock(e) && seen(e));
  const place = (e) => { const r = e.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y)]; };
  const name = (e) => e.tagName.toLowerCase() + (typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : "");
  const first = new Map(blocks.map((e) => [e, place(e)]));
  for (let cut = blocks.length - 1; cut >= 0; cut--) {
    const later = document.createRange();
    later.setStartAfter(blocks[cut]);
    later.setEndAfter(article.lastChild);
    later.deleteContents();
    for (const e of blocks.slice(0, cut + 1)) {
      if ((e.contains(blocks[cut]) && e !== blocks[cut]) || !seen(e)) continue;  // not all there yet, or nothing to see
      const [x, y] = place(e), [x0, y0] = first.get(e);
      if (Math.abs(x - x0) > 1 || Math.abs(y - y0) > 1)
        return `${name(e)} is painted at (${x}, ${y}), then moves to (${x0}, ${y0}) when ${cut + 1 < blocks.length ? name(blocks[cut + 1]) : "the rest of the page"} arrives`;
    }
  }
  return null;
}"""


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/", "/part-1/03-goals-tasks-bond/", "/back/journal/", "/back/progress/", "/instructors/guide/"])
def test_what_is_painted_first_does_not_move_when_the_rest_of_the_page_arrives(browser, base_url, path, width, height):
    # Without scripts: a page painted before its scripts run (they come last) is what a slow
    # connection shows first; anything placed above content it comes after in the HTML moves it.
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        assert page.evaluate(_ARRIVING_LATER) is None
    finally:
        context.close()
