/*
 * wpbench-glib: the GLib reference side of the wpool benchmark.
 *
 * Usage: wpbench-glib WORKLOAD PARAMS N     (output format: ../README.md)
 *
 * How Go's channel operations are expressed with GLib (GLib has no closable,
 * bounded channel and no select):
 *   - A buffered channel (cap > 0) is one GAsyncQueue.  GAsyncQueue is
 *     unbounded: senders never block, so cap only selects "buffered" here (the
 *     backlog shows in the peak RSS instead).  Elements travel inside the
 *     pointer (value + 1, so that no element is NULL).
 *   - An unbuffered channel (cap = 0) is a handshake over GAsyncQueues: the
 *     sender pushes a pointer to a message on its own stack holding the value
 *     and the sender's private "ack" GAsyncQueue, then pops its ack queue; the
 *     receiver pops the message, copies the value out and pushes to that ack
 *     queue.  So a send completes only once a receiver has taken the element,
 *     which is the rendezvous of an unbuffered channel.
 *   - close() is the poison-pill idiom: one sentinel per receiver (GAsyncQueue
 *     has no close and no broadcast).  The "waitgroup" of the worker-pool
 *     pattern is g_thread_join on every worker.
 *   - select over 4 channels is a fan-in: the 4 senders share one queue and
 *     each ends with a sentinel.  This does less than a real select (nothing
 *     chooses among queues), so it flatters GLib.
 *   - The pool is a GThreadPool (exclusive threads, max_threads = W); waiting
 *     for the submitted jobs is g_thread_pool_free(pool, FALSE, TRUE).
 *   - Spawning is g_thread_try_new + g_thread_join, in batches of 256 live
 *     threads, as the raw pthread reference in wpool_bench.
 */
#include <glib.h>
#include <stdatomic.h>

#include "bench_util.h"

#define IMPL "glib"
#define SPAWN_BATCH 256

/* ---- channels over GAsyncQueue ------------------------------------------ */

typedef struct gchan {
  GAsyncQueue *q;
  bool unbuffered;
} gchan;

typedef struct hs_msg { /* an unbuffered send in flight, on the sender's stack */
  gint64 value;
  GAsyncQueue *ack;
} hs_msg;

static hs_msg closed_msg;                          /* unbuffered sentinel */
#define CLOSED_TOKEN ((gpointer)(~(gsize)0))       /* buffered sentinel */

static void gchan_init(gchan *c, long long capacity) {
  c->q = g_async_queue_new();
  c->unbuffered = capacity == 0;
}

static void gchan_destroy(gchan *c) { g_async_queue_unref(c->q); }

/* ack: the calling thread's own ack queue (used when unbuffered). */
static void gchan_send(gchan *c, gint64 v, GAsyncQueue *ack) {
  if (!c->unbuffered) {
    g_async_queue_push(c->q, GSIZE_TO_POINTER((gsize)v + 1));
    return;
  }
  hs_msg m = {v, ack};
  g_async_queue_push(c->q, &m);
  (void)g_async_queue_pop(ack);
}

/* false once a sentinel ("closed") is received. */
static bool gchan_recv(gchan *c, gint64 *v) {
  gpointer p = g_async_queue_pop(c->q);
  if (!c->unbuffered) {
    if (p == CLOSED_TOKEN) return false;
    *v = (gint64)(GPOINTER_TO_SIZE(p) - 1);
    return true;
  }
  hs_msg *m = p;
  if (m == &closed_msg) return false;
  *v = m->value;
  g_async_queue_push(m->ack, GINT_TO_POINTER(1));
  return true;
}

/* "close" for `receivers` receivers: one sentinel each. */
static void gchan_close(gchan *c, int receivers) {
  for (int i = 0; i < receivers; i++)
    g_async_queue_push(c->q, c->unbuffered ? (gpointer)&closed_msg : CLOSED_TOKEN);
}

/* ---- workload 1: the worker-pool pattern -------------------------------- */

typedef struct classic_ctx {
  gchan jobs, results;
  int w;
  gint64 n;
  GThread **workers;
} classic_ctx;

static gpointer classic_worker(gpointer arg) {
  classic_ctx *c = arg;
  GAsyncQueue *ack = g_async_queue_new();
  gint64 j;
  while (gchan_recv(&c->jobs, &j)) gchan_send(&c->results, j * 2, ack);
  g_async_queue_unref(ack);
  return NULL;
}

static gpointer classic_feeder(gpointer arg) {
  classic_ctx *c = arg;
  GAsyncQueue *ack = g_async_queue_new();
  for (gint64 j = 1; j <= c->n; j++) gchan_send(&c->jobs, j, ack);
  gchan_close(&c->jobs, c->w);
  g_async_queue_unref(ack);
  return NULL;
}

