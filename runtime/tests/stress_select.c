/* Stress through wp_select: WPOOL_STRESS_SCALE million elements (10 million
 * at the default scale) from 8 producers to 8 consumers over 4 queues of
 * different capacities (0, 1, 16, 256).  Six producers send every element
 * with a select over send cases on all four queues, two with plain sends to
 * one queue; six consumers receive with a select over all four queues
 * (dropping a queue from the select once it reports WP_ECLOSED, as Go code
 * sets a channel to nil), two with WP_QUEUE_FOREACH on one queue.  Every
 * value must arrive exactly once, and the case chosen must be the queue the
 * element came through. */
#include "util.h"

enum { P = 8, C = 8, Q = 4, SELECT_PRODUCERS = 6, SELECT_CONSUMERS = 6 };

struct sel {
  wp_queue *q[Q];
  uint64_t per_producer;
  _Atomic unsigned char *seen;
  _Atomic uint64_t count, sum;
  _Atomic uint64_t per_queue[Q];
  _Atomic int next_producer, next_consumer;
};

/* An element: the value and the queue index the producer put in the case
 * (plain producers use their one queue). */
struct elem {
  uint64_t value;
  uint64_t queue;
};

static void producer(void *arg) {
  struct sel *s = arg;
  int id = atomic_fetch_add(&s->next_producer, 1);
  uint64_t lo = (uint64_t)id * s->per_producer, hi = lo + s->per_producer;
  if (id >= SELECT_PRODUCERS) {
    int k = id % Q;
    for (uint64_t v = lo; v < hi; v++) {
      struct elem e = {v, (uint64_t)k};
      CHECK_OK(wp_queue_send(s->q[k], &e));
    }
    return;
  }
  /* One element per queue: the one chosen has been sent, the others are
   * re-labelled for the next value. */
  struct elem e[Q];
  wp_case cs[Q + 1];
  for (int k = 0; k < Q; k++)
    cs[k] = (wp_case){s->q[k], WP_SEND, &e[k], -100};
  cs[Q] = (wp_case){NULL, WP_RECV, NULL, -100}; /* never ready */
  for (uint64_t v = lo; v < hi; v++) {
    for (int k = 0; k < Q; k++)
      e[k] = (struct elem){v, (uint64_t)k};
    int r = wp_select(cs, Q + 1, (v & 1) ? -1 : 600000);
    if (r < 0 || r >= Q)
      FAIL("producer %d: wp_select returned %d (%s)\n", id, r, wp_err_name(r));
    CHECK_OK(cs[r].status);
  }
}

static void take(struct sel *s, int id, const struct elem *e, int k,
                 uint64_t *count, uint64_t *sum) {
  uint64_t total = s->per_producer * P;
  if (e->value >= total)
    FAIL("consumer %d: value %" PRIu64 " out of range\n", id, e->value);
  if (e->queue != (uint64_t)k)
    FAIL("consumer %d: value %" PRIu64 " labelled for queue %" PRIu64
         " came out of queue %d\n",
         id, e->value, e->queue, k);
  if (atomic_fetch_add_explicit(&s->seen[e->value], 1, memory_order_relaxed))
    FAIL("consumer %d: value %" PRIu64 " received twice\n", id, e->value);
  atomic_fetch_add_explicit(&s->per_queue[k], 1, memory_order_relaxed);
  (*count)++;
  *sum += e->value;
}

static void consumer(void *arg) {
  struct sel *s = arg;
  int id = atomic_fetch_add(&s->next_consumer, 1);
  uint64_t count = 0, sum = 0;
  struct elem e;
  if (id >= SELECT_CONSUMERS) {
    int k = id % Q;
    WP_QUEUE_FOREACH(s->q[k], e) { take(s, id, &e, k, &count, &sum); }
  } else {
    wp_case cs[Q];
    for (int k = 0; k < Q; k++)
      cs[k] = (wp_case){s->q[k], WP_RECV, &e, -100};
    int open = Q;
    while (open > 0) {
      int r = wp_select(cs, Q, (count & 1) ? -1 : 600000);
      if (r < 0 || r >= Q)
        FAIL("consumer %d: wp_select returned %d (%s)\n", id, r,
             wp_err_name(r));
      if (cs[r].status == WP_ECLOSED) {
        cs[r].q = NULL; /* closed and drained: never ready again */
        open--;
        continue;
      }
      CHECK_OK(cs[r].status);
      take(s, id, &e, r, &count, &sum);
    }
  }
  atomic_fetch_add(&s->count, count);
  atomic_fetch_add(&s->sum, sum);
}

int main(int argc, char **argv) {
  uint64_t total = (uint64_t)util_stress_scale(argc, argv) * 1000000u;
  static const size_t caps[Q] = {0, 1, 16, 256};
  struct sel s = {0};
  s.per_producer = total / P;
  total = s.per_producer * P;
  for (int k = 0; k < Q; k++) {
    s.q[k] = wp_queue_new(sizeof(struct elem), caps[k]);
    CHECK_NOT_NULL(s.q[k]);
  }
  s.seen = calloc(total, sizeof *s.seen);
  CHECK_NOT_NULL(s.seen);

  wp_wg producers = WP_WG_INIT, consumers = WP_WG_INIT;
  for (int i = 0; i < C; i++)
    CHECK_OK(wp_wg_go(&consumers, consumer, &s));
  for (int i = 0; i < P; i++)
    CHECK_OK(wp_wg_go(&producers, producer, &s));
  CHECK_OK(wp_wg_wait(&producers));
  for (int k = 0; k < Q; k++)
    CHECK_OK(wp_queue_close(s.q[k]));
  CHECK_OK(wp_wg_wait(&consumers));

  CHECK_UEQ(atomic_load(&s.count), total);
  CHECK_UEQ(atomic_load(&s.sum), total * (total - 1) / 2);
  for (uint64_t v = 0; v < total; v++)
    if (atomic_load_explicit(&s.seen[v], memory_order_relaxed) != 1)
      FAIL("value %" PRIu64 " received %d times\n", v,
           (int)atomic_load_explicit(&s.seen[v], memory_order_relaxed));
  uint64_t through = 0;
  for (int k = 0; k < Q; k++) {
    uint64_t n = atomic_load(&s.per_queue[k]);
    fprintf(stderr, "queue %d (capacity %zu): %" PRIu64 " elements\n", k,
            caps[k], n);
    CHECK_UGT(n, 0); /* every queue carried some of the load */
    through += n;
    wp_queue_free(s.q[k]);
  }
  CHECK_UEQ(through, total);
  free((void *)s.seen);
  wp_wg_destroy(&producers);
  wp_wg_destroy(&consumers);
  return 0;
}
