#include "sim/app/jobs.hpp"

#include "sim/engine/cluster.hpp"

namespace qpv::app {

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
  return model::run(s.territory, s.parameters, io::plan_for(s), s.interventions, how);
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
  for (const io::Scenario& s : runs)
    inputs.push_back({&s.territory, &s.parameters, io::plan_for(s), &s.interventions});
  return analysis::compare(runs, model::run_paired(inputs, how));
}

}  // namespace qpv::app
