# The installable package: headers, static libraries and the CMake package config
# (find_package(thespis CONFIG REQUIRED)), the thespis command with the bundled scenarios, and a
# Debian package of all of it from CPack (`cpack -G DEB` in a build folder).
include(CMakePackageConfigHelpers)

set(THESPIS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/thespis)

install(EXPORT thespis-targets NAMESPACE thespis:: FILE thespisTargets.cmake
        DESTINATION ${THESPIS_CMAKE_DIR})
configure_package_config_file(cmake/thespisConfig.cmake.in
  ${PROJECT_BINARY_DIR}/thespisConfig.cmake INSTALL_DESTINATION ${THESPIS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/thespisConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/thespisConfig.cmake
              ${PROJECT_BINARY_DIR}/thespisConfigVersion.cmake
              cmake/ThespisLinkWhole.cmake
        DESTINATION ${THESPIS_CMAKE_DIR})
if(THESPIS_BUILD_COMMAND)
  install(DIRECTORY scenarios/bundled/ DESTINATION ${CMAKE_INSTALL_DATADIR}/thespis/scenarios)
endif()
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME thespis)
set(CPACK_PACKAGE_VENDOR "thespis")
set(CPACK_PACKAGE_CONTACT "thespis maintainers <maintainers@thespis.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "C++20 actor system with a deterministic simulation base (library and thespis command)")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The static libraries need these at a user's link time, and the package config finds them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libyaml-cpp-dev, libsodium-dev, pkg-config, cmake (>= 3.25), g++ (>= 4:12)")
# Property tests (thespis::properties, thespis::properties_main) need these as well.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "librapidcheck-dev, libgtest-dev")
# thespis::hostlab runs `ip` and `nft` (network namespaces and their faults).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "iproute2, nftables")
include(CPack)
