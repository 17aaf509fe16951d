/* A crawler: each page thread reports its page, says it is done, and then
 * starts threads for the pages it links to, adding them to the waitgroup.
 * Its own count is already gone when it adds, so the counter can be zero
 * at that moment and main's wait may already have returned.  Main then
 * collects the pages by count, which is what really waits here.
 * Corrected twin: good_struct_args.c. */
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
  struct page pg = {.id = a->page, .depth = a->depth};
  (void)wp_queue_send(a->found, &pg);
  wp_wg_done(a->wg); /* this page is done */

  if (a->depth == MAX_DEPTH)
    return; /* no links to follow */
  for (int i = 1; i <= FANOUT; i++) {
    int child = a->page * FANOUT + i;
    a->table[child] = (struct crawl_args){.wg = a->wg, .found = a->found, .table = a->table,
                                          .page = child, .depth = a->depth + 1};
    wp_wg_add(a->wg, 1); // expect: add-inside-thread
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

  wp_wg_wait(&wg); /* may return as soon as the first page is done */
  printf("crawl finished?\n");

  for (int i = 0; i < NUM_PAGES; i++) {
    struct page pg;
    if (wp_queue_recv(found, &pg) != WP_OK)
      die("wp_queue_recv", WP_ECLOSED);
    printf("page %d (depth %d)\n", pg.id, pg.depth);
  }
  wp_wg_wait(&wg); /* every add has run by now */

  wp_queue_free(found);
  wp_wg_destroy(&wg);
  return 0;
}
