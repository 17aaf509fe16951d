/*
 * wpool_bench: the wpool side of the benchmark (see README.md).
 *
 *   wpool_bench WORKLOAD PARAMS N   run one workload once, print one line
 *   wpool_bench --smoke             every workload once with a tiny N, in this
 *                                   process; exit status 1 if a checksum fails
 *
 * Workloads (PARAMS is "k=v,k=v", or "-" for none):
 *   classic       w=W,cap=C  feeder -> jobs -> W workers -> results -> sum
 *   pingpong      cap=C      N round trips over two queues
 *   pool          w=W,cap=C  N tiny jobs through wp_pool_submit, then wait
 *   spawn         -          N x wp_wg_go of a tiny task, then wp_wg_wait
 *   spawn-pthread -          N x pthread_create + pthread_join (batches of
 *                            256 live threads); reported as impl "pthread"
 *   select        q=4,cap=C  one receiver wp_select-ing over 4 queues
 *   memory        elem=E     wp_queue_new(E, N), filled with N elements
 *   solo          cap=C      one thread: N x (send, receive, wg add, done)
 *                            on a buffered queue that never blocks: the
 *                            operations' own cost, without the scheduling
 *                            noise of the other workloads (debug mode's
 *                            off cost is measured on it)
 *
 * Output (shared with the Go and GLib programs):
 *   RESULT <impl> <workload> <params> <n> <ns_per_op> <ops_per_sec> <peak_rss_kb> <check>
 *   MEM    <impl> memory <params> <n> <heap_delta_bytes> <rss_delta_bytes> <payload_bytes> <peak_rss_kb> <check>
 *   NOTE   <impl> <workload> <params> <free text>      (informational)
 */
#include <pthread.h>
#include <stdatomic.h>

#include "bench_util.h"
#include "wpool.h"

#define IMPL "c"

#ifdef WPOOL_BENCH_SHIFT
/* A code-placement variant (CMakeLists.txt): padding in this file's code,
 * which the linker places before the runtime's. */
#define BENCH_STR_(x) #x
#define BENCH_STR(x) BENCH_STR_(x)
__asm__(".text\n\t.skip " BENCH_STR(WPOOL_BENCH_SHIFT) ", 0x90\n");
#endif
#define SPAWN_BATCH 256

/* Reports a failed wpool call and makes the run's check fail. */
static atomic_int bench_errors;

static void fail_call(const char *what, int status) {
  fprintf(stderr, "wpool_bench: %s failed: %s (%s)\n", what, wp_err_name(status),
          wp_strerror(status));
  atomic_fetch_add(&bench_errors, 1);
}

static void die(const char *what) {
  fprintf(stderr, "wpool_bench: %s failed\n", what);
  exit(1);
}

