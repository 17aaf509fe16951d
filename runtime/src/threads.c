/* wp_go: Go's `go` statement on OS threads that are kept and reused.
 *
 * A spawned task goes into a small run queue that every free thread (one
 * not running a task) takes from.  The runtime keeps at least as many free
 * threads as queued tasks, so a queued task never waits behind a task that
 * blocks; when no thread is free it creates one.  A thread that finishes a
 * task takes the next one without sleeping, or spins briefly before it
 * parks, so a burst of short tasks costs a queue push each, not a thread.
 * Threads parked for IDLE_MS without work exit. */
#include "spawn.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "alloc.h"
#include "debug.h"
#include "park.h"

enum {
  IDLE_MS = 30000,      /* a parked thread exits after this long */
  LOOK_NS = 20000,      /* a free thread looks for work this long first */
  FIRST_RING = 16,
};

typedef struct worker {
  struct worker *next, *prev; /* in rt.sleepers while parked */
  bool parked;                /* linked into rt.sleepers */
  struct worker *all_next, *all_prev; /* rt.all: every thread's record */
  wp__parker parker;
  wp__task first; /* the task it was created for */
} worker;

static struct {
  wp__lock lock;
  wp__task *ring; /* queued tasks; capacity >= threads */
  size_t ring_cap, ring_head, ring_len;
  size_t threads;  /* threads owned */
  size_t free;     /* of those, not running a task (>= ring_len) */
  size_t sleeping; /* of those, parked in rt.sleepers */
  worker *sleepers;
  worker *all; /* every runtime thread's record (freed in a forked child) */
  size_t created, spawned;
} rt;

/* With rt.lock held. */
static void all_add(worker *w) {
  w->all_prev = NULL;
  w->all_next = rt.all;
  if (rt.all)
    rt.all->all_prev = w;
  rt.all = w;
}

static void all_remove(worker *w) {
  if (w->all_prev)
    w->all_prev->all_next = w->all_next;
  else
    rt.all = w->all_next;
  if (w->all_next)
    w->all_next->all_prev = w->all_prev;
}

/* With rt.lock held: the oldest queued task, if any. */
static bool ring_pop(wp__task *out) {
  if (rt.ring_len == 0)
    return false;
  *out = rt.ring[rt.ring_head];
  rt.ring_head = (rt.ring_head + 1) % rt.ring_cap;
  WP__STORE_RELAXED(&rt.ring_len, rt.ring_len - 1);
  return true;
}

static void ring_push(const wp__task *t) {
  rt.ring[(rt.ring_head + rt.ring_len) % rt.ring_cap] = *t;
  WP__STORE_RELAXED(&rt.ring_len, rt.ring_len + 1);
}

/* With rt.lock held: room for one more queued task per thread. */
static bool ring_reserve(size_t threads) {
  if (rt.ring_cap >= threads)
    return true;
  size_t cap = rt.ring_cap ? rt.ring_cap * 2 : FIRST_RING;
  while (cap < threads)
    cap *= 2;
  wp__task *ring = wp__calloc(cap, sizeof *ring);
  if (!ring)
    return false;
  for (size_t i = 0; i < rt.ring_len; i++)
    ring[i] = rt.ring[(rt.ring_head + i) % rt.ring_cap];
  wp__free(rt.ring);
  rt.ring = ring;
  rt.ring_cap = cap;
  rt.ring_head = 0;
  return true;
}

static void sleepers_push(worker *w) {
  w->prev = NULL;
  w->next = rt.sleepers;
  if (rt.sleepers)
    rt.sleepers->prev = w;
  rt.sleepers = w;
  w->parked = true;
  rt.sleeping++;
}

static void sleepers_unlink(worker *w) {
  if (!w->parked)
    return;
  w->parked = false;
  if (w->prev)
    w->prev->next = w->next;
  else
    rt.sleepers = w->next;
  if (w->next)
    w->next->prev = w->prev;
  w->next = w->prev = NULL;
  rt.sleeping--;
}

