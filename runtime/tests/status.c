/* wp_strerror and wp_err_name: every code of WP_ERRNO_MAP, WP_OK, and values
 * that are not status codes. */
#include <limits.h>

#include "check.h"

struct expected {
  int value;
  const char *name;
  const char *msg;
};

#define ROW(name, value, msg) {WP_##name, "WP_" #name, msg},
static const struct expected codes[] = {WP_ERRNO_MAP(ROW)};
#undef ROW
#define NCODES (sizeof codes / sizeof codes[0])

int main(void) {
  CHECK_UEQ(NCODES, 7);

  /* The codes are negative and distinct, and the enum matches the map. */
  for (size_t i = 0; i < NCODES; i++) {
    CHECK_LT(codes[i].value, 0);
    for (size_t j = i + 1; j < NCODES; j++)
      CHECK_NE(codes[i].value, codes[j].value);
  }
  CHECK_EQ(WP_OK, 0);
  CHECK_EQ(WP_ECLOSED, -1);
  CHECK_EQ(WP_EAGAIN, -2);
  CHECK_EQ(WP_ETIMEDOUT, -3);
  CHECK_EQ(WP_ECANCELED, -4);
  CHECK_EQ(WP_EINVAL, -5);
  CHECK_EQ(WP_ENOMEM, -6);
  CHECK_EQ(WP_ESYS, -7);

  /* Every code: its own name and the map's message. */
  for (size_t i = 0; i < NCODES; i++) {
    CHECK_STR_EQ(wp_err_name(codes[i].value), codes[i].name);
    CHECK_STR_EQ(wp_strerror(codes[i].value), codes[i].msg);
  }

  /* WP_OK has a name and some message that is no error's. */
  CHECK_STR_EQ(wp_err_name(WP_OK), "WP_OK");
  const char *ok = wp_strerror(WP_OK);
  CHECK_NOT_NULL(ok);
  CHECK(ok[0] != '\0');
  CHECK(strcmp(ok, "unknown status") != 0);
  for (size_t i = 0; i < NCODES; i++)
    CHECK(strcmp(ok, codes[i].msg) != 0);

  /* Values that are no status code. */
  const int unknown[] = {1, 2, 42, -8, -100, INT_MAX, INT_MIN, INT_MIN + 1};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    CHECK_STR_EQ(wp_err_name(unknown[i]), "WP_UNKNOWN");
    CHECK_STR_EQ(wp_strerror(unknown[i]), "unknown status");
  }

  /* The version macros agree with each other. */
  char version[32];
  snprintf(version, sizeof version, "%d.%d.%d", WPOOL_VERSION_MAJOR,
           WPOOL_VERSION_MINOR, WPOOL_VERSION_PATCH);
  CHECK_STR_EQ(version, WPOOL_VERSION_STRING);
  return 0;
}
