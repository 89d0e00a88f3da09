# Run by ctest (test browser.report, tests/CMakeLists.txt): writes the tiny comparison (the
# baseline, the crèche variant and all three levers) and its report with `qpvsim compare`, then
# checks the report in Debian's Chromium, headless: check_report.js, injected at the top of a
# copy of the report, inspects the laid-out page and writes its verdict into the page, which
# Chromium prints with --dump-dom; console errors are also read from Chromium's log. Last, a
# PNG screenshot of the report as a reader opens it.
#   cmake -DQPVSIM=<qpvsim> -DSOURCE_DIR=<source dir> -DOUT_DIR=<output dir> -P check_report.cmake
cmake_minimum_required(VERSION 3.22)

find_program(CHROMIUM NAMES chromium chromium-browser)
if(NOT CHROMIUM)
  message(FATAL_ERROR "chromium is not installed: run ./setup.sh (Debian package chromium)")
endif()

set(tiny "${SOURCE_DIR}/tests/data/tiny")
file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(
  COMMAND "${QPVSIM}" compare "${tiny}/baseline.toml" "${tiny}/variant.toml" "${tiny}/levers.toml"
          -o "${OUT_DIR}/comparison.h5" --report "${OUT_DIR}/rapport.html"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "qpvsim compare failed (${status})")
endif()
if(NOT EXISTS "${OUT_DIR}/rapport.html")
  message(FATAL_ERROR "qpvsim compare wrote no report at ${OUT_DIR}/rapport.html")
endif()

# The copy with the checks: the script first in <head> (after the charset, which must come in
# the first bytes), so that it sees every error.
file(READ "${OUT_DIR}/rapport.html" html)
file(READ "${SOURCE_DIR}/tests/browser/check_report.js" check)
set(anchor "<meta charset=\"utf-8\">")
string(FIND "${html}" "${anchor}" at)
if(at LESS 0)
  message(FATAL_ERROR "the report declares no <meta charset=\"utf-8\">")
endif()
string(REPLACE "${anchor}" "${anchor}<script>\n${check}\n</script>" checked "${html}")
file(WRITE "${OUT_DIR}/rapport_check.html" "${checked}")

# Without the background-networking flags Chromium keeps trying to reach outside hosts, which
# this network refuses (BUILD_NOTES.md); --no-sandbox because tests may run as root.
set(flags --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
          --disable-background-networking --disable-component-update --disable-sync
          --user-data-dir=${OUT_DIR}/chromium-profile --window-size=1280,2400)

# Loads `page` headless and sets `verdict` (the checks' lines) and `console_errors` (uncaught
# errors in Chromium's log, in case one came before the checks could see it).
function(check_page page)
  execute_process(
    COMMAND "${CHROMIUM}" ${flags} --enable-logging=stderr --v=0 --virtual-time-budget=20000
            --dump-dom "file://${page}"
    OUTPUT_VARIABLE dom ERROR_VARIABLE log RESULT_VARIABLE status TIMEOUT 180)
  file(WRITE "${page}.log" "${log}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "chromium failed (${status}); its log: ${page}.log")
  endif()
  string(REGEX MATCH "<pre id=\"qpvsim-check\"[^>]*>([^<]*)</pre>" found "${dom}")
  if(NOT found)
    message(FATAL_ERROR "the checks did not run in ${page} (no verdict in the DOM); see ${page}.log")
  endif()
  set(verdict "${CMAKE_MATCH_1}" PARENT_SCOPE)
  string(REGEX MATCHALL "[^\n]*(Uncaught|:ERROR:CONSOLE)[^\n]*" errors "${log}")
  set(console_errors "${errors}" PARENT_SCOPE)
endfunction()

check_page("${OUT_DIR}/rapport_check.html")
message("${verdict}")
if(console_errors)
  message(FATAL_ERROR "script errors in the report: ${console_errors}")
endif()
if(NOT verdict MATCHES "RESULT: pass")
  message(FATAL_ERROR "the report failed its browser checks (FAIL lines above)")
endif()

# The checks can fail: a copy with a script error, an outside image and a NaN must fail each.
string(REPLACE "</main>"
       "<p>NaN</p><img src=\"http://example.invalid/x.png\"><script>no_such_function();</script></main>"
       broken "${checked}")
file(WRITE "${OUT_DIR}/rapport_broken.html" "${broken}")
check_page("${OUT_DIR}/rapport_broken.html")
foreach(expected "page error" "other than the report" "shows \"NaN\"" "RESULT: fail")
  string(FIND "${verdict}" "${expected}" at)
  if(at LESS 0)
    message(FATAL_ERROR "a broken report passed the check '${expected}': ${verdict}")
  endif()
endforeach()
message("a broken copy fails as it should")

execute_process(
  COMMAND "${CHROMIUM}" ${flags} "--screenshot=${OUT_DIR}/rapport.png"
          "file://${OUT_DIR}/rapport.html"
  OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE status TIMEOUT 180)
if(NOT status EQUAL 0 OR NOT EXISTS "${OUT_DIR}/rapport.png")
  message(FATAL_ERROR "chromium could not save the screenshot ${OUT_DIR}/rapport.png")
endif()
message("screenshot: ${OUT_DIR}/rapport.png")
