/* ThreadSanitizer build only: correct programs get no report.  What the
 * runtime tells TSan (tsan.h) must not turn correct uses into races:
 * worker pools with a closer, "last sender closes" with an atomic counter,
 * concurrent waiters, waitgroup reuse, a counted worker adding for its
 * sub-workers, select with a done queue, and a pool. */
#include "../util.h"

enum { WORKERS = 4, JOBS = 200 };

struct classic {
  wp_queue *jobs, *results;
  wp_wg wg;
};

static void worker(void *arg) {
  struct classic *c = arg;
  int j;
  WP_QUEUE_FOREACH(c->jobs, j) {
    int r = j * 2;
    CHECK_OK(wp_queue_send(c->results, &r));
  }
  CHECK_OK(wp_wg_done(&c->wg));
}

static void closer(void *arg) {
  struct classic *c = arg;
  CHECK_OK(wp_wg_wait(&c->wg));
  CHECK_OK(wp_queue_close(c->results));
}

static void feeder(void *arg) {
  struct classic *c = arg;
  for (int j = 1; j <= JOBS; j++)
    CHECK_OK(wp_queue_send(c->jobs, &j));
  CHECK_OK(wp_queue_close(c->jobs));
}

static void classic_pool(size_t cap) {
  struct classic c = {wp_queue_new(sizeof(int), cap),
                      wp_queue_new(sizeof(int), cap), WP_WG_INIT};
  CHECK_NOT_NULL(c.jobs);
  CHECK_NOT_NULL(c.results);
  for (int w = 0; w < WORKERS; w++) {
    CHECK_OK(wp_wg_add(&c.wg, 1));
    CHECK_OK(wp_go(worker, &c));
  }
  CHECK_OK(wp_go(closer, &c));
  CHECK_OK(wp_go(feeder, &c));
  long sum = 0;
  int r;
  WP_QUEUE_FOREACH(c.results, r) sum += r;
  CHECK_EQ(sum, (long)JOBS * (JOBS + 1));
  wp_queue_free(c.jobs);
  wp_queue_free(c.results);
}

/* The last of the senders closes, told by an atomic counter. */
struct last_out {
  wp_queue *q;
  atomic_int senders;
};

static void sender(void *arg) {
  struct last_out *l = arg;
  for (int i = 0; i < 50; i++)
    CHECK_OK(wp_queue_send(l->q, &i));
  if (atomic_fetch_sub_explicit(&l->senders, 1, memory_order_acq_rel) == 1)
    CHECK_OK(wp_queue_close(l->q));
}

static void last_sender_closes(void) {
  struct last_out l = {wp_queue_new(sizeof(int), 8), 3};
  CHECK_NOT_NULL(l.q);
  for (int i = 0; i < 3; i++)
    CHECK_OK(wp_go(sender, &l));
  int v, n = 0;
  WP_QUEUE_FOREACH(l.q, v) n++;
  CHECK_EQ(n, 150);
  wp_queue_free(l.q);
}

struct shared_wg {
  wp_wg work, waiters;
  atomic_int finished;
};

static void slow_job(void *arg) {
  struct shared_wg *s = arg;
  atomic_fetch_add(&s->finished, 1);
  CHECK_OK(wp_wg_done(&s->work));
}

static void waiter(void *arg) {
  struct shared_wg *s = arg;
  CHECK_OK(wp_wg_wait(&s->work));
  CHECK_EQ(atomic_load(&s->finished), 8);
}

/* Several threads wait on one waitgroup; then it is used again. */
static void concurrent_waiters_and_reuse(void) {
  struct shared_wg s = {WP_WG_INIT, WP_WG_INIT, 0};
  for (int round = 0; round < 3; round++) {
    atomic_store(&s.finished, 0);
    for (int i = 0; i < 8; i++)
      CHECK_OK(wp_wg_add(&s.work, 1));
    for (int i = 0; i < 3; i++)
      CHECK_OK(wp_wg_go(&s.waiters, waiter, &s));
    for (int i = 0; i < 8; i++)
      CHECK_OK(wp_go(slow_job, &s));
    CHECK_OK(wp_wg_wait(&s.work));
    CHECK_OK(wp_wg_wait(&s.waiters));
  }
}

/* A counted worker adds for its sub-workers before its own done. */
static void sub_worker(void *arg) { CHECK_OK(wp_wg_done(arg)); }

static void parent_worker(void *arg) {
  wp_wg *wg = arg;
  for (int i = 0; i < 4; i++) {
    CHECK_OK(wp_wg_add(wg, 1));
    CHECK_OK(wp_go(sub_worker, wg));
  }
  CHECK_OK(wp_wg_done(wg));
}

static void nested_adds(void) {
  wp_wg wg = WP_WG_INIT;
  for (int i = 0; i < 3; i++) {
    CHECK_OK(wp_wg_add(&wg, 1));
    CHECK_OK(wp_go(parent_worker, &wg));
  }
  CHECK_OK(wp_wg_wait(&wg));
}

/* A producer selects between sending and a done queue the consumer closes. */
struct cancel {
  wp_queue *out, *done;
  wp_wg wg;
};

static void producer(void *arg) {
  struct cancel *c = arg;
  for (int i = 0;; i++) {
    wp_case cases[2] = {{c->out, WP_SEND, &i, 0}, {c->done, WP_RECV, NULL, 0}};
    int k = wp_select(cases, 2, -1);
    CHECK_GE(k, 0);
    if (k == 1)
      break;
  }
  CHECK_OK(wp_queue_close(c->out)); /* the sender closes its own queue */
  CHECK_OK(wp_wg_done(&c->wg));
}

static void select_with_done(void) {
  struct cancel c = {wp_queue_new(sizeof(int), 0), wp_queue_new(1, 0),
                     WP_WG_INIT};
  CHECK_NOT_NULL(c.out);
  CHECK_NOT_NULL(c.done);
  CHECK_OK(wp_wg_add(&c.wg, 1));
  CHECK_OK(wp_go(producer, &c));
  int v;
  for (int i = 0; i < 100; i++)
    CHECK_OK(wp_queue_recv(c.out, &v));
  CHECK_OK(wp_queue_close(c.done));
  while (wp_queue_recv(c.out, &v) == WP_OK) {
  }
  CHECK_OK(wp_wg_wait(&c.wg));
  wp_queue_free(c.out);
  wp_queue_free(c.done);
}

static void count_job(void *arg) { atomic_fetch_add((atomic_int *)arg, 1); }

static void pool(void) {
  atomic_int n = 0;
  wp_pool *p = wp_pool_new(2, 16);
  CHECK_NOT_NULL(p);
  for (int i = 0; i < 100; i++)
    CHECK_OK(wp_pool_submit(p, count_job, &n));
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&n), 100);
  wp_pool_free(p);
}

int main(void) {
  classic_pool(1024);
  classic_pool(0);
  last_sender_closes();
  concurrent_waiters_and_reuse();
  nested_adds();
  select_with_done();
  pool();
  return 0;
}
