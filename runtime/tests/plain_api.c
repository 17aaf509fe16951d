/* Built with WPOOL_NO_SITE_MACROS: every public name is the plain function.
 * Each one is called (and most are also called through a function pointer)
 * to show that they exist, link from the static library, and behave as the
 * macro forms do; WP_QUEUE_FOREACH and WP_DEFER_DONE still work. */
#ifndef WPOOL_NO_SITE_MACROS
#error "plain_api.c must be built with WPOOL_NO_SITE_MACROS"
#endif
#include "util.h"

#ifdef wp_queue_send
#error "WPOOL_NO_SITE_MACROS left the site macros defined"
#endif

static _Atomic int task_runs;
static void task(void *arg) {
  (void)arg;
  atomic_fetch_add(&task_runs, 1);
}

static void job(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

int main(void) {
  /* Function pointers of the plain functions. */
  int (*go)(wp_fn *, void *) = wp_go;
  wp_queue *(*qnew)(size_t, size_t) = wp_queue_new;
  int (*send)(wp_queue *, const void *) = wp_queue_send;
  int (*recv)(wp_queue *, void *) = wp_queue_recv;
  int (*sel)(wp_case *, size_t, long) = wp_select;
  int (*submit)(wp_pool *, wp_fn *, void *) = wp_pool_submit;
  void (*qfree)(wp_queue *) = wp_queue_free;

  CHECK_STR_EQ(wp_err_name(WP_EAGAIN), "WP_EAGAIN");
  CHECK_STR_EQ(wp_strerror(WP_EINVAL), "invalid argument");

  /* Queues. */
  wp_queue *q = qnew(sizeof(int), 4);
  CHECK_NOT_NULL(q);
  CHECK_NULL(wp_queue_new(0, 4));
  int a = 1, b = 2, c = 3, v = 0;
  CHECK_OK(send(q, &a));
  CHECK_OK(wp_queue_try_send(q, &b));
  CHECK_OK(wp_queue_send_timeout(q, &c, 100));
  CHECK_UEQ(wp_queue_len(q), 3);
  CHECK_UEQ(wp_queue_cap(q), 4);
  CHECK_OK(recv(q, &v));
  CHECK_EQ(v, 1);
  CHECK_OK(wp_queue_try_recv(q, &v));
  CHECK_EQ(v, 2);
  CHECK_OK(wp_queue_recv_timeout(q, &v, 100));
  CHECK_EQ(v, 3);
  CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  CHECK_ST(wp_queue_recv_timeout(q, &v, 1), WP_ETIMEDOUT);
  CHECK_ST(wp_queue_send(NULL, &a), WP_EINVAL);

  /* Select. */
  CHECK_OK(wp_queue_send(q, &c));
  wp_case cs[2] = {{NULL, WP_RECV, NULL, -100}, {q, WP_RECV, &v, -100}};
  CHECK_ST(sel(cs, 2, -1), 1);
  CHECK_EQ(v, 3);
  CHECK_ST(wp_select(cs, 2, 0), WP_EAGAIN);

  /* FOREACH over the plain API. */
  for (int i = 10; i < 13; i++)
    CHECK_OK(wp_queue_send(q, &i));
  CHECK_OK(wp_queue_close(q));
  CHECK_ST(wp_queue_close(q), WP_ECLOSED);
  int sum = 0;
  WP_QUEUE_FOREACH(q, v) { sum += v; }
  CHECK_EQ(sum, 33);
  qfree(q);

  /* Waitgroups and threads. */
  wp_wg wg;
  wp_wg_init(&wg);
  CHECK_OK(wp_wg_add(&wg, 2));
  CHECK_OK(go(task, NULL));
  CHECK_OK(wp_go(task, NULL));
  CHECK_OK(wp_wg_done(&wg));
  { WP_DEFER_DONE(&wg); }
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  CHECK_OK(wp_wg_go(&wg, task, NULL));
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_ST(wp_wg_add(&wg, -1), WP_EINVAL);
  wp_wg_destroy(&wg);

  struct wp_runtime_stats rs;
  CHECK_OK(wp_runtime_stats(&rs));
  CHECK_UGE(rs.spawned, 3);

  /* Pools. */
  _Atomic int n = 0;
  wp_pool *p = wp_pool_new(2, 4);
  CHECK_NOT_NULL(p);
  CHECK_OK(submit(p, job, (void *)&n));
  CHECK_OK(wp_pool_submit(p, job, (void *)&n));
  unsigned spins = 0;
  int rc;
  while ((rc = wp_pool_try_submit(p, job, (void *)&n)) == WP_EAGAIN)
    util_backoff(&spins);
  CHECK_OK(rc);
  CHECK_OK(wp_pool_wait(p));
  CHECK_OK(wp_pool_wait_timeout(p, 0));
  CHECK_EQ(atomic_load(&n), 3);
  CHECK(!wp_pool_canceled());
  struct wp_pool_stats ps;
  CHECK_OK(wp_pool_stats(p, &ps));
  CHECK_UEQ(ps.completed, 3);
  CHECK_OK(wp_pool_close(p));
  CHECK_OK(wp_pool_cancel(p));
  wp_pool_free(p);

  /* Only the task counter is left: every task ran. */
  spins = 0;
  while (atomic_load(&task_runs) < 3)
    util_backoff(&spins);
  return 0;
}
