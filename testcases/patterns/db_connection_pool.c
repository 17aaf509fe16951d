/* Ten workers share three database connections: the connection pool is a
 * queue of connection pointers (acquire = receive, release = send back),
 * guarded state lives under a pthread mutex.
 *
 * From: "Real-World Example: Database Operations" (Go: type ConnectionPool {
 * connections; available chan *DatabaseConnection; mu sync.Mutex };
 * Acquire selects on <-cp.available and <-ctx.Done(); Release sends the
 * connection back; type DBWorkerPool with tasks, results chan error, wg).
 * The document's context is context.Background(), which is never canceled:
 * its Done() is a nil channel, here a NULL queue in the select (never ready).
 * Unlike Go, the connection pool is closed and freed at the end. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 10     /* many workers */
#define NUM_DB_CONNECTIONS 3 /* limited connections */
#define NUM_QUERIES 20

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

/* ---- connection pool --------------------------------------------------- */

struct db_conn {
  int id;
  bool in_use;
  int query_num;
};

struct conn_pool {
  struct db_conn *connections;
  int size;
  wp_queue *available; /* of struct db_conn * */
  pthread_mutex_t mu;
};

static struct conn_pool *conn_pool_new(int size)
{
  struct conn_pool *cp = calloc(1, sizeof *cp);
  if (cp == NULL)
    die("calloc", WP_ENOMEM);
  cp->connections = calloc((size_t)size, sizeof *cp->connections);
  cp->available = wp_queue_new(sizeof(struct db_conn *), (size_t)size);
  if (cp->connections == NULL || cp->available == NULL)
    die("conn_pool_new", WP_ENOMEM);
  cp->size = size;
  pthread_mutex_init(&cp->mu, NULL);

