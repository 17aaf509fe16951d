/* Producers and consumers through one queue, checked element by element:
 * each producer sends its own contiguous range of values in order, each
 * consumer marks every value it receives in a shared array of counters and
 * checks that it sees each producer's values in increasing order (one FIFO
 * queue); at the end every value must have been received exactly once and
 * the sums must agree.  Used by stress_queue_buffered.c and
 * stress_queue_unbuffered.c. */
#ifndef WPOOL_TESTS_STRESS_PC_H
#define WPOOL_TESTS_STRESS_PC_H

#include "util.h"

enum { PC_PRODUCERS = 8, PC_CONSUMERS = 8 };

struct pc {
  wp_queue *q;
  uint64_t per_producer;
  _Atomic unsigned char *seen;
  _Atomic uint64_t count, sum;
  _Atomic int next_producer, next_consumer;
};

static void pc_producer(void *arg) {
  struct pc *pc = arg;
  uint64_t id = (uint64_t)atomic_fetch_add(&pc->next_producer, 1);
  uint64_t lo = id * pc->per_producer, hi = lo + pc->per_producer;
  for (uint64_t v = lo; v < hi; v++) {
    int rc = wp_queue_send(pc->q, &v);
    if (rc != WP_OK)
      FAIL("producer %" PRIu64 ": send of %" PRIu64 ": %s\n", id, v,
           wp_err_name(rc));
  }
}

static void pc_consumer(void *arg) {
  struct pc *pc = arg;
  int id = atomic_fetch_add(&pc->next_consumer, 1);
  uint64_t total = pc->per_producer * PC_PRODUCERS;
  uint64_t last[PC_PRODUCERS];
  bool any[PC_PRODUCERS] = {false};
  uint64_t count = 0, sum = 0, v;
  int rc;
  /* Half the consumers use the blocking receive, half poll with timeouts,
   * so both paths carry load. */
  for (;;) {
    if (id % 2 == 0) {
      rc = wp_queue_recv(pc->q, &v);
    } else {
      rc = wp_queue_recv_timeout(pc->q, &v, 50);
      if (rc == WP_ETIMEDOUT)
        continue;
    }
    if (rc != WP_OK)
      break;
    if (v >= total)
      FAIL("consumer %d: value %" PRIu64 " out of range\n", id, v);
    if (atomic_fetch_add_explicit(&pc->seen[v], 1, memory_order_relaxed))
      FAIL("consumer %d: value %" PRIu64 " received twice\n", id, v);
    size_t p = (size_t)(v / pc->per_producer);
    if (any[p] && v <= last[p])
      FAIL("consumer %d: producer %zu's %" PRIu64 " after %" PRIu64 "\n", id, p,
           v, last[p]);
    any[p] = true;
    last[p] = v;
    count++;
    sum += v;
  }
  CHECK_ST(rc, WP_ECLOSED);
  atomic_fetch_add(&pc->count, count);
  atomic_fetch_add(&pc->sum, sum);
}

/* Runs `total` (rounded down to a multiple of the producers) elements
 * through a queue of capacity cap. */
static void pc_run(size_t cap, uint64_t total) {
  struct pc pc = {0};
  pc.per_producer = total / PC_PRODUCERS;
  total = pc.per_producer * PC_PRODUCERS;
  pc.q = wp_queue_new(sizeof(uint64_t), cap);
  CHECK_NOT_NULL(pc.q);
  pc.seen = calloc(total, sizeof *pc.seen);
  CHECK_NOT_NULL(pc.seen);

  wp_wg producers = WP_WG_INIT, consumers = WP_WG_INIT;
  for (int i = 0; i < PC_CONSUMERS; i++)
    CHECK_OK(wp_wg_go(&consumers, pc_consumer, &pc));
  for (int i = 0; i < PC_PRODUCERS; i++)
    CHECK_OK(wp_wg_go(&producers, pc_producer, &pc));
  CHECK_OK(wp_wg_wait(&producers));
  CHECK_OK(wp_queue_close(pc.q));
  CHECK_OK(wp_wg_wait(&consumers));

  CHECK_UEQ(atomic_load(&pc.count), total);
  CHECK_UEQ(atomic_load(&pc.sum), total * (total - 1) / 2);
  for (uint64_t v = 0; v < total; v++)
    if (atomic_load_explicit(&pc.seen[v], memory_order_relaxed) != 1)
      FAIL("value %" PRIu64 " received %d times\n", v,
           (int)atomic_load_explicit(&pc.seen[v], memory_order_relaxed));
  CHECK_UEQ(wp_queue_len(pc.q), 0);
  free((void *)pc.seen);
  wp_queue_free(pc.q);
  wp_wg_destroy(&producers);
  wp_wg_destroy(&consumers);
  fprintf(stderr, "%" PRIu64 " elements through a queue of capacity %zu: ok\n",
          total, cap);
}

#endif /* WPOOL_TESTS_STRESS_PC_H */
