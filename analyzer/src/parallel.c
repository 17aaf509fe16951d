#include "parallel.h"

#include <malloc.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"
#include "parse.h"
#include "util.h"
#include "workers.h"

/* Each worker's stack: clang's parser and the facts builder recurse once per
 * nesting level; 10,000 nested blocks or a 100,000-term expression need far
 * more than 8 MB.  Only what is touched is ever backed by memory. */
#define WP_WORKER_STACK ((size_t)512 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define WP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define WP_SANITIZED 1
#endif
#endif
#ifndef WP_SANITIZED
#define WP_SANITIZED 0
#endif

/* ---- merging one file's facts into the program --------------------------- */

static int remap(const int *map, int n, int id)
{
  return id >= 0 && id < n ? map[id] : id;
}

void wp_program_merge(wp_program *dst, wp_program *src)
{
  int n = src->strs.len;
  int *map = wp_xcalloc((size_t)(n > 0 ? n : 1), sizeof *map);
  /* in src's order: the ids come out as if the file had been extracted
   * into dst directly */
  for (int i = 0; i < n; i++)
    map[i] = wp_intern(&dst->strs, src->strs.strs[i]);
#define M(x) ((x) = remap(map, n, (x)))
  for (int i = 0; i < src->nfuncs; i++) {
    wp_func *f = &src->funcs[i];
    M(f->key);
    M(f->name);
    M(f->loc.file);
    M(f->end.file);
    for (int j = 0; j < f->nnodes; j++) {
      wp_node *nd = &f->nodes[j];
      M(nd->loc.file);
      M(nd->obj);
      M(nd->obj2);
      M(nd->callee);
      M(nd->callee_name);
      M(nd->arg_type);
      M(nd->lhs);
      M(nd->base);
      for (int k = 0; k < nd->nargs; k++)
        M(nd->args[k]);
      for (int k = 0; k < nd->ncases; k++)
        M(nd->cases[k].obj);
      for (int s = 0; s < 2; s++)
        for (int k = 0; k < nd->nnulls[s]; k++)
          M(nd->nulls[s][k]);
    }
    WP_PUSH(dst->funcs, dst->nfuncs, dst->capfuncs, *f); /* the nodes move with it */
  }
  for (int i = 0; i < src->nunions; i++) {
    if (dst->nunions == dst->capunions) {
      dst->capunions = dst->capunions ? dst->capunions * 2 : 64;
      dst->unions = wp_xrealloc(dst->unions, (size_t)dst->capunions * sizeof *dst->unions);
    }
    dst->unions[dst->nunions][0] = remap(map, n, src->unions[i][0]);
    dst->unions[dst->nunions][1] = remap(map, n, src->unions[i][1]);
    dst->nunions++;
  }
  for (int i = 0; i < src->ncopies; i++) {
    wp_copy_fact c = src->copies[i];
    M(c.loc.file);
    M(c.type);
    M(c.what);
    M(c.func);
    WP_PUSH(dst->copies, dst->ncopies, dst->capcopies, c);
  }
#undef M
  if (src->ntus > dst->ntus)
    dst->ntus = src->ntus;
  free(map);
  free(src->funcs);
  src->funcs = NULL;
  src->nfuncs = src->capfuncs = 0;
  wp_program_free(src);
}


/* ---- a crash in one file is that file's error ------------------------------ */

/* A file deeper than even the big stack (or one that trips a libclang bug)
 * must not take the run down: the worker catches the fault on an alternate
 * signal stack and jumps back to report the file as not checked.  libclang's
 * own crash recovery is turned off (its handler would run on the exhausted
 * stack) and it parses on the worker's thread (LIBCLANG_NOTHREADS), whose
 * stack is WP_WORKER_STACK.  Under the sanitizers the faults are left to them. */
static _Thread_local sigjmp_buf *tl_jump;
static const int guarded_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};

static void on_fault(int sig)
{
  sigjmp_buf *j = tl_jump;
  if (j != NULL) {
    tl_jump = NULL;
    siglongjmp(*j, sig);
  }
  signal(sig, SIG_DFL); /* not in a guarded section: the usual crash */
  raise(sig);
}

static void install_fault_handlers(void)
{
  static int done;
  if (done || WP_SANITIZED)
    return;
  done = 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof guarded_signals / sizeof guarded_signals[0]; i++)
    sigaction(guarded_signals[i], &sa, NULL);
}

typedef struct guard_state {
  void *altstack;
  stack_t old_stack;
  sigset_t old_mask;
} guard_state;

static void guard_begin(guard_state *g)
{
  memset(g, 0, sizeof g[0]);
  if (WP_SANITIZED)
    return;
  size_t size = 256 * 1024;
  g->altstack = wp_xmalloc(size);
  stack_t st;
  memset(&st, 0, sizeof st);
  st.ss_sp = g->altstack;
  st.ss_size = size;
  sigaltstack(&st, &g->old_stack);
  sigset_t faults; /* pool threads start with every signal blocked */
  sigemptyset(&faults);
  for (size_t i = 0; i < sizeof guarded_signals / sizeof guarded_signals[0]; i++)
    sigaddset(&faults, guarded_signals[i]);
  pthread_sigmask(SIG_UNBLOCK, &faults, &g->old_mask);
}

static void guard_end(guard_state *g)
{
  if (WP_SANITIZED)
    return;
  pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
  stack_t off;
  memset(&off, 0, sizeof off);
  off.ss_flags = SS_DISABLE;
  sigaltstack(g->old_stack.ss_sp != NULL ? &g->old_stack : &off, NULL);
  free(g->altstack);
}

/* ---- the workers ----------------------------------------------------------- */

typedef struct slot {
  wp_program facts;
  char *diag; /* what wp_parse said about the file */
  size_t ndiag;
  int failed;
  int ready;
} slot;

