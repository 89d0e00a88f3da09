# The Debian package: `cpack -G DEB` in the build folder (or `cmake --build build --target
# package`) makes qpvsim_<version>_amd64.deb, which `apt install ./qpvsim_*.deb` installs on a
# fresh Debian 12 with what it needs (tests/package/check_deb.sh shows it does).
#
# It holds the binary in /usr/bin, its man page, and under /usr/share/qpvsim the README, docs/,
# the example scenarios with the Valenciennes territory data, and the calibration files. The
# binary reads none of them: its defaults are built in (cmake/Embed.cmake), so `qpvsim` runs the
# main job from any folder. They are there to read, to copy and edit, and so that the README's
# commands (`qpvsim run scenarios/valenciennes/baseline.toml ...`) work from /usr/share/qpvsim.
include(GNUInstallDirs)

# The man page, qpvsim(1), is help2man's reading of `qpvsim --help` and `qpvsim --version`, so it
# never drifts from the command line. It is made when installing (so by cpack), not by a plain
# build: a machine without help2man still builds and tests, and its package has no man page
# (tests/package/check_deb.sh then fails and says why). Before the binary's own rule: building
# the page builds qpvsim first, so that `cpack` alone never packages a stale binary.
find_program(QPVSIM_HELP2MAN help2man)
if(QPVSIM_HELP2MAN)
  set(QPVSIM_MAN ${CMAKE_BINARY_DIR}/man/qpvsim.1)
  # --source: the page's footer names the version, not the git commit --version also prints.
  # gzip -n: no time stamp, so the same page gives the same bytes.
  add_custom_command(OUTPUT ${QPVSIM_MAN}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${QPVSIM_HELP2MAN} --no-info --section=1 "--source=qpvsim ${PROJECT_VERSION}"
            "--name=agent-based simulator of the priority neighbourhoods of Valenciennes Metropole"
            --output=${QPVSIM_MAN} $<TARGET_FILE:qpvsim>
    COMMAND gzip -9 -n -f ${QPVSIM_MAN}
    DEPENDS qpvsim
    COMMENT "Writing the man page qpvsim.1.gz with help2man"
    VERBATIM)
  add_custom_target(qpvsim_man DEPENDS ${QPVSIM_MAN}.gz)
  install(CODE "
    execute_process(COMMAND \"${CMAKE_COMMAND}\" --build \"${CMAKE_BINARY_DIR}\" --target qpvsim_man
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"could not write the man page with help2man (target qpvsim_man)\")
    endif()")
  install(FILES ${QPVSIM_MAN}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: the package will have no man page (./setup.sh installs it)")
  install(CODE "message(WARNING \"help2man was not found when configuring: no man page \"
                                \"installed (./setup.sh installs it; then configure again)\")")
endif()

install(TARGETS qpvsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(QPVSIM_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/qpvsim)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/BENCHMARKS.md
        DESTINATION ${QPVSIM_SHARE_DIR})
# By pattern, so that a results file or report left in the source tree is never packaged.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${QPVSIM_SHARE_DIR}
        FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios DESTINATION ${QPVSIM_SHARE_DIR}
        FILES_MATCHING PATTERN "*.md" PATTERN "*.toml" PATTERN "*.csv")
# calibration.toml names its scenario as ../../scenarios/valenciennes/baseline.toml: the same
# layout as the source tree keeps it valid.
install(FILES ${PROJECT_SOURCE_DIR}/calibration/README.md
        DESTINATION ${QPVSIM_SHARE_DIR}/calibration)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/calibration/valenciennes
        DESTINATION ${QPVSIM_SHARE_DIR}/calibration
        FILES_MATCHING PATTERN "*.toml" PATTERN "*.csv")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qpvsim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "qpvsim developers <dev@qpvsim.local>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "agent-based simulator of the priority neighbourhoods of Valenciennes Metropole")
# The control file's extended description, under the summary line.
set(CPACK_PACKAGE_DESCRIPTION [[
qpvsim simulates, event by event from 2024 to 2030, the 44,700 people living
in the 15 priority neighbourhoods (QPV) of Valenciennes Metropole, and
compares policy levers (transport aid, more creche places, a cancer-screening
truck) on employment, childcare and screening indicators, with their costs.
It writes HDF5 results and a French HTML report for elected officials.
Run with no argument, qpvsim runs its main job on the built-in Valenciennes
data. Example scenarios, the territory data and the documentation are in
/usr/share/qpvsim.]])
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# qpvsim_<version>_<arch>.deb, Debian's own naming.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The Depends line is dpkg-shlibdeps' reading of the libraries the binary links (HDF5, TBB,
# Open MPI, fmt, NLopt, ...), so it cannot fall behind a new dependency.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# mpirun for runs over several processes (docs/cluster.md), h5dump to look into results files.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "openmpi-bin, hdf5-tools")
set(CPACK_STRIP_FILES ON)
include(CPack)
