# wpcheck on hostile input, and -j N against -j 1 (included from
# analyzer/CMakeLists.txt).  Each cli.robust.<case> runs under its own time
# limit; exit 77 is a skip with its reason printed.
set(WPCHECK_ROBUSTNESS_TESTS
  jobs_identical truncated non_utf8 deep_nesting too_deep long_function missing_header empty_file unreadable)
set(_wpcheck_robust_flags "")
if(NOT WPOOL_SANITIZER STREQUAL "")
  set(_wpcheck_robust_flags --sanitized)
endif()
# the inputs that once crashed wpcheck under the fuzzer (analyzer/fuzz/)
file(GLOB _wpcheck_fuzz_regressions CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/analyzer/fuzz/regressions/*.c)
if(_wpcheck_fuzz_regressions)
  list(APPEND WPCHECK_ROBUSTNESS_TESTS fuzz_regressions)
endif()
foreach(t IN LISTS WPCHECK_ROBUSTNESS_TESTS)
  add_test(NAME cli.robust.${t}
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/robustness_tests.py
            $<TARGET_FILE:wpcheck> ${PROJECT_SOURCE_DIR} ${t} ${_wpcheck_robust_flags})
  set_tests_properties(cli.robust.${t} PROPERTIES LABELS "cli" TIMEOUT 300 SKIP_RETURN_CODE 77)
endforeach()
