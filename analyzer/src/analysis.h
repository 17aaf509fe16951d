/* What the rules work on: the linked program (functions by key, callers,
 * spawners), object classes (objects.c), contexts that map a function's
 * parameters to its caller's objects, effects followed through helpers and
 * threads (effects.c) and path searches over the CFGs (paths.c). */
#ifndef WPCHECK_ANALYSIS_H
#define WPCHECK_ANALYSIS_H
#include "ir.h"
#include "registry.h"
#include "report.h"

#define WP_MAX_CTX 16
#define WP_MAX_HOPS 8
#define WP_SEND_OP 1 /* wp_case.op */
#define WP_RECV_OP 2

typedef struct wp_site_ref {
  int fn, node;
} wp_site_ref;

typedef struct wp_sites {
  wp_site_ref *v;
  int n, cap;
} wp_sites;

typedef struct wp_analysis {
  wp_program *p;
  wp_report *report;
  /* objects.c: union-find over key ids */
  int nkeys;
  int *parent;
  unsigned char *global; /* by root: holds a field or a global */
  int *param_fn;         /* by root: the function whose parameter it holds, -1 */
  int *param_idx;
  /* callgraph.c */
  wp_sites *callers;  /* by function: OP_CALL nodes calling it */
  wp_sites *spawners; /* by function: OP_SPAWN nodes starting it */
} wp_analysis;

/* A function with its parameters bound to the caller's object classes. */
typedef struct wp_ctx {
  int fn;
  int np;
  int cls[WP_MAX_CTX]; /* -1: unbound */
} wp_ctx;

/* objects.c */
void wp_objects_build(wp_analysis *a);
int wp_find(const wp_analysis *a, int key);
int wp_resolve(const wp_analysis *a, const wp_ctx *c, int key);
void wp_ctx_root(const wp_analysis *a, int fn, wp_ctx *out);
/* The callee's (or thread's) context at a call / spawn node of c. */
int wp_ctx_enter(const wp_analysis *a, const wp_ctx *c, int node, wp_ctx *out);
/* Does some field of the record (USR key id) belong to class cls? */
int wp_record_holds(const wp_analysis *a, int record, int cls);
const char *wp_key_name(const wp_analysis *a, int key); /* "jobs", "args->wg" style */

/* callgraph.c */
void wp_callgraph_build(wp_analysis *a);
int wp_func_of(const wp_analysis *a, int key); /* function index or -1 */
int wp_node_is_sink(const wp_analysis *a, int fn, int node);

/* paths.c */
typedef int (*wp_node_pred)(wp_analysis *a, const wp_ctx *c, int node, void *data);
typedef int (*wp_edge_pred)(wp_analysis *a, const wp_ctx *c, int node, int succ, void *data);
/* The depth-first walk under every search: each node once, in CFG order
 * (succ[0] first); at each node reached, visit says whether the walk goes
 * on past it, not past it, or ends there.  Sinks (exit(), _Noreturn calls)
 * end paths; edges block refuses are not taken. */
enum { WP_WALK_ON, WP_WALK_SKIP, WP_WALK_FOUND };
typedef struct wp_walk wp_walk;
struct wp_walk {
  wp_analysis *a;
  const wp_ctx *c; /* passed to block and to the searches' predicates; NULL if none is used */
  int fn;
  int (*visit)(const wp_walk *w, int node, unsigned char *seen);
  void *visit_data;
  wp_edge_pred block; /* NULL: every edge */
  void *data;         /* the caller's, for block (and the predicates) */
};
/* Walks from `from` (visited itself if from_included, else its successors
 * are the start); seen (f->nnodes bytes, cleared here; NULL: the walk's
 * own) marks every node reached with 1, or what visit wrote.  Returns the
 * node where visit said WP_WALK_FOUND, or -1. */
int wp_walk_run(const wp_walk *w, int from, int from_included, unsigned char *seen);
/* Walks forward from `from` (not included, unless from_included); returns
 * the first node where `target` holds, never going through a node where
 * `stop` holds (checked before target) or an edge `block` refuses; -1 if
 * none. Sinks (exit(), _Noreturn calls) end paths. */
int wp_search(wp_analysis *a, const wp_ctx *c, int from, int from_included, wp_node_pred target,
              wp_node_pred stop, wp_edge_pred block, void *data);
int wp_is_path_end(wp_analysis *a, const wp_ctx *c, int node, void *data);
/* Marks in seen[] (f->nnodes bytes) every node reachable from `from`:
 * 1 passed through, 2 reached but stopped there by `stop`. */
void wp_reach_all(wp_analysis *a, const wp_ctx *c, int from, wp_node_pred stop, wp_edge_pred block, void *data,
                  unsigned char *seen);

/* threads.c */
typedef struct wp_spawn {
  int fn, node;  /* the spawn site */
  wp_ctx sctx;   /* the spawner's (root) context */
  wp_ctx tctx;   /* the thread function's context */
} wp_spawn;
typedef void (*wp_spawn_fn)(wp_analysis *a, const wp_spawn *s, void *data);
void wp_each_spawn(wp_analysis *a, wp_spawn_fn fn, void *data);
/* Does the function (with helpers, not threads) have an effect op on cls?
 * Returns the effect's wpool call node location in *at (if not NULL). */
