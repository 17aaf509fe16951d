/* Pools: a fixed set of worker threads taking jobs from one queue.
 *
 * Built from the runtime's own parts: the jobs go through a wp_queue (so a
 * full queue gives back-pressure and a close lets queued jobs finish), a
 * waitgroup counts the jobs not yet finished (wp_pool_wait), another counts
 * the live workers (wp_pool_free), and the workers are wp__spawn tasks. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "debug.h"
#include "queue.h"
#include "spawn.h"

enum { OPEN = 0, CLOSED = 1, CANCELED = 2 };
enum { MAX_WORKERS = 1 << 16 };

typedef struct job {
  wp_fn *fn;
  void *arg;
  const wp_site *site;    /* where it was submitted (debug reports) */
  struct wp__task_debug *dbg; /* debug mode: the job's past and counts */
} job;

/* One worker's counts, on a cache line of its own: written by that worker
 * alone on every job (no shared line bounces between workers), summed by
 * wp_pool_stats. */
typedef struct worker_slot {
  _Alignas(WP__CACHE_LINE) struct wp_pool *pool;
  size_t running; /* 0 or 1 */
  size_t completed;
} worker_slot;

struct wp_pool {
  /* Read by every submit and job; written at close, cancel or free. */
  wp_queue *jobs;
  size_t workers;
  int state; /* OPEN, CLOSED or CANCELED */
  const void *reaper; /* set when a job frees its own pool: its worker */
  bool quarantined;   /* debug mode keeps the freed pool's memory */
  wp__pool_debug *debug; /* debug mode's record of it, else NULL */
  const wp_site *site;
  size_t canceled;
  wp_wg live; /* worker threads not yet exited */
  /* Raised by submitters, lowered by workers, on every job. */
  _Alignas(WP__CACHE_LINE) wp_wg pending; /* submitted, not yet finished or
                                             dropped */
  worker_slot slots[]; /* one per worker */
};

static _Thread_local wp_pool *current_pool; /* the pool whose job runs here */

static void drop_job(wp_pool *p, job *j) {
  wp__dbg_task_discard(j->dbg);
  WP__ADD(&p->canceled, 1);
  wp__wg_add_raw(&p->pending, -1);
}

static void release(wp_pool *p) {
  wp__queue_free_at(p->jobs, NULL);
  wp__free(p);
}

static void worker_main(void *arg) {
  worker_slot *slot = arg;
  wp_pool *p = slot->pool;
  current_pool = p;
  job j;
  while (wp__queue_recv_at(p->jobs, &j, -1, NULL) == WP_OK) {
    if (WP__LOAD(&p->state) == CANCELED) {
      drop_job(p, &j);
      continue;
    }
    WP__STORE_RELAXED(&slot->running, 1);
    if (WP__DEBUG())
      wp__dbg_task_begin(j.site, j.dbg);
    j.fn(j.arg);
    if (WP__DEBUG())
      wp__dbg_task_end();
    WP__STORE_RELAXED(&slot->running, 0);
    WP__STORE_RELAXED(&slot->completed, slot->completed + 1);
    wp__wg_add_raw(&p->pending, -1);
  }
  current_pool = NULL;
  bool reap = WP__LOAD(&p->reaper) == (const void *)&current_pool;
  /* Otherwise the last access to p: after it, wp_pool_free may release it. */
  wp__wg_add_raw(&p->live, -1);
  if (reap) { /* a job of ours freed the pool: finish that here */
    wp__wg_wait_raw(&p->live, -1);
    if (!p->quarantined)
      release(p);
  }
}

wp_pool *wp__pool_new_at(size_t workers, size_t queue_capacity,
                         const wp_site *site) {
  if (workers == 0 || workers > MAX_WORKERS)
    return NULL;
  size_t bytes = sizeof(wp_pool) + workers * sizeof(worker_slot);
  wp_pool *p = wp__malloc_aligned(WP__CACHE_LINE, bytes);
  if (!p)
    return NULL;
  memset(p, 0, bytes);
  p->site = site;
  p->workers = workers;
  p->jobs = wp__queue_new_internal(sizeof(job), queue_capacity);
  if (!p->jobs) {
    wp__free(p);
    return NULL;
  }
  for (size_t i = 0; i < workers; i++) {
    p->slots[i].pool = p;
    wp__task t = {.fn = worker_main, .arg = &p->slots[i], .wg = NULL,
                  .site = site};
    wp__wg_add_raw(&p->live, 1);
    if (wp__spawn(&t) != WP_OK) {
      /* Undo: stop the workers already started, then release. */
      wp__wg_add_raw(&p->live, -1);
      wp__queue_close_at(p->jobs, NULL);
      wp__wg_wait_raw(&p->live, -1);
      release(p);
      return NULL;
    }
  }
  if (WP__DEBUG())
    p->debug = wp__dbg_pool_new(p, site);
  return p;
}

/* Debug mode: false (after a use-after-free report) for a freed pool. */
static bool live(wp_pool *p, const wp_site *site, const char *op) {
  return !WP__DEBUG() || wp__dbg_pool_live(p->debug, site, op);
}

