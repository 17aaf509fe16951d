# Driven by CTest (runtime.install), in script mode:
#   cmake -DWPOOL_BUILD_DIR=... -DWPOOL_WORK_DIR=... -DWPOOL_CONSUMER_DIR=...
#         [-DWPOOL_GENERATOR=...] [-DWPOOL_C_COMPILER=...]
#         [-DWPOOL_SANITIZER=thread|address] [-DWPOOL_VERSION=x.y.z]
#         [-DWPOOL_CONFIG=...] [-DWPOOL_LAUNCHER=a|b|c]
#         -P run_install_test.cmake
#
# 1. cmake --install of the build tree into WORK_DIR/prefix (a fresh one).
# 2. A CMake project (consumer/) finds the installed package with
#    find_package(wpool) and builds the consumer twice: against wpool::wpool
#    (shared) and wpool::wpool_static; both run.
# 3. The consumer is compiled by hand with the flags of
#    `pkg-config --cflags --libs wpool` (PKG_CONFIG_PATH at the prefix) and
#    runs.
# Every step that fails stops the test with the command's output.
cmake_minimum_required(VERSION 3.25)

foreach(var WPOOL_BUILD_DIR WPOOL_WORK_DIR WPOOL_CONSUMER_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()
if(NOT WPOOL_C_COMPILER)
  set(WPOOL_C_COMPILER cc)
endif()
string(REPLACE "|" ";" launcher "${WPOOL_LAUNCHER}")

# A sanitized library needs the sanitizer in whatever links it.
set(san_flags "")
if(WPOOL_SANITIZER STREQUAL "thread")
  set(san_flags -fsanitize=thread)
elseif(WPOOL_SANITIZER STREQUAL "address")
  set(san_flags -fsanitize=address,undefined)
endif()
string(JOIN " " san_flags_string ${san_flags})

set(prefix ${WPOOL_WORK_DIR}/prefix)
set(build ${WPOOL_WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WPOOL_WORK_DIR})
file(MAKE_DIRECTORY ${WPOOL_WORK_DIR})

function(run what)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(JOIN " " cmd ${ARGN})
    message(FATAL_ERROR "${what} failed (${rc}):\n${cmd}\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok")
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

# 1. Install.
set(config_args "")
if(WPOOL_CONFIG)
  set(config_args --config ${WPOOL_CONFIG})
endif()
run("cmake --install" ${CMAKE_COMMAND} --install ${WPOOL_BUILD_DIR}
  --prefix ${prefix} ${config_args})
file(GLOB_RECURSE installed_headers ${prefix}/*/wpool.h)
file(GLOB_RECURSE installed_configs ${prefix}/*/wpoolConfig.cmake)
file(GLOB_RECURSE installed_pcs ${prefix}/*/wpool.pc)
foreach(kind headers configs pcs)
  list(LENGTH installed_${kind} n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one installed ${kind} file under ${prefix}, found: ${installed_${kind}}")
  endif()
endforeach()

# 2. find_package.
set(gen_args "")
if(WPOOL_GENERATOR)
  set(gen_args -G ${WPOOL_GENERATOR})
endif()
run("configure the find_package consumer" ${CMAKE_COMMAND}
  -S ${WPOOL_CONSUMER_DIR} -B ${build} ${gen_args}
  -DCMAKE_C_COMPILER=${WPOOL_C_COMPILER}
  -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
  -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_C_FLAGS=${san_flags_string}"
  "-DCMAKE_EXE_LINKER_FLAGS=${san_flags_string}"
  -DEXPECTED_PREFIX=${prefix}
  -DEXPECTED_VERSION=${WPOOL_VERSION})
run("build the find_package consumer" ${CMAKE_COMMAND} --build ${build})
foreach(exe consumer_shared consumer_static)
  run("run ${exe}" ${launcher} ${build}/${exe})
  if(NOT run_output MATCHES "wpool consumer ok")
    message(FATAL_ERROR "${exe} printed: ${run_output}")
  endif()
endforeach()

# 3. pkg-config.
find_program(PKG_CONFIG NAMES pkg-config pkgconf)
if(NOT PKG_CONFIG)
  message(FATAL_ERROR "pkg-config not found")
endif()
get_filename_component(pc_dir ${installed_pcs} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
unset(ENV{PKG_CONFIG_LIBDIR})
run("pkg-config --modversion wpool" ${PKG_CONFIG} --modversion wpool)
string(STRIP "${run_output}" pc_version)
if(WPOOL_VERSION AND NOT pc_version STREQUAL WPOOL_VERSION)
  message(FATAL_ERROR "pkg-config reports version '${pc_version}', the project is ${WPOOL_VERSION}")
endif()
run("pkg-config --cflags --libs wpool" ${PKG_CONFIG} --cflags --libs wpool)
string(STRIP "${run_output}" pc_flags)
message(STATUS "pkg-config flags: ${pc_flags}")
# The flags must point into the prefix the package was installed to: a
# .pc file that names some other prefix (e.g. the configure-time
# CMAKE_INSTALL_PREFIX) breaks every relocated install.
separate_arguments(pc_args UNIX_COMMAND "${pc_flags}")
get_filename_component(header_dir ${installed_headers} DIRECTORY)
get_filename_component(lib_dir ${pc_dir} DIRECTORY)
file(REAL_PATH ${header_dir} header_dir)
file(REAL_PATH ${lib_dir} lib_dir)
set(has_include FALSE)
set(has_libdir FALSE)
foreach(arg IN LISTS pc_args)
  if(arg MATCHES "^-([IL])(.+)$")
    set(flag ${CMAKE_MATCH_1})
    file(REAL_PATH "${CMAKE_MATCH_2}" dir)
    if(flag STREQUAL "I" AND dir STREQUAL header_dir)
      set(has_include TRUE)
    elseif(flag STREQUAL "L" AND dir STREQUAL lib_dir)
      set(has_libdir TRUE)
    endif()
  endif()
endforeach()
if(NOT has_include OR NOT has_libdir)
  message(FATAL_ERROR "pkg-config --cflags --libs wpool gives '${pc_flags}': "
    "it does not name the installed include directory (${header_dir}) and "
    "library directory (${lib_dir}) of the prefix it was installed to")
endif()
run("compile the pkg-config consumer" ${WPOOL_C_COMPILER} ${san_flags}
  ${WPOOL_CONSUMER_DIR}/consumer.c ${pc_args} -o ${WPOOL_WORK_DIR}/consumer_pc)
set(ENV{LD_LIBRARY_PATH} ${lib_dir})
run("run consumer_pc" ${launcher} ${WPOOL_WORK_DIR}/consumer_pc)
if(NOT run_output MATCHES "wpool consumer ok")
  message(FATAL_ERROR "consumer_pc printed: ${run_output}")
endif()

message(STATUS "install test passed")
