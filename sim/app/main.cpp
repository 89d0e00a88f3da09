#include <malloc.h>

#include "sim/app/cli.hpp"
#include "sim/engine/cluster.hpp"

int main(int argc, char** argv) {
  // Every replicate allocates its partitions' columns (a few hundred kB each) and frees them at
  // its end. With glibc's defaults, blocks that large are mapped and unmapped each time, so
  // every replicate pays the kernel's page faults again; kept in the heap, they are reused.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // Under mpirun or srun, this process is one rank of a job (docs/cluster.md).
  const qpv::engine::Session session(&argc, &argv);
  const int status = qpv::app::run_cli(argc, argv);
  // A rank that fails may leave the others waiting for it: end the whole job.
  if (status != 0 && qpv::engine::Cluster::get().distributed())
    qpv::engine::Cluster::get().abort(status);
  return status;
}
