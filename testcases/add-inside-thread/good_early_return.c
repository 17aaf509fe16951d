/* Twin of bad_early_return.c: main counts the dispatcher before starting
 * it, and the dispatcher holds that count (WP_DEFER_DONE) until it returns,
 * on every path.  Its adds for the items happen while the counter is above
 * zero, before main's wait can end, so one wait is enough. */
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
  WP_DEFER_DONE(b->wg); /* the dispatcher's own count, held to the end */
  if (b->n == 0)
    return; /* nothing to do */
  for (int i = 0; i < b->n; i++) {
    b->items[i] = (struct item){.value = b->values[i], .wg = b->wg, .results = b->results};
    wp_wg_add(b->wg, 1);
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

  wp_wg_add(&wg, 1); /* the dispatcher */
  int rc = wp_go(dispatch, &b);
  if (rc != WP_OK)
    die("wp_go", rc);

  wp_wg_wait(&wg);
  printf("batch processed\n");

  long sum = 0;
  int r;
  while (wp_queue_try_recv(b.results, &r) == WP_OK)
    sum += r;
  printf("sum %ld\n", sum);

  wp_queue_free(b.results);
  wp_wg_destroy(&wg);
  return sum == 3 * (4 + 8 + 15 + 16 + 23 + 42) ? 0 : 1;
}
