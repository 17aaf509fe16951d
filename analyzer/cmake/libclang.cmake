# Finds libclang through llvm-config, without hard-coded paths.
#   WPOOL_LLVM_VERSION (cache): a major version (19, 14, ...) or empty for
#   llvm-config itself, else the highest of the versions listed below.
# Sets WPCHECK_LIBCLANG_FOUND, LIBCLANG_INCLUDE_DIR, LIBCLANG_LIBRARY,
# LIBCLANG_LIBDIR and LIBCLANG_VERSION.
set(WPOOL_LLVM_VERSION "" CACHE STRING "LLVM major version wpcheck is built against (empty: default)")
set(WPCHECK_LIBCLANG_FOUND FALSE)

if(WPOOL_LLVM_VERSION)
  set(_wp_llvm_names llvm-config-${WPOOL_LLVM_VERSION})
else()
  set(_wp_llvm_names llvm-config llvm-config-19 llvm-config-16 llvm-config-15 llvm-config-14)
endif()
unset(WPCHECK_LLVM_CONFIG CACHE)
find_program(WPCHECK_LLVM_CONFIG NAMES ${_wp_llvm_names} NAMES_PER_DIR)

if(NOT WPCHECK_LLVM_CONFIG)
  message(STATUS "wpcheck: llvm-config (${_wp_llvm_names}) not found")
  return()
endif()

foreach(_wp_q includedir libdir version)
  execute_process(COMMAND ${WPCHECK_LLVM_CONFIG} --${_wp_q}
    OUTPUT_VARIABLE _wp_out OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _wp_rc)
  if(NOT _wp_rc EQUAL 0)
    message(STATUS "wpcheck: ${WPCHECK_LLVM_CONFIG} --${_wp_q} failed")
    return()
  endif()
  set(_wp_${_wp_q} "${_wp_out}")
endforeach()

unset(WPCHECK_LIBCLANG CACHE)
find_library(WPCHECK_LIBCLANG NAMES clang libclang PATHS ${_wp_libdir} NO_DEFAULT_PATH)
if(NOT WPCHECK_LIBCLANG OR NOT EXISTS "${_wp_includedir}/clang-c/Index.h")
  message(STATUS "wpcheck: libclang not found in ${_wp_libdir} (or clang-c/Index.h not in ${_wp_includedir})")
  return()
endif()

set(LIBCLANG_INCLUDE_DIR "${_wp_includedir}")
set(LIBCLANG_LIBDIR "${_wp_libdir}")
set(LIBCLANG_LIBRARY "${WPCHECK_LIBCLANG}")
set(LIBCLANG_VERSION "${_wp_version}")
set(WPCHECK_LIBCLANG_FOUND TRUE)
message(STATUS "wpcheck: libclang ${LIBCLANG_VERSION} (${LIBCLANG_LIBRARY})")
