/* Counts the words of three texts on three threads (words.c).  count_words
 * gets the waitgroup by value, so main's wait times out.
 * Corrected twin: ../good_crossfile/. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>
#include "words.h"

#define NUM_TEXTS 3

struct count_task {
  const char *text;
  wp_wg *wg;
};

static void run_count(void *arg)
{
  struct count_task *t = arg;
  count_words(t->text, *t->wg); // expect-static: waitgroup-by-value
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct count_task tasks[NUM_TEXTS] = {
      {.text = "the quick brown fox"},
      {.text = "jumps over"},
      {.text = "the lazy dog"},
  };

  for (int i = 0; i < NUM_TEXTS; i++) {
    tasks[i].wg = &wg;
    wp_wg_add(&wg, 1);
    int rc = wp_go(run_count, &tasks[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  if (wp_wg_wait_timeout(&wg, 100) != WP_OK) {
    fprintf(stderr, "the counters never finished\n");
    return 1;
  }
  printf("%d words\n", atomic_load(&total_words));
  wp_wg_destroy(&wg);
  return 0;
}
