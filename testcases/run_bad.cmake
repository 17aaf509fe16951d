# Runs a bad testcase in release mode: it may report its mistake and exit
# with any status, but it must terminate on its own and must not crash.
#   cmake -DPROGRAM=<executable> -P run_bad.cmake
if(NOT DEFINED PROGRAM)
  message(FATAL_ERROR "usage: cmake -DPROGRAM=<executable> -P run_bad.cmake")
endif()

execute_process(COMMAND ${PROGRAM}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  TIMEOUT 25)

if(NOT status MATCHES "^[0-9]+$")
  message("${out}")
  message("${err}")
  message(FATAL_ERROR "${PROGRAM} did not terminate normally: ${status}")
endif()
message(STATUS "${PROGRAM} exited with status ${status}")
