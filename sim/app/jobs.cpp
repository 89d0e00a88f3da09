#include "sim/app/jobs.hpp"

#include <algorithm>
#include <string>

#include "sim/core/error.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/model/interventions.hpp"

namespace qpv::app {
namespace {

/// `f()`, a spending overflow reported as an input error of the first of `scenarios` with an
/// intervention of its lever, keyed by the lever's kind: the model knows no file.
template <class F>
auto blaming_overflow(const std::vector<const io::Scenario*>& scenarios, F&& f) {
  try {
    return f();
  } catch (const model::SpendingOverflow& e) {
    const io::Scenario* blamed = scenarios.front();
    for (const io::Scenario* s : scenarios) {
      const auto& is = s->interventions;
      if (std::any_of(is.begin(), is.end(), [&](const model::Intervention& i) {
            return model::lever_of(i) == e.lever();
          })) {
        blamed = s;
        break;
      }
    }
    throw InputError(Origin{blamed->file}, "intervention." + std::string(lever_name(e.lever())),
                     e.what());
  }
}

}  // namespace

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

engine::Execution execution(int threads, engine::ProgressFn progress) {
  engine::Execution how;
  how.threads = threads;
  how.cluster = &engine::Cluster::get();
  how.progress = std::move(progress);
  how.cancel = &interrupted();
  return how;
}

model::RunResults run_scenario(const io::Scenario& s, const engine::Execution& how) {
  return blaming_overflow({&s}, [&] {
    return model::run(s.territory, s.parameters, io::plan_for(s), s.interventions, how);
  });
}

io::Scenario paired_with(const io::Scenario& baseline, io::Scenario s) {
  s.run = baseline.run;
  io::draw_as(baseline, s);
  return s;
}

std::vector<io::Scenario> paired(const std::vector<io::Scenario>& scenarios) {
  std::vector<io::Scenario> runs;
  for (const io::Scenario& s : scenarios) runs.push_back(paired_with(scenarios.front(), s));
  return runs;
}

analysis::Comparison run_comparison(const std::vector<io::Scenario>& scenarios,
                                    const engine::Execution& how) {
  analysis::check_comparable(scenarios);
  const std::vector<io::Scenario> runs = paired(scenarios);
  std::vector<model::ScenarioInput> inputs;
  std::vector<const io::Scenario*> blamed;
  for (const io::Scenario& s : runs) {
    inputs.push_back({&s.territory, &s.parameters, io::plan_for(s), &s.interventions});
    blamed.push_back(&s);
  }
  return analysis::compare(
      runs, blaming_overflow(blamed, [&] { return model::run_paired(inputs, how); }));
}

}  // namespace qpv::app
