# wpcheck itself under valgrind memcheck (included from analyzer/CMakeLists.txt):
# valgrind.wpcheck.<case>, label valgrind, run by the valgrind preset (the
# default test preset leaves the label out: a few minutes).  Not registered in
# a sanitizer build: valgrind cannot run sanitized programs.
if(NOT WPOOL_SANITIZER STREQUAL "")
  return()
endif()
find_program(WPCHECK_VALGRIND valgrind)
if(NOT WPCHECK_VALGRIND)
  message(STATUS "wpcheck: valgrind not found; the valgrind.wpcheck.* tests are not registered")
  return()
endif()
set(WPCHECK_MEMCHECK_TESTS text_j1 json_j2 sarif_j2 config compdb fix early_exits)
foreach(t IN LISTS WPCHECK_MEMCHECK_TESTS)
  add_test(NAME valgrind.wpcheck.${t}
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/memcheck.py ${WPCHECK_VALGRIND}
            $<TARGET_FILE:wpcheck> ${PROJECT_SOURCE_DIR} ${t})
  set_tests_properties(valgrind.wpcheck.${t} PROPERTIES LABELS "valgrind" TIMEOUT 900)
endforeach()
