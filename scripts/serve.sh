#!/bin/sh
# Build the book and serve it at http://127.0.0.1:8000/ (rebuilds when you edit).
set -e
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
NO_MKDOCS_2_WARNING=1 exec .venv/bin/python -m mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
