#include "sim/app/serve/run.hpp"

#include "sim/app/jobs.hpp"
#include "sim/app/serve/workshop.hpp"
#include "sim/core/error.hpp"

namespace qpv::app::serve {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

BaselineRun BaselineCache::get(std::uint32_t replicates, const std::atomic<bool>& cancel,
                               const std::function<BaselineRun()>& compute) {
  while (true) {
    std::shared_future<BaselineRun> pending;
    std::promise<BaselineRun> promise;
    bool mine = false;
    {
      std::lock_guard lock(m_);
      const auto it = entries_.find(replicates);
      if (it != entries_.end()) {
        pending = it->second;
      } else {
        pending = promise.get_future().share();
        entries_.emplace(replicates, pending);
        mine = true;
      }
    }
    if (mine) {
      try {
        BaselineRun run = compute();
        promise.set_value(run);
        return run;
      } catch (...) {
        {
          std::lock_guard lock(m_);
          entries_.erase(replicates);
        }
        promise.set_exception(std::current_exception());
        throw;
      }
    }
    while (pending.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (cancel) throw Interrupted();
    }
    try {
      return pending.get();
    } catch (const Interrupted&) {
      if (cancel) throw;
      // The run computing it was cancelled, not this one: compute it here.
    }
  }
}

analysis::Comparison compare_stage(const io::Scenario& baseline, const io::Scenario& scenario,
                                   std::uint32_t replicates, int threads, BaselineCache& cache,
                                   StageProgress& progress, const std::atomic<bool>& cancel) {
  const BaselineRun base_run = cache.get(replicates, cancel, [&] {
    io::Scenario b = baseline;
    b.run.replicates = replicates;
    analysis::Comparison c = app::run_comparison(
        {b}, engine::Execution{threads, nullptr, progress.baseline.recorder(), &cancel});
    return std::make_shared<const analysis::ScenarioRun>(std::move(c.scenarios.at(0)));
  });
  // The scenario with the baseline's run settings and parameter draws, so that replicate r
  // shares its random streams and its parameter values.
  io::Scenario alt = app::paired_with(baseline, scenario);
  alt.run.replicates = replicates;
  progress.scenario.total = std::size_t{replicates} * alt.territory.qpvs.size();
  analysis::Comparison one = app::run_comparison(
      {alt}, engine::Execution{threads, nullptr, progress.scenario.recorder(), &cancel});
  return analysis::make_comparison({*base_run, std::move(one.scenarios.at(0))});
}

void run_stages(Run& run, const Workshop& workshop, BaselineCache& cache, int threads,
                RunLog& log) {
  try {
    for (std::size_t k = 0; k < run.stages.size() && !run.cancel; ++k) {
      const std::uint32_t n = run.stages[k];
      const auto stage_start = Clock::now();
      run.progress.baseline.done = 0;
      run.progress.baseline.total = 0;
      run.progress.scenario.done = 0;
      run.progress.scenario.total = 0;
      const analysis::Comparison c = compare_stage(workshop.baseline(), run.scenario, n, threads,
                                                   cache, run.progress, run.cancel);
      nlohmann::json results = workshop.results(c);
      if (run.more_results) results["allocation"] = run.more_results(c);
      const double seconds = seconds_since(run.started);
      {
        std::lock_guard lock(run.m);
        run.results = std::move(results);
        run.stages_done = k + 1;
        run.replicates = n;
        if (k == 0) run.first_seconds = seconds;
      }
      log.say("run {}: stage {}/{} ({} replicates) in {:.2f} s, {:.2f} s since the request\n",
              run.id.substr(0, 8), k + 1, run.stages.size(), n, seconds_since(stage_start),
              seconds);
    }
    std::lock_guard lock(run.m);
    run.status = run.cancel ? "cancelled" : "done";
  } catch (const Interrupted&) {
    std::lock_guard lock(run.m);
    run.status = "cancelled";
  } catch (const std::exception& e) {
    std::lock_guard lock(run.m);
    run.status = "error";
    run.error_fr = fmt::format("Le calcul a échoué : {}", e.what());
  }
  {
    std::lock_guard lock(run.m);
    run.seconds = seconds_since(run.started);
    log.say("run {}: {} after {:.2f} s\n", run.id.substr(0, 8), run.status, run.seconds);
  }
  run.finished = true;
}

}  // namespace qpv::app::serve
