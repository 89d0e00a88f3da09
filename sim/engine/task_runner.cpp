#include "sim/engine/task_runner.hpp"

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <mutex>

#include "sim/core/error.hpp"

namespace qpv::engine {

TaskRunner::TaskRunner(int threads)
    : threads_(threads > 0 ? threads : tbb::info::default_concurrency()) {}

void TaskRunner::run(std::uint32_t replicates, std::uint32_t partitions,
                     const std::function<void(TaskKey)>& task, const ProgressFn& progress,
                     const std::atomic<bool>* cancel) const {
  const std::size_t total = std::size_t{replicates} * partitions;
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::atomic<bool> stop{false};
  tbb::task_arena arena(threads_);
  arena.execute([&] {
    // Grain 1: tasks are whole simulations (milliseconds each), so scheduling cost is nil.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, total, 1), [&](const auto& range) {
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        if (stop.load(std::memory_order_relaxed) || (cancel && cancel->load())) {
          stop = true;
          return;
        }
        task(TaskKey{static_cast<std::uint32_t>(i / partitions),
                     static_cast<std::uint32_t>(i % partitions)});
        if (progress) {
          std::lock_guard lock(progress_mutex);
          progress(++done, total);
        }
      }
    });
  });
  if (stop || (cancel && cancel->load())) throw Interrupted();
}

}  // namespace qpv::engine
