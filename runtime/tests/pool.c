/* Pools: wp_pool_new's argument checks; submit/try_submit/wait/close/
 * cancel/free/stats; back-pressure (try_submit gives WP_EAGAIN on a full
 * queue, submit blocks); submit after close (WP_ECLOSED) and after cancel
 * (WP_ECANCELED); cancel drops queued jobs without touching their args and
 * counts them; wp_pool_canceled inside and outside jobs; wp_pool_wait from a
 * job (WP_EINVAL); wp_pool_free from a job; wait leaves the pool usable;
 * completed + canceled == submitted. */
#include "util.h"

/* A gate jobs can wait on: closed once to let every waiter through. */
typedef struct gate {
  wp_queue *q;
} gate;

static gate gate_new(void) {
  gate g = {wp_queue_new(1, 0)};
  CHECK_NOT_NULL(g.q);
  return g;
}
static void gate_wait(gate *g) {
  char c;
  CHECK_ST(wp_queue_recv(g->q, &c), WP_ECLOSED);
}
static void gate_open(gate *g) { CHECK_OK(wp_queue_close(g->q)); }
static void gate_free(gate *g) { wp_queue_free(g->q); }

/* A job that says it started, then waits at a gate. */
struct blocker {
  gate g;
  _Atomic int started;
  _Atomic int finished;
};

static void blocker_job(void *arg) {
  struct blocker *b = arg;
  atomic_fetch_add(&b->started, 1);
  gate_wait(&b->g);
  atomic_fetch_add(&b->finished, 1);
}

static void wait_started(struct blocker *b, int n) {
  unsigned spins = 0;
  while (atomic_load(&b->started) < n)
    util_backoff(&spins);
}

static void count_job(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

static void stats(wp_pool *p, struct wp_pool_stats *s) {
  memset(s, 0xff, sizeof *s);
  CHECK_OK(wp_pool_stats(p, s));
}

static void test_new_args(void) {
  CHECK_NULL(wp_pool_new(0, 0));
  CHECK_NULL(wp_pool_new(0, 16));
  CHECK_NULL(wp_pool_new(SIZE_MAX, 1));
  CHECK_NULL(wp_pool_new(SIZE_MAX / 2, 0));
  CHECK_NULL(wp_pool_new((size_t)1 << 40, 4));
  /* The job queue's capacity is checked like a queue's. */
  CHECK_NULL(wp_pool_new(1, SIZE_MAX));
  CHECK_NULL(wp_pool_new(2, SIZE_MAX / 4));
}

static void test_null_args(void) {
  int n = 0;
  wp_pool *p = wp_pool_new(1, 1);
  CHECK_NOT_NULL(p);
  struct wp_pool_stats s;
  CHECK_ST(wp_pool_submit(NULL, count_job, &n), WP_EINVAL);
  CHECK_ST(wp_pool_submit(p, NULL, &n), WP_EINVAL);
  CHECK_ST(wp_pool_try_submit(NULL, count_job, &n), WP_EINVAL);
  CHECK_ST(wp_pool_try_submit(p, NULL, &n), WP_EINVAL);
  CHECK_ST(wp_pool_wait(NULL), WP_EINVAL);
  CHECK_ST(wp_pool_wait_timeout(NULL, 0), WP_EINVAL);
  CHECK_ST(wp_pool_wait_timeout(NULL, 10), WP_EINVAL);
  CHECK_ST(wp_pool_close(NULL), WP_EINVAL);
  CHECK_ST(wp_pool_cancel(NULL), WP_EINVAL);
  CHECK_ST(wp_pool_stats(NULL, &s), WP_EINVAL);
  CHECK_ST(wp_pool_stats(p, NULL), WP_EINVAL);
  wp_pool_free(NULL);
  (wp_pool_free)(NULL);
  CHECK_ST((wp_pool_submit)(p, NULL, NULL), WP_EINVAL);
  /* None of that submitted anything. */
  CHECK_OK(wp_pool_wait_timeout(p, 0));
  stats(p, &s);
  CHECK_UEQ(s.completed, 0);
  CHECK_UEQ(s.queued, 0);
  wp_pool_free(p);
}

static void test_submit_wait_stats(void) {
  enum { JOBS = 2000 };
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(4, 16);
  CHECK_NOT_NULL(p);
  struct wp_pool_stats s;
  stats(p, &s);
  CHECK_UEQ(s.workers, 4);
  CHECK_UEQ(s.queued, 0);
  CHECK_UEQ(s.running, 0);
  CHECK_UEQ(s.completed, 0);
  CHECK_UEQ(s.canceled, 0);
  for (int i = 0; i < JOBS; i++)
    CHECK_OK(wp_pool_submit(p, count_job, (void *)&n));
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&n), JOBS);
  stats(p, &s);
  CHECK_UEQ(s.completed, JOBS);
  CHECK_UEQ(s.queued, 0);
  CHECK_UEQ(s.running, 0);
  CHECK_UEQ(s.canceled, 0);

  /* Still usable after wait, many times over. */
  for (int round = 0; round < 5; round++) {
    for (int i = 0; i < 100; i++)
      CHECK_OK(i % 2 ? wp_pool_submit(p, count_job, (void *)&n)
                     : (wp_pool_submit)(p, count_job, (void *)&n));
    CHECK_OK(round % 2 ? wp_pool_wait(p) : wp_pool_wait_timeout(p, 600000));
    CHECK_EQ(atomic_load(&n), JOBS + 100 * (round + 1));
  }
  stats(p, &s);
  CHECK_UEQ(s.completed, JOBS + 500);
  CHECK_OK(wp_pool_wait_timeout(p, 0)); /* idle: returns at once */
  (wp_pool_wait)(p);
  wp_pool_free(p);
}

