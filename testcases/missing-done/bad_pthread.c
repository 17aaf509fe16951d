/* Hashing threads made with pthread_create.  Main counts each one in the
 * waitgroup, but the thread function never calls done at all: it was
 * written for pthread_join, and the waitgroup was added later.
 * Corrected twin: good_pthread.c. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_THREADS 3

struct hash_task {
  const char *text;
  uint32_t hash; /* out */
  wp_wg *wg;
};

static void *hash_text(void *arg)
{
  struct hash_task *t = arg;
  uint32_t h = 2166136261u; /* FNV-1a */
  for (const char *p = t->text; *p != '\0'; p++) {
    h ^= (uint8_t)*p;
    h *= 16777619u;
  }
  t->hash = h;
  return NULL; // expect-static: missing-done
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct hash_task tasks[NUM_THREADS] = {
      {.text = "alpha"}, {.text = "beta"}, {.text = "gamma"},
  };
  pthread_t tids[NUM_THREADS];

  for (int i = 0; i < NUM_THREADS; i++) {
    tasks[i].wg = &wg;
    wp_wg_add(&wg, 1);
    if (pthread_create(&tids[i], NULL, hash_text, &tasks[i]) != 0) { // expect-runtime: missing-done
      fprintf(stderr, "pthread_create failed\n");
      exit(1);
    }
  }

  int status = 0;
  if (wp_wg_wait_timeout(&wg, 100) != WP_OK) {
    fprintf(stderr, "the hashes never reported done\n");
    status = 1;
  }
  for (int i = 0; i < NUM_THREADS; i++)
    pthread_join(tids[i], NULL);
  for (int i = 0; i < NUM_THREADS; i++)
    printf("%s: %08x\n", tasks[i].text, (unsigned)tasks[i].hash);
  return status;
}
