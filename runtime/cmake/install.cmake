# install(): the header, both libraries, a CMake package (find_package(wpool))
# and a pkg-config file (wpool.pc).
include(CMakePackageConfigHelpers)

install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/include/wpool.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS wpool wpool_static wpool_debug EXPORT wpoolTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(WPOOL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wpool)
install(EXPORT wpoolTargets NAMESPACE wpool:: DESTINATION ${WPOOL_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/wpoolConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/wpoolConfig.cmake INSTALL_DESTINATION ${WPOOL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/wpoolConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wpoolConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/wpoolConfigVersion.cmake
  DESTINATION ${WPOOL_CMAKE_DIR})

# The .pc file finds its prefix relative to itself, so an install moved or
# made with `cmake --install --prefix P` stays correct.
file(RELATIVE_PATH WPOOL_PC_RELATIVE_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/wpool.pc.in ${CMAKE_CURRENT_BINARY_DIR}/wpool.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wpool.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
