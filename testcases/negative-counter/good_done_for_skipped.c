/* Twin of bad_done_for_skipped.c: a skipped file was never added, so it
 * needs no done either. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_FILES 4

struct file {
  const char *name;
  long size;
  wp_wg *wg;
  atomic_long *blocks;
};

static void count_blocks(void *arg)
{
  struct file *f = arg;
  WP_DEFER_DONE(f->wg);
  atomic_fetch_add(f->blocks, (f->size + 4095) / 4096);
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static atomic_long blocks;
  static struct file files[NUM_FILES] = {
      {.name = "empty.log", .size = 0},
      {.name = "a.dat", .size = 10000},
      {.name = "b.dat", .size = 4096},
      {.name = "c.dat", .size = 1},
  };

  for (int i = 0; i < NUM_FILES; i++) {
    files[i].wg = &wg;
    files[i].blocks = &blocks;
    if (files[i].size == 0)
      continue; /* never added: nothing to undo */
    wp_wg_add(&wg, 1);
    int rc = wp_go(count_blocks, &files[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "%s: %s\n", files[i].name, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  wp_wg_wait(&wg);
  printf("%ld blocks\n", atomic_load(&blocks));
  wp_wg_destroy(&wg);
  return atomic_load(&blocks) == 3 + 1 + 1 ? 0 : 1;
}