  for (int i = 0; i < size; i++) {
    struct db_conn *conn = &cp->connections[i];
    conn->id = i + 1;
    int rc = wp_queue_send(cp->available, &conn);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  return cp;
}

/* gets a connection, unless `done` closes first (NULL: never) */
static int conn_pool_acquire(struct conn_pool *cp, wp_queue *done, struct db_conn **out)
{
  struct db_conn *conn;
  wp_case cases[2] = {
      {.q = cp->available, .op = WP_RECV, .elem = &conn},
      {.q = done, .op = WP_RECV, .elem = NULL},
  };
  int chosen = wp_select(cases, 2, -1);
  if (chosen < 0)
    return chosen;
  if (chosen == 1)
    return WP_ECANCELED;
  if (cases[0].status != WP_OK)
    return cases[0].status;

  pthread_mutex_lock(&cp->mu);
  conn->in_use = true;
  pthread_mutex_unlock(&cp->mu);
  *out = conn;
  return WP_OK;
}

static void conn_pool_release(struct conn_pool *cp, struct db_conn *conn)
{
  pthread_mutex_lock(&cp->mu);
  conn->in_use = false;
  pthread_mutex_unlock(&cp->mu);
  if (wp_queue_send(cp->available, &conn) != WP_OK)
    fprintf(stderr, "connection %d not returned to the pool\n", conn->id);
}

/* only once nobody can acquire or release any more */
static void conn_pool_free(struct conn_pool *cp)
{
  wp_queue_close(cp->available);
  wp_queue_free(cp->available);
  pthread_mutex_destroy(&cp->mu);
  free(cp->connections);
  free(cp);
}

/* simulates a query on the connection the caller holds */
static int db_query(struct db_conn *conn, int query_id)
{
  conn->query_num++;
  printf("   [DB Conn %d] Executing query %d (total queries: %d)\n",
         conn->id, query_id, conn->query_num);
  sleep_ms(1 + query_id / 5);
  return 0;
}

/* ---- worker pool ------------------------------------------------------- */

struct query_task {
  int id;
  char query[64];
};

struct query_result {
  int task_id;
  int err; /* WP_OK or the failure */
  char message[96];
};

struct db_worker_pool;

struct worker_args {
  int id;
  struct db_worker_pool *pool;
};

struct db_worker_pool {
  int worker_count;
  struct conn_pool *conns;
  wp_queue *tasks;   /* of struct query_task */
  wp_queue *results; /* of struct query_result */
  wp_wg wg;
  wp_queue *done; /* context.Background(): NULL, never closed */
  struct worker_args args[NUM_WORKERS];
};

static void db_worker(void *arg)
{
  struct worker_args *a = arg;
  struct db_worker_pool *p = a->pool;
  WP_DEFER_DONE(&p->wg);

  printf("Worker %d: Started\n", a->id);
  for (;;) {
    struct query_task task;
    wp_case in[2] = {
        {.q = p->done, .op = WP_RECV, .elem = NULL},
        {.q = p->tasks, .op = WP_RECV, .elem = &task},
    };
    int chosen = wp_select(in, 2, -1);
    if (chosen < 0) {
      fprintf(stderr, "Worker %d: select: %s\n", a->id, wp_strerror(chosen));
      return;
    }
    if (chosen == 0) {
      printf("Worker %d: Cancelled\n", a->id);
      return;
    }
    if (in[1].status == WP_ECLOSED) {
      printf("Worker %d: Shutting down\n", a->id);
      return;
    }

    struct query_result r = {.task_id = task.id};
    struct db_conn *conn;
    int rc = conn_pool_acquire(p->conns, p->done, &conn);
    if (rc != WP_OK) {
      r.err = rc;
      snprintf(r.message, sizeof r.message,
               "worker %d: failed to acquire connection: %s", a->id, wp_strerror(rc));
      if (wp_queue_send(p->results, &r) != WP_OK)
        return;
      continue;
    }
    printf("Worker %d: Acquired DB connection %d for task %d\n", a->id, conn->id, task.id);

    r.err = db_query(conn, task.id);

    conn_pool_release(p->conns, conn);
    printf("Worker %d: Released DB connection %d\n", a->id, conn->id);

    if (wp_queue_send(p->results, &r) != WP_OK)
      return;
  }
}

static struct db_worker_pool *db_pool_new(int worker_count, int db_connections)
{
  struct db_worker_pool *p = calloc(1, sizeof *p);
  if (p == NULL)
    die("calloc", WP_ENOMEM);
  p->worker_count = worker_count;
  p->conns = conn_pool_new(db_connections);
  p->tasks = wp_queue_new(sizeof(struct query_task), 50);
  p->results = wp_queue_new(sizeof(struct query_result), 50);
  if (p->tasks == NULL || p->results == NULL)
    die("wp_queue_new", WP_ENOMEM);
  p->done = NULL;
  wp_wg_init(&p->wg);
  return p;
}

static void db_pool_start(struct db_worker_pool *p)
{
  printf("Starting %d workers with %d DB connections\n\n", p->worker_count, p->conns->size);
  for (int i = 0; i < p->worker_count; i++) {
    p->args[i] = (struct worker_args){.id = i + 1, .pool = p};
    wp_wg_add(&p->wg, 1);
    int rc = wp_go(db_worker, &p->args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
}

static int db_pool_submit(struct db_worker_pool *p, struct query_task *task)
{
  wp_case cases[2] = {
      {.q = p->tasks, .op = WP_SEND, .elem = task},
      {.q = p->done, .op = WP_RECV, .elem = NULL},
  };
  int chosen = wp_select(cases, 2, -1);
  if (chosen < 0)
    return chosen;
  if (chosen == 1)
    return WP_ECANCELED;
  return cases[0].status;
}

/* gracefully shuts down: no more tasks, wait, close the results */
static void db_pool_close(struct db_worker_pool *p)
{
  wp_queue_close(p->tasks);
  wp_wg_wait(&p->wg);
  wp_queue_close(p->results);
}

static void db_pool_free(struct db_worker_pool *p)
{
  wp_wg_wait(&p->wg); /* already zero: the workers are gone */
  conn_pool_free(p->conns);
  wp_queue_free(p->tasks);
  wp_queue_free(p->results);
  wp_wg_destroy(&p->wg);
  free(p);
}

static void submit_queries(void *arg)
{
  struct db_worker_pool *p = arg;
  for (int i = 1; i <= NUM_QUERIES; i++) {
    struct query_task task = {.id = i};
    snprintf(task.query, sizeof task.query, "SELECT * FROM table WHERE id = %d", i);
    int rc = db_pool_submit(p, &task);
    if (rc != WP_OK)
      printf("Failed to submit query %d: %s\n", i, wp_strerror(rc));
  }
  db_pool_close(p);
}

int main(void)
{
  printf("Database Worker Pool Example\n");
  printf("==================================================\n");
  printf("Scenario: %d workers sharing %d database connections\n", NUM_WORKERS,
         NUM_DB_CONNECTIONS);
  printf("This demonstrates how worker pools control resource usage\n\n");

  struct db_worker_pool *pool = db_pool_new(NUM_WORKERS, NUM_DB_CONNECTIONS);
  db_pool_start(pool);

  wp_wg submitter = WP_WG_INIT;
  int rc = wp_wg_go(&submitter, submit_queries, pool);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int error_count = 0;
  struct query_result r;
  WP_QUEUE_FOREACH(pool->results, r) {
    if (r.err != WP_OK) {
      error_count++;
      printf("Query failed: %s\n", r.message);
    }
  }
  wp_wg_wait(&submitter);

  printf("\nAll queries completed!\n");
  printf("   Errors: %d\n", error_count);
  printf("   Key benefit: %d workers efficiently shared %d connections\n", NUM_WORKERS,
         NUM_DB_CONNECTIONS);
  printf("   Without worker pool: Would need %d connections or serialize all queries!\n",
         NUM_WORKERS);

  db_pool_free(pool);
  wp_wg_destroy(&submitter);
  return error_count == 0 ? 0 : 1;
}