#define CHECK(call)                                                           \
  do {                                                                        \
    int st_ = (call);                                                         \
    if (st_ != WP_OK) fail_call(#call, st_);                                  \
  } while (0)

/* ---- workload 1: the worker-pool pattern -------------------------------- */

typedef struct classic_ctx {
  wp_queue *jobs, *results;
  wp_wg workers; /* the pattern's waitgroup, waited on by the closer */
  wp_wg helpers; /* feeder + closer, so that main can free the queues */
  int64_t n;
} classic_ctx;

static void classic_worker(void *arg) {
  classic_ctx *c = arg;
  int64_t j;
  WP_QUEUE_FOREACH(c->jobs, j) {
    int64_t r = j * 2;
    int st = wp_queue_send(c->results, &r);
    if (st != WP_OK) {
      fail_call("send to results", st);
      break;
    }
  }
}

static void classic_feeder(void *arg) {
  classic_ctx *c = arg;
  WP_DEFER_DONE(&c->helpers);
  for (int64_t j = 1; j <= c->n; j++) {
    int st = wp_queue_send(c->jobs, &j);
    if (st != WP_OK) {
      fail_call("send to jobs", st);
      break;
    }
  }
  CHECK(wp_queue_close(c->jobs));
}

static void classic_closer(void *arg) {
  classic_ctx *c = arg;
  WP_DEFER_DONE(&c->helpers);
  CHECK(wp_wg_wait(&c->workers));
  CHECK(wp_queue_close(c->results));
}

static bool classic(int w, size_t capacity, int64_t n, uint64_t *elapsed) {
  classic_ctx c = {.workers = WP_WG_INIT, .helpers = WP_WG_INIT, .n = n};
  uint64_t t0 = bench_now_ns();
  c.jobs = wp_queue_new(sizeof(int64_t), capacity);
  c.results = wp_queue_new(sizeof(int64_t), capacity);
  if (c.jobs == NULL || c.results == NULL) die("wp_queue_new");
  for (int i = 0; i < w; i++) {
    int st = wp_wg_go(&c.workers, classic_worker, &c);
    if (st != WP_OK) {
      fail_call("wp_wg_go(worker)", st);
      exit(1);
    }
  }
  CHECK(wp_wg_add(&c.helpers, 2));
  if (wp_go(classic_feeder, &c) != WP_OK || wp_go(classic_closer, &c) != WP_OK)
    die("wp_go");
  int64_t sum = 0, r;
  WP_QUEUE_FOREACH(c.results, r) sum += r;
  *elapsed = bench_now_ns() - t0;
  CHECK(wp_wg_wait(&c.helpers));
  wp_queue_free(c.jobs);
  wp_queue_free(c.results);
  wp_wg_destroy(&c.workers);
  wp_wg_destroy(&c.helpers);
  return sum == n * (n + 1);
}

/* ---- workload 2: ping-pong ---------------------------------------------- */

typedef struct pp_ctx {
  wp_queue *ping, *pong;
} pp_ctx;

static void pp_echo(void *arg) {
  pp_ctx *c = arg;
  int64_t v;
  WP_QUEUE_FOREACH(c->ping, v) {
    int64_t r = v + 1;
    int st = wp_queue_send(c->pong, &r);
    if (st != WP_OK) {
      fail_call("send to pong", st);
      break;
    }
  }
}

static bool pp_round(pp_ctx *c, int64_t i) {
  int64_t r = -1;
  int st = wp_queue_send(c->ping, &i);
  if (st != WP_OK) {
    fail_call("send to ping", st);
    return false;
  }
  st = wp_queue_recv(c->pong, &r);
  if (st != WP_OK) {
    fail_call("recv from pong", st);
    return false;
  }
  return r == i + 1;
}

static bool pingpong(size_t capacity, int64_t n, uint64_t *elapsed) {
  pp_ctx c;
  wp_wg wg = WP_WG_INIT;
  c.ping = wp_queue_new(sizeof(int64_t), capacity);
  c.pong = wp_queue_new(sizeof(int64_t), capacity);
  if (c.ping == NULL || c.pong == NULL) die("wp_queue_new");
  if (wp_wg_go(&wg, pp_echo, &c) != WP_OK) die("wp_wg_go");
  bool ok = true;
  int64_t warm = bench_warmup_rounds(n);
  for (int64_t i = 0; i < warm && ok; i++) ok = pp_round(&c, i);
  uint64_t t0 = bench_now_ns();
  for (int64_t i = 0; i < n && ok; i++) ok = pp_round(&c, i);
  *elapsed = bench_now_ns() - t0;
  CHECK(wp_queue_close(c.ping));
  CHECK(wp_wg_wait(&wg));
  wp_wg_destroy(&wg);
  wp_queue_free(c.ping);
  wp_queue_free(c.pong);
  return ok;
}

/* ---- workload 3: the pool ----------------------------------------------- */

static void pool_job(void *arg) {
  atomic_fetch_add_explicit((atomic_llong *)arg, 1, memory_order_relaxed);
}

static bool pool(size_t w, size_t capacity, int64_t n, uint64_t *elapsed) {
  atomic_llong counter = 0;
  wp_pool *p = wp_pool_new(w, capacity);
  if (p == NULL) die("wp_pool_new");
  uint64_t t0 = bench_now_ns();
  for (int64_t i = 0; i < n; i++) {
    int st = wp_pool_submit(p, pool_job, &counter);
    if (st != WP_OK) {
      fail_call("wp_pool_submit", st);
      break;
    }
  }
  CHECK(wp_pool_wait(p));
  *elapsed = bench_now_ns() - t0;
  wp_pool_free(p);
  return atomic_load(&counter) == n;
}

/* ---- workload 4: spawning ----------------------------------------------- */

static void spawn_task(void *arg) {
  atomic_fetch_add_explicit((atomic_llong *)arg, 1, memory_order_relaxed);
}

static bool spawn(int64_t n, uint64_t *elapsed, const char *params) {
  atomic_llong ran = 0;
  wp_wg wg = WP_WG_INIT;
  struct wp_runtime_stats before = {0}, after = {0};
  CHECK(wp_runtime_stats(&before));
  uint64_t t0 = bench_now_ns();
  for (int64_t i = 0; i < n; i++) {
    int st = wp_wg_go(&wg, spawn_task, &ran);
    if (st != WP_OK) {
      fail_call("wp_wg_go", st);
      break;
    }
  }
  CHECK(wp_wg_wait(&wg));
  *elapsed = bench_now_ns() - t0;
  CHECK(wp_runtime_stats(&after));
  wp_wg_destroy(&wg);
  printf("NOTE %s spawn %s pthread_create=%zu for spawned=%zu threads_now=%zu\n",
         IMPL, params, after.created - before.created,
         after.spawned - before.spawned, after.threads);
  return atomic_load(&ran) == n;
}

static void *pthread_task(void *arg) {
  atomic_fetch_add_explicit((atomic_llong *)arg, 1, memory_order_relaxed);
  return NULL;
}

static bool spawn_pthread(int64_t n, uint64_t *elapsed) {
  atomic_llong ran = 0;
  pthread_t batch[SPAWN_BATCH];
  uint64_t t0 = bench_now_ns();
  for (int64_t done = 0; done < n;) {
    int k = 0;
    while (k < SPAWN_BATCH && done + k < n) {
      int e = pthread_create(&batch[k], NULL, pthread_task, &ran);
      if (e != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(e));
        break;
      }
      k++;
    }
    if (k == 0) return false;
    for (int i = 0; i < k; i++) pthread_join(batch[i], NULL);
    done += k;
  }
  *elapsed = bench_now_ns() - t0;
  return atomic_load(&ran) == n;
}

