/* One thread per task, no pool.  The document calls this the "incorrect
 * approach" because it does not bound the number of threads; it is a design
 * problem (resource use), not one of the mistakes the rules look for: the
 * waitgroup is used correctly, so this program is clean for wpcheck and for
 * debug mode.
 *
 * From: "Implementation Without Worker Pool" (Go: for i := 1; i <= numTasks;
 * i++ { wg.Add(1); go func(taskID int) { defer wg.Done(); processTask(taskID)
 * }(i) }; wg.Wait()).  1000 tasks sleeping up to 1 s become 100 tasks
 * sleeping up to 9 ms. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_TASKS 100

struct task {
  int id;
  long processing_ms;
  wp_wg *wg;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* simulate a task that takes time */
static void process_task(int id, long processing_ms)
{
  printf("Task %d: Starting (will take %ld ms)\n", id, processing_ms);
  sleep_ms(processing_ms);
  printf("Task %d: Completed\n", id);
}

static void run_task(void *arg)
{
  struct task *t = arg;
  WP_DEFER_DONE(t->wg);
  process_task(t->id, t->processing_ms);
}

int main(void)
{
  static struct task tasks[NUM_TASKS];
  wp_wg wg = WP_WG_INIT;
  srand((unsigned)time(NULL));

  printf("WITHOUT WORKER POOL - one thread per task\n");
  printf("Creating %d threads at once...\n\n", NUM_TASKS);
  double start = now_ms();

  /* PROBLEM: one thread per task; 10,000 tasks would be 10,000 threads */
  for (int i = 1; i <= NUM_TASKS; i++) {
    tasks[i - 1] = (struct task){.id = i, .processing_ms = rand() % 10, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(run_task, &tasks[i - 1]);
    if (rc != WP_OK) {
      fprintf(stderr, "task %d not started: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  wp_wg_wait(&wg);

  struct wp_runtime_stats stats;
  if (wp_runtime_stats(&stats) == WP_OK)
    printf("\nthreads created by the runtime: %zu\n", stats.created);
  printf("All tasks completed in %.1f ms\n", now_ms() - start);
  printf("WARNING: up to %d threads ran at the same time\n", NUM_TASKS);

  wp_wg_destroy(&wg);
  return 0;
}
