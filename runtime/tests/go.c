/* wp_go and wp_runtime_stats: the function runs with its argument; NULL
 * arguments; finished threads are parked and reused (1000 sequential short
 * tasks create far fewer than 1000 threads); tasks that block on each other
 * all run (spawning never queues a task behind a blocked one); tasks spawn
 * tasks; the counters add up. */
#include "util.h"

static void snapshot(struct wp_runtime_stats *s) {
  memset(s, 0xff, sizeof *s);
  CHECK_OK(wp_runtime_stats(s));
  CHECK_ULE(s->idle, s->threads);
}

struct call {
  wp_wg *wg;
  _Atomic int runs;
  _Atomic(void *) seen_arg;
};

static void record(void *arg) {
  struct call *c = arg;
  atomic_store(&c->seen_arg, arg);
  atomic_fetch_add(&c->runs, 1);
  CHECK_OK(wp_wg_done(c->wg));
}

static void test_runs_and_args(void) {
  CHECK_ST(wp_go(NULL, NULL), WP_EINVAL);
  CHECK_ST((wp_go)(NULL, NULL), WP_EINVAL);
  CHECK_ST(wp_runtime_stats(NULL), WP_EINVAL);

  struct wp_runtime_stats before, after;
  snapshot(&before);
  wp_wg wg = WP_WG_INIT;
  struct call c = {&wg, 0, NULL};
  CHECK_OK(wp_wg_add(&wg, 2));
  CHECK_OK(wp_go(record, &c));
  CHECK_OK((wp_go)(record, &c)); /* the plain function */
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_EQ(atomic_load(&c.runs), 2);
  CHECK_PTR_EQ(atomic_load(&c.seen_arg), &c);
  snapshot(&after);
  CHECK_UEQ(after.spawned - before.spawned, 2); /* failed calls not counted */
  CHECK_UGE(after.created, before.created);
  CHECK_UGE(after.created, 1);
  CHECK_UGE(after.threads, 1);
  wp_wg_destroy(&wg);
}

/* 1000 short tasks, one after the other: parked threads are reused. */
static void bump(void *arg) {
  struct call *c = arg;
  atomic_fetch_add(&c->runs, 1);
  CHECK_OK(wp_wg_done(c->wg));
}

static void test_reuse(void) {
  enum { N = 1000 };
  struct wp_runtime_stats before, after;
  snapshot(&before);
  wp_wg wg = WP_WG_INIT;
  struct call c = {&wg, 0, NULL};
  for (int i = 0; i < N; i++) {
    CHECK_OK(wp_wg_add(&wg, 1));
    CHECK_OK(wp_go(bump, &c));
    CHECK_OK(wp_wg_wait(&wg));
  }
  CHECK_EQ(atomic_load(&c.runs), N);
  snapshot(&after);
  CHECK_UEQ(after.spawned - before.spawned, N);
  size_t created = after.created - before.created;
  fprintf(stderr, "reuse: %zu threads created for %d sequential tasks\n",
          created, N);
  CHECK_ULE(created, N / 10);
  wp_wg_destroy(&wg);
}

/* 64 tasks each wait for an element that only the 65th task sends: if
 * spawning ever queued a task behind a blocked one, this would deadlock
 * (the waitgroup wait below would time out). */
struct chain {
  wp_queue *q;
  wp_wg *wg;
  int n;
  _Atomic long sum;
};

/* Both run under wp_wg_go, which calls done when they return. */
static void chain_waiter(void *arg) {
  struct chain *c = arg;
  int v;
  CHECK_OK(wp_queue_recv(c->q, &v));
  atomic_fetch_add(&c->sum, v);
}

static void chain_filler(void *arg) {
  struct chain *c = arg;
  for (int i = 1; i <= c->n; i++)
    CHECK_OK(wp_queue_send(c->q, &i));
}

static void test_blocked_tasks_do_not_block_spawning(size_t cap) {
  enum { N = 64 };
  wp_wg wg = WP_WG_INIT;
  struct chain c = {wp_queue_new(sizeof(int), cap), &wg, N, 0};
  CHECK_NOT_NULL(c.q);
  for (int i = 0; i < N; i++)
    CHECK_OK(wp_wg_go(&wg, chain_waiter, &c));
  CHECK_OK(wp_wg_go(&wg, chain_filler, &c));
  int rc = wp_wg_wait_timeout(&wg, 120000);
  if (rc != WP_OK)
    FAIL("tasks did not all run (%s): spawning waited for blocked tasks\n",
         wp_err_name(rc));
  long sum = atomic_load(&c.sum);
  CHECK_EQ(sum, (long)N * (N + 1) / 2);
  struct wp_runtime_stats s;
  snapshot(&s);
  CHECK_UGE(s.created, N + 1); /* 65 tasks were blocked at once */
  wp_queue_free(c.q);
  wp_wg_destroy(&wg);
}

/* Tasks spawn tasks: a binary tree of depth 8 (511 tasks). */
struct tree {
  wp_wg *wg;
  _Atomic int nodes;
};

struct node {
  struct tree *t;
  int depth;
};

static void tree_node(void *arg) {
  struct node *n = arg;
  atomic_fetch_add(&n->t->nodes, 1);
  if (n->depth > 1) {
    for (int k = 0; k < 2; k++) {
      struct node *child = malloc(sizeof *child);
      CHECK_NOT_NULL(child);
      *child = (struct node){n->t, n->depth - 1};
      CHECK_OK(wp_wg_go(n->t->wg, tree_node, child));
    }
  }
  free(n);
}

static void test_nested_spawn(void) {
  wp_wg wg = WP_WG_INIT;
  struct tree t = {&wg, 0};
  struct node *root = malloc(sizeof *root);
  CHECK_NOT_NULL(root);
  *root = (struct node){&t, 9};
  CHECK_OK(wp_wg_go(&wg, tree_node, root));
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_EQ(atomic_load(&t.nodes), (1 << 9) - 1);
  wp_wg_destroy(&wg);
}

int main(void) {
  test_runs_and_args();
  test_reuse();
  test_blocked_tasks_do_not_block_spawning(0);
  test_blocked_tasks_do_not_block_spawning(4);
  test_nested_spawn();
  return 0;
}