/* All workers run at once: `workers` jobs that wait for each other. */
struct rendezvous {
  wp_wg arrived;
  gate g;
};

static void rendezvous_job(void *arg) {
  struct rendezvous *r = arg;
  CHECK_OK(wp_wg_done(&r->arrived));
  gate_wait(&r->g);
}

static void test_workers_concurrent(void) {
  enum { W = 6 };
  wp_pool *p = wp_pool_new(W, 0);
  CHECK_NOT_NULL(p);
  struct rendezvous r = {WP_WG_INIT, gate_new()};
  CHECK_OK(wp_wg_add(&r.arrived, W));
  for (int i = 0; i < W; i++)
    CHECK_OK(wp_pool_submit(p, rendezvous_job, &r));
  CHECK_OK(wp_wg_wait(&r.arrived)); /* all W running together */
  struct wp_pool_stats s;
  stats(p, &s);
  CHECK_UEQ(s.running, W);
  CHECK_UEQ(s.queued, 0);
  gate_open(&r.g);
  CHECK_OK(wp_pool_wait(p));
  stats(p, &s);
  CHECK_UEQ(s.running, 0);
  CHECK_UEQ(s.completed, W);
  wp_pool_free(p);
  gate_free(&r.g);
}

static void test_back_pressure(void) {
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(1, 2);
  CHECK_NOT_NULL(p);
  struct blocker b = {gate_new(), 0, 0};
  CHECK_OK(wp_pool_submit(p, blocker_job, &b));
  wait_started(&b, 1);
  CHECK_OK(wp_pool_try_submit(p, count_job, (void *)&n));
  CHECK_OK(wp_pool_try_submit(p, count_job, (void *)&n));
  CHECK_ST(wp_pool_try_submit(p, count_job, (void *)&n), WP_EAGAIN);
  CHECK_ST((wp_pool_try_submit)(p, count_job, (void *)&n), WP_EAGAIN);
  struct wp_pool_stats s;
  stats(p, &s);
  CHECK_UEQ(s.running, 1);
  CHECK_UEQ(s.queued, 2);
  CHECK_ST(wp_pool_wait_timeout(p, 0), WP_EAGAIN);
  CHECK_ST(wp_pool_wait_timeout(p, 10), WP_ETIMEDOUT);
  gate_open(&b.g);
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&n), 2); /* the refused submit never ran */
  stats(p, &s);
  CHECK_UEQ(s.completed, 3);
  wp_pool_free(p);
  gate_free(&b.g);
}

