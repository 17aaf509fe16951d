/* Internal to facts.c / facts_expr.c / facts_call.c / facts_fix*.c: the
 * per-function CFG builder. */
#ifndef WPCHECK_FACTS_INT_H
#define WPCHECK_FACTS_INT_H
#include <clang-c/Index.h>

#include "astutil.h"
#include "config.h"
#include "ir.h"

#define WP_MAX_LOOPS 64

typedef struct wp_loop_frame {
  int brk, cont; /* cont -1: a switch */
  int open;      /* runs until something inside ends it (no count) */
  int eclosed;   /* its body tests WP_ECLOSED */
} wp_loop_frame;

typedef struct wp_label {
  int name, node;
} wp_label;

typedef struct wp_case_table { /* wp_case variables of the function */
  int var;
  wp_case_fact *cases;
  int n, cap;
} wp_case_table;

/* The statement being built when it is a direct child of a block
 * (facts_fix.c: where an add can go, which statement can be deleted). */
typedef struct wp_fix_pos {
  int set;        /* 0: none (outside every block) */
  CXCursor stmt;
  long block;     /* the block's offset in the main file, -1 if elsewhere */
  int index;      /* the statement's place in the block */
} wp_fix_pos;

typedef struct wp_builder {
  wp_program *p;
  CXTranslationUnit tu;
  int tu_index;
  wp_func *fn;
  CXCursor fn_cursor;
  int cur; /* node the next one follows, -1: unreachable */
  wp_loop_frame loops[WP_MAX_LOOPS];
  int nloops;
  int switch_nodes[WP_MAX_LOOPS];
  int switch_default[WP_MAX_LOOPS]; /* the switch has a default label */
  int nswitch;
  wp_label *labels;
  int nlabels, caplabels;
  wp_case_table *ctabs;
  int nctabs, capctabs;
  int lock_seen;
  int guard_depth;
  const wp_spawners *spawners; /* the file's spawn wrappers, NULL: none */
  int spawner_fi, spawner_ai;  /* the positions of the last one looked up */
  wp_fix_pos pos;
} wp_builder;

/* facts_expr.c */
int wp_key_of(wp_builder *b, CXCursor e);
void wp_expr(wp_builder *b, CXCursor e);
/* As wp_expr; returns the node of the outermost wpool call, or -1. */
int wp_expr_n(wp_builder *b, CXCursor e);
/* A branch on a timed wait's status: which successor means it completed. */
void wp_cond_wait(wp_builder *b, CXCursor cond, int cond_node, int br);
void wp_cond_nulls(wp_builder *b, CXCursor e, int br);
void wp_var_decl(wp_builder *b, CXCursor var);
void wp_union(wp_builder *b, int k1, int k2);
int wp_emit(wp_builder *b, int op, CXCursor at);
int wp_cond_mentions_status(wp_builder *b, CXCursor e);
int wp_mentions_eclosed(CXCursor e);
void wp_note_copy(wp_builder *b, CXCursor at, int kind, CXType t, int what);
int wp_is_copy_source(CXCursor e);
/* The key of the variable at the root of a.b->c[i].d */
int wp_base_key(wp_builder *b, CXCursor e);
/* The cases set so far in wp_case array var, made on first use. */
wp_case_table *wp_case_table_of(wp_builder *b, int var);
/* Adds the case a wp_case initialiser list describes to t. */
void wp_case_from_init(wp_builder *b, CXCursor list, wp_case_table *t);

/* facts_call.c */
/* A call, its arguments first: the node of what it does, or -1. */
int wp_call_expr(wp_builder *b, CXCursor call);
/* The operation (OP_*) a call of the wpool API makes; OP_NONE if it is none. */
int wp_call_api_op(wp_builder *b, CXCursor call);
/* The place of the thread function among a spawn's arguments; -1 if the
 * call starts no thread. */
int wp_spawn_fn_arg(wp_builder *b, CXCursor call);

/* facts_fix.c: what fix-its need of adds and spawns (ir.h's wp_node_fix) */
/* Entering statement `child`, the index-th of block `block`. */
void wp_fix_enter(wp_builder *b, CXCursor block, CXCursor child, int index);
/* Node n: a wp_wg_add or a spawn made by the wpool call `call`. */
void wp_fix_api_call(wp_builder *b, int n, CXCursor call, const CXCursor *args, int nargs);

/* facts_fix_byvalue.c: what fix-its need of by-value waitgroups (ir.h's
 * wp_wg_arg, wp_wg_param, marks) */
/* Node n: a call of `target`, a function that may be defined in the program. */
void wp_fix_user_call(wp_builder *b, int n, CXCursor call, CXCursor target, const CXCursor *args, int nargs);
/* The definition just built (b->fn): its by-value wp_wg parameters. */
void wp_fix_function(wp_builder *b, CXCursor fn);
/* Once the unit's functions are built: prototypes, functions whose address is taken. */
void wp_fix_unit(wp_builder *b);

#endif
