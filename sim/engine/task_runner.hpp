// Runs one task per (replicate, partition) in parallel with TBB.
//
// Tasks must be independent and write only to their own slot of the results: with streams
// keyed by (seed, replicate, partition, process) the output is then bit-identical for any
// thread count. The runner never sees model types.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace qpv::engine {

struct TaskKey {
  std::uint32_t replicate = 0;
  std::uint32_t partition = 0;
};

/// Called after each finished task with (done, total); calls are serialised.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

class TaskRunner {
 public:
  /// `threads` = 0 uses every core TBB sees.
  explicit TaskRunner(int threads = 0);
  int threads() const { return threads_; }

  /// Runs task(key) for every replicate in [0, replicates) and partition in [0, partitions).
  /// If `cancel` becomes true, remaining tasks are skipped and qpv::Interrupted is thrown.
  /// An exception thrown by a task cancels the rest and is rethrown here.
  void run(std::uint32_t replicates, std::uint32_t partitions,
           const std::function<void(TaskKey)>& task, const ProgressFn& progress = {},
           const std::atomic<bool>* cancel = nullptr) const;

 private:
  int threads_;
};

}  // namespace qpv::engine