/* Spins (unlocked) a short while for a queued task to appear. */
static bool look_for_work(void) {
  if (!wp__may_spin())
    return false;
  uint64_t until = wp__now_ns() + LOOK_NS;
  do {
    for (int i = 0; i < 32; i++) {
      if (WP__LOAD_RELAXED(&rt.ring_len) > 0)
        return true;
      wp__cpu_relax();
    }
  } while (wp__now_ns() < until);
  return false;
}

/* Parks w until a spawner wakes it (true) or it idled out and retired. */
static bool park_idle(worker *w) {
  wp__parker_init(&w->parker);
  sleepers_push(w);
  wp__lock_release(&rt.lock);
  bool woken = wp__parker_wait(&w->parker, wp__deadline(IDLE_MS));
  if (!woken && !wp__parker_claim(&w->parker)) {
    wp__parker_wait(&w->parker, WP__FOREVER); /* a spawner claimed it */
    woken = true;
  }
  wp__lock_acquire(&rt.lock);
  if (woken)
    return true;
  /* Idled out.  A spawner may have queued a task meanwhile, counting on this
   * thread (it could not claim it): then stay. */
  sleepers_unlink(w);
  if (rt.ring_len > 0)
    return true;
  WP__STORE_RELAXED(&rt.free, rt.free - 1);
  rt.threads--;
  all_remove(w);
  wp__lock_release(&rt.lock);
  return false;
}

/* With rt.lock held: waits for a queued task and takes it; false if the
 * thread idled out (it then no longer counts, and the lock is released). */
static bool next_task(worker *w, wp__task *t) {
  for (;;) {
    if (ring_pop(t)) {
      WP__STORE_RELAXED(&rt.free, rt.free - 1);
      return true;
    }
    wp__lock_release(&rt.lock);
    bool found = look_for_work();
    wp__lock_acquire(&rt.lock);
    if (!found && rt.ring_len == 0 && !park_idle(w))
      return false;
  }
}

static void *thread_main(void *arg) {
  worker *w = arg;
  wp__thread_counted(true);
  wp__lock_acquire(&rt.lock);
  all_add(w);
  wp__lock_release(&rt.lock);
  wp__task cur = w->first, next;
  for (;;) {
    if (WP__DEBUG())
      wp__dbg_task_begin(cur.site, cur.dbg);
    cur.fn(cur.arg);
    /* Count this thread free before the waitgroup learns the task is done,
     * so a spawner woken by that done finds it and need not create one. */
    wp__lock_acquire(&rt.lock);
    WP__STORE_RELAXED(&rt.free, rt.free + 1);
    bool have = ring_pop(&next);
    if (have)
      WP__STORE_RELAXED(&rt.free, rt.free - 1);
    wp__lock_release(&rt.lock);
    if (cur.wg)
      wp__wg_add_at(cur.wg, -1, cur.site);
    if (WP__DEBUG())
      wp__dbg_task_end();
    if (!have) {
      wp__lock_acquire(&rt.lock);
      have = next_task(w, &next);
      if (!have)
        break;
      wp__lock_release(&rt.lock);
    }
    cur = next;
  }
  wp__thread_gone();
  wp__free(w);
  return NULL;
}

/* Creates a thread for t with every signal blocked (signals are for the
 * program's own threads, as in libuv's pool). */
static int start_thread(const wp__task *t) {
  worker *w = wp__calloc(1, sizeof *w);
  if (!w)
    return WP_ENOMEM;
  w->first = *t;
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) {
    wp__free(w);
    return WP_ESYS;
  }
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t tid;
  int rc = wp__thread_create(&tid, &attr, thread_main, w);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    wp__free(w);
    return rc == ENOMEM ? WP_ENOMEM : WP_ESYS;
  }
  return WP_OK;
}

/* With rt.lock held (released and re-taken): true if a thread became free
 * within LOOK_NS.  Only on multi-core machines: on one CPU the busy thread
 * cannot run while we wait. */
