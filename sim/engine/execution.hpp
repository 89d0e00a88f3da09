// How to run, as opposed to what to run (model::RunPlan): the threads, the MPI job, progress
// reports and cancellation. The model sees the outside world only through this argument, as
// OMNeT++'s kernel sees it only through cEnvir: it reaches for no global. Results never depend
// on it (same bits for any thread or rank count).
#pragma once

#include <atomic>

#include "sim/engine/cluster.hpp"
#include "sim/engine/task_runner.hpp"

namespace qpv::engine {

struct Execution {
  int threads = 0;  ///< worker threads; 0 = every core
  /// The MPI job whose ranks share the work (the composition root passes Cluster::get()), or
  /// null: this process alone.
  Cluster* cluster = nullptr;
  ProgressFn progress;                        ///< called with (done, total) units; may be empty
  const std::atomic<bool>* cancel = nullptr;  ///< when it becomes true, the run stops (Interrupted)
};

}  // namespace qpv::engine
