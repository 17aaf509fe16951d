#!/bin/sh
# Runs the wpool benchmark against Go and GLib; see README.md.
#   runtime/bench/run.sh [--quick] [--reps R] [--scale F] [--only REGEX] BUILD_DIR
# The work is done by run.py (Python 3, standard library only).
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 1
if ! command -v python3 >/dev/null 2>&1; then
  echo "run.sh: python3 is needed to drive the benchmark" >&2
  exit 1
fi
exec python3 "$here/run.py" "$@"