static bool wait_for_free(void) {
  if (!wp__may_spin())
    return false;
  wp__lock_release(&rt.lock);
  uint64_t until = wp__now_ns() + LOOK_NS;
  bool freed = false;
  do {
    for (int i = 0; i < 32 && !freed; i++) {
      freed = WP__LOAD_RELAXED(&rt.free) > WP__LOAD_RELAXED(&rt.ring_len);
      wp__cpu_relax();
    }
  } while (!freed && wp__now_ns() < until);
  if (freed)
    return true;
  wp__lock_acquire(&rt.lock);
  return false;
}

/* After fork() only the forking thread exists in the child: forget the
 * parent's threads (their records are lost, as their stacks are), so that
 * the child's first wp_go creates a thread instead of queueing a task for
 * one that does not exist. */
static void forget_threads_in_child(void) {
  wp__task *ring = rt.ring;
  size_t cap = rt.ring_cap;
  for (worker *w = rt.all, *next; w; w = next) {
    next = w->all_next;
    wp__free(w);
  }
  memset(&rt, 0, sizeof rt);
  rt.ring = ring;
  rt.ring_cap = cap;
  wp__park_reset_in_child();
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void install_atfork(void) {
  pthread_atfork(NULL, NULL, forget_threads_in_child);
}

static int spawn(const wp__task *t, bool may_wait) {
  pthread_once(&atfork_once, install_atfork);
  wp__lock_acquire(&rt.lock);
  if (rt.free > rt.ring_len) {
    ring_push(t);
    rt.spawned++;
    worker *wake = NULL;
    /* Wake a parked thread unless enough free ones are awake already. */
    if (rt.ring_len > rt.free - rt.sleeping) {
      while (rt.sleepers && !wake) {
        worker *w = rt.sleepers;
        sleepers_unlink(w);
        if (wp__parker_claim(&w->parker))
          wake = w;
        /* else: it is retiring and will not count itself as free. */
      }
    }
    wp__lock_release(&rt.lock);
    if (wake)
      wp__parker_signal(&wake->parker);
    return WP_OK;
  }
  /* No free thread.  If some are busy, one may be about to finish (it just
   * signalled the waitgroup the caller waited on): give it a moment, since
   * creating a thread costs tens of microseconds. */
  if (may_wait && rt.threads > rt.free && wait_for_free())
    return spawn(t, false);
  /* Start a thread for this task.  Reserve its queue slot first so that
   * queueing never allocates. */
  if (!ring_reserve(rt.threads + 1)) {
    wp__lock_release(&rt.lock);
    return WP_ENOMEM;
  }
  rt.threads++;
  wp__lock_release(&rt.lock);
  int err = start_thread(t);
  wp__lock_acquire(&rt.lock);
  if (err) {
    rt.threads--;
  } else {
    rt.created++;
    rt.spawned++;
  }
  wp__lock_release(&rt.lock);
  return err;
}

int wp__spawn(const wp__task *t) {
  wp__note_runtime_used();
  if (!WP__DEBUG())
    return spawn(t, true);
  /* Debug mode: the task's past is its spawner's (happens-before). */
  wp__task task = *t;
  task.dbg = wp__dbg_task_spawning(task.wg != NULL);
  int err = spawn(&task, true);
  if (err)
    wp__dbg_task_discard(task.dbg);
  return err;
}

int wp__go_at(wp_fn *fn, void *arg, const wp_site *site) {
  if (!fn)
    return WP_EINVAL;
  wp__task t = {.fn = fn, .arg = arg, .site = site};
  return wp__spawn(&t);
}

int wp_go(wp_fn *fn, void *arg) { return wp__go_at(fn, arg, NULL); }

int wp__idle_runtime_threads(void) {
  return (int)WP__LOAD_RELAXED(&rt.free);
}

int wp_runtime_stats(struct wp_runtime_stats *out) {
  if (!out)
    return WP_EINVAL;
  wp__lock_acquire(&rt.lock);
  out->threads = rt.threads;
  out->idle = rt.free;
  out->created = rt.created;
  out->spawned = rt.spawned;
  wp__lock_release(&rt.lock);
  return WP_OK;
}
