/* Debug mode's deadlock detector: Go's "all goroutines are asleep".
 *
 * Every thread blocked in a runtime wait without a timeout is registered
 * with what it waits for and where.  A watchdog thread counts the process's
 * threads (/proc/self/task) every PERIOD_MS: when all of them but itself
 * and the runtime's idle threads are so blocked, and nothing completed
 * since the previous look, no thread can ever wake another.  A thread the
 * runtime never saw, one running, or one in a timed wait (or sleeping, or
 * blocked in I/O) means no deadlock: slow programs are never reported. */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "debug.h"
#include "debug_exit.h"

enum { PERIOD_MS = 200, MAX_NOTES = 8 };

typedef struct blocked {
  const wp_site *site;
  const char *what;
  int thread;
  bool main_thread;
  struct blocked *next, *prev;
} blocked;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static blocked *all;       /* threads blocked without a timeout */
static int nblocked;
static unsigned long wakes; /* blocked threads that woke: progress */
static _Thread_local blocked me;

void wp__dbg_blocking(const wp_site *site, const char *what) {
  me.site = site;
  me.what = what;
  me.thread = wp__dbg_thread();
  me.main_thread = me.thread == 1;
  pthread_mutex_lock(&lock);
  me.prev = NULL;
  me.next = all;
  if (all)
    all->prev = &me;
  all = &me;
  nblocked++;
  pthread_mutex_unlock(&lock);
}

void wp__dbg_unblocked(void) {
  pthread_mutex_lock(&lock);
  if (me.prev)
    me.prev->next = me.next;
  else
    all = me.next;
  if (me.next)
    me.next->prev = me.prev;
  nblocked--;
  wakes++;
  pthread_mutex_unlock(&lock);
}

static int process_threads(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d)
    return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* With lock held: report the deadlock and end the process. */
static void report_deadlock(int threads) {
  blocked *main_wait = NULL;
  wp__related rel[MAX_NOTES];
  int nrel = 0;
  for (blocked *b = all; b; b = b->next) {
    if (b->main_thread)
      main_wait = b;
    else if (nrel < MAX_NOTES)
      rel[nrel++] = (wp__related){b->what, b->site, b->thread};
  }
  pthread_mutex_unlock(&lock);
  wp__dbg_exit_checks_begin();
  wp__dbg_report(WP__RULE_DEADLOCK, main_wait ? main_wait->site : NULL, rel,
                 nrel,
                 "all %d threads are blocked and none can wake another "
                 "(the main thread %s here)",
                 threads, main_wait ? main_wait->what : "has exited");
  wp__dbg_check_queues_at_exit(false);
  wp__dbg_summary_and_exit();
}

static void *watchdog(void *unused) {
  (void)unused;
  unsigned long seen = (unsigned long)-1;
  bool suspect = false;
  for (;;) {
    struct timespec ts = {0, PERIOD_MS * 1000000L};
    nanosleep(&ts, NULL);
    int threads = process_threads();
    int idle = wp__idle_runtime_threads();
    pthread_mutex_lock(&lock);
    bool stuck = threads > 1 && nblocked > 0 &&
                 nblocked + idle + 1 >= threads;
    if (stuck && suspect && wakes == seen) {
      report_deadlock(threads - idle - 1); /* does not return */
    }
    suspect = stuck;
    seen = wakes;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

void wp__dbg_deadlock_watch(void) {
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&t, &attr, watchdog, NULL) != 0)
    fprintf(stderr, "wpool: debug mode: no deadlock detection (cannot "
                    "start its thread)\n");
  pthread_attr_destroy(&attr);
}
