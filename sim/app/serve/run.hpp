// One workshop run: its state (polled by GET /api/runs/<id>), the worker that takes it through
// its stages, the baseline cache all runs share, and compare_stage, the one place where a
// workshop run calls the simulation.
#pragma once

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "analysis/comparison.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/io/scenario.hpp"

namespace qpv::app::serve {

class Workshop;

using Clock = std::chrono::steady_clock;
using BaselineRun = std::shared_ptr<const analysis::ScenarioRun>;

/// Seconds since `t`.
double seconds_since(Clock::time_point t);

/// The baseline run with a given number of replicates, computed once and kept (the baseline
/// never changes while the server runs). A run that needs a stage another run is computing
/// waits for it; if that run is cancelled, the next one computes it.
class BaselineCache {
 public:
  /// The baseline run of `replicates` replicates: the one kept, the one another run is
  /// computing, or else `compute()`'s. @throws Interrupted if `cancel` becomes true meanwhile.
  BaselineRun get(std::uint32_t replicates, const std::atomic<bool>& cancel,
                  const std::function<BaselineRun()>& compute);

 private:
  std::mutex m_;
  std::map<std::uint32_t, std::shared_future<BaselineRun>> entries_;
};

/// Tasks done and to do, updated by a simulation's progress callback.
struct TaskCount {
  std::atomic<std::size_t> done{0}, total{0};
  /// The progress callback that keeps this count.
  engine::ProgressFn recorder() {
    return [this](std::size_t d, std::size_t t) {
      done = d;
      total = t;
    };
  }
};

/// Tasks of the stage under way: (replicate, QPV) of the baseline (when not cached) and of the
/// scenario.
struct StageProgress {
  TaskCount baseline, scenario;
};

/// One run of the page's scenario, stage by stage.
struct Run {
  std::string id, client;
  std::string toml;
  io::Scenario scenario;
  std::vector<std::uint32_t> stages;
  /// More results of a stage beside the workshop's (the allocation panel's outcomes), or empty.
  std::function<nlohmann::json(const analysis::Comparison&)> more_results;
  Clock::time_point started = Clock::now();
  std::string started_utc;  ///< YYYYMMDD-HHMM, for the saved file's name

  std::atomic<bool> cancel{false};
  std::atomic<bool> finished{false};
  StageProgress progress;

  std::mutex m;            ///< guards what follows
  nlohmann::json results;  ///< of the last stage done (null before the first)
  std::size_t stages_done = 0;
  std::uint32_t replicates = 0;
  double first_seconds = std::numeric_limits<double>::quiet_NaN();
  double seconds = 0;
  std::string status = "running";  ///< running, done, cancelled, error
  std::string error_fr;

  std::thread worker;
};

/// The server's log: one line per run and stage, written whole from any thread.
class RunLog {
 public:
  explicit RunLog(std::FILE* file) : file_(file) {}  ///< nullptr: no log

  template <class... Args>
  void say(fmt::format_string<Args...> f, Args&&... args) {
    if (file_ == nullptr) return;
    std::lock_guard lock(m_);
    fmt::print(file_, f, std::forward<Args>(args)...);
    std::fflush(file_);
  }

 private:
  std::FILE* file_;
  std::mutex m_;
};

/// One stage of a run: the baseline with `replicates` replicates (computed once, through
/// `cache`) and the page's `scenario` compared with common random numbers, on `threads` threads.
/// Every call into the simulation that a workshop run makes is here.
/// @throws Interrupted when `cancel` becomes true.
analysis::Comparison compare_stage(const io::Scenario& baseline, const io::Scenario& scenario,
                                   std::uint32_t replicates, int threads, BaselineCache& cache,
                                   StageProgress& progress, const std::atomic<bool>& cancel);

/// The worker of a run: each stage compares the (cached) baseline and the scenario with the
/// stage's replicates and the baseline's seed, then publishes the stage's results. Sets the
/// run's status and `finished` at the end; throws nothing.
void run_stages(Run& run, const Workshop& workshop, BaselineCache& cache, int threads, RunLog& log);

}  // namespace qpv::app::serve
