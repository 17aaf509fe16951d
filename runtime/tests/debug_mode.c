/* Debug mode switches.  A child process (forked before any wpool call)
 * calls wp_debug_enable first, which must be WP_OK, then runs a correct
 * program that uses every kind of object: debug mode reports nothing for it
 * and the child exits 0 (debug mode exits non-zero at exit if it reported
 * anything), also where a close is ordered after a select's send only
 * through the receive of its element.  The parent uses the runtime first: wp_debug_enable is then
 * WP_EINVAL and the runtime goes on working.  wp_debug_release /
 * wp_debug_acquire annotate a C11 release/acquire handoff. */
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static _Atomic int flag;
static int payload; /* published through flag */

static void *publisher(void *arg) {
  (void)arg;
  payload = 42;
  wp_debug_release(&flag);
  atomic_store_explicit(&flag, 1, memory_order_release);
  return NULL;
}

static void job(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

/* Sends one element through a select's send case. */
static void select_sender(void *arg) {
  int x = 9;
  wp_case c = {arg, WP_SEND, &x, -100};
  CHECK_ST(wp_select(&c, 1, -1), 0);
  CHECK_OK(c.status);
}

/* A correct program touching queues, select, waitgroups, spawning and
 * pools, releasing everything. */
static void correct_program(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 2);
  CHECK_NOT_NULL(q);
  int x = 5, v = 0;
  CHECK_OK(wp_queue_send(q, &x));
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 5);
  wp_case c = {q, WP_SEND, &x, -100};
  CHECK_ST(wp_select(&c, 1, 0), 0);
  CHECK_OK(wp_queue_close(q));
  int sum = 0;
  WP_QUEUE_FOREACH(q, v) { sum += v; }
  CHECK_EQ(sum, 5);
  wp_queue_free(q);

  /* A select's send is ordered before its receive, so a close after the
   * receive of the only element is after that send too. */
  q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  wp_wg sent = WP_WG_INIT;
  CHECK_OK(wp_wg_go(&sent, select_sender, q));
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 9);
  CHECK_OK(wp_queue_close(q));
  CHECK_OK(wp_wg_wait(&sent));
  wp_wg_destroy(&sent);
  wp_queue_free(q);

  _Atomic int n = 0;
  wp_wg wg = WP_WG_INIT;
  CHECK_OK(wp_wg_go(&wg, job, (void *)&n));
  CHECK_OK(wp_wg_wait(&wg));
  wp_wg_destroy(&wg);
  wp_pool *p = wp_pool_new(2, 2);
  CHECK_NOT_NULL(p);
  CHECK_OK(wp_pool_submit(p, job, (void *)&n));
  CHECK_OK(wp_pool_wait(p));
  wp_pool_free(p);
  CHECK_EQ(atomic_load(&n), 2);
}

static void child(void) {
  CHECK_OK(wp_debug_enable());
  correct_program();

  pthread_t t = util_thread(publisher, NULL);
  unsigned spins = 0;
  while (atomic_load_explicit(&flag, memory_order_acquire) == 0)
    util_backoff(&spins);
  wp_debug_acquire(&flag);
  CHECK_EQ(payload, 42);
  util_join(t);
  exit(0); /* a normal exit: debug mode's end-of-run checks run */
}

int main(void) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    FAIL("fork failed\n");
  if (pid == 0)
    child();

  /* The parent: the runtime is used first, so it is too late for debug
   * mode. */
  wp_queue *q = wp_queue_new(sizeof(int), 1);
  CHECK_NOT_NULL(q);
  CHECK_ST(wp_debug_enable(), WP_EINVAL);
  CHECK_ST((wp_debug_enable)(), WP_EINVAL);
  wp_queue_free(q);
  correct_program(); /* still fine, debug mode or not */

  int status = 0;
  if (waitpid(pid, &status, 0) != pid)
    FAIL("waitpid failed\n");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    FAIL("the debug-mode child failed (status %#x): a correct program was "
         "reported, or a check failed (see its output above)\n",
         (unsigned)status);
  return 0;
}
