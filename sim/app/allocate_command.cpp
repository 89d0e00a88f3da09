// `qpvsim allocate`: the funding-allocation study (analysis/allocation/), its files and what it
// prints.

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "analysis/allocation/config.hpp"
#include "analysis/allocation/file.hpp"
#include "analysis/allocation/plan.hpp"
#include "analysis/allocation/record.hpp"
#include "analysis/allocation/report.hpp"
#include "analysis/allocation/search.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/console.hpp"
#include "sim/app/jobs.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/io/files.hpp"

namespace qpv::app {
namespace {

namespace alloc = analysis::allocation;

/// Where the recommendation's scenario file goes: --scenario, or beside the results file.
std::string scenario_path(const AllocateOptions& o) {
  if (!o.scenario.empty()) return o.scenario;
  const std::filesystem::path out(o.output);
  return (out.parent_path() / (out.stem().string() + "_recommandation.toml")).string();
}

/// The baseline as the scenario file at `path` names its base: relative to its folder, or the
/// embedded name.
std::string base_for(const alloc::AllocationConfig& c, const std::string& path) {
  const std::string& base = c.baseline.file;
  if (base.starts_with("embedded:")) return base;
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  return std::filesystem::relative(std::filesystem::absolute(base), folder).generic_string();
}

void print_summary(const alloc::AllocationConfig& c, const alloc::Study& s) {
  const alloc::Evaluation& best = s.evaluations[s.recommended];
  fmt::print("\nrecommended split of {:.0f} € a year, {}-{} (statistic {} = {:.4g} on the search's "
             "{} replicates):\n",
             c.envelope_eur, c.first_year, c.last_year, alloc::statistic_name(c.objective.statistic),
             best.statistic, c.replicates);
  for (const alloc::LeverConfig& l : c.levers) {
    const double eur = best.allocation.lever_total(l.lever);
    fmt::print("  {:<16} {:>10.0f} € a year ({:.0f} %), simulated spending {:.0f} €\n",
               model::lever_name(l.lever), eur, 100.0 * eur / c.envelope_eur,
               best.spent_eur[static_cast<std::size_t>(l.lever)]);
  }
  if (c.targeting == alloc::Targeting::need)
    fmt::print("  QPVs targeted by need, exponent {:.2f}\n", best.allocation.exponent);
  fmt::print("\nwhat it depends on (best split when the parameter is low | high):\n");
  for (const alloc::Dependence& d : s.dependence) {
    auto split = [&](std::size_t i) {
      std::string out;
      for (const alloc::LeverConfig& l : c.levers)
        out += fmt::format("{}{:.0f} %", out.empty() ? "" : " / ",
                           100.0 * s.evaluations[i].allocation.lever_total(l.lever) / c.envelope_eur);
      return out;
    };
    fmt::print("  {:<34} r = {:+.2f}   {} | {}\n", model::spec(d.parameter).name, d.correlation,
               split(d.best_low), split(d.best_high));
  }
  fmt::print("\nre-evaluated on {} fresh replicates (seed {}): objective mean, P(recommendation "
             "does better)\n",
             c.fresh_replicates, alloc::fresh_seed(c));
  for (std::size_t i = 0; i < s.reevaluated.size(); ++i) {
    const alloc::Reevaluated& r = s.reevaluated[i];
    double mean = 0;
    for (const double v : r.objective) mean += v / static_cast<double>(r.objective.size());
    fmt::print("  {:<32} {:>14.4g}   {}\n", r.label, mean,
               i == 0 ? std::string("-") : fmt::format("{:.2f}", s.probability_better[i]));
  }
}

}  // namespace

int cmd_allocate(const AllocateOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  const alloc::AllocationConfig c = alloc::load_allocation(o.file);
  const int threads = o.threads.value_or(c.baseline.threads);
  const std::string checkpoint = prepare_checkpoint(o.output, "results file", o.report, o.restart);
  const std::string scenario = scenario_path(o);
  engine::Cluster& cluster = engine::Cluster::get();
  if (cluster.root()) check_writable(scenario, "scenario file");
  if (!o.quiet && cluster.root()) {
    fmt::print("qpvsim {}: allocation \"{}\" ({}): {:.0f} € a year, {}-{}, {} levers, {} QPV; "
               "{} replicates shared by every candidate, {} fresh ones to re-evaluate\n",
               version(), c.name, c.file, c.envelope_eur, c.first_year, c.last_year,
               c.levers.size(), c.baseline.territory.qpvs.size(), c.replicates,
               c.fresh_replicates);
    if (std::filesystem::exists(checkpoint))
      fmt::print("resuming from the checkpoint {}\n", checkpoint);
  }
  Progress progress("allocation");
  alloc::Study s;
  try {
    s = alloc::run_allocation(
        c,
        execution(threads,
                  [&](std::size_t done, std::size_t total) {
                    if (!o.quiet && cluster.root()) progress(done, total);
                  }),
        checkpoint);
  } catch (const InputError&) {
    // No split meets the constraints: resuming would fail the same way.
    if (cluster.root()) std::filesystem::remove(checkpoint);
    throw;
  } catch (const Interrupted&) {
    fmt::print(stderr,
               "\ninterrupted: no results were written; the candidates run are kept in {} and "
               "the same command resumes from there\n",
               checkpoint);
    return 130;
  }
  if (!cluster.root()) return 0;
  const alloc::Evaluation& best = s.evaluations[s.recommended];
  io::write_file_atomically(
      scenario,
      alloc::scenario_text(c, best.allocation, base_for(c, scenario),
                           "Répartition recommandée — " + c.name),
      "scenario file");
  alloc::write_allocation_file(o.output, c, s, seconds_since(t0));
  std::filesystem::remove(checkpoint);
  // The report is made from the file read back, as `qpvsim report allocation.h5` makes it.
  if (!o.report.empty())
    alloc::write_allocation_report(alloc::read_allocation_file(o.output), o.report);
  if (!o.quiet) {
    print_summary(c, s);
    fmt::print("\n{} candidates ({} simulated, {} from the checkpoint); curves {:.1f} s, search "
               "{:.1f} s, frontier {:.1f} s, re-evaluation {:.1f} s, total {:.1f} s\n"
               "results: {}; recommendation: {}{}\n",
               s.evaluations.size(), s.model_runs, s.resumed, s.seconds_curves, s.seconds_search,
               s.seconds_pareto, s.seconds_reevaluation, seconds_since(t0), o.output, scenario,
               o.report.empty() ? "" : "; report: " + o.report);
  }
  return 0;
}

}  // namespace qpv::app
