/* Debug mode's thread numbers: the index of a logical thread (a thread or
 * a task) in every vector clock.  A number is handed on only to a thread
 * ordered after its previous owner's end, as far as that can be had (see
 * take_tid in debug_tids.c), and the new owner continues its ticks. */
#ifndef WP_DEBUG_TIDS_H
#define WP_DEBUG_TIDS_H

#include "debug_hb.h"

/* Gives back `old` (if >= 0; its owner's last tick was old_tick) and, if
 * tick is not NULL, takes a number for a new logical thread whose past is
 * `past` (NULL: unknown): returns it, -1 if none (the thread stays unknown,
 * never compared), and sets *tick to the tick to continue from. */
WP__INTERNAL int wp__tid_renew(int old, uint32_t old_tick,
                               const wp__hb_past *past, uint32_t *tick);
/* In a child after fork(): only the calling thread exists. */
WP__INTERNAL void wp__tids_reset_in_child(void);

#endif
