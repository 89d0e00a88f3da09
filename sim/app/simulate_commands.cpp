#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>

#include "analysis/comparison_file.hpp"
#include "analysis/report.hpp"
#include "analysis/sensitivity_report.hpp"
#include "analysis/summary.hpp"
#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "calibration/report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/console.hpp"
#include "sim/app/jobs.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/io/embedded.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/results_io.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/uncertainty.hpp"

namespace qpv::app {
namespace {

/// Where the replicates a run uses were set: the command line, or the scenario file.
Origin replicates_origin(const io::Scenario& s, const RunOptions& o) {
  return o.replicates ? Origin{"command line"} : Origin{s.file};
}

void apply_overrides(io::Scenario& s, const RunOptions& o) {
  if (o.replicates) s.run.replicates = *o.replicates;
  if (o.threads) s.threads = *o.threads;
  if (o.seed) s.run.seed = *o.seed;
  if (!o.posterior.empty()) {
    s.posterior.reset();
    if (o.posterior != "none") s.posterior = io::read_posterior(o.posterior);
  }
  if (o.uncertainty) {
    s.uncertainty = *model::find_uncertainty(*o.uncertainty);
    s.uncertainty_origin = Origin{"command line"};
  }
  // The file and the command line together: checked before anything is opened or printed.
  io::check_uncertainty(s, s.uncertainty, s.uncertainty_origin,
                        o.uncertainty ? "--uncertainty" : "run.uncertainty");
  if (o.scale > 0) io::scale_scenario(s, o.scale);
}

std::string default_output(const std::string& scenario) {
  std::string stem = std::filesystem::path(scenario.starts_with(io::kEmbeddedPrefix)
                                               ? scenario.substr(io::kEmbeddedPrefix.size())
                                               : scenario)
                         .stem()
                         .string();
  return (stem.empty() ? "results" : stem) + ".h5";
}

/// The results file, checked (io::prepare_output: not a folder, its folder writable, stale
/// temporaries removed) and opened before simulating so that a bad path fails at once. In an
/// MPI job, rank 0 alone writes, and opens the file only once every result is in (the caller
/// opens it then): a rank killed while simulating ends the job, which must leave no file
/// behind, so only the path is checked now. The file is compressed on `threads` threads.
std::optional<io::Hdf5Sink> open_results(const std::string& path, int threads) {
  const engine::Cluster& cluster = engine::Cluster::get();
  if (cluster.root()) io::prepare_output(path, "results file");
  if (!cluster.distributed()) return std::optional<io::Hdf5Sink>(std::in_place, path, threads);
  return std::nullopt;
}

/// The scenarios of the main job (DESIGN.md §8): the Valenciennes baseline, the three levers
/// and all three together.
const std::vector<std::string> kMainJob = {
    "embedded:valenciennes/baseline.toml", "embedded:valenciennes/transport_aid.toml",
    "embedded:valenciennes/creche_plus5.toml", "embedded:valenciennes/screening_truck.toml",
    "embedded:valenciennes/combined.toml"};
/// Replicates of the main job: enough for stable 90 % intervals of the differences.
constexpr std::uint32_t kMainJobReplicates = 200;

}  // namespace

int cmd_run(const RunOptions& o) {
  io::Scenario s = io::load_scenario(o.scenario);
  apply_overrides(s, o);
  io::check_results_memory(s, 1, replicates_origin(s, o));
  const std::string out = o.output.empty() ? default_output(o.scenario) : o.output;
  if (!o.quiet) {
    fmt::print("qpvsim {}: scenario \"{}\" ({}), {} QPV, {} to {}, {} replicates, seed {}\n",
               version(), s.name, s.file, s.territory.qpvs.size(), s.run.start.to_string(),
               s.run.end.to_string(), s.run.replicates, s.run.seed);
    for (const auto& i : s.interventions) {
      fmt::print("intervention: {}{}\n", model::kind_name(i), i.name.empty() ? "" : " — " + i.name);
    }
  }
  // Open the results file first: a bad output path fails now, not after the simulation.
  std::optional<io::Hdf5Sink> sink = open_results(out, s.threads);
  if (!o.quiet) fmt::print("{}\n", uncertainty_line(s));
  Progress progress("simulating");
  const model::RunResults r = run_scenario(s, execution(s.threads, std::ref(progress)));
  if (engine::Cluster::get().root()) {
    if (!sink) sink.emplace(out, s.threads);
    io::write_run(s, r, *sink, "", s.threads);
    sink->commit();
  }
  if (!o.quiet) {
    std::array<std::int64_t, model::kLevers> planned{};
    for (const auto& i : s.interventions)
      if (i.budget_per_year)
        planned[static_cast<std::size_t>(model::lever_of(i))] += i.budget_per_year->count();
    fmt::print("\n{}\n", analysis::summary_table(r, planned));
    fmt::print(
        "{} replicates x {} QPV in {:.2f} s ({:.1f} ms per replicate, {} events); results: {}\n",
        r.replicates, r.partitions - 1, r.wall_seconds, 1000.0 * r.wall_seconds / r.replicates,
        r.total_events(), out);
  }
  return 0;
}

/// Loads, checks, runs and writes a comparison (and its report); prints unless quiet.
CompareTimes run_compare(const CompareOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<io::Scenario> scenarios;
  for (const std::string& path : o.scenarios) scenarios.push_back(io::load_scenario(path));
  io::Scenario& base = scenarios.front();
  const model::RunPlan base_file_run = base.run;  // as written, before command-line overrides
  RunOptions run;
  run.replicates = o.replicates;
  run.threads = o.threads;
  run.seed = o.seed;
  run.posterior = o.posterior;
  run.uncertainty = o.uncertainty;
  apply_overrides(base, run);
  analysis::check_comparable(scenarios);
  io::check_results_memory(base, scenarios.size(), replicates_origin(base, run));
  const std::string out = o.output.empty() ? "comparison.h5" : o.output;
  if (!o.quiet) {
    fmt::print(
        "qpvsim {}: {} scenarios, {} QPV, {} to {}, {} replicates each, seed {} (the same "
        "random draws for every scenario)\n",
        version(), scenarios.size(), base.territory.qpvs.size(), base.run.start.to_string(),
        base.run.end.to_string(), base.run.replicates, base.run.seed);
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
      const io::Scenario& s = scenarios[k];
      fmt::print("{} \"{}\" ({})\n", k == 0 ? "baseline:   " : "alternative:", s.name, s.file);
      if (k > 0 &&
          (s.run.seed != base_file_run.seed || s.run.replicates != base_file_run.replicates)) {
        fmt::print("  note: runs with the baseline's seed and replicates, not its own\n");
      }
    }
    fmt::print("{} (the same draws in every scenario)\n", uncertainty_line(base));
  }
  // Open the results file and check the report's folder first: a bad path fails now.
  std::optional<io::Hdf5Sink> sink = open_results(out, base.threads);
  const bool writes = engine::Cluster::get().root();
  if (!o.report.empty()) check_writable(o.report, "report");
  CompareTimes times;
  Progress progress(fmt::format("simulating {} scenarios", scenarios.size()));
  auto step = std::chrono::steady_clock::now();
  const analysis::Comparison c =
      run_comparison(scenarios, execution(base.threads, std::ref(progress)));
  times.simulate = seconds_since(step);
  step = std::chrono::steady_clock::now();
  if (writes) {
    if (!sink) sink.emplace(out, base.threads);
    analysis::write_comparison(c, *sink, base.threads);
    sink->commit();
  }
  times.results = seconds_since(step);
  step = std::chrono::steady_clock::now();
  if (writes && !o.report.empty()) analysis::write_report_file(c, o.report);
  times.report = seconds_since(step);
  step = std::chrono::steady_clock::now();
  std::optional<analysis::Comparison> narrow;
  if (o.width_ratios && base.uncertainty == model::Uncertainty::full) {
    // The same comparison with the uncertain parameters at their defaults: what the assumed
    // mechanisms add to the intervals.
    std::vector<io::Scenario> calibrated = scenarios;
    calibrated.front().uncertainty = model::Uncertainty::calibrated;
    Progress again("the same under uncertainty = calibrated");
    narrow = run_comparison(calibrated, execution(base.threads, std::ref(again)));
    times.width_ratios = seconds_since(step);
  }
  times.total = seconds_since(start);
  if (!o.quiet) {
    fmt::print("\n{}\n", analysis::comparison_table(c));
    if (narrow) fmt::print("{}\n", analysis::width_ratio_table(c, *narrow));
    fmt::print(
        "{} scenarios x {} replicates x {} QPV: simulation {:.1f} s, results file {:.1f} s, report "
        "{:.1f} s{}; results: {}{}\n",
        c.scenarios.size(), c.replicates, c.qpv_codes.size() - 1, times.simulate, times.results,
        times.report,
        narrow ? fmt::format(", again under calibrated {:.1f} s", times.width_ratios) : "", out,
        o.report.empty() ? "" : ", report: " + o.report);
  }
  return times;
}