int wp_has_effect(wp_analysis *a, const wp_ctx *c, int op, int cls, wp_loc *at);
/* Is the thread started at s counted on waitgroup cls by its spawner (an
 * add in the spawner and the thread reaches the waitgroup), or by wp_wg_go? */
int wp_thread_counted(wp_analysis *a, const wp_spawn *s, int cls);
/* Does some function other than `except` wait on cls? */
int wp_waited_elsewhere(wp_analysis *a, int except, int cls, wp_loc *at);
/* The waitgroups / pools / thread handles whose wait means the thread
 * started at s has finished; n entries written to out (max cap). */
int wp_thread_joiners(wp_analysis *a, const wp_spawn *s, int *out, int cap);
int wp_is_wait_op(int op);

/* effects.c */
typedef struct wp_hop {
  int fn, node;
  int spawn; /* the hop is a thread start */
} wp_hop;

typedef struct wp_effect {
  int op;
  int cls;             /* the object, resolved in the root context */
  const wp_node *node; /* the wpool call */
  int fn;              /* where it sits */
  wp_hop hops[WP_MAX_HOPS];
  int nhops;           /* hops[0] is in the root function */
  int thread;          /* index of the first spawn hop, -1 */
  wp_ctx ctx;          /* the context of fn */
} wp_effect;

typedef void (*wp_effect_fn)(wp_analysis *a, const wp_effect *e, void *data);
/* Every wpool operation node `node` of the root context leads to (node -1:
 * the whole function), through calls and, if follow_spawns, spawned
 * threads. */
void wp_effects(wp_analysis *a, const wp_ctx *root, int node, int follow_spawns, wp_effect_fn fn, void *data);
/* Does every path from the function's entry to its end go through a node
 * where pred holds? (pred sees call / spawn nodes too.) */
int wp_must(wp_analysis *a, const wp_ctx *c, wp_node_pred pred, void *data);

/* queues.c */
/* Classes of the queues some thread receives from until they are closed
 * (WP_QUEUE_FOREACH, a receive loop ending at WP_ECLOSED, a select). */
unsigned char *wp_until_closed_set(wp_analysis *a);
/* Is node a close of cls: a close, the already-closed side of a once-guard,
 * a helper or a thread that closes it on every path? */
int wp_closes_all_paths(wp_analysis *a, const wp_ctx *c, int node, int cls, int depth);
/* A queue operation reached from a node of a root function. */
typedef struct wp_qsite {
  int node;       /* in the root function */
  wp_effect e;
  int cls;        /* the queue */
  int send_case;  /* a select's send case */
} wp_qsite;
typedef struct wp_qsites {
  wp_qsite *v;
  int n, cap;
} wp_qsites;
/* The closes (op OP_CLOSE) or sends (OP_SEND, select send cases) each node
 * of the root function leads to, through helpers and threads. */
void wp_queue_sites(wp_analysis *a, const wp_ctx *root, int op, wp_qsites *out);
/* Is there a path from node `from` to node `to` of c's function that does
 * not re-create cls (and, if joiners != NULL, waits on none of them)? */
int wp_path_between(wp_analysis *a, const wp_ctx *c, int from, int to, int cls, int base, const int *joiners,
                    int njoiners);
/* The variable holding both sites' queue (a.b->q: a), or -1. */
int wp_site_base(wp_analysis *a, const wp_ctx *root, const wp_qsite *x, const wp_qsite *y);
/* From hop `start` of e on: does some function on the way wait on one of
 * the joiners on every path before the next hop? */
int wp_chain_waits_before(wp_analysis *a, const wp_effect *e, int start, const int *joiners, int njoiners);
/* Does the thread of e (e->thread >= 0) wait on one of the joiners on
 * every path before its operation? */
int wp_thread_waits_before(wp_analysis *a, const wp_effect *e, const int *joiners, int njoiners);
/* Do two sites work on different objects of the class (each call of a
 * helper that creates the queue makes a new one; q[i] per element)? */
int wp_site_fresh(wp_analysis *a, const wp_qsite *q);
int wp_sites_unrelated(wp_analysis *a, const wp_qsite *x, const wp_qsite *y);
/* The spawn an effect went through (e->thread >= 0). */
int wp_effect_spawn(const wp_effect *e, wp_spawn *s, wp_analysis *a);

/* Reporting helpers */
int wp_find_add(wp_analysis *a, int rule, wp_loc loc, char *msg);
void wp_note_add(wp_analysis *a, int finding, wp_loc loc, char *msg);
/* Adds edit e (facts_fix*.c) to the finding's fix-it, with text instead of
 * e's own if not NULL; fn is the function whose file e lies in. */
void wp_fix_edit(wp_analysis *a, int finding, int fn, const wp_edit *e, const char *text);
/* Notes for the helper call sites / spawns an effect went through. */
void wp_note_hops(wp_analysis *a, int finding, const wp_effect *e);
static inline const wp_node *wp_nd(const wp_analysis *a, int fn, int node) { return &a->p->funcs[fn].nodes[node]; }
static inline const char *wp_fname(const wp_analysis *a, int fn) { return wp_s(a->p, a->p->funcs[fn].name); }

void wp_analysis_init(wp_analysis *a, wp_program *p, wp_report *r);
void wp_analysis_free(wp_analysis *a);

#endif
