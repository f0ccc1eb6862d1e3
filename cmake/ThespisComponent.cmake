# One helper defines every component: thespis_<name> with alias thespis::<name>.
# Warning flags live on an INTERFACE target linked PRIVATE so they never reach users.

add_library(thespis_warnings INTERFACE)
target_compile_options(thespis_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast -Wnon-virtual-dtor
  $<$<BOOL:${THESPIS_WERROR}>:-Werror>
  # GCC 12 reports std::string concatenation at -O2/-O3 as overlapping memcpy (GCC bug 105329).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
add_library(thespis::warnings ALIAS thespis_warnings)

function(thespis_add_component name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(thespis_${name} STATIC ${ARG_SOURCES})
  add_library(thespis::${name} ALIAS thespis_${name})
  target_include_directories(thespis_${name}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(thespis_${name}
    PUBLIC ${ARG_PUBLIC_DEPS}
    PRIVATE thespis::warnings ${ARG_PRIVATE_DEPS})
endfunction()

# A registration object (a base, a bundle of actor types) must reach every executable that
# links its component, or the linker drops it from the static archive and the static
# registrar never runs. The object library is added to the consumers' sources.
function(thespis_add_registration name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(thespis_${name}_registration OBJECT ${ARG_SOURCES})
  target_link_libraries(thespis_${name}_registration PRIVATE thespis::warnings ${ARG_DEPS})
  target_include_directories(thespis_${name}_registration PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_sources(thespis_${name} INTERFACE $<TARGET_OBJECTS:thespis_${name}_registration>)
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