typedef struct run {
  const wp_input *inputs;
  int n;
  char **clang_args;
  int nclang_args;
  slot *slots;
  atomic_int next; /* the next input to take */
  pthread_mutex_t mu;
  int merged; /* inputs [0, merged) are in prog */
  int nfailed;
  wp_program *prog;
} run;

/* Under r->mu: merges the finished files that come next in input order. */
static void merge_ready(run *r)
{
  while (r->merged < r->n && r->slots[r->merged].ready) {
    slot *s = &r->slots[r->merged];
    if (s->ndiag > 0) {
      fwrite(s->diag, 1, s->ndiag, stderr);
      fflush(stderr);
    }
    free(s->diag);
    s->diag = NULL;
    if (s->failed)
      r->nfailed++;
    else
      wp_program_merge(r->prog, &s->facts);
    r->merged++;
  }
}

/* Parses and extracts input i.  0, or the signal that stopped it (the
 * parser must then be replaced: libclang was left half-way). */
static int extract_one(run *r, wp_parser *ps, int i)
{
  slot *s = &r->slots[i];
  const wp_input *in = &r->inputs[i];
  FILE *mem = open_memstream(&s->diag, &s->ndiag);
  ps->diag = mem != NULL ? mem : stderr;
  volatile int crashed = 0;
  sigjmp_buf jump;
  int sig = sigsetjmp(jump, 1);
  if (sig == 0) {
    tl_jump = &jump;
    CXTranslationUnit tu;
    if (wp_parse_args(ps, in->path, in->contents, in->len, in->args, in->nargs, &tu) != 0) {
      s->failed = 1;
    } else {
      wp_facts_extract(&s->facts, tu, i, in->spawners);
      clang_disposeTranslationUnit(tu);
    }
    tl_jump = NULL;
  } else {
    crashed = sig;
    s->failed = 1;
    /* the half-built facts are dropped (what they own may be inconsistent) */
    memset(&s->facts, 0, sizeof s->facts);
    fprintf(ps->diag, "wpcheck: error: %s: %s while parsing or analysing it; it is not checked "
                      "(nested too deeply?)\n", in->path, sig == SIGSEGV || sig == SIGBUS ? "out of stack" : "crashed");
  }
  ps->diag = stderr;
  if (mem != NULL)
    fclose(mem);
  pthread_mutex_lock(&r->mu);
  s->ready = 1;
  merge_ready(r);
  pthread_mutex_unlock(&r->mu);
  return crashed;
}

/* One pool job per worker: its own index, then files until none is left. */
static void worker(void *arg)
{
  run *r = arg;
  guard_state g;
  guard_begin(&g);
  wp_parser ps;
  wp_parser_init(&ps, r->clang_args, r->nclang_args);
  for (;;) {
    int i = atomic_fetch_add(&r->next, 1);
    if (i >= r->n)
      break;
    if (extract_one(r, &ps, i) != 0) {
      /* libclang was interrupted half-way: its index is left as it is
       * (freeing it could fault again) and a fresh one is used */
      ps.index = NULL;
      wp_parser_free(&ps);
      wp_parser_init(&ps, r->clang_args, r->nclang_args);
    }
  }
  wp_parser_free(&ps);
  guard_end(&g);
}

int wp_default_jobs(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    return 1;
  return n > WP_MAX_JOBS ? WP_MAX_JOBS : (int)n;
}

int wp_extract_all(wp_program *prog, const wp_input *inputs, int ninputs, char **clang_args, int nclang_args,
                   int jobs)
{
  if (ninputs <= 0)
    return 0;
  if (jobs <= 0)
    jobs = wp_default_jobs();
  if (jobs > ninputs)
    jobs = ninputs;
  if (jobs > WP_MAX_JOBS)
    jobs = WP_MAX_JOBS;
  (void)wp_runtime_include_dir(); /* found once, before the workers read it */
  run r;
  memset(&r, 0, sizeof r);
  r.inputs = inputs;
  r.n = ninputs;
  r.clang_args = clang_args;
  r.nclang_args = nclang_args;
  r.slots = wp_xcalloc((size_t)ninputs, sizeof *r.slots);
  atomic_init(&r.next, 0);
  pthread_mutex_init(&r.mu, NULL);
  r.prog = prog;

  /* libclang parses on the calling thread, without its crash recovery
   * (see on_fault); set before the first index is created */
  setenv("LIBCLANG_NOTHREADS", "1", 1);
  setenv("LIBCLANG_DISABLE_CRASH_RECOVERY", "1", 1);
  install_fault_handlers();
  /* big stacks for the pool's threads (created without a stack size) */
  pthread_attr_t attr;
  if (pthread_getattr_default_np(&attr) == 0) {
    size_t have = 0;
    pthread_attr_getstacksize(&attr, &have);
    if (have < WP_WORKER_STACK && pthread_attr_setstacksize(&attr, WP_WORKER_STACK) == 0)
      pthread_setattr_default_np(&attr);
    pthread_attr_destroy(&attr);
  }
  /* even -j 1 runs on the pool: its thread has the big stack */
  if (wp_run_workers(jobs, worker, &r) == 0) {
    fprintf(stderr, "wpcheck: warning: could not start %d worker threads; checking on this one\n", jobs);
    worker(&r);
  }
  merge_ready(&r); /* every slot is ready by now */
  pthread_mutex_destroy(&r.mu);
  free(r.slots);
#ifdef __GLIBC__
  /* The translation units are gone, but the memory libclang freed stays in
   * the workers' malloc arenas, where the whole-program phase (which runs
   * on this thread) cannot reuse it: give it back to the system. */
  malloc_trim(0);
#endif
  return r.nfailed;
}
