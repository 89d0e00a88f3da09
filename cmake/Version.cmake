# Generates version.cpp at every build so the git commit in results files is never stale.
set(QPVSIM_VERSION_CPP ${CMAKE_BINARY_DIR}/generated/version.cpp)
add_custom_target(qpvsim_version_gen
  COMMAND ${CMAKE_COMMAND} -DOUT=${QPVSIM_VERSION_CPP} -DSRC=${CMAKE_SOURCE_DIR}
          -DVERSION=${PROJECT_VERSION} -P ${CMAKE_SOURCE_DIR}/cmake/GenVersion.cmake
  BYPRODUCTS ${QPVSIM_VERSION_CPP}
  COMMENT "Stamping version and git commit")
