/* Facts extraction: one parsed translation unit -> functions with their
 * control flow graphs, wpool operations, calls, spawns, alias pairs and
 * waitgroup copies (ir.h). The TU can be disposed afterwards. */
#ifndef WPCHECK_FACTS_H
#define WPCHECK_FACTS_H
#include <clang-c/Index.h>

#include "config.h"
#include "ir.h"

/* spawners: the file's spawn wrappers (its .wpcheck files), NULL if none. */
void wp_facts_extract(wp_program *p, CXTranslationUnit tu, int tu_index, const wp_spawners *spawners);

#endif