int cmd_compare(const CompareOptions& o) {
  run_compare(o);
  return 0;
}

/// The main job's settings (DESIGN.md §8), with the outputs in the current folder.
CompareOptions main_job() {
  CompareOptions o;
  o.scenarios = kMainJob;
  o.output = "valenciennes_comparaison.h5";
  o.report = "rapport_valenciennes.html";
  o.replicates = kMainJobReplicates;
  o.width_ratios = true;
  return o;
}

int cmd_calibrate(const CalibrateOptions& o) {
  calibration::Calibration c = calibration::load_calibration(o.file);
  calibration::set_holdout(c, o.holdout);
  const int threads = o.threads.value_or(c.scenario.threads);
  const std::string checkpoint = prepare_checkpoint(o.output, "posterior", o.report, o.restart);
  engine::Cluster& cluster = engine::Cluster::get();
  if (!o.quiet) {
    fmt::print(
        "qpvsim {}: calibration \"{}\" ({}): {} parameters, {} targets ({} held out), "
        "{} particles, scenario {}\n",
        version(), c.settings.name, c.file, c.parameters.size(), c.targets.size(), o.holdout.size(),
        c.settings.particles, c.scenario.file);
    if (std::filesystem::exists(checkpoint))
      fmt::print("resuming from the checkpoint {}\n", checkpoint);
  }
  const bool tty = isatty(STDERR_FILENO) != 0 && !o.quiet && cluster.root();
  calibration::Outcome out;
  try {
    out = calibration::run_abc_smc(
        c, execution(threads), checkpoint, [&](int t, std::size_t accepted, std::size_t wanted) {
          if (tty)
            fmt::print(stderr, "\rgeneration {}: {}/{} particles accepted   ", t, accepted, wanted);
        });
  } catch (const Interrupted&) {
    fmt::print(stderr,
               "\ninterrupted: no posterior was written; the generations done are kept in {} "
               "and the same command resumes from there\n",
               checkpoint);
    return 130;
  }
  if (tty) fmt::print(stderr, "\n");
  if (out.generations.empty()) throw std::runtime_error("the calibration produced no generation");
  const calibration::Predictive predictive =
      calibration::posterior_predictive(c, out.generations.back(), execution(threads));
  if (!cluster.root()) return 0;
  calibration::write_posterior_file(o.output, c, out, predictive);
  std::filesystem::remove(checkpoint);
  // The report is made from the file read back, as `qpvsim report posterior.h5` makes it.
  if (!o.report.empty())
    calibration::write_calibration_report(calibration::read_posterior_file(o.output), o.report);
  if (!o.quiet) {
    fmt::print("{:>10}{:>12}{:>13}{:>12}{:>12}{:>10}{:>10}\n", "generation", "tolerance",
               "simulations", "accepted", "acceptance", "ESS", "seconds");
    for (const auto& g : out.generations) {
      fmt::print("{:>10}{:>12.3g}{:>13}{:>12}{:>11.1f}%{:>10.1f}{:>10.1f}\n", g.index, g.tolerance,
                 g.simulations, g.accepted, 100 * g.acceptance_rate, g.ess, g.seconds);
    }
    if (out.resumed_from >= 0)
      fmt::print("(generations 0 to {} read from the checkpoint)\n", out.resumed_from);
    fmt::print("stopped: {}\n\n{}\nposterior: {}{}\n", out.stop, predictive_table(c, predictive),
               o.output, o.report.empty() ? "" : ", report: " + o.report);
  }
  return 0;
}