/* A blocking submit waits while the queue is full. */
struct submitter {
  wp_pool *p;
  _Atomic int *n;
  int rc;
  _Atomic int returned;
};

static void *submitter_main(void *arg) {
  struct submitter *s = arg;
  s->rc = wp_pool_submit(s->p, count_job, (void *)s->n);
  atomic_store(&s->returned, 1);
  return NULL;
}

static void test_submit_blocks(size_t cap) {
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(1, cap);
  CHECK_NOT_NULL(p);
  struct blocker b = {gate_new(), 0, 0};
  CHECK_OK(wp_pool_submit(p, blocker_job, &b));
  wait_started(&b, 1);
  for (size_t i = 0; i < cap; i++)
    CHECK_OK(wp_pool_submit(p, count_job, (void *)&n));
  struct submitter s = {p, &n, -100, 0};
  pthread_t t = util_thread(submitter_main, &s);
  util_sleep_ms(30);
  /* The only worker is busy and the queue full: it cannot have returned. */
  CHECK_EQ(atomic_load(&s.returned), 0);
  gate_open(&b.g);
  util_join(t);
  CHECK_OK(s.rc);
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&n), (int)cap + 1);
  wp_pool_free(p);
  gate_free(&b.g);
}

/* Unbuffered pool: try_submit succeeds once a worker is free and waiting,
 * and gives WP_EAGAIN while the only worker is busy. */
static void test_unbuffered_try_submit(void) {
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(1, 0);
  CHECK_NOT_NULL(p);
  unsigned spins = 0;
  int rc;
  while ((rc = wp_pool_try_submit(p, count_job, (void *)&n)) == WP_EAGAIN)
    util_backoff(&spins); /* the worker may not be waiting yet */
  CHECK_OK(rc);
  struct blocker b = {gate_new(), 0, 0};
  spins = 0;
  while ((rc = wp_pool_try_submit(p, blocker_job, &b)) == WP_EAGAIN)
    util_backoff(&spins);
  CHECK_OK(rc);
  wait_started(&b, 1);
  CHECK_ST(wp_pool_try_submit(p, count_job, (void *)&n), WP_EAGAIN);
  gate_open(&b.g);
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&n), 1);
  wp_pool_free(p);
  gate_free(&b.g);
}

static void test_close(void) {
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(1, 8);
  CHECK_NOT_NULL(p);
  struct blocker b = {gate_new(), 0, 0};
  CHECK_OK(wp_pool_submit(p, blocker_job, &b));
  wait_started(&b, 1);
  for (int i = 0; i < 5; i++)
    CHECK_OK(wp_pool_submit(p, count_job, (void *)&n));
  CHECK_OK(wp_pool_close(p));
  CHECK_ST(wp_pool_submit(p, count_job, (void *)&n), WP_ECLOSED);
  CHECK_ST(wp_pool_try_submit(p, count_job, (void *)&n), WP_ECLOSED);
  CHECK_ST(wp_pool_close(p), WP_ECLOSED);
  CHECK_ST((wp_pool_close)(p), WP_ECLOSED);
  /* The queued jobs still run. */
  gate_open(&b.g);
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&n), 5);
  struct wp_pool_stats s;
  stats(p, &s);
  CHECK_UEQ(s.completed, 6);
  CHECK_UEQ(s.canceled, 0);
  /* Cancel after close: allowed once, nothing left to drop. */
  CHECK_OK(wp_pool_cancel(p));
  CHECK_ST(wp_pool_cancel(p), WP_ECANCELED);
  CHECK_ST(wp_pool_submit(p, count_job, (void *)&n), WP_ECANCELED);
  stats(p, &s);
  CHECK_UEQ(s.canceled, 0);
  wp_pool_free(p);
  gate_free(&b.g);
}

/* Records wp_pool_canceled(): 1 true, 2 false. */
static void canceled_flag_job(void *arg) {
  atomic_store((_Atomic int *)arg, wp_pool_canceled() ? 1 : 2);
}

/* Jobs whose args must never be touched once canceled. */
struct untouchable {
  _Atomic int ran;
};

