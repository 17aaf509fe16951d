/* Twin of bad_struct_args.c: each page thread holds its own count
 * (WP_DEFER_DONE) until it has started the threads for its links, so the
 * counter cannot reach zero while there is still a page to crawl, and
 * main's one wait covers the whole crawl. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define FANOUT 2
#define MAX_DEPTH 2
#define NUM_PAGES 7 /* 1 + 2 + 4 */

struct page {
  int id;
  int depth;
};

struct crawl_args {
  wp_wg *wg;
  wp_queue *found;          /* of struct page */
  struct crawl_args *table; /* NUM_PAGES slots, one per page */
  int page;
  int depth;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void crawl(void *arg)
{
  struct crawl_args *a = arg;
  WP_DEFER_DONE(a->wg); /* held until the links are started */
  struct page pg = {.id = a->page, .depth = a->depth};
  (void)wp_queue_send(a->found, &pg);

  if (a->depth == MAX_DEPTH)
    return; /* no links to follow */
  for (int i = 1; i <= FANOUT; i++) {
    int child = a->page * FANOUT + i;
    a->table[child] = (struct crawl_args){.wg = a->wg, .found = a->found, .table = a->table,
                                          .page = child, .depth = a->depth + 1};
    wp_wg_add(a->wg, 1);
    int rc = wp_go(crawl, &a->table[child]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
}

int main(void)
{
  static struct crawl_args table[NUM_PAGES];
  wp_wg wg = WP_WG_INIT;
  wp_queue *found = wp_queue_new(sizeof(struct page), NUM_PAGES);
  if (found == NULL)
    die("wp_queue_new", WP_ENOMEM);

  table[0] = (struct crawl_args){.wg = &wg, .found = found, .table = table, .page = 0, .depth = 0};
  wp_wg_add(&wg, 1);
  int rc = wp_go(crawl, &table[0]);
  if (rc != WP_OK)
    die("wp_go", rc);

  wp_wg_wait(&wg);
  printf("crawl finished\n");

  int n = 0;
  struct page pg;
  while (wp_queue_try_recv(found, &pg) == WP_OK) {
    printf("page %d (depth %d)\n", pg.id, pg.depth);
    n++;
  }

  wp_queue_free(found);
  wp_wg_destroy(&wg);
  return n == NUM_PAGES ? 0 : 1;
}
