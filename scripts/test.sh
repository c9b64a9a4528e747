#!/bin/sh
# Install what the tests need and run them all:
#   - a virtual environment in .venv with the pinned Python packages;
#   - the pinned Node tools in tools/ (Ace by DAISY, Lighthouse) from tools/package-lock.json;
#   - a Chromium for the browser tests and EPUBCheck for the EPUB edition (Debian packages
#     when this is Debian and you are root; otherwise it tells you what to install).
# Extra arguments go to pytest, e.g. `sh scripts/test.sh tests/unit -x`.
set -e
cd "$(dirname "$0")/.."
say() { printf '%s\n' "test.sh: $*" >&2; }

missing=""
command -v java >/dev/null 2>&1 && [ -f /usr/share/java/epubcheck.jar ] || missing="$missing epubcheck"
if [ -z "${BOOK_CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ] && ! [ -x /usr/bin/chromium-browser ]; then
  missing="$missing chromium"
fi
if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    say "please install:$missing (Debian/Ubuntu: sudo apt-get install$missing). Without Chromium the"
    say "tests fall back to Playwright's own browser; without EPUBCheck the EPUB test fails and says so."
  fi
fi

say "Python packages (requirements-test.txt)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-test-nodeps.txt
if [ -z "${BOOK_CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ] && ! [ -x /usr/bin/chromium-browser ]; then
  .venv/bin/python -m playwright install chromium || say "could not download Playwright's Chromium; install one (apt-get install chromium) or set BOOK_CHROMIUM."
fi

if command -v npm >/dev/null 2>&1; then
  if ! [ -x tools/node_modules/.bin/ace-cli ] || ! cmp -s tools/package-lock.json tools/node_modules/.installed-from-lock; then
    say "Node tools (tools/package-lock.json)"
    # The tools drive the system Chromium, so Puppeteer need not download its own.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tools --no-audit --no-fund --loglevel=error
    cp tools/package-lock.json tools/node_modules/.installed-from-lock
  fi
else
  say "npm is missing: install Node.js 20 or newer for the EPUB accessibility check (Ace)."
fi

say "running the tests"
set +e
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  say "no test was collected: that is a failure, not a pass."
  exit 1
fi
exit "$status"
