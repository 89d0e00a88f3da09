# Warnings apply to our own targets only (never to third-party headers).
function(qpvsim_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor
                                           # GCC 12 false positive in std::string (GCC bug 105329)
                                           -Wno-restrict)
endfunction()