static gpointer classic_closer(gpointer arg) {
  classic_ctx *c = arg;
  for (int i = 0; i < c->w; i++) g_thread_join(c->workers[i]);
  gchan_close(&c->results, 1);
  return NULL;
}

static bool classic(int w, long long capacity, long long n, uint64_t *elapsed) {
  classic_ctx c = {.w = w, .n = n};
  uint64_t t0 = bench_now_ns();
  gchan_init(&c.jobs, capacity);
  gchan_init(&c.results, capacity);
  c.workers = g_new(GThread *, w);
  for (int i = 0; i < w; i++) c.workers[i] = g_thread_new("worker", classic_worker, &c);
  GThread *feeder = g_thread_new("feeder", classic_feeder, &c);
  GThread *closer = g_thread_new("closer", classic_closer, &c);
  gint64 sum = 0, r;
  while (gchan_recv(&c.results, &r)) sum += r;
  *elapsed = bench_now_ns() - t0;
  g_thread_join(feeder);
  g_thread_join(closer);
  gchan_destroy(&c.jobs);
  gchan_destroy(&c.results);
  g_free(c.workers);
  return sum == (gint64)n * ((gint64)n + 1);
}

/* ---- workload 2: ping-pong ---------------------------------------------- */

typedef struct pp_ctx {
  gchan ping, pong;
} pp_ctx;

static gpointer pp_echo(gpointer arg) {
  pp_ctx *c = arg;
  GAsyncQueue *ack = g_async_queue_new();
  gint64 v;
  while (gchan_recv(&c->ping, &v)) gchan_send(&c->pong, v + 1, ack);
  g_async_queue_unref(ack);
  return NULL;
}

static bool pingpong(long long capacity, long long n, uint64_t *elapsed) {
  pp_ctx c;
  gchan_init(&c.ping, capacity);
  gchan_init(&c.pong, capacity);
  GAsyncQueue *ack = g_async_queue_new();
  GThread *echo = g_thread_new("echo", pp_echo, &c);
  bool ok = true;
  gint64 r;
  long long warm = bench_warmup_rounds(n);
  for (gint64 i = 0; i < warm; i++) {
    gchan_send(&c.ping, i, ack);
    if (!gchan_recv(&c.pong, &r) || r != i + 1) ok = false;
  }
  uint64_t t0 = bench_now_ns();
  for (gint64 i = 0; i < n; i++) {
    gchan_send(&c.ping, i, ack);
    if (!gchan_recv(&c.pong, &r) || r != i + 1) ok = false;
  }
  *elapsed = bench_now_ns() - t0;
  gchan_close(&c.ping, 1);
  g_thread_join(echo);
  g_async_queue_unref(ack);
  gchan_destroy(&c.ping);
  gchan_destroy(&c.pong);
  return ok;
}

/* ---- workload 3: GThreadPool -------------------------------------------- */

static void pool_job(gpointer data, gpointer user) {
  (void)data;
  atomic_fetch_add_explicit((atomic_llong *)user, 1, memory_order_relaxed);
}

static bool pool(int w, long long n, uint64_t *elapsed) {
  atomic_llong counter = 0;
  GError *err = NULL;
  GThreadPool *p = g_thread_pool_new(pool_job, &counter, w, TRUE, &err);
  if (p == NULL) {
    fprintf(stderr, "g_thread_pool_new: %s\n", err ? err->message : "?");
    return false;
  }
  uint64_t t0 = bench_now_ns();
  for (long long i = 0; i < n; i++) g_thread_pool_push(p, GINT_TO_POINTER(1), NULL);
  g_thread_pool_free(p, FALSE, TRUE); /* waits for every queued job */
  *elapsed = bench_now_ns() - t0;
  return atomic_load(&counter) == n;
}

/* ---- workload 4: spawning ----------------------------------------------- */

static gpointer spawn_task(gpointer arg) {
  atomic_fetch_add_explicit((atomic_llong *)arg, 1, memory_order_relaxed);
  return NULL;
}

static bool spawn(long long n, uint64_t *elapsed) {
  atomic_llong ran = 0;
  GThread *batch[SPAWN_BATCH];
  uint64_t t0 = bench_now_ns();
  for (long long done = 0; done < n;) {
    int k = 0;
    while (k < SPAWN_BATCH && done + k < n) {
      GError *err = NULL;
      batch[k] = g_thread_try_new(NULL, spawn_task, &ran, &err);
      if (batch[k] == NULL) {
        fprintf(stderr, "g_thread_try_new: %s\n", err ? err->message : "?");
        g_clear_error(&err);
        break;
      }
      k++;
    }
    if (k == 0) return false;
    for (int i = 0; i < k; i++) g_thread_join(batch[i]);
    done += k;
  }
  *elapsed = bench_now_ns() - t0;
  return atomic_load(&ran) == n;
}

/* ---- workload 5: select (fan-in) ---------------------------------------- */

