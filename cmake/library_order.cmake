# fickle_list_libraries_first(TARGET): the libraries of cmake/library_order.txt that the program
# loads anyway, first among its dependencies (DT_NEEDED), so that they lead the dynamic loader's
# global scope. The ~63 000 symbol lookups of a process start (Debian's PETSc loads ~140 libraries)
# then pass ~18 libraries on average instead of ~52 (bench/README.md, startup.sh).
# tools/library_order.py makes the list, moving only libraries that leave every symbol bound to the
# code it was bound to, and checks the built program (the unit.library_order test). The listed
# libraries become the program's own dependencies by name (docs/cluster.md);
# -DFICKLE_LIBRARY_ORDER=OFF links in the usual order.
option(FICKLE_LIBRARY_ORDER "List the libraries most start-up symbol lookups end in first" ON)

# The paths of fickle's direct dependencies and of every library they load, by soname (ldd: the
# loader's own resolution).
function(fickle_loaded_libraries out)
  set(probes ${PETSC_LINK_LIBRARIES} ${FFTW_LINK_LIBRARIES} ${MUPARSER_LINK_LIBRARIES}
             ${HDF5_LINK_LIBRARIES})
  foreach(target VTK::IOParallelXML VTK::IOImage yaml-cpp fmt::fmt)
    get_target_property(location ${target} LOCATION)
    list(APPEND probes ${location})
  endforeach()
  foreach(probe IN LISTS probes)
    # The probe itself, by its soname (ldd lists only what it loads).
    execute_process(COMMAND objdump -p ${probe} OUTPUT_VARIABLE text ERROR_QUIET)
    if(text MATCHES "SONAME +([^ \n]+)")
      set(found_${CMAKE_MATCH_1} "${probe}")
    endif()
    execute_process(COMMAND ldd ${probe} OUTPUT_VARIABLE text ERROR_QUIET)
    string(REGEX MATCHALL "[^\t\n ]+ => /[^ \n]+" pairs "${text}")
    foreach(pair IN LISTS pairs)
      string(REGEX REPLACE " => .*" "" name "${pair}")
      string(REGEX REPLACE ".* => " "" path "${pair}")
      set(found_${name} "${path}")
    endforeach()
  endforeach()
  set(list_file ${PROJECT_SOURCE_DIR}/cmake/library_order.txt)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${list_file})  # edited: configure
  file(STRINGS ${list_file} lines)
  set(paths "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*" "" name "${line}")
    string(STRIP "${name}" name)
    if(name AND DEFINED found_${name})
      list(APPEND paths ${found_${name}})
    endif()
  endforeach()
  set(${out} ${paths} PARENT_SCOPE)
endfunction()

if(FICKLE_LIBRARY_ORDER)
  fickle_loaded_libraries(FICKLE_FIRST_LIBRARIES)
  list(LENGTH FICKLE_FIRST_LIBRARIES count)
  message(STATUS "Libraries listed first (cmake/library_order.txt): ${count}")
endif()

function(fickle_list_libraries_first target)
  if(FICKLE_LIBRARY_ORDER AND FICKLE_FIRST_LIBRARIES)
    # Link options come before the objects and the usual libraries; --no-as-needed keeps them
    # listed although the program's own code names none of their symbols.
    list(JOIN FICKLE_FIRST_LIBRARIES " " paths)
    target_link_options(${target} BEFORE PRIVATE
                        "SHELL:-Wl,--push-state,--no-as-needed ${paths} -Wl,--pop-state")
    # Options are not dependencies: relink when one of these libraries changes.
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${FICKLE_FIRST_LIBRARIES})
  endif()
endfunction()
