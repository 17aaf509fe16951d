/* Stress: spawn storms.  (1) 8 spawner tasks each start many tiny tasks
 * with wp_go and wp_wg_go at once; (2) a tree of tasks spawning tasks;
 * (3) waves of tasks that all block together, so the runtime must grow to
 * that many threads and then reuse them.  Every task runs exactly once and
 * wp_runtime_stats().spawned counts exactly the tasks started. */
#include "util.h"

static _Atomic long runs;

struct storm {
  wp_wg *wg;
  long per_spawner;
};

static void tiny(void *arg) {
  wp_wg *wg = arg;
  atomic_fetch_add_explicit(&runs, 1, memory_order_relaxed);
  if (wg)
    CHECK_OK(wp_wg_done(wg));
}

static void tiny_nodone(void *arg) {
  (void)arg;
  atomic_fetch_add_explicit(&runs, 1, memory_order_relaxed);
}

static void spawner(void *arg) {
  struct storm *s = arg;
  for (long i = 0; i < s->per_spawner; i++) {
    if (i % 2) {
      CHECK_OK(wp_wg_add(s->wg, 1));
      CHECK_OK(wp_go(tiny, s->wg));
    } else {
      CHECK_OK(wp_wg_go(s->wg, tiny_nodone, NULL));
    }
  }
}

static void phase_storm(long scale) {
  enum { SPAWNERS = 8 };
  struct wp_runtime_stats before, after;
  CHECK_OK(wp_runtime_stats(&before));
  atomic_store(&runs, 0);
  wp_wg wg = WP_WG_INIT, spawners = WP_WG_INIT;
  struct storm s = {&wg, 5000 * scale};
  for (int i = 0; i < SPAWNERS; i++)
    CHECK_OK(wp_wg_go(&spawners, spawner, &s));
  CHECK_OK(wp_wg_wait(&spawners));
  CHECK_OK(wp_wg_wait(&wg));
  long total = SPAWNERS * s.per_spawner;
  CHECK_EQ(atomic_load(&runs), total);
  CHECK_OK(wp_runtime_stats(&after));
  CHECK_UEQ(after.spawned - before.spawned, (size_t)(total + SPAWNERS));
  CHECK_ULE(after.idle, after.threads);
  fprintf(stderr, "storm: %ld tasks, %zu threads created\n", total,
          after.created - before.created);
  wp_wg_destroy(&wg);
  wp_wg_destroy(&spawners);
}

struct node {
  wp_wg *wg;
  int depth;
};

static void tree(void *arg) {
  struct node *n = arg;
  atomic_fetch_add_explicit(&runs, 1, memory_order_relaxed);
  if (n->depth > 1) {
    for (int k = 0; k < 2; k++) {
      struct node *c = malloc(sizeof *c);
      CHECK_NOT_NULL(c);
      *c = (struct node){n->wg, n->depth - 1};
      CHECK_OK(wp_wg_go(n->wg, tree, c));
    }
  }
  free(n);
}

static void phase_tree(long scale) {
  int depth = scale >= 10 ? 16 : 13;
  atomic_store(&runs, 0);
  wp_wg wg = WP_WG_INIT;
  struct node *root = malloc(sizeof *root);
  CHECK_NOT_NULL(root);
  *root = (struct node){&wg, depth};
  CHECK_OK(wp_wg_go(&wg, tree, root));
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_EQ(atomic_load(&runs), (1L << depth) - 1);
  wp_wg_destroy(&wg);
}

/* A wave: N tasks block on a gate that opens only when all N have started
 * (each blocked task needs its own thread). */
struct wave {
  wp_wg started;
  wp_queue *gate;
};

static void wave_task(void *arg) {
  struct wave *w = arg;
  CHECK_OK(wp_wg_done(&w->started));
  char c;
  CHECK_ST(wp_queue_recv(w->gate, &c), WP_ECLOSED);
  atomic_fetch_add(&runs, 1);
}

static void phase_waves(long scale) {
  enum { N = 200 };
  int waves = (int)(2 * scale);
  struct wp_runtime_stats first = {0}, last;
  for (int i = 0; i < waves; i++) {
    atomic_store(&runs, 0);
    struct wave w = {WP_WG_INIT, wp_queue_new(1, 0)};
    CHECK_NOT_NULL(w.gate);
    wp_wg done = WP_WG_INIT;
    CHECK_OK(wp_wg_add(&w.started, N));
    for (int k = 0; k < N; k++)
      CHECK_OK(wp_wg_go(&done, wave_task, &w));
    CHECK_OK(wp_wg_wait(&w.started));
    CHECK_OK(wp_queue_close(w.gate));
    CHECK_OK(wp_wg_wait(&done));
    CHECK_EQ(atomic_load(&runs), N);
    wp_queue_free(w.gate);
    wp_wg_destroy(&done);
    wp_wg_destroy(&w.started);
    if (i == 0)
      CHECK_OK(wp_runtime_stats(&first));
  }
  CHECK_OK(wp_runtime_stats(&last));
  CHECK_UGE(first.created, N);
  fprintf(stderr,
          "waves: %d x %d blocked tasks, %zu threads created after "
          "the first wave\n",
          waves, N, last.created - first.created);
}

int main(int argc, char **argv) {
  long scale = util_stress_scale(argc, argv);
  phase_storm(scale);
  phase_tree(scale);
  phase_waves(scale);
  return 0;
}