/* ---- workload 5: select ------------------------------------------------- */

typedef struct sel_sender {
  wp_queue *q;
  int64_t base, count;
} sel_sender;

static void sel_send(void *arg) {
  sel_sender *s = arg;
  for (int64_t k = 1; k <= s->count; k++) {
    int64_t v = s->base + k;
    int st = wp_queue_send(s->q, &v);
    if (st != WP_OK) {
      fail_call("send (select)", st);
      break;
    }
  }
  CHECK(wp_queue_close(s->q));
}

static bool select4(size_t capacity, int64_t n, uint64_t *elapsed) {
  int64_t per = n / 4, total = per * 4;
  sel_sender s[4];
  wp_case cases[4];
  wp_wg wg = WP_WG_INIT;
  int64_t v = 0, sum = 0, got = 0;
  uint64_t t0 = bench_now_ns();
  for (int i = 0; i < 4; i++) {
    s[i] = (sel_sender){wp_queue_new(sizeof(int64_t), capacity), i * per, per};
    if (s[i].q == NULL) die("wp_queue_new");
    cases[i] = (wp_case){.q = s[i].q, .op = WP_RECV, .elem = &v};
  }
  for (int i = 0; i < 4; i++)
    if (wp_wg_go(&wg, sel_send, &s[i]) != WP_OK) die("wp_wg_go");
  int open = 4;
  while (open > 0) {
    int idx = wp_select(cases, 4, -1);
    if (idx < 0 || idx >= 4) {
      fail_call("wp_select", idx);
      break;
    }
    if (cases[idx].status == WP_ECLOSED) {
      cases[idx].q = NULL; /* Go's nil-channel idiom */
      open--;
      continue;
    }
    sum += v;
    got++;
  }
  *elapsed = bench_now_ns() - t0;
  CHECK(wp_wg_wait(&wg));
  wp_wg_destroy(&wg);
  for (int i = 0; i < 4; i++) wp_queue_free(s[i].q);
  return got == total && sum == total * (total + 1) / 2;
}

/* ---- solo: the operations' own cost, one thread ------------------------- */

static bool solo(size_t capacity, int64_t n, uint64_t *elapsed) {
  if (capacity == 0) {
    fprintf(stderr, "solo: cap must be at least 1 (one thread cannot rendezvous)\n");
    exit(2);
  }
  wp_queue *q = wp_queue_new(sizeof(int64_t), capacity);
  if (q == NULL) die("wp_queue_new");
  wp_wg wg = WP_WG_INIT;
  int64_t sum = 0, v = 0;
  uint64_t t0 = bench_now_ns();
  for (int64_t i = 1; i <= n; i++) {
    CHECK(wp_queue_send(q, &i));
    CHECK(wp_queue_recv(q, &v));
    CHECK(wp_wg_add(&wg, 1));
    CHECK(wp_wg_done(&wg));
    sum += v;
  }
  *elapsed = bench_now_ns() - t0;
  CHECK(wp_wg_wait(&wg));
  CHECK(wp_queue_close(q));
  wp_wg_destroy(&wg);
  wp_queue_free(q);
  return sum == n * (n + 1) / 2;
}

/* ---- memory: what a queue of N elements costs ---------------------------- */

