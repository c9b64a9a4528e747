#!/bin/sh
# Build the book and serve it at http://127.0.0.1:8000/ (rebuilds when you edit).
# It keeps this terminal until you press Ctrl+C; run the tests in a second terminal.
# --dirty: after a save, the pages the saved file belongs to are built first and the rest of
# the book straight after (hooks/textbook/preview.py), so an edit shows in a second or two.
set -e
cd "$(dirname "$0")/.."
say() { printf '%s\n' "serve.sh: $*" >&2; }
if ! [ -x .venv/bin/python ]; then
  say "creating a virtual environment in .venv (first run only)…"
  python3 -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.installed-requirements; then
  say "installing the book's requirements (first run, or when requirements.txt changes; about a minute)…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/.installed-requirements
fi
say "building the book; it will be at http://127.0.0.1:8000/ in a few seconds (Ctrl+C stops it)…"
NO_MKDOCS_2_WARNING=1 exec .venv/bin/python -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000 "$@"