static void untouchable_job(void *arg) {
  struct untouchable *u = arg;
  atomic_fetch_add(&u->ran, 1);
}

/* A job that runs until its pool is canceled. */
struct canceled_probe {
  _Atomic int started;
  _Atomic int saw_cancel;
  _Atomic int before; /* wp_pool_canceled() at the start */
};

static void until_canceled_job(void *arg) {
  struct canceled_probe *c = arg;
  atomic_store(&c->before, wp_pool_canceled() ? 1 : 0);
  atomic_fetch_add(&c->started, 1);
  unsigned spins = 0;
  while (!wp_pool_canceled())
    util_backoff(&spins);
  atomic_store(&c->saw_cancel, 1);
}

static void test_cancel(void) {
  enum { QUEUED = 5, W = 2 };
  wp_pool *p = wp_pool_new(W, 16);
  CHECK_NOT_NULL(p);
  struct canceled_probe c = {0, 0, 0};
  for (int i = 0; i < W; i++)
    CHECK_OK(wp_pool_submit(p, until_canceled_job, &c));
  unsigned spins = 0;
  while (atomic_load(&c.started) < W)
    util_backoff(&spins);
  CHECK_EQ(atomic_load(&c.before), 0);
  struct untouchable u[QUEUED];
  for (int i = 0; i < QUEUED; i++) {
    atomic_store(&u[i].ran, 0);
    CHECK_OK(wp_pool_submit(p, untouchable_job, &u[i]));
  }
  struct wp_pool_stats s;
  stats(p, &s);
  CHECK_UEQ(s.running, W);
  CHECK_UEQ(s.queued, QUEUED);
  CHECK(!wp_pool_canceled()); /* not inside a job */

  CHECK_OK(wp_pool_cancel(p));
  CHECK(!wp_pool_canceled()); /* still not inside a job */
  CHECK_ST(wp_pool_submit(p, untouchable_job, &u[0]), WP_ECANCELED);
  CHECK_ST(wp_pool_try_submit(p, untouchable_job, &u[0]), WP_ECANCELED);
  CHECK_ST(wp_pool_cancel(p), WP_ECANCELED);
  CHECK_ST((wp_pool_cancel)(p), WP_ECANCELED);
  CHECK_ST(wp_pool_close(p), WP_ECLOSED);
  CHECK_OK(wp_pool_wait(p)); /* the running jobs return early */
  CHECK_EQ(atomic_load(&c.saw_cancel), 1);
  for (int i = 0; i < QUEUED; i++)
    CHECK_EQ(atomic_load(&u[i].ran), 0);
  stats(p, &s);
  CHECK_UEQ(s.canceled, QUEUED);
  CHECK_UEQ(s.completed, W);
  CHECK_UEQ(s.queued, 0);
  CHECK_UEQ(s.running, 0);
  CHECK_UEQ(s.completed + s.canceled, W + QUEUED);
  wp_pool_free(p);

  /* The workers' threads go back to the runtime: tasks that run on them
   * later are not pool jobs and see no cancel. */
  enum { TASKS = 32 };
  _Atomic int flags[TASKS];
  wp_wg wg = WP_WG_INIT;
  for (int i = 0; i < TASKS; i++) {
    atomic_store(&flags[i], 0);
    CHECK_OK(wp_wg_go(&wg, canceled_flag_job, (void *)&flags[i]));
  }
  CHECK_OK(wp_wg_wait(&wg));
  for (int i = 0; i < TASKS; i++)
    CHECK_EQ(atomic_load(&flags[i]), 2);
}

