/* The thumbnail job: the submitter counted it as pending; it says when it
 * is done. */
#include <time.h>
#include "thumbs.h"

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

void make_thumbnail(void *arg)
{
  struct thumb_job *job = arg;
  WP_DEFER_DONE(&job->t->pending);
  sleep_ms(2); /* decode, scale, encode */
  atomic_fetch_add(&job->t->made, 1);
}
