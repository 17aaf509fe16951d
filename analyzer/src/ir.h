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

/* ---- what fix-its are made of (facts_fix*.c) ------------------------------ */

/* A source edit: replace [line:col, end_line:end_col) (1-based, columns in
 * bytes) by text.  It lies in the main file of the translation unit that
 * recorded it, which is the file of the function holding it
 * (wp_func.loc.file): edits carry no file id because parallel.c merges each
 * file's facts by moving functions and nodes whole and renumbers only the
 * ids it knows of.  text NULL: no edit. */
typedef struct wp_edit {
  int line, col, end_line, end_col;
  char *text;
} wp_edit;

typedef struct wp_edits {
  wp_edit *v;
  int n, cap;
} wp_edits;
void wp_edits_free(wp_edits *e);

/* A by-value wp_wg parameter of a definition or of a prototype: the edits
 * that make it a wp_wg * (the declaration; in a definition also every use,
 * `&wg` -> `wg`, `wg.f` -> `wg->f`). ok: every edit it needs was found. */
typedef struct wp_wg_param {
  int idx;
  int line, col; /* the parameter, where its copy fact (COPY_PARAM) points */
  int ok;
  wp_edits edits;
} wp_wg_param;

/* A by-value wp_wg argument of a call: the edit passing its address
 * instead (`wg` -> `&wg`, `*p` -> `p`); edit.text NULL if there is none. */
typedef struct wp_wg_arg {
  int idx;
  int line, col; /* where its copy fact (COPY_ARG) points */
  wp_edit edit;
} wp_wg_arg;

/* What the fix-its need of a wp_wg_add, a spawn or a call (wp_node.fix,
 * NULL when nothing was recorded).  Every field is "unknown" unless the
 * text at the call is as expected. */
typedef struct wp_node_fix {
  /* add, spawn: the statement holding the call, a direct child of a block */
  int block, index; /* the block (its file offset) and the statement's place in it; block -1: none */
  int head;         /* the call runs exactly once whenever the statement runs */
  int line, col;    /* where the statement starts */
  char *indent;     /* the blanks before it on its line; NULL if something else is there */
  int crlf;         /* its line ends with \r\n */
  /* add */
  wp_edit del;       /* deletes the statement, when it is just this call */
  char *wg;          /* wp_wg_add's waitgroup as written, when evaluating it elsewhere does no harm */
  int via;           /* in a thread function: the waitgroup is P (1), P<via_tail> (2) or &P<via_tail> (3),
                      * P the function's argument (its first parameter, or a local set from it and never
                      * changed); 0 unknown */
  char *via_tail;    /* the members P's is reached through: "->wg", "->t->pending" */
  char *via_record;  /* USR of the record P points to */
  /* spawn */
  wp_edit go;        /* wp_go: from its name through its '(' (text ""), to become "wp_wg_go(WG, " */
  char *arg;         /* the thread's argument E as written, when it has no side effects */
  char *arg_addr_of; /* E is &X with X a postfix expression: X */
  int arg_postfix;   /* E is a postfix expression (name, a.b, a->b, a[i], (...)) */
  int arg_ptr1;      /* E points to one record (one level of pointer, or an array of records) */
  /* call of a function of the program */
  wp_wg_arg *wgargs;
  int nwgargs, capwgargs;
  wp_wg_param *protos; /* the callee's prototypes in this file (when it is defined in another) */
  int nprotos, capprotos;
} wp_node_fix;

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
  wp_node_fix *fix; /* what a fix-it needs of an add, a spawn or a call; NULL */
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
  wp_wg_param *wgparams; /* its by-value wp_wg parameters, with the prototypes in its file */
  int nwgparams, capwgparams;
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

/* Marks: what holds of a function somewhere in the program, kept as
 * interned strings "\001KIND:USR" (merging per-file facts interns every
 * string of a file, so they survive it).  WP_MARK_ADDR: its address is
 * taken (not just called or started as a thread); WP_MARK_DECL: it has a
 * declaration whose by-value wp_wg parameter cannot be changed with it (in
 * a header, or with no edit recorded). */
#define WP_MARK_ADDR "addr"
#define WP_MARK_DECL "decl"
void wp_mark(wp_program *p, const char *kind, const char *usr);
int wp_marked(const wp_program *p, const char *kind, const char *usr);

void wp_program_free(wp_program *p);
wp_func *wp_func_new(wp_program *p);
int wp_node_new(wp_func *f, int kind);
void wp_edge(wp_func *f, int from, int to);
/* Drops the nodes of a built function that no rule stops at (joins,
 * branches whose sides meet again at once; edges go on to the node after
 * them) and trims its arrays to their size; node indexes change. */
void wp_func_compact(wp_func *f);

#endif