/* Cancel after close drops what close would have let run. */
static void test_cancel_after_close(void) {
  wp_pool *p = wp_pool_new(1, 8);
  CHECK_NOT_NULL(p);
  struct blocker b = {gate_new(), 0, 0};
  CHECK_OK(wp_pool_submit(p, blocker_job, &b));
  wait_started(&b, 1);
  struct untouchable u[3];
  for (int i = 0; i < 3; i++) {
    atomic_store(&u[i].ran, 0);
    CHECK_OK(wp_pool_submit(p, untouchable_job, &u[i]));
  }
  CHECK_OK(wp_pool_close(p));
  CHECK_OK(wp_pool_cancel(p));
  gate_open(&b.g);
  CHECK_OK(wp_pool_wait(p));
  for (int i = 0; i < 3; i++)
    CHECK_EQ(atomic_load(&u[i].ran), 0);
  struct wp_pool_stats s;
  stats(p, &s);
  CHECK_UEQ(s.canceled, 3);
  CHECK_UEQ(s.completed, 1);
  wp_pool_free(p);
  gate_free(&b.g);
}

/* wp_pool_canceled is false inside jobs of a live pool, and in tasks. */

static void test_canceled_flag_elsewhere(void) {
  CHECK(!wp_pool_canceled());
  wp_pool *p = wp_pool_new(1, 1);
  CHECK_NOT_NULL(p);
  _Atomic int v = 0;
  CHECK_OK(wp_pool_submit(p, canceled_flag_job, (void *)&v));
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&v), 2);
  /* Cancel a different pool: this one's jobs do not see it. */
  wp_pool *other = wp_pool_new(1, 1);
  CHECK_NOT_NULL(other);
  CHECK_OK(wp_pool_cancel(other));
  CHECK_OK(wp_pool_submit(p, canceled_flag_job, (void *)&v));
  CHECK_OK(wp_pool_wait(p));
  CHECK_EQ(atomic_load(&v), 2);
  /* A wp_go task is not a pool job. */
  wp_wg wg = WP_WG_INIT;
  atomic_store(&v, 0);
  CHECK_OK(wp_wg_go(&wg, canceled_flag_job, (void *)&v));
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_EQ(atomic_load(&v), 2);
  CHECK(!wp_pool_canceled());
  wp_pool_free(other);
  wp_pool_free(p);
}

/* wp_pool_wait from one of the pool's own jobs is refused; from a job of
 * another pool it works. */
struct self_wait {
  wp_pool *self;
  wp_pool *other;
  _Atomic int rc_wait;
  _Atomic int rc_timeout;
  _Atomic int rc_other;
};

static void self_wait_job(void *arg) {
  struct self_wait *w = arg;
  atomic_store(&w->rc_wait, wp_pool_wait(w->self));
  atomic_store(&w->rc_timeout, wp_pool_wait_timeout(w->self, 0));
  atomic_store(&w->rc_other, wp_pool_wait(w->other));
}

static void test_wait_from_job(void) {
  wp_pool *p = wp_pool_new(2, 2);
  wp_pool *other = wp_pool_new(1, 4);
  CHECK_NOT_NULL(p);
  CHECK_NOT_NULL(other);
  _Atomic int n = 0;
  for (int i = 0; i < 3; i++)
    CHECK_OK(wp_pool_submit(other, count_job, (void *)&n));
  struct self_wait w = {p, other, -100, -100, -100};
  CHECK_OK(wp_pool_submit(p, self_wait_job, &w));
  CHECK_OK(wp_pool_wait(p));
  CHECK_ST(atomic_load(&w.rc_wait), WP_EINVAL);
  CHECK_ST(atomic_load(&w.rc_timeout), WP_EINVAL);
  CHECK_OK(atomic_load(&w.rc_other));
  CHECK_EQ(atomic_load(&n), 3);
  wp_pool_free(p);
  wp_pool_free(other);
}

/* wp_pool_free from inside one of the pool's jobs: no deadlock, the queued
 * jobs still run, and the pool refuses new jobs from then on. */
struct self_free {
  wp_pool *p;
  wp_wg *wg;
  gate g;
  _Atomic int rc_after;
};

static void self_free_job(void *arg) {
  struct self_free *f = arg;
  WP_DEFER_DONE(f->wg);
  gate_wait(&f->g); /* the rest of the jobs are queued by now */
  wp_pool_free(f->p);
}

static void counted_job(void *arg) {
  struct self_free *f = arg;
  WP_DEFER_DONE(f->wg);
}

