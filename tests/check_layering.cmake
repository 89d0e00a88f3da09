# ctest entry tests.layering (tests/CMakeLists.txt): no #include in sim/, analysis/ or
# calibration/ goes against the layering
#
#   core <- engine <- model <- io <- analysis/present <- analysis, calibration <- app
#
# A file may include its own layer and the layers before it (analysis and calibration are one
# level; analysis/present, the reports' presentation kit, is below both); system and library
# headers (<...>) are not checked. Tests are outside the layering.
#
#   cmake -DSOURCE_DIR=<project root> -P check_layering.cmake
cmake_minimum_required(VERSION 3.22)
if(NOT DEFINED SOURCE_DIR)
  message(FATAL_ERROR "check_layering.cmake: -DSOURCE_DIR=... is required")
endif()

# Folder prefixes and their levels, the more specific first.
set(layers "sim/core" "sim/engine" "sim/model" "sim/io" "sim/app" "analysis/present" "analysis"
           "calibration")
set(levels 0 1 2 3 6 4 5 5)
set(names "core" "engine" "model" "io" "app" "present" "analysis" "calibration")

# level_of(PATH LEVEL NAME): the layer of a path relative to the root ("" if in none).
function(level_of path level_var name_var)
  set(${level_var} "" PARENT_SCOPE)
  set(${name_var} "" PARENT_SCOPE)
  list(LENGTH layers n)
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    list(GET layers ${i} prefix)
    string(LENGTH "${prefix}/" length)
    string(SUBSTRING "${path}" 0 ${length} head)
    if(head STREQUAL "${prefix}/")
      list(GET levels ${i} level)
      list(GET names ${i} name)
      set(${level_var} ${level} PARENT_SCOPE)
      set(${name_var} ${name} PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

set(files "")
foreach(dir sim analysis calibration)
  file(GLOB_RECURSE found RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${dir}/*.cpp"
       "${SOURCE_DIR}/${dir}/*.hpp")
  list(APPEND files ${found})
endforeach()
list(LENGTH files n_files)
if(n_files EQUAL 0)
  message(FATAL_ERROR "check_layering.cmake: no source file under ${SOURCE_DIR}")
endif()

set(errors "")
set(n_includes 0)
foreach(file IN LISTS files)
  level_of("${file}" own own_name)
  if(own STREQUAL "")
    continue()
  endif()
  file(STRINGS "${SOURCE_DIR}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*$" "\\1" target "${line}")
    math(EXPR n_includes "${n_includes} + 1")
    level_of("${target}" used used_name)
    if(NOT used STREQUAL "" AND used GREATER own)
      string(APPEND errors
             "  ${file} (${own_name}) includes \"${target}\" (${used_name}, a layer above)\n")
    endif()
  endforeach()
endforeach()

if(NOT errors STREQUAL "")
  message(FATAL_ERROR "includes against the layering core <- engine <- model <- io <- "
                      "analysis/present <- analysis, calibration <- app:\n${errors}")
endif()
message(STATUS "${n_files} files, ${n_includes} project includes: none against the layering")
