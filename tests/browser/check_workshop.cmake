# Run by ctest (test browser.workshop, tests/CMakeLists.txt): the workshop page in Debian's
# Chromium, driven by playwright-core (check_workshop.js), which starts `qpvsim serve` itself.
# Needs ./setup.sh: Debian's chromium and nodejs, and playwright-core installed by `npm ci` from
# npm's registry into tests/browser/node_modules (package-lock.json pins version and hash).
#   cmake -DQPVSIM=<qpvsim> -DSOURCE_DIR=<source dir> -DOUT_DIR=<output dir> -P check_workshop.cmake
cmake_minimum_required(VERSION 3.22)

find_program(NODE NAMES node nodejs)
if(NOT NODE)
  message(FATAL_ERROR "node is not installed: run ./setup.sh (Debian packages nodejs and npm)")
endif()
find_program(CHROMIUM NAMES chromium chromium-browser)
if(NOT CHROMIUM)
  message(FATAL_ERROR "chromium is not installed: run ./setup.sh (Debian package chromium)")
endif()
set(browser "${SOURCE_DIR}/tests/browser")
if(NOT EXISTS "${browser}/node_modules/playwright-core/package.json")
  message(FATAL_ERROR "playwright-core is not installed in ${browser}/node_modules: run ./setup.sh "
                      "(it runs `npm ci` in tests/browser, from npm's registry)")
endif()

file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(
  COMMAND "${NODE}" "${browser}/check_workshop.js" --qpvsim "${QPVSIM}" --out "${OUT_DIR}"
          --chromium "${CHROMIUM}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the workshop page failed its browser test (${status}); see the FAIL lines above")
endif()
