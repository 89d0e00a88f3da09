# Run by ctest (test browser.report, tests/CMakeLists.txt): writes the tiny comparison (the
# baseline, the crèche variant and all three levers) and its report with `qpvsim compare`, then checks the report in Chromium with check_report.mjs.
#   cmake -DQPVSIM=<qpvsim> -DSOURCE_DIR=<source dir> -DOUT_DIR=<output dir> -P check_report.cmake
cmake_minimum_required(VERSION 3.22)

set(browser_dir "${SOURCE_DIR}/tests/browser")
if(NOT EXISTS "${browser_dir}/node_modules/playwright-core/package.json")
  message(FATAL_ERROR "tests/browser/node_modules is missing: run ./setup.sh (it installs "
                      "Debian's chromium, nodejs and npm, then runs npm ci in tests/browser)")
endif()
find_program(NODE node)
if(NOT NODE)
  message(FATAL_ERROR "node is not installed: run ./setup.sh")
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

execute_process(
  COMMAND "${NODE}" "${browser_dir}/check_report.mjs" "${OUT_DIR}/rapport.html"
          "${OUT_DIR}/rapport.png"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the report failed its browser checks (${status}); see above")
endif()
