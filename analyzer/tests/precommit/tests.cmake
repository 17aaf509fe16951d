# wpcheck under the real pre-commit framework (included from
# analyzer/CMakeLists.txt); skipped (77) when pre-commit or git is missing.
add_test(NAME cli.precommit
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/precommit_test.py $<TARGET_FILE:wpcheck> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.precommit PROPERTIES LABELS "cli" TIMEOUT 300 SKIP_RETURN_CODE 77)
