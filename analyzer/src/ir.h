/* The facts wpcheck keeps of a program once its translation units are gone:
 * per function a control flow graph whose nodes carry the wpool operations,
 * calls and spawns, with their objects named by keys (see objects.h). */
#ifndef WPCHECK_IR_H
#define WPCHECK_IR_H
#include "util.h"

typedef struct wp_loc {
  int file; /* interned path, -1 unknown */
  int line, col;
} wp_loc;

enum wp_node_kind {
  NK_ENTRY,
  NK_EXIT,   /* the one virtual exit */
  NK_RETURN, /* a return statement */
  NK_END,    /* falling off the closing brace */
  NK_JOIN,
  NK_BRANCH, /* succ[0] true, succ[1] false; a switch has more */
  NK_OP,
};

enum wp_op {
  OP_NONE,
  OP_QUEUE_NEW,
  OP_SEND,
  OP_RECV,
  OP_RECV_LOOP, /* WP_QUEUE_FOREACH */
  OP_CLOSE,
  OP_CLOSE_GUARD, /* the "already closed" side of a once-guard */
  OP_QUEUE_FREE,
  OP_SELECT,
  OP_WG_ADD,
  OP_WG_DONE,
  OP_WG_DEFER_DONE,
  OP_WG_WAIT,
  OP_POOL_NEW,
  OP_POOL_WAIT, /* wp_pool_wait, wp_pool_free */
  OP_JOIN,      /* pthread_join, thrd_join */
  OP_LOCK,      /* a mutex lock */
  OP_CALL,      /* a call of another function (maybe defined in the program) */
  OP_SPAWN,     /* a thread start */
  OP_EXIT,      /* exit(), abort(), a _Noreturn function: the path ends */
};

enum wp_spawn_kind { SPAWN_GO, SPAWN_WG_GO, SPAWN_POOL, SPAWN_PTHREAD, SPAWN_THRD };

typedef struct wp_case_fact {
  int obj;  /* queue key */
  int op;   /* 1 send, 2 recv, 0 unknown */
  int elem_null;
} wp_case_fact;

typedef struct wp_node {
  int kind, op;
  wp_loc loc;
  int obj;         /* the object operated on (key), -1 */
  int obj2;        /* spawn: waitgroup (wg_go), pool (submit), thread handle */
  int spawn_kind;
  int callee;      /* call / spawn: the function's key (USR), -1 */
  int callee_name; /* its plain name */
  int *args;       /* call: argument keys (-1 unknown); spawn: the thread's arg */
  int nargs;
  int arg_type;    /* spawn: record USR the argument points to, -1 */
  int lhs;         /* call / queue_new: where the result is stored; recv: where the element goes */
  int base;        /* queue operations: the variable at the root of the queue expression */
  int delta, delta_known;
  unsigned until_closed : 1, guarded : 1, in_loop : 1, indexed : 1, timed : 1;
  wp_case_fact *cases; /* select */
  int ncases;
  int *nulls[2]; /* branch: keys known NULL on succ[0] / succ[1] */
  int nnulls[2];
  int wait_ok; /* branch on a timed wait's result: the successor where it completed, -1 */
  int *succ;
  int nsucc, capsucc;
} wp_node;

typedef struct wp_func {
  int key;  /* USR */
  int name; /* spelling */
  int tu;
  wp_loc loc, end; /* the name; the closing brace */
  int nparams;
  wp_node *nodes;
  int nnodes, capnodes;
  int entry, exit;
  int noreturn; /* declared so, or no path reaches the exit (callgraph.c) */
} wp_func;

enum wp_copy_kind { COPY_PARAM, COPY_ARG, COPY_ASSIGN, COPY_INIT, COPY_RETURN };

typedef struct wp_copy_fact {
  wp_loc loc;
  int kind;
  int type;  /* type spelling */
  int what;  /* parameter / variable / function name, -1 */
  int func;  /* enclosing function's name */
} wp_copy_fact;

typedef struct wp_program {
  wp_strtab strs;
  wp_func *funcs;
  int nfuncs, capfuncs;
  int (*unions)[2]; /* alias pairs of object keys */
  int nunions, capunions;
  wp_copy_fact *copies;
  int ncopies, capcopies;
  int ntus;
  /* built by callgraph.c */
  int *func_index; /* by key id: function index + 1 (0: not defined) */
  int nfunc_index;
} wp_program;

static inline const char *wp_s(const wp_program *p, int id) { return wp_str(&p->strs, id); }

void wp_program_free(wp_program *p);
wp_func *wp_func_new(wp_program *p);
int wp_node_new(wp_func *f, int kind);
void wp_edge(wp_func *f, int from, int to);

#endif
