/* Twin of bad_pthread.c: main closes both request queues, so each server
 * drops both from its select and stops; main then joins the pthreads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_SERVERS 2

struct request {
  int id;
  int cost;
};

struct shared {
  wp_queue *urgent; /* of struct request */
  wp_queue *normal; /* of struct request */
  wp_wg servers;
  atomic_int handled;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void *serve(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->servers);

  struct request req;
  wp_case cases[2] = {
      {.q = s->urgent, .op = WP_RECV, .elem = &req},
      {.q = s->normal, .op = WP_RECV, .elem = &req},
  };
  while (cases[0].q != NULL || cases[1].q != NULL) {
    int i = wp_select(cases, 2, -1);
    if (i < 0)
      break;
    if (cases[i].status == WP_ECLOSED) {
      cases[i].q = NULL; /* never ready again */
      continue;
    }
    printf("request %d (%s, cost %d)\n", req.id, i == 0 ? "urgent" : "normal", req.cost);
    atomic_fetch_add(&s->handled, 1);
  }
  return NULL;
}

int main(void)
{
  static struct shared s = {.servers = WP_WG_INIT};
  pthread_t tids[NUM_SERVERS];

  s.urgent = wp_queue_new(sizeof(struct request), 4);
  s.normal = wp_queue_new(sizeof(struct request), 4);
  if (s.urgent == NULL || s.normal == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_SERVERS; i++) {
    wp_wg_add(&s.servers, 1);
    if (pthread_create(&tids[i], NULL, serve, &s) != 0)
      die("pthread_create", WP_ESYS);
  }

  for (int i = 0; i < 8; i++) {
    struct request req = {.id = i, .cost = i % 3};
    int rc = wp_queue_send(i % 4 == 0 ? s.urgent : s.normal, &req);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(s.urgent);
  wp_queue_close(s.normal);

  if (wp_wg_wait_timeout(&s.servers, 5000) != WP_OK) {
    fprintf(stderr, "servers did not stop\n");
    for (int i = 0; i < NUM_SERVERS; i++)
      pthread_detach(tids[i]);
    return 1;
  }
  for (int i = 0; i < NUM_SERVERS; i++)
    pthread_join(tids[i], NULL);
  printf("handled %d requests\n", atomic_load(&s.handled));
  wp_queue_free(s.urgent);
  wp_queue_free(s.normal);
  wp_wg_destroy(&s.servers);
  return 0;
}
