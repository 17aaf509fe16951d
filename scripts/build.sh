#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build everything, and run
# the main job (wpcheck over testcases/, or the classic worker-pool demo when
# the checker is not built).  Works as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian 12 packages: the build, the checker's libclang (the default LLVM 14
# and LLVM 19, which CI also builds against), the sanitizer/valgrind test
# runs and the benchmark references (Go, GLib).
PACKAGES=(
  build-essential cmake pkg-config python3 git clang
  llvm-14 libclang-14-dev llvm-19 libclang-19-dev clang-19
  valgrind golang-go libglib2.0-dev pre-commit
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "build.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake --preset default
cmake --build --preset default

# The validator of the SARIF test (Microsoft's SARIF Multitool, pinned by
# analyzer/tests/sarif/package-lock.json), into the build tree, when npm is
# there; without it cli.sarif_validates installs it itself or is skipped.
if command -v npm >/dev/null 2>&1 && [ -d build/analyzer ]; then
  mkdir -p build/sarif-multitool
  cp analyzer/tests/sarif/package.json analyzer/tests/sarif/package-lock.json build/sarif-multitool/
  npm ci --prefix build/sarif-multitool --ignore-scripts --no-audit --no-fund --loglevel=error ||
    echo "build.sh: npm could not install @microsoft/sarif-multitool; cli.sarif_validates will be skipped"
fi

if [ -x build/analyzer/wpcheck ]; then
  echo "== wpcheck over testcases/ (the bad cases are meant to be found) =="
  status=0
  build/analyzer/wpcheck testcases/ || status=$?
  # 1 means findings, which the bad testcases are there to produce.
  [ "$status" -le 1 ] || exit "$status"
else
  echo "== the classic worker pool, in C =="
  build/testcases/patterns/pool_waitgroup_closer
fi
