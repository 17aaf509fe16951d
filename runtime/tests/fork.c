/* wp_go after fork(): only the forking thread exists in the child, so the
 * runtime must not hand the child's tasks to the parent's parked threads. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void nop(void *arg) { (void)arg; }

static int child(void) {
  /* One task: the parent's threads look free, so without the fix it would
   * be queued for a thread that does not exist, and nothing would ever
   * create one (a second spawn might, and hide the bug). */
  wp_wg wg = WP_WG_INIT;
  if (wp_wg_go(&wg, nop, NULL) != WP_OK)
    return 2;
  return wp_wg_wait_timeout(&wg, 10000) == WP_OK ? 0 : 1;
}

int main(void) {
  wp_wg wg = WP_WG_INIT;
  for (int i = 0; i < 4; i++)
    CHECK_OK(wp_wg_go(&wg, nop, NULL));
  CHECK_OK(wp_wg_wait(&wg));

  pid_t pid = fork();
  CHECK_GE(pid, 0);
  if (pid == 0)
    _exit(child());
  int status = 0;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  return 0;
}
