/* A dispatcher thread starts one thread per item and adds each to the
 * waitgroup main waits on.  The dispatcher itself is not counted, so main's
 * wait can run before the dispatcher's first add and return at once.  (The
 * dispatcher returns early on an empty batch or when a thread cannot be
 * started.)  Main then collects one result per item, which is what really
 * waits here.  Corrected twin: good_early_return.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define MAX_ITEMS 8

struct item {
  int value;
  wp_wg *wg;
  wp_queue *results; /* of int */
};

struct batch {
  const int *values;
  int n;
  wp_wg *wg;
  wp_queue *results;
  struct item items[MAX_ITEMS];
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void process(void *arg)
{
  struct item *it = arg;
  WP_DEFER_DONE(it->wg);
  int result = it->value * 3;
  (void)wp_queue_send(it->results, &result);
}

static void dispatch(void *arg)
{
  struct batch *b = arg;
  if (b->n == 0)
    return; /* nothing to do */
  for (int i = 0; i < b->n; i++) {
    b->items[i] = (struct item){.value = b->values[i], .wg = b->wg, .results = b->results};
    wp_wg_add(b->wg, 1); // expect: add-inside-thread
    int rc = wp_go(process, &b->items[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "item %d: %s\n", i, wp_strerror(rc));
      wp_wg_done(b->wg);
      return;
    }
  }
}

int main(void)
{
  static const int values[] = {4, 8, 15, 16, 23, 42};
  static wp_wg wg = WP_WG_INIT;
  static struct batch b = {.values = values, .n = 6, .wg = &wg};

  b.results = wp_queue_new(sizeof(int), MAX_ITEMS);
  if (b.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  int rc = wp_go(dispatch, &b);
  if (rc != WP_OK)
    die("wp_go", rc);

  wp_wg_wait(&wg); /* can return before the dispatcher has added anything */
  printf("batch processed?\n");

  long sum = 0;
  for (int i = 0; i < b.n; i++) {
    int r;
    if (wp_queue_recv(b.results, &r) != WP_OK)
      die("wp_queue_recv", WP_ECLOSED);
    sum += r;
  }
  wp_wg_wait(&wg); /* every add has run by now */
  printf("sum %ld\n", sum);

  wp_queue_free(b.results);
  wp_wg_destroy(&wg);
  return 0;
}
