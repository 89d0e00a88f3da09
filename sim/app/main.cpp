#include <malloc.h>

#include "sim/app/cli.hpp"

int main(int argc, char** argv) {
  // Every replicate allocates its partitions' columns (a few hundred kB each) and frees them at
  // its end. With glibc's defaults, blocks that large are mapped and unmapped each time, so
  // every replicate pays the kernel's page faults again; kept in the heap, they are reused.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return qpv::app::run_cli(argc, argv);
}
