#!/usr/bin/env bash
# Quick start, step 2: every test.  The default suite (runtime unit and
# stress tests, testcases in release and debug mode, checker and CLI tests),
# the long runs (every debug-mode case 20 times with both cores busy), then
# the runtime under ThreadSanitizer, the runtime and wpcheck under valgrind
# memcheck, the runtime with fault injection, everything under
# AddressSanitizer + UndefinedBehaviorSanitizer, wpcheck built against
# LLVM 19 (the default build uses 14), and wpcheck fuzzed with libFuzzer for
# two minutes.
# --quick runs the default suite only.
set -euo pipefail
cd "$(dirname "$0")/.."

run_preset() {
  echo "== preset $1 =="
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
  ctest --preset "$1"
}

cmake --build --preset default
ctest --preset default
[ "${1:-}" = "--quick" ] && exit 0
echo "== long runs =="
ctest --preset long
for preset in tsan valgrind fault asan llvm19 fuzz; do
  run_preset "$preset"
done