static void test_free_from_job(void) {
  for (int round = 0; round < 10; round++) {
    wp_wg wg = WP_WG_INIT;
    wp_pool *p = wp_pool_new(round % 3 + 1, 8);
    CHECK_NOT_NULL(p);
    struct self_free f = {p, &wg, gate_new(), 0};
    CHECK_OK(wp_wg_add(&wg, 1));
    CHECK_OK(wp_pool_submit(p, self_free_job, &f));
    for (int i = 0; i < 5; i++) {
      CHECK_OK(wp_wg_add(&wg, 1));
      CHECK_OK(wp_pool_submit(p, counted_job, &f));
    }
    gate_open(&f.g);
    /* Every job ran to its end: the self-free did not deadlock, and the jobs
     * queued behind it were not dropped. */
    int rc = wp_wg_wait_timeout(&wg, 120000);
    if (rc != WP_OK)
      FAIL("jobs did not finish after wp_pool_free from a job: %s\n",
           wp_err_name(rc));
    /* p may be released by now: not touched again. */
    gate_free(&f.g);
    wp_wg_destroy(&wg);
  }
}

/* wp_pool_free lets the queued jobs finish before it returns. */
static void test_free_runs_queued(void) {
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(2, 64);
  CHECK_NOT_NULL(p);
  for (int i = 0; i < 50; i++)
    CHECK_OK(wp_pool_submit(p, count_job, (void *)&n));
  wp_pool_free(p);
  CHECK_EQ(atomic_load(&n), 50);

  /* Freeing right after creation, after close, after cancel. */
  p = wp_pool_new(3, 0);
  CHECK_NOT_NULL(p);
  wp_pool_free(p);
  p = wp_pool_new(3, 2);
  CHECK_NOT_NULL(p);
  CHECK_OK(wp_pool_close(p));
  wp_pool_free(p);
  p = wp_pool_new(3, 2);
  CHECK_NOT_NULL(p);
  CHECK_OK(wp_pool_cancel(p));
  wp_pool_free(p);
}

/* Submitters race a cancel: every job is either completed or canceled,
 * never both, never lost. */
struct racer {
  wp_pool *p;
  _Atomic int *ran;
  int accepted;
};

static void *racer_main(void *arg) {
  struct racer *r = arg;
  for (;;) {
    int rc = wp_pool_submit(r->p, count_job, (void *)r->ran);
    if (rc == WP_ECANCELED)
      break;
    CHECK_OK(rc);
    r->accepted++;
  }
  return NULL;
}

static void test_stats_consistency(void) {
  enum { T = 4 };
  for (int round = 0; round < 10; round++) {
    _Atomic int ran = 0;
    wp_pool *p = wp_pool_new(2, 32);
    CHECK_NOT_NULL(p);
    struct racer r[T];
    pthread_t t[T];
    for (int i = 0; i < T; i++) {
      r[i] = (struct racer){p, &ran, 0};
      t[i] = util_thread(racer_main, &r[i]);
    }
    unsigned spins = 0;
    while (atomic_load(&ran) < 100 * (round % 3 + 1))
      util_backoff(&spins);
    CHECK_OK(wp_pool_cancel(p));
    int accepted = 0;
    for (int i = 0; i < T; i++) {
      util_join(t[i]);
      accepted += r[i].accepted;
    }
    CHECK_OK(wp_pool_wait(p));
    struct wp_pool_stats s;
    stats(p, &s);
    CHECK_UEQ(s.completed + s.canceled, (size_t)accepted);
    CHECK_UEQ(s.completed, (size_t)atomic_load(&ran));
    CHECK_UEQ(s.queued, 0);
    CHECK_UEQ(s.running, 0);
    wp_pool_free(p);
  }
}

int main(void) {
  test_new_args();
  test_null_args();
  test_submit_wait_stats();
  test_workers_concurrent();
  test_back_pressure();
  test_submit_blocks(0);
  test_submit_blocks(3);
  test_unbuffered_try_submit();
  test_close();
  test_cancel();
  test_cancel_after_close();
  test_canceled_flag_elsewhere();
  test_wait_from_job();
  test_free_from_job();
  test_free_runs_queued();
  test_stats_consistency();
  return 0;
}
