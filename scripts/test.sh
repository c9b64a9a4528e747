#!/bin/sh
# Install what the tests need (a virtual environment, pinned packages, a Chromium) and run them all.
# Extra arguments go to pytest, e.g. `sh scripts/test.sh tests/unit -x`.
set -e
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-test-nodeps.txt
# Browser tests use Debian's Chromium when present, or $BOOK_CHROMIUM, or Playwright's own browser.
if [ -z "${BOOK_CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ] && ! [ -x /usr/bin/chromium-browser ]; then
  .venv/bin/python -m playwright install chromium || echo "Could not download Playwright's Chromium; install one (e.g. apt-get install chromium) or set BOOK_CHROMIUM." >&2
fi
set +e
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "No test was collected: that is a failure, not a pass." >&2
  exit 1
fi
exit "$status"
