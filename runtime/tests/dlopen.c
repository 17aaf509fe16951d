/* libwpool.so loaded at run time by dlopen(), as a plugin or a language
 * binding loads it, with debug mode on (WPOOL_DEBUG=1 in the environment,
 * set by CTest): its thread-locals must still be reachable (some use the
 * initial-exec model, see WP__TLS_HOT) from the loading thread and from a
 * thread the library starts, and debug mode must work: every operation
 * succeeds ("ok"), then a send after a close fails with WP_ECLOSED and is
 * reported.  CTest passes the test on both lines in its output (the exit
 * status is debug mode's, 66, as it reported). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "wpool.h"

static void *sym(void *lib, const char *name) {
  void *p = dlsym(lib, name);
  if (!p) {
    fprintf(stderr, "dlsym %s: %s\n", name, dlerror());
    exit(1);
  }
  return p;
}

static int (*send_fn)(wp_queue *, const void *);

static void sender(void *arg) {
  long x = 7;
  if (send_fn(arg, &x) != WP_OK)
    exit(1);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s LIBWPOOL_SO\n", argv[0]);
    return 1;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  wp_queue *(*queue_new)(size_t, size_t) = sym(lib, "wp_queue_new");
  int (*recv)(wp_queue *, void *) = sym(lib, "wp_queue_recv");
  int (*close_q)(wp_queue *) = sym(lib, "wp_queue_close");
  int (*wg_go)(wp_wg *, wp_fn *, void *) = sym(lib, "wp_wg_go");
  int (*wg_wait)(wp_wg *) = sym(lib, "wp_wg_wait");
  send_fn = sym(lib, "wp_queue_send");

  wp_queue *q = queue_new(sizeof(long), 1);
  wp_wg wg = WP_WG_INIT;
  long got = 0, x = 1;
  if (!q || wg_go(&wg, sender, q) != WP_OK || recv(q, &got) != WP_OK ||
      got != 7 || wg_wait(&wg) != WP_OK || close_q(q) != WP_OK ||
      send_fn(q, &x) != WP_ECLOSED) {
    fprintf(stderr, "an operation failed through the dlopen()ed library\n");
    return 1;
  }
  printf("ok\n");
  return 0; /* debug mode turns this into its exit code: it reported */
}