int wp__pool_submit_at(wp_pool *p, wp_fn *fn, void *arg, long timeout_ms,
                       const wp_site *site) {
  if (!p || !fn || !live(p, site, "wp_pool_submit"))
    return WP_EINVAL;
  int state = WP__LOAD(&p->state);
  if (state != OPEN)
    return state == CANCELED ? WP_ECANCELED : WP_ECLOSED;
  job j = {fn, arg, site, WP__DEBUG() ? wp__dbg_task_spawning(false) : NULL};
  wp__wg_add_raw(&p->pending, 1);
  int err = wp__queue_send_at(p->jobs, &j, timeout_ms, site);
  if (err) {
    wp__dbg_task_discard(j.dbg);
    wp__wg_add_raw(&p->pending, -1);
    if (err == WP_ECLOSED && WP__LOAD(&p->state) == CANCELED)
      err = WP_ECANCELED;
  }
  return err;
}

int wp__pool_wait_at(wp_pool *p, long timeout_ms, const wp_site *site) {
  if (!p || current_pool == p || !live(p, site, "wp_pool_wait"))
    return WP_EINVAL;
  bool watched = WP__DEBUG() && timeout_ms < 0;
  if (watched)
    wp__dbg_blocking(site, "waits for the pool's jobs");
  int status = wp__wg_wait_raw(&p->pending, timeout_ms);
  if (watched)
    wp__dbg_unblocked();
  return status;
}

int wp__pool_close_at(wp_pool *p, const wp_site *site) {
  if (!p || !live(p, site, "wp_pool_close"))
    return WP_EINVAL;
  int open = OPEN;
  if (!WP__CAS(&p->state, &open, CLOSED))
    return WP_ECLOSED;
  wp__queue_close_at(p->jobs, site);
  return WP_OK;
}

int wp__pool_cancel_at(wp_pool *p, const wp_site *site) {
  if (!p || !live(p, site, "wp_pool_cancel"))
    return WP_EINVAL;
  int state = WP__LOAD(&p->state);
  do {
    if (state == CANCELED)
      return WP_ECANCELED;
  } while (!WP__CAS(&p->state, &state, CANCELED));
  if (state == OPEN)
    wp__queue_close_at(p->jobs, site);
  job j;
  while (wp__queue_recv_at(p->jobs, &j, 0, NULL) == WP_OK)
    drop_job(p, &j);
  return WP_OK;
}

bool wp_pool_canceled(void) {
  wp_pool *p = current_pool;
  return p && WP__LOAD(&p->state) == CANCELED;
}

void wp__pool_free_at(wp_pool *p, const wp_site *site) {
  if (!p || !live(p, site, "wp_pool_free"))
    return;
  wp__pool_close_at(p, site);
  if (current_pool == p) {
    /* Called from one of its own jobs: this worker cannot wait for itself
     * now, so it waits for the others and releases the pool once it has
     * run the last queued job (&current_pool identifies this thread).
     * Debug mode records the free now, at the user's call. */
    p->quarantined = WP__DEBUG() && wp__dbg_pool_free(p->debug, site);
    WP__STORE(&p->reaper, (const void *)&current_pool);
    return;
  }
  wp__wg_wait_raw(&p->live, -1);
  if (WP__DEBUG() && wp__dbg_pool_free(p->debug, site))
    return; /* kept in quarantine: its workers are gone, its memory stays */
  release(p);
}

int wp_pool_stats(const wp_pool *p, struct wp_pool_stats *out) {
  if (!p || !out)
    return WP_EINVAL;
  out->workers = p->workers;
  out->queued = wp_queue_len(p->jobs);
  out->running = out->completed = 0;
  for (size_t i = 0; i < p->workers; i++) {
    out->running += WP__LOAD_RELAXED(&p->slots[i].running);
    out->completed += WP__LOAD_RELAXED(&p->slots[i].completed);
  }
  out->canceled = WP__LOAD(&p->canceled);
  return WP_OK;
}

wp_pool *wp_pool_new(size_t workers, size_t queue_capacity) {
  return wp__pool_new_at(workers, queue_capacity, NULL);
}
int wp_pool_submit(wp_pool *p, wp_fn *fn, void *arg) {
  return wp__pool_submit_at(p, fn, arg, -1, NULL);
}
int wp_pool_try_submit(wp_pool *p, wp_fn *fn, void *arg) {
  return wp__pool_submit_at(p, fn, arg, 0, NULL);
}
int wp_pool_wait(wp_pool *p) { return wp__pool_wait_at(p, -1, NULL); }
int wp_pool_wait_timeout(wp_pool *p, long timeout_ms) {
  return wp__pool_wait_at(p, timeout_ms, NULL);
}
int wp_pool_close(wp_pool *p) { return wp__pool_close_at(p, NULL); }
int wp_pool_cancel(wp_pool *p) { return wp__pool_cancel_at(p, NULL); }
void wp_pool_free(wp_pool *p) { wp__pool_free_at(p, NULL); }