typedef struct sel_ctx {
  gchan in;
  gint64 per;
} sel_ctx;

typedef struct sel_sender {
  sel_ctx *c;
  gint64 base;
} sel_sender;

static gpointer sel_send(gpointer arg) {
  sel_sender *s = arg;
  GAsyncQueue *ack = g_async_queue_new();
  for (gint64 k = 1; k <= s->c->per; k++) gchan_send(&s->c->in, s->base + k, ack);
  gchan_close(&s->c->in, 1);
  g_async_queue_unref(ack);
  return NULL;
}

static bool select_fanin(long long capacity, long long n, uint64_t *elapsed) {
  sel_ctx c;
  c.per = n / 4;
  gint64 total = c.per * 4;
  gchan_init(&c.in, capacity);
  sel_sender s[4];
  GThread *t[4];
  uint64_t t0 = bench_now_ns();
  for (int i = 0; i < 4; i++) {
    s[i].c = &c;
    s[i].base = i * c.per;
    t[i] = g_thread_new("sender", sel_send, &s[i]);
  }
  gint64 sum = 0, got = 0, v;
  int open = 4;
  while (open > 0) {
    if (!gchan_recv(&c.in, &v)) {
      open--;
      continue;
    }
    sum += v;
    got++;
  }
  *elapsed = bench_now_ns() - t0;
  for (int i = 0; i < 4; i++) g_thread_join(t[i]);
  gchan_destroy(&c.in);
  return got == total && sum == total * (total + 1) / 2;
}

/* ---- memory: a GAsyncQueue holding N elements ---------------------------- */

static void memory(const char *params, long long n) {
  long long elem = bench_param(params, "elem", 8);
  if (elem != 8 && elem != 64) {
    fprintf(stderr, "memory: elem must be 8 or 64\n");
    exit(2);
  }
  GAsyncQueue *q = g_async_queue_new();
  long long heap0 = bench_malloc_in_use();
  long long rss0 = bench_current_rss_bytes();
  for (long long i = 0; i < n; i++) {
    if (elem == 8) {
      /* 8 bytes fit in the pointer itself: no allocation per element */
      g_async_queue_push(q, GSIZE_TO_POINTER((gsize)i + 1));
    } else {
      char *e = g_malloc(64);
      memset(e, (int)(i & 0x7f), 64);
      g_async_queue_push(q, e);
    }
  }
  long long heap = bench_malloc_in_use() - heap0;
  long long rss = bench_current_rss_bytes() - rss0;
  bool ok = g_async_queue_length(q) == n;
  bench_report_mem(IMPL, params, n, heap, rss, n * elem, ok);
  gpointer p;
  while ((p = g_async_queue_try_pop(q)) != NULL)
    if (elem == 64) g_free(p);
  g_async_queue_unref(q);
  if (!ok) exit(1);
}

static void usage(void) {
  fprintf(stderr,
          "usage: wpbench-glib WORKLOAD PARAMS N\n"
          "  classic  w=W,cap=C   pool pattern over GAsyncQueue (cap 0: handshake)\n"
          "  pingpong cap=C       N round trips\n"
          "  pool     w=W         N tiny jobs on a GThreadPool of W threads\n"
          "  spawn    -           N g_thread_new + g_thread_join (batches of %d)\n"
          "  select   q=4,cap=C   4 senders fanning into one queue\n"
          "  memory   elem=E      a GAsyncQueue holding N elements of E bytes\n",
          SPAWN_BATCH);
  exit(2);
}

int main(int argc, char **argv) {
  if (argc != 4) usage();
  const char *workload = argv[1], *params = argv[2];
  long long n = bench_parse_n(argv[3]);
  long long capacity = bench_param(params, "cap", 1024);
  uint64_t el = 0;
  bool ok;
  if (strcmp(workload, "classic") == 0) {
    long long w = bench_param(params, "w", 4);
    if (w < 1 || w > 1024) usage();
    ok = classic((int)w, capacity, n, &el);
  } else if (strcmp(workload, "pingpong") == 0) {
    ok = pingpong(bench_param(params, "cap", 0), n, &el);
  } else if (strcmp(workload, "pool") == 0) {
    long long w = bench_param(params, "w", 2);
    if (w < 1 || w > 1024) usage();
    ok = pool((int)w, n, &el);
  } else if (strcmp(workload, "spawn") == 0) {
    ok = spawn(n, &el);
  } else if (strcmp(workload, "select") == 0) {
    if (bench_param(params, "q", 4) != 4) usage();
    ok = select_fanin(capacity, n, &el);
  } else if (strcmp(workload, "memory") == 0) {
    memory(params, n);
    return 0;
  } else {
    usage();
    return 2;
  }
  bench_report(IMPL, workload, params, n, el, ok);
  return ok ? 0 : 1;
}
