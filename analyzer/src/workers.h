/* Runs copies of one function on a wpool pool (kept apart from the
 * analyzer's headers: wpool.h and ir.h both name an enum wp_op). */
#ifndef WPCHECK_WORKERS_H
#define WPCHECK_WORKERS_H

/* Runs fn(arg) `n` times at once, each on a worker of a pool of n threads
 * (wp_pool_new, wp_pool_submit, wp_pool_wait), and returns once all have
 * returned.  Returns how many ran on the pool; 0 if no pool could be
 * started (the caller then does the work itself). */
int wp_run_workers(int n, void (*fn)(void *), void *arg);

#endif
