#!/bin/sh
# Scaffolds a new rule in one step: its registry line (rules.def), its
# implementation (rules/<name>.c, for a static rule), its doc with the fixed
# sections (rules/<name>.md) and two testcase skeletons
# (testcases/<name>/bad_example.c, good_example.c).
#
#   rules/new_rule.sh RULE-NAME WPnnn "one-line summary" [STATIC_AND_RUNTIME|RUNTIME_ONLY]
set -eu

if [ $# -lt 3 ]; then
  echo "usage: $0 rule-name WPnnn \"one-line summary\" [STATIC_AND_RUNTIME|RUNTIME_ONLY]" >&2
  exit 2
fi
name=$1 id=$2 summary=$3 kind=${4:-STATIC_AND_RUNTIME}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

case $name in
  *[!a-z0-9-]* | -* | "") echo "$0: rule names are lower-case words joined by '-'" >&2; exit 2 ;;
esac
case $id in
  WP[0-9][0-9][0-9]) ;;
  *) echo "$0: ids look like WP007" >&2; exit 2 ;;
esac
case $kind in
  STATIC_AND_RUNTIME) severity=WARNING ;;
  RUNTIME_ONLY) severity=ERROR ;;
  *) echo "$0: kind is STATIC_AND_RUNTIME or RUNTIME_ONLY" >&2; exit 2 ;;
esac
if grep -q "\"$name\"\\|\"$id\"" "$here/rules.def"; then
  echo "$0: $name or $id is already in rules.def" >&2
  exit 1
fi
enum=$(echo "$name" | tr 'a-z-' 'A-Z_')

printf 'WP_RULE(%s, "%s", "%s", %s, %s, "%s")\n' "$enum" "$name" "$id" "$severity" "$kind" "$summary" \
  >> "$here/rules.def"

if [ "$kind" = STATIC_AND_RUNTIME ]; then
  cat > "$here/$name.c" <<EOC
/* $name ($id): $summary.
 * Walk the facts (analysis.h: wp_each_spawn, wp_effects, wp_search, ...)
 * and report with wp_find_add(a, WP_RULE_$enum, loc, message). */
#include "analysis.h"

void wp_rule_run_$enum(wp_analysis *a)
{
  (void)a;
}
EOC
fi

cat > "$here/$name.md" <<EOC
# $name ($id)

$summary.

## What it finds

TODO: the pattern, and where the finding is reported.

## Why it is a bug

TODO: what goes wrong at run time (and what Go does).

## Example

\`\`\`c
/* TODO: the mistake */
\`\`\`

## Use instead

\`\`\`c
/* TODO: the fix */
\`\`\`

## What debug mode reports

\`\`\`
wpool: error: $name at main.c:42 in main (TODO)
\`\`\`
EOC

mkdir -p "$root/testcases/$name"
marker=expect
[ "$kind" = RUNTIME_ONLY ] && marker=expect-runtime
cat > "$root/testcases/$name/bad_example.c" <<EOC
/* TODO: a program that makes the $name mistake.  Corrected twin:
 * good_example.c. */
#include <wpool.h>

int main(void)
{
  return 0; // $marker: $name
}
EOC
cat > "$root/testcases/$name/good_example.c" <<EOC
/* TODO: twin of bad_example.c without the mistake. */
#include <wpool.h>

int main(void)
{
  return 0;
}
EOC

echo "added $name ($id): rules/rules.def, rules/$name.md$( [ "$kind" = STATIC_AND_RUNTIME ] && echo ", rules/$name.c"), testcases/$name/{bad,good}_example.c"
echo "re-run cmake to register them"
