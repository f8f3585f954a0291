# Warning flags and the test helper; nothing else belongs here.

# Adds the project's warning flags to a target.
function(heritage_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow)
  if(HERITAGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

# heritage_add_test(NAME SOURCES a.cpp b.cpp LIBS x y LABELS unit ...)
# One Catch2 executable; each TEST_CASE becomes one ctest test carrying the first of LABELS.
function(heritage_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Catch2::Catch2WithMain heritage_test_support ${ARG_LIBS})
  heritage_warnings(${name})
  # Catch2 v2's discovery passes properties through a -D option, which loses list values: each
  # test can carry one label. Name the one that selects tests first (gl: needs EGL/Mesa).
  list(GET ARG_LABELS 0 label)
  catch_discover_tests(${name} PROPERTIES LABELS "${label}")
endfunction()