int cmd_sensitivity(const SensitivityOptions& o) {
  const analysis::SensitivityConfig c = analysis::load_sensitivity(o.file);
  const int threads = o.threads.value_or(c.baseline.threads);
  const std::string checkpoint = prepare_checkpoint(o.output, "results file", o.report, o.restart);
  engine::Cluster& cluster = engine::Cluster::get();
  const std::vector<analysis::StudyFactor> factors = analysis::study_factors(c);
  const analysis::StudyPlan plan = analysis::study_plan(c, factors, checkpoint);
  if (!o.quiet) {
    fmt::print(
        "qpvsim {}: sensitivity \"{}\" ({}): {} of {} in {}, {}; {} factors, {}, {} "
        "replicates per point (the same seeds at every point)\n",
        version(), c.name, c.file, c.alternative ? "the paired difference" : "the level",
        c.indicator->id, c.year, c.qpv, factors.size(), analysis::method_name(c.method),
        c.replicates);
    if (std::filesystem::exists(checkpoint))
      fmt::print("resuming from the checkpoint {}\n", checkpoint);
  }
  Progress progress("sensitivity");
  analysis::StudyResult r;
  try {
    r = analysis::run_study(plan, analysis::model_point_function(c, factors), execution(threads),
                            [&](std::string_view, std::size_t done, std::size_t total) {
                              if (!o.quiet && cluster.root()) progress(done, total);
                            });
  } catch (const Interrupted&) {
    fmt::print(stderr,
               "\ninterrupted: no results were written; the rows done are kept in {} and the "
               "same command resumes from there\n",
               checkpoint);
    return 130;
  } catch (const std::invalid_argument& e) {
    throw InputError(Origin{c.file}, "sensitivity", e.what());
  }
  if (!cluster.root()) return 0;
  analysis::write_sensitivity_file(o.output, c, factors, r);
  std::filesystem::remove(checkpoint);
  // The report is made from the file read back, as `qpvsim report sensibilite.h5` makes it.
  const analysis::SensitivityRecord record = analysis::read_sensitivity_file(o.output);
  if (!o.report.empty()) analysis::write_sensitivity_report(record, o.report);
  if (!o.quiet) {
    fmt::print("\n{}\n", sensitivity_table(record));
    for (const std::string& s : analysis::sensitivity_sentences_fr(record)) fmt::print("{}\n", s);
    fmt::print(
        "\n{}{}{}results: {}{}\n",
        r.morris ? fmt::format("Morris: {} rows in {:.1f} s; ", r.morris->outputs.size(),
                               r.morris->seconds)
                 : "",
        r.sobol ? fmt::format("Sobol': {} rows in {:.1f} s; ", r.sobol->outputs.size(),
                              r.sobol->seconds)
                : "",
        r.resumed_rows > 0 ? fmt::format("{} rows from the checkpoint; ", r.resumed_rows) : "",
        o.output, o.report.empty() ? "" : ", report: " + o.report);
  }
  return 0;
}

}  // namespace qpv::app
