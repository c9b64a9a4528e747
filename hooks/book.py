"""MkDocs hooks of the book: quizzes, reflections, citations, figures, glossary, practice.

Thin glue: each event hands off to ``textbook.build.Build``, which does not import MkDocs.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

# MkDocs puts this folder on sys.path only while it imports this file: import siblings now.
from textbook import downloads, searchable
from textbook.build import AuthoringErrors, Build, Page
from textbook.preview import Preview

_TIMINGS: dict[str, float] = {}  # seconds spent in each event, for scripts/benchmark.py
state: dict[str, Build] = {}
# Under `mkdocs serve --dirty` (scripts/serve.sh): what the preview remembers between builds,
# the pages this build makes first (None: all of them), and the file that asks for the rest.
_preview: dict = {"preview": None, "first": None, "first_urls": set(), "trigger": None, "downloads": None}
log = logging.getLogger("mkdocs.plugins.book")


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


def on_startup(command, dirty) -> None:
    if command == "serve" and dirty:
        _preview["preview"] = Preview(Path(__file__).resolve().parent.parent)
        # MkDocs warns on every dirty build that other pages may be out of date; the preview
        # builds them straight after (textbook/preview.py), so the warning would only alarm.
        logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())


def on_serve(server, config, builder):
    # Saving this file (in build/, which only the preview writes) asks for the rest of the book.
    if _preview["preview"] is not None:
        trigger = Path(config.config_file_path).parent / "build" / "preview" / "rest-of-the-book"
        trigger.parent.mkdir(parents=True, exist_ok=True)
        trigger.touch()
        server.watch(str(trigger), recursive=False)
        _preview["trigger"] = trigger
    return server


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
    preview, first = _preview["preview"], None
    if preview is not None:
        preview.root = Path(config.config_file_path).parent
        first = _preview["first"] = preview.plan({file.src_uri: file.content_string for file in files.documentation_pages()})
        for file in files.documentation_pages():  # MkDocs asks this of each page in a dirty build
            file.is_modified = functools.partial(lambda build_it: build_it, first is None or file.src_uri in first)
        _preview["first_urls"] = {file.url for file in files.documentation_pages() if first is not None and file.src_uri in first}
        if first is not None:
            log.info("Preview: building %s first; the rest of the book follows", ", ".join(f"docs/{src}" for src in sorted(first)))
    # The downloads (question banks for LMSs) are part of the rest of the book in a preview.
    made = _preview["downloads"] if first is not None and _preview["downloads"] else downloads.files(build)
    _preview["downloads"] = made
    for path, content in made.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_nav(nav, config, files):
    # A page left for the second step is not read, but other pages' menus need its title.
    first, preview = _preview["first"], _preview["preview"]
    if first is not None:
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri not in first:
                file.page.markdown = ""
                file.page.meta = {"title": preview.titles[file.src_uri]}
    return nav


def on_env(env, config, files):
    # MkDocs makes a new Jinja environment, so compiles every template again, on every build
    # (half a second). Compiled templates are kept in build/, keyed by their source.
    folder = state["build"].cache / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


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


@_timed
def _remember_title(context, page, config, nav):
    if _preview["preview"] is not None:
        _preview["preview"].titles[page.file.src_uri] = page.title
    return context


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


on_page_context = CombinedEvent(_meta_description, _remember_title, _before_search, _after_search)


@_timed
def _write_after_pages(config) -> None:
    build = state["build"]
    made = dict(build.site_files)  # files the pages built in this build refer to (notebook plots)
    if _preview["first"] is None:  # what after_pages writes needs every page built
        made.update({path: text.encode("utf-8") for path, text in build.after_pages().items()})
    for path, content in made.items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    target = os.environ.get("BOOK_HOOK_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(_TIMINGS), encoding="utf-8")
    _TIMINGS.clear()


@event_priority(100)  # before Material's search writes its index
def _merge_search_index(config) -> None:
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if index is None:
        return
    first, previous = _preview["first"], getattr(search, "search_index_prev", None)
    if first is not None and previous is not None:
        # Material keeps the last index across dirty builds but can merge only one page into
        # it (and every page, for the home page). Merge the pages built first here instead.
        kept = [entry for entry in previous.entries if entry["location"].split("#")[0] not in _preview["first_urls"]]
        index.entries = kept + index.entries
    search.search_index_prev = None


def _build_the_rest(config) -> None:
    preview, trigger = _preview["preview"], _preview["trigger"]
    if preview is None or trigger is None:
        return
    if _preview["first"] is not None:
        # The browser reloads as soon as this build returns, showing the edited pages; the
        # rest of the book is built next, and open pages reload once more when it is done.
        trigger.write_text(str(time.time()), encoding="utf-8")
    else:
        log.info("Preview: the whole book is up to date")


on_post_build = CombinedEvent(_write_after_pages, _merge_search_index, _build_the_rest)


# Helper functions --------------------------------------------------------------------------


# A MkDocs file as the book's Page: its source, its text and links to other pages.
def _page(file, files) -> Page:
    def url_to(src: str) -> str:
        target = files.get_file_from_path(src)
        return target.url_relative_to(file) if target else ""

    return Page(file.src_uri, file.content_string, url_to, file.dest_uri)
