/* Debug mode's checks at process exit (debug_exit.c). */
#ifndef WP_DEBUG_EXIT_H
#define WP_DEBUG_EXIT_H

#include "internal.h"

/* Registers the at-exit checks (once). */
WP__INTERNAL void wp__dbg_exit_install(void);
/* Prints the summary and ends the process with the exit code if anything
 * was reported (debug.c). */
WP__INTERNAL void wp__dbg_summary_and_exit(void);
/* From here on, reports describe the state at exit (no reporting thread). */
WP__INTERNAL void wp__dbg_exit_checks_begin(void);
/* The object tables, walked at exit (debug_queues.c, debug_pools.c,
 * debug_waitgroups.c).  The queue check returns the number of threads it
 * found blocked; at a deadlock it reports only queues that threads wait
 * on forever (no leaks). */
WP__INTERNAL int wp__dbg_check_queues_at_exit(bool leaks_too);
WP__INTERNAL void wp__dbg_check_pools_at_exit(void);
/* Counted tasks that ended without their done, where the waitgroup is
 * still above zero. */
WP__INTERNAL void wp__dbg_check_missing_done_at_exit(void);
/* Waitgroups left above zero; skipped when threads are blocked, which
 * explains them (a consequence is not a new bug). */
WP__INTERNAL void wp__dbg_check_wgs_at_exit(void);

#endif
