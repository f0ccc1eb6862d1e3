# One helper defines every component: thespis_<name> with alias thespis::<name>, exported (and
# installed) as thespis::<name>. Warning flags live on an INTERFACE target linked PRIVATE, and
# only in the build tree, so they never reach users.

add_library(thespis_warnings INTERFACE)
target_compile_options(thespis_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast -Wnon-virtual-dtor
  $<$<BOOL:${THESPIS_WERROR}>:-Werror>
  # GCC 12 reports std::string concatenation at -O2/-O3 as overlapping memcpy (GCC bug 105329).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
add_library(thespis::warnings ALIAS thespis_warnings)

# PRIVATE_DEPS that are header-only (msgpack-cxx, Asio, CLI11) go in HEADER_ONLY_DEPS: a user
# linking the installed static library then needs no package that only the build needed.
function(thespis_add_component name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS;HEADER_ONLY_DEPS" ${ARGN})
  add_library(thespis_${name} STATIC ${ARG_SOURCES})
  add_library(thespis::${name} ALIAS thespis_${name})
  set_target_properties(thespis_${name} PROPERTIES EXPORT_NAME ${name})
  target_compile_features(thespis_${name} PUBLIC cxx_std_20)
  target_include_directories(thespis_${name}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  set(header_only)
  foreach(dep IN LISTS ARG_HEADER_ONLY_DEPS)
    list(APPEND header_only $<BUILD_INTERFACE:${dep}>)
  endforeach()
  target_link_libraries(thespis_${name}
    PUBLIC ${ARG_PUBLIC_DEPS}
    PRIVATE $<BUILD_INTERFACE:thespis::warnings> ${ARG_PRIVATE_DEPS} ${header_only})
  install(TARGETS thespis_${name} EXPORT thespis-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# A registration object (a base, a bundle of actor types) must reach every executable that
# links its component, or the linker drops it from the static archive and its static registrar
# never runs. It is a small static library that the component hands to its users whole
# (thespis_link_whole, the same mechanism users apply to their own actor libraries).
function(thespis_add_registration name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;HEADER_ONLY_DEPS" ${ARGN})
  set(target thespis_${name}_registration)
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(thespis::${name}_registration ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name}_registration)
  set(header_only)
  foreach(dep IN LISTS ARG_HEADER_ONLY_DEPS)
    list(APPEND header_only $<BUILD_INTERFACE:${dep}>)
  endforeach()
  # The registrar calls into its component, so the component follows it on the link line.
  target_link_libraries(${target}
    PUBLIC thespis_${name}
    PRIVATE $<BUILD_INTERFACE:thespis::warnings> ${ARG_DEPS} ${header_only})
  target_include_directories(${target} PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/src)
  thespis_link_whole(thespis_${name} INTERFACE thespis::${name}_registration)
  install(TARGETS ${target} EXPORT thespis-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()

# Test binaries: one per component, discovered by GoogleTest, labelled and time-bounded.
function(thespis_add_test name)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT;FIXTURE" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE thespis::warnings ${ARG_DEPS})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  set(fixture_properties)
  if(ARG_FIXTURE)
    set(fixture_properties FIXTURES_REQUIRED ${ARG_FIXTURE})
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT ${ARG_TIMEOUT} ${fixture_properties})
endfunction()
