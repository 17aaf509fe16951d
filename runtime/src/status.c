/* Status codes: names and messages, from the one list in wpool.h. */
#include "internal.h"

const char *wp_strerror(int status) {
  switch (status) {
  case WP_OK:
    return "success";
#define WP__MSG(name, value, msg)                                             \
  case WP_##name:                                                             \
    return msg;
    WP_ERRNO_MAP(WP__MSG)
#undef WP__MSG
  default:
    return "unknown status";
  }
}

const char *wp_err_name(int status) {
  switch (status) {
  case WP_OK:
    return "WP_OK";
#define WP__NAME(name, value, msg)                                            \
  case WP_##name:                                                             \
    return "WP_" #name;
    WP_ERRNO_MAP(WP__NAME)
#undef WP__NAME
  default:
    return "WP_UNKNOWN";
  }
}
