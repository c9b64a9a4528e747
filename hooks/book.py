"""MkDocs hooks of the book: quizzes, reflections, citations, figures, glossary, practice.

Thin glue: each event hands off to ``textbook.build.Build``, which does not import MkDocs.
"""

from __future__ import annotations

import functools
import json
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

# MkDocs puts this folder on sys.path only while it imports this file: import siblings now.
from textbook import downloads, searchable
from textbook.build import AuthoringErrors, Build, Page

_TIMINGS: dict[str, float] = {}  # seconds spent in each event, for scripts/benchmark.py
state: dict[str, Build] = {}


# Time spent in a hook event, written out when BOOK_HOOK_TIMINGS names a file (see on_post_build).
def _timed(event):
    @functools.wraps(event)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return event(*args, **kwargs)
        except AuthoringErrors as errors:
            raise PluginError(str(errors)) from None
        finally:
            _TIMINGS[event.__name__] = _TIMINGS.get(event.__name__, 0.0) + time.perf_counter() - start

    return run


# Hooks -------------------------------------------------------------------------------------

# The notebook's kernel runs on this machine for the build, bound to 127.0.0.1 and with signed
# messages; its "running over TCP without encryption" warning only alarms newcomers. This
# nbconvert configuration (read by mkdocs-jupyter) starts it with log level ERROR. A failing
# cell still fails the build, because the notebook is executed with allow_errors: false.
_JUPYTER_CONFIG = str(Path(__file__).parent / "jupyter")
if _JUPYTER_CONFIG not in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep):
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [_JUPYTER_CONFIG, os.environ.get("JUPYTER_CONFIG_PATH")]))


@_timed
def on_pre_build(config) -> None:
    build = Build(Path(config.config_file_path).parent, config.markdown_extensions, config.mdx_configs, config.site_url or "",
                  repo_url=(config.repo_url or "").rstrip("/"))
    build.load()
    state["build"] = build


@_timed
def on_files(files, config):
    build = state["build"]
    build.scan([_page(file, files) for file in files.documentation_pages()])
    for path, content in downloads.files(build).items():
        files.append(File.generated(config, path, content=content))
    return files


@_timed
def on_page_markdown(markdown: str, page, config, files) -> str:
    return state["build"].markdown(_page(page.file, files), markdown)


@_timed
def on_page_content(html: str, page, config, files) -> str:
    build = state["build"]
    html = build.html(_page(page.file, files), html)
    if getattr(page, "present_anchor_ids", None) is not None:  # what MkDocs checks links to other pages' anchors against
        page.present_anchor_ids |= build.anchors_stashed_on(_page(page.file, files))
    build.stop_if_errors()
    return html


@_timed
def _meta_description(context, page, config, nav):
    # Notebook pages carry their meta description in the notebook's own metadata.
    if page.file.src_uri.endswith(".ipynb") and not page.meta.get("description"):
        notebook = json.loads(page.file.content_string)
        page.meta["description"] = notebook.get("metadata", {}).get("description", "")
    return context


# Material's search reads page.content in its own on_page_context. It is handed the page
# without the blocks it skips (searchable.py), and the whole page is put back right after.
_FULL_CONTENT: dict[str, str] = {}


@event_priority(100)
@_timed
def _before_search(context, page, config, nav):
    _FULL_CONTENT[page.file.src_uri] = page.content
    page.content = searchable.indexable(page.content)
    return context


@event_priority(-100)
@_timed
def _after_search(context, page, config, nav):
    full = _FULL_CONTENT.pop(page.file.src_uri, None)
    if full is not None:
        page.content = searchable.without_search_attributes(full)
    return context


on_page_context = CombinedEvent(_meta_description, _before_search, _after_search)


@_timed
def on_post_build(config) -> None:
    for path, text in state["build"].after_pages().items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    target = os.environ.get("BOOK_HOOK_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(_TIMINGS), encoding="utf-8")
    _TIMINGS.clear()


# Helper functions --------------------------------------------------------------------------


# A MkDocs file as the book's Page: its source, its text and links to other pages.
def _page(file, files) -> Page:
    def url_to(src: str) -> str:
        target = files.get_file_from_path(src)
        return target.url_relative_to(file) if target else ""

    return Page(file.src_uri, file.content_string, url_to)