static bool memory(const char *params, int64_t n) {
  long long elem = bench_param(params, "elem", 8);
  if (elem < 1 || elem > 4096) {
    fprintf(stderr, "memory: elem must be 1..4096\n");
    exit(2);
  }
  unsigned char buf[4096];
  memset(buf, 0x5a, sizeof buf);
  long long heap0 = bench_malloc_in_use();
  long long rss0 = bench_current_rss_bytes();
  wp_queue *q = wp_queue_new((size_t)elem, (size_t)n);
  if (q == NULL) die("wp_queue_new");
  bool ok = true;
  for (int64_t i = 0; i < n && ok; i++) {
    buf[0] = (unsigned char)i;
    int st = wp_queue_try_send(q, buf); /* never blocks: capacity n */
    if (st != WP_OK) {
      fail_call("wp_queue_try_send", st);
      ok = false;
    }
  }
  long long heap = bench_malloc_in_use() - heap0;
  long long rss = bench_current_rss_bytes() - rss0;
  ok = ok && wp_queue_len(q) == (size_t)n && wp_queue_cap(q) == (size_t)n;
  bench_report_mem(IMPL, params, n, heap, rss, n * elem, ok);
  wp_queue_free(q);
  return ok;
}

/* ---- dispatch ------------------------------------------------------------ */

static size_t param_size(const char *params, const char *key, long long def,
                         long long lo, long long hi) {
  long long v = bench_param(params, key, def);
  if (v < lo || v > hi) {
    fprintf(stderr, "%s=%lld out of range [%lld, %lld]\n", key, v, lo, hi);
    exit(2);
  }
  return (size_t)v;
}

/* Runs one workload; prints its line; returns whether its check passed. */
static bool run(const char *workload, const char *params, int64_t n) {
  uint64_t el = 0;
  bool ok;
  const char *impl = IMPL;
  atomic_store(&bench_errors, 0);
  if (strcmp(workload, "classic") == 0) {
    size_t w = param_size(params, "w", 4, 1, 1024);
    ok = classic((int)w, param_size(params, "cap", 1024, 0, 1 << 24), n, &el);
  } else if (strcmp(workload, "pingpong") == 0) {
    ok = pingpong(param_size(params, "cap", 0, 0, 1 << 24), n, &el);
  } else if (strcmp(workload, "pool") == 0) {
    ok = pool(param_size(params, "w", 2, 1, 1024),
              param_size(params, "cap", 1024, 0, 1 << 24), n, &el);
  } else if (strcmp(workload, "spawn") == 0) {
    ok = spawn(n, &el, params);
  } else if (strcmp(workload, "spawn-pthread") == 0) {
    impl = "pthread";
    workload = "spawn";
    ok = spawn_pthread(n, &el);
  } else if (strcmp(workload, "select") == 0) {
    if (param_size(params, "q", 4, 4, 4) != 4) return false;
    ok = select4(param_size(params, "cap", 1024, 0, 1 << 24), n, &el);
  } else if (strcmp(workload, "solo") == 0) {
    ok = solo(param_size(params, "cap", 1024, 1, 1 << 24), n, &el);
  } else if (strcmp(workload, "memory") == 0) {
    return memory(params, n) && atomic_load(&bench_errors) == 0;
  } else {
    fprintf(stderr, "unknown workload '%s' (see the comment at the top of wpool_bench.c)\n",
            workload);
    exit(2);
  }
  ok = ok && atomic_load(&bench_errors) == 0;
  bench_report(impl, workload, params, n, el, ok);
  return ok;
}

static int smoke(void) {
  static const struct {
    const char *workload, *params;
    int64_t n;
  } cases[] = {
      {"classic", "w=1,cap=1024", 5000}, {"classic", "w=4,cap=1024", 5000},
      {"classic", "w=1,cap=0", 2000},    {"classic", "w=8,cap=0", 2000},
      {"pingpong", "cap=0", 500},        {"pingpong", "cap=1", 500},
      {"pool", "w=2,cap=1024", 5000},    {"pool", "w=4,cap=1024", 5000},
      {"spawn", "-", 2000},              {"spawn-pthread", "-", 200},
      {"select", "q=4,cap=1024", 4000},  {"select", "q=4,cap=0", 2000},
      {"memory", "elem=8", 10000},       {"memory", "elem=64", 10000},
      {"solo", "cap=1024", 10000},
  };
  int passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (run(cases[i].workload, cases[i].params, cases[i].n))
      passed++;
    else
      failed++;
  }
  printf("smoke: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--smoke") == 0) return smoke();
  if (argc != 4) {
    fprintf(stderr, "usage: wpool_bench WORKLOAD PARAMS N | wpool_bench --smoke\n"
                    "(workloads: see the comment at the top of wpool_bench.c)\n");
    return 2;
  }
  return run(argv[1], argv[2], bench_parse_n(argv[3])) ? 0 : 1;
}
