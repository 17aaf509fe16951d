/* ThreadSanitizer build only: the documents' wg.Add(1) inside the thread.
 * The thread's add from zero is not ordered before main's wait; TSan
 * reports it as a data race (tsan.h: the add reads, the first waiter writes
 * the waitgroup) even though, on this run, the add came first. */
#include "relaxed_flag.h"

static atomic_int added;

static void task(void *arg) {
  wp_wg *wg = arg;
  CHECK_OK(wp_wg_add(wg, 1));
  flag_raise(&added);
  /* Stay counted until main is blocked in wp_wg_wait as its first waiter
   * (the low 16 bits of the state count the waiters). */
  unsigned spins = 0;
  while ((__atomic_load_n(&wg->state_, __ATOMIC_RELAXED) & 0xFFFFu) == 0)
    util_backoff(&spins);
  CHECK_OK(wp_wg_done(wg));
}

int main(void) {
  static wp_wg wg = WP_WG_INIT;
  CHECK_OK(wp_go(task, &wg));
  flag_await(&added);
  CHECK_OK(wp_wg_wait(&wg));
  return 0;
}
