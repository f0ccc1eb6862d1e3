# thespis_link_whole(<target> <PRIVATE|PUBLIC|INTERFACE> <library>...)
#
# Links each static <library> into <target> whole. Actor types (THESPIS_ACTOR), message types
# (THESPIS_MESSAGE), apps (THESPIS_APP) and bases register themselves from static
# initialisers; a linker takes from a static archive only the objects that something else
# references, so a file that only registers would silently be left out and its types would be
# "not registered in this program". Linking the archive whole keeps every object.
#
# Installed with the thespis package (find_package(thespis) makes it available).
function(thespis_link_whole target scope)
  foreach(library IN LISTS ARGN)
    target_link_libraries(${target} ${scope} "$<LINK_LIBRARY:WHOLE_ARCHIVE,${library}>")
  endforeach()
endfunction()
