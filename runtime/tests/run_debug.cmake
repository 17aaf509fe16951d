# Runs one runtime test program with debug mode on and checks what debug
# mode said about it (cmake -P, so the check needs nothing but CMake):
#
#   cmake -DPROG=<program> [-DLAUNCHER=<list>] [-DALLOW=<rule;rule>]
#         -P run_debug.cmake
#
# The program must pass its own checks (exit 0).  Without ALLOW it must get
# no report at all.  A test that misuses the API on purpose (a double close
# to see WP_ECLOSED) names the rules it provokes in ALLOW: each of them must
# be reported (debug mode saw the misuse) and nothing else may be (no false
# positive on the rest of the test).  exitcode=0 keeps the program's own
# exit status meaningful; the reports are read from stderr.
cmake_minimum_required(VERSION 3.25)
if(NOT PROG)
  message(FATAL_ERROR "run_debug.cmake: PROG is required")
endif()

set(ENV{WPOOL_DEBUG} "exitcode=0")
execute_process(COMMAND ${LAUNCHER} ${PROG}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the test failed in debug mode (exit status ${rc})")
endif()

string(REGEX MATCHALL "wpool: error: [a-z-]+" reports "${err}")
set(seen "")
foreach(r IN LISTS reports)
  string(REPLACE "wpool: error: " "" rule "${r}")
  if(NOT rule IN_LIST ALLOW)
    message(FATAL_ERROR "debug mode reported '${rule}', which this test does not commit")
  endif()
  list(APPEND seen "${rule}")
endforeach()
foreach(rule IN LISTS ALLOW)
  if(NOT rule IN_LIST seen)
    message(FATAL_ERROR "the test commits '${rule}' on purpose, but debug mode did not report it")
  endif()
endforeach()
