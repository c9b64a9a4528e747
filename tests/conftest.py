"""Shared fixtures: the built book (once per run), a local server, and a real Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the textbook package, as MkDocs imports it

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def quiet_env(tmp: Path, **extra: str) -> dict:
    """The environment for a build: Jupyter, matplotlib and friends write under ``tmp``."""
    env = dict(os.environ)
    for name in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                 "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env[name] = str(tmp / name.lower())
    env.update(NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg", **extra)
    return env


# The sources a build reads (the tests, the tools and the editions are not part of it).
BOOK_SOURCES = ("mkdocs.yml", "references.bib", "docs", "quizzes", "hooks", "overrides", "figures", "practice", "research")


def copy_of_the_book(dest: Path, extra: tuple[str, ...] = ()) -> Path:
    """The book's sources (and ``extra`` files or folders of the project) copied to ``dest``."""
    for name in BOOK_SOURCES + extra:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def run_build(config: Path, site: Path, env: dict) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` as a reader of the README would run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent, env=env, capture_output=True, text=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site(tmp_path_factory, port) -> Path:
    """The whole book, built once with --strict, notebooks executed and their cache off."""
    tmp = tmp_path_factory.mktemp("book")
    out = tmp / "site"
    env = quiet_env(tmp, SITE_URL=f"http://127.0.0.1:{port}/", NOTEBOOK_CACHE="false", NOTEBOOK_EXECUTE="true")
    result = run_build(ROOT / "mkdocs.yml", out, env)
    if result.returncode != 0:
        pytest.fail(
            f"the book does not build:\n{result.stdout}\n{result.stderr}\n"
            f"reproduce with: SITE_URL=http://127.0.0.1:{port}/ mkdocs build --strict",
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def editions(site) -> Path:
    """The PDF and EPUB editions, made from the built site by the README's command."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "editions.py"), "--site", str(site)],
                            capture_output=True, text=True, env=quiet_env(site.parent))
    if result.returncode != 0:
        pytest.fail(f"the editions do not build:\n{result.stdout}\n{result.stderr}\nreproduce with: python scripts/editions.py", pytrace=False)
    return site / "downloads"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is the stdlib's
        pass


@pytest.fixture(scope="session")
def base_url(site, port) -> str:
    """The built book served on 127.0.0.1, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def find_chromium() -> str | None:
    """Chromium from $BOOK_CHROMIUM, Debian's package, or None for Playwright's own browser."""
    configured = os.environ.get("BOOK_CHROMIUM")
    if configured:
        return configured
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), None)


def _playwright_has_browser() -> bool:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        return Path(p.chromium.executable_path).exists()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = find_chromium()
    if path:
        return {**browser_type_launch_args, "executable_path": path}
    if _playwright_has_browser():
        return browser_type_launch_args
    message = (
        "no Chromium found for the browser tests: install Debian's package (apt-get install chromium), "
        "run 'python -m playwright install chromium', or set BOOK_CHROMIUM to a Chromium executable"
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def page(page, base_url):
    """A page whose requests, console errors and page errors are recorded for assertions."""
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_default_timeout(10_000)
    return page


def copy_fixture(name: str, dest: Path) -> Path:
    """A fixture site under tests/fixtures, copied to ``dest`` with our hooks wired in."""
    source = ROOT / "tests" / "fixtures" / name
    shutil.copytree(source, dest, dirs_exist_ok=True)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("HOOKS", str(ROOT / "hooks" / "book.py"))
    config.write_text(text, encoding="utf-8")
    if not (dest / "references.bib").exists():
        shutil.copy(ROOT / "references.bib", dest / "references.bib")
    return config
