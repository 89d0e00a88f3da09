# ctest entry tests.discovery (tests/CMakeLists.txt): every Catch2 test case of qpvsim_tests is
# exactly one ctest entry that runs exactly that case, and nothing else is in the list but the
# browser, MPI, docs, structure, fault, ecosystem and package tests and this check.
#
#   cmake -DTESTS=<qpvsim_tests> -DCTEST=<ctest> -DBUILD_DIR=<build> -DSELF=<this entry's name>
#         -P check_discovery.cmake
#
# For each entry that runs qpvsim_tests, its own arguments plus --list-test-names-only list the
# cases it would run (Catch2 applies the same filter). Each must list one case, named as the
# entry, with --warn NoTests among its arguments so that a filter matching nothing fails; and
# over all entries, every case of `qpvsim_tests --list-test-names-only` must come up once.
cmake_minimum_required(VERSION 3.22)
foreach(var TESTS CTEST BUILD_DIR SELF)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_discovery.cmake: -D${var}=... is required")
  endif()
endforeach()

set(errors "")
macro(fail text)
  string(APPEND errors "  ${text}\n")
endmacro()

# Catch2's output, one name a line. CMake lists are split at ';', and so are ctest's test names
# (that is the bug this check guards against): a name holding one is refused before any list
# is made of them. Other characters that Catch2 reads as a pattern (a leading * or ~, a \) are
# found below, by the entry that runs no case or another one.
# Cases are counted by lines: Catch2's exit status is their number, modulo 256.
execute_process(COMMAND "${TESTS}" --list-test-names-only
                OUTPUT_VARIABLE listed RESULT_VARIABLE rc)
if(rc LESS 0 OR listed STREQUAL "")
  message(FATAL_ERROR "${TESTS} --list-test-names-only listed no test case (exit ${rc})")
endif()
string(FIND "${listed}" ";" semicolon)
if(NOT semicolon EQUAL -1)
  string(REPLACE ";" "<semicolon>" marked "${listed}")  # a list of the lines holding one
  string(REGEX MATCHALL "[^\n]*<semicolon>[^\n]*" bad "${marked}")
  list(JOIN bad "\n  " bad)
  string(REPLACE "<semicolon>" ";" bad "${bad}")
  message(FATAL_ERROR "test case names must not contain ';' (ctest splits them there):\n  ${bad}")
endif()
string(REGEX MATCHALL "\n" newlines "${listed}")
list(LENGTH newlines n_lines)
string(REGEX REPLACE "\n$" "" listed "${listed}")
string(REPLACE "\n" ";" cases "${listed}")
list(LENGTH cases n_cases)
if(NOT n_cases EQUAL n_lines)
  fail("qpvsim_tests listed ${n_lines} test cases, read as ${n_cases} names (a name ending "
       "in \\ or holding an unmatched [ or ])")
endif()
# What ctest would run: its JSON listing, read in this build.
execute_process(COMMAND "${CTEST}" --show-only=json-v1
                WORKING_DIRECTORY "${BUILD_DIR}"
                OUTPUT_VARIABLE json RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ctest --show-only=json-v1 failed in ${BUILD_DIR}: ${err}")
endif()
string(JSON n_tests LENGTH "${json}" tests)
math(EXPR last "${n_tests} - 1")
get_filename_component(tests_exe "${TESTS}" REALPATH)
set(ran "")
set(n_catch 0)
foreach(i RANGE ${last})
  string(JSON name GET "${json}" tests ${i} name)
  string(JSON exe GET "${json}" tests ${i} command 0)
  get_filename_component(exe "${exe}" REALPATH)
  if(NOT exe STREQUAL tests_exe)
    # Not a Catch2 case: only the browser, MPI, docs, structure, fault, ecosystem and package
    # tests, and this check, may be here.
    set(labels "")
    string(JSON n_props ERROR_VARIABLE no_props LENGTH "${json}" tests ${i} properties)
    if(NOT no_props)
      math(EXPR last_prop "${n_props} - 1")
      foreach(k RANGE ${last_prop})
        string(JSON prop GET "${json}" tests ${i} properties ${k} name)
        if(prop STREQUAL "LABELS")
          string(JSON labels GET "${json}" tests ${i} properties ${k} value)
        endif()
      endforeach()
    endif()
    set(kinds "browser|mpi|docs|structure|faults|ecosystem|package")
    if(NOT (name STREQUAL SELF OR labels MATCHES "\"(${kinds})\""))
      fail("ctest entry '${name}' is neither a Catch2 case nor a browser, MPI, docs, fault, "
           "ecosystem, structure or package test")
    endif()
    continue()
  endif()
  math(EXPR n_catch "${n_catch} + 1")
  # The entry's arguments as ctest passes them, one by one (a name may hold spaces).
  string(JSON n_args LENGTH "${json}" tests ${i} command)
  math(EXPR last_arg "${n_args} - 1")
  set(args "")
  set(warns_no_tests FALSE)
  set(previous "")
  foreach(k RANGE 1 ${last_arg})
    string(JSON arg GET "${json}" tests ${i} command ${k})
    list(APPEND args "${arg}")
    if((previous STREQUAL "-w" OR previous STREQUAL "--warn") AND arg STREQUAL "NoTests")
      set(warns_no_tests TRUE)
    endif()
    set(previous "${arg}")
  endforeach()
  if(NOT warns_no_tests)
    fail("ctest entry '${name}' lacks --warn NoTests: a filter matching nothing would pass")
  endif()
  execute_process(COMMAND "${TESTS}" ${args} --list-test-names-only OUTPUT_VARIABLE matched)
  string(REGEX MATCHALL "\n" newlines "${matched}")
  list(LENGTH newlines n_matched)
  string(REGEX REPLACE "\n$" "" matched "${matched}")
  if(n_matched EQUAL 0)
    fail("ctest entry '${name}' runs no test case")
  elseif(NOT n_matched EQUAL 1)
    string(REPLACE "\n" " | " matched "${matched}")
    fail("ctest entry '${name}' runs ${n_matched} test cases: ${matched}")
  elseif(NOT matched STREQUAL name)
    fail("ctest entry '${name}' runs another test case: '${matched}'")
  else()
    list(APPEND ran "${matched}")
  endif()
endforeach()

# Every case once.
foreach(name IN LISTS cases)
  list(FIND ran "${name}" at)
  if(at EQUAL -1)
    fail("test case '${name}' is run by no ctest entry")
  endif()
endforeach()
set(unique ${ran})
list(REMOVE_DUPLICATES unique)
list(LENGTH ran n_ran)
list(LENGTH unique n_unique)
if(NOT n_ran EQUAL n_unique)
  fail("some test cases are run by more than one ctest entry")
endif()

if(errors)
  message(FATAL_ERROR "ctest's entries do not match qpvsim_tests' test cases:\n${errors}")
endif()
message(STATUS "${n_catch} ctest entries run the ${n_cases} Catch2 test cases, each exactly "
               "once, with --warn NoTests")
