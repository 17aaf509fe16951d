# wpcheck's tests (included from analyzer/CMakeLists.txt):
#  - wpcheck.<group>.<case>: every testcase under testcases/ (a .c file, or a
#    directory whose .c files are checked together) gives exactly the
#    findings its `// expect:` / `// expect-static:` comments name;
#  - wpcheck.fixture.<name>: the same for analyzer/tests/fixtures/;
#  - cli.<name>: options, exit statuses, output formats, suppressions.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "wpcheck tests need python3; not registered")
  return()
endif()

set(WPCHECK_TESTS_DIR ${CMAKE_CURRENT_LIST_DIR})
# Cases that do not pass yet (see the report); not registered.
set(WPCHECK_KNOWN_FAILING "")
if(EXISTS ${WPCHECK_TESTS_DIR}/known_failing.txt)
  file(STRINGS ${WPCHECK_TESTS_DIR}/known_failing.txt WPCHECK_KNOWN_FAILING REGEX "^[^#]")
endif()

function(wpcheck_add_case group case_path)
  get_filename_component(name ${case_path} NAME_WE)
  if("${group}/${name}" IN_LIST WPCHECK_KNOWN_FAILING)
    return()
  endif()
  set(test wpcheck.${group}.${name})
  add_test(NAME ${test}
    COMMAND Python3::Interpreter ${WPCHECK_TESTS_DIR}/check_case.py $<TARGET_FILE:wpcheck> ${case_path})
  set_tests_properties(${test} PROPERTIES LABELS "testcases;rules" TIMEOUT 120)
endfunction()

foreach(root ${PROJECT_SOURCE_DIR}/testcases ${WPCHECK_TESTS_DIR}/fixtures/cases)
  file(GLOB groups LIST_DIRECTORIES true CONFIGURE_DEPENDS ${root}/*)
  list(SORT groups)
  foreach(group_dir IN LISTS groups)
    if(NOT IS_DIRECTORY ${group_dir})
      continue()
    endif()
    get_filename_component(group ${group_dir} NAME)
    if(root STREQUAL "${WPCHECK_TESTS_DIR}/fixtures/cases")
      set(group "fixture-${group}")
    endif()
    file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${group_dir}/*)
    list(SORT entries)
    foreach(entry IN LISTS entries)
      if(IS_DIRECTORY ${entry})
        file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${entry}/*.c)
        if(srcs)
          wpcheck_add_case(${group} ${entry})
        endif()
      elseif(entry MATCHES "\\.c$")
        wpcheck_add_case(${group} ${entry})
      endif()
    endforeach()
  endforeach()
endforeach()

set(WPCHECK_CLI_TESTS
  help version list_rules explain explain_unknown bad_option no_inputs missing_file
  clean_exit_0 findings_exit_1 json_parses json_empty json_escaping text_format
  enable disable suppression suppression_line_above parse_error_exit_2 directory_recursive
  compiler_flags
  compdb compdb_missing sarif_structure sarif_fingerprints json_schema suppression_reason_required
  suppression_stale config_spawner config_spawners_per_dir config_rules config_bad man_page diff install jobs)
foreach(t IN LISTS WPCHECK_CLI_TESTS)
  add_test(NAME cli.${t}
    COMMAND Python3::Interpreter ${WPCHECK_TESTS_DIR}/cli_tests.py $<TARGET_FILE:wpcheck> ${t})
  set_tests_properties(cli.${t} PROPERTIES LABELS "cli" TIMEOUT 60 SKIP_RETURN_CODE 77)
endforeach()
set_tests_properties(cli.install PROPERTIES TIMEOUT 120
  ENVIRONMENT "CMAKE_COMMAND=${CMAKE_COMMAND};WPCHECK_BUILD_DIR=${CMAKE_BINARY_DIR}")

# Fix-its and --fix (fix_tests.py, fixtures/fix/): for each fix, a fixture
# fixed in a scratch directory must compile, lose its finding, match its
# .fixed twin and stay as it is under a second --fix; the refused ones must
# be offered none; and the text, JSON and SARIF outputs.
set(WPCHECK_FIX_TESTS
  by_value_param by_value_crossfile by_value_refused by_value_testcases
  add_inside_thread_struct add_inside_thread_embedded add_inside_thread_pointer add_inside_thread_refused
  add_inside_thread_testcases
  missing_done_wg_go missing_done_refused testcases_without_fix
  text_output sarif_fixes json_fixes crlf idempotent)
foreach(t IN LISTS WPCHECK_FIX_TESTS)
  add_test(NAME cli.fix_${t}
    COMMAND Python3::Interpreter ${WPCHECK_TESTS_DIR}/fix_tests.py $<TARGET_FILE:wpcheck> ${t})
  set_tests_properties(cli.fix_${t} PROPERTIES LABELS "cli" TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()

# Peak RSS per added file of the benchmark's tree: the facts kept for the
# cross-file analysis must stay small.  Not under a sanitizer, whose
# quarantine keeps freed memory on purpose.
if(WPOOL_SANITIZER STREQUAL "")
  add_test(NAME cli.memory_per_file
    COMMAND Python3::Interpreter ${WPCHECK_TESTS_DIR}/memory_per_file.py $<TARGET_FILE:wpcheck>)
  set_tests_properties(cli.memory_per_file PROPERTIES LABELS "cli" TIMEOUT 300)
endif()

# SARIF validated by Microsoft's SARIF Multitool (npm, pinned in sarif/):
# scripts/build.sh installs it into the build tree; the test installs it
# when it is missing and reports SKIPPED (77) only when it cannot be had.
# Once there, the tool must find the defects of a canary log and of
# wpcheck's own log with a defect planted, and none in wpcheck's log.
add_test(NAME cli.sarif_validates
  COMMAND Python3::Interpreter ${WPCHECK_TESTS_DIR}/sarif/sarif_validate.py $<TARGET_FILE:wpcheck>
          ${CMAKE_BINARY_DIR}/sarif-multitool ${PROJECT_SOURCE_DIR}
          testcases analyzer/tests/fixtures/cli/by_value.c analyzer/tests/fixtures/cli/suppressed_above.c)
set_tests_properties(cli.sarif_validates PROPERTIES LABELS "cli" TIMEOUT 600 SKIP_RETURN_CODE 77)
