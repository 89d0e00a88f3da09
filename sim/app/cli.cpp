#include "sim/app/cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "analysis/comparison.hpp"
#include "analysis/comparison_file.hpp"
#include "analysis/dossier.hpp"
#include "analysis/export_csv.hpp"
#include "analysis/report.hpp"
#include "analysis/sensitivity_report.hpp"
#include "analysis/summary.hpp"
#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "calibration/report.hpp"
#include "sim/app/bench.hpp"
#include "sim/app/serve/server.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/io/embedded.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/results_io.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/priors.hpp"
#include "sim/model/synthesis.hpp"
#include "sim/model/uncertainty.hpp"

namespace qpv::app {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) {
  g_interrupted = true;
}

/// A progress line with time left, on stderr, only when stderr is a terminal.
class Progress {
 public:
  explicit Progress(std::string what) : what_(std::move(what)), tty_(isatty(STDERR_FILENO) != 0) {}
  void operator()(std::size_t done, std::size_t total) {
    if (!tty_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double left =
        done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
    fmt::print(stderr, "\r{}: {}/{} ({:.0f} %), {:.1f} s elapsed, about {:.1f} s left   ", what_,
               done, total, 100.0 * static_cast<double>(done) / static_cast<double>(total), elapsed,
               left);
    if (done == total) fmt::print(stderr, "\n");
  }

 private:
  std::string what_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

struct RunOptions {
  std::string scenario;
  std::string output;
  std::optional<std::uint32_t> replicates;
  std::optional<int> threads;
  std::optional<std::uint64_t> seed;
  std::string posterior;  ///< --posterior: overrides [run] posterior ("none": no posterior)
  std::optional<std::string> uncertainty;  ///< --uncertainty: overrides [run] uncertainty
  std::uint32_t scale = 0;  ///< --scale N: N synthetic QPV modelled on the scenario's
  bool quiet = false;
};

/// Results are held in memory until written: refuse a run of `scenarios` scenarios like `s`
/// that cannot fit rather than fail half-way. 8 bytes per counter per (replicate, QPV + total,
/// month).
void check_memory(const io::Scenario& s, std::size_t scenarios = 1) {
  const double bytes = 8.0 * s.run.replicates * static_cast<double>(scenarios) *
                       static_cast<double>(s.territory.qpvs.size() + 1) *
                       static_cast<double>(model::recorded_months(s.run).size()) *
                       model::kCounterCount;
  constexpr double kMaxBytes = 8.0 * (1ULL << 30);
  if (bytes > kMaxBytes) {
    throw InputError(Origin{s.file}, "run.replicates",
                     fmt::format("{} scenario(s) x {} replicates would need {:.1f} GiB of memory "
                                 "for results (limit 8 GiB); use fewer replicates",
                                 scenarios, s.run.replicates, bytes / (1ULL << 30)));
  }
}

void apply_overrides(io::Scenario& s, const RunOptions& o) {
  if (o.replicates) s.run.replicates = *o.replicates;
  if (o.threads) s.run.threads = *o.threads;
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

/// What the replicates draw, in a line: "uncertainty: full: each replicate draws ...".
std::string uncertainty_line(const io::Scenario& s) {
  if (s.uncertainty == model::Uncertainty::none)
    return "uncertainty: none: every replicate runs with the scenario's parameter values";
  const auto sources = model::parameter_sources(io::uncertainty_spec(s));
  std::size_t from_posterior = 0, from_prior = 0;
  for (const auto src : sources) {
    from_posterior += src == model::ParamSource::posterior;
    from_prior += src == model::ParamSource::prior;
  }
  return fmt::format(
      "uncertainty: {}: each replicate draws {} calibrated parameters from the posterior {} ({} "
      "particles){}; parameters the scenario sets keep their values",
      model::uncertainty_name(s.uncertainty), from_posterior, s.posterior->file,
      s.posterior->weight.size(),
      from_prior > 0 ? fmt::format(" and {} uncertain ones from their priors", from_prior) : "");
}

std::string default_output(const std::string& scenario) {
  std::string stem = std::filesystem::path(scenario.starts_with(io::kEmbeddedPrefix)
                                               ? scenario.substr(io::kEmbeddedPrefix.size())
                                               : scenario)
                         .stem()
                         .string();
  return (stem.empty() ? "results" : stem) + ".h5";
}

/// Fails now, not after the simulation, if `path` cannot be created (its folder is missing or
/// not writable).
void check_writable(const std::string& path, const char* what) {
  const std::filesystem::path p(path);
  const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : ".";
  if (!std::filesystem::is_directory(dir) || access(dir.c_str(), W_OK) != 0) {
    throw OutputError(fmt::format("{} {}: the folder {} does not exist or is not writable", what,
                                  path, dir.string()));
  }
}

/// The results file, opened before simulating so that a bad path fails at once. In an MPI job,
/// rank 0 alone writes, and opens the file only once every result is in (the caller opens it
/// then): a rank killed while simulating ends the job, which must leave no file behind, so
/// only the folder is checked now. The file is compressed on `threads` threads, like the run.
std::optional<io::Hdf5Sink> open_results(const std::string& path, int threads) {
  const engine::Cluster& cluster = engine::Cluster::get();
  if (!cluster.distributed()) return std::optional<io::Hdf5Sink>(std::in_place, path, threads);
  if (cluster.root()) check_writable(path, "results file");
  return std::nullopt;
}

int cmd_run(const RunOptions& o) {
  io::Scenario s = io::load_scenario(o.scenario);
  apply_overrides(s, o);
  check_memory(s);
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
  std::optional<io::Hdf5Sink> sink = open_results(out, s.run.threads);
  if (!o.quiet) fmt::print("{}\n", uncertainty_line(s));
  Progress progress("simulating");
  const model::RunResults r = model::run(s.territory, s.parameters, io::plan_for(s),
                                         s.interventions, std::ref(progress), &g_interrupted);
  if (engine::Cluster::get().root()) {
    if (!sink) sink.emplace(out, s.run.threads);
    io::write_run(s, r, *sink, "", s.run.threads);
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

struct CompareOptions {
  std::vector<std::string> scenarios;  ///< the baseline first
  std::string output;
  std::string report;
  std::optional<std::uint32_t> replicates;
  std::optional<int> threads;
  std::optional<std::uint64_t> seed;
  std::string posterior;
  std::optional<std::string> uncertainty;
  bool quiet = false;
  /// Under uncertainty "full", also run the comparison under "calibrated" and print how much
  /// wider each lever's interval is (the main job does).
  bool width_ratios = false;
};

/// The scenarios of the main job (DESIGN.md §8): the Valenciennes baseline, the three levers
/// and all three together.
const std::vector<std::string> kMainJob = {
    "embedded:valenciennes/baseline.toml", "embedded:valenciennes/transport_aid.toml",
    "embedded:valenciennes/creche_plus5.toml", "embedded:valenciennes/screening_truck.toml",
    "embedded:valenciennes/combined.toml"};
/// Replicates of the main job: enough for stable 90 % intervals of the differences.
constexpr std::uint32_t kMainJobReplicates = 200;

/// Wall times of a comparison's steps, in seconds.
struct CompareTimes {
  double simulate = 0, results = 0, report = 0, total = 0;
  double width_ratios = 0;  ///< the main job's second run, under uncertainty "calibrated"
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
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
  check_memory(base, scenarios.size());
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
  std::optional<io::Hdf5Sink> sink = open_results(out, base.run.threads);
  const bool writes = engine::Cluster::get().root();
  if (!o.report.empty()) check_writable(o.report, "report");
  CompareTimes times;
  Progress progress(fmt::format("simulating {} scenarios", scenarios.size()));
  auto step = std::chrono::steady_clock::now();
  const analysis::Comparison c =
      analysis::run_comparison(scenarios, std::ref(progress), &g_interrupted);
  times.simulate = seconds_since(step);
  step = std::chrono::steady_clock::now();
  if (writes) {
    if (!sink) sink.emplace(out, base.run.threads);
    analysis::write_comparison(c, *sink, base.run.threads);
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
    narrow = analysis::run_comparison(calibrated, std::ref(again), &g_interrupted);
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

/// bench --main-job: the main job's wall time, its files written to a temporary folder.
int bench_main_job(const RunOptions& b) {
  CompareOptions o = main_job();
  o.replicates = b.replicates.value_or(kMainJobReplicates);
  o.threads = b.threads.value_or(2);
  if (b.seed) o.seed = b.seed;
  o.quiet = true;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("qpvsim-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  o.output = (dir / o.output).string();
  o.report = (dir / o.report).string();
  CompareTimes t;
  try {
    t = run_compare(o);
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  const auto bytes = std::filesystem::file_size(o.output);
  std::filesystem::remove_all(dir);
  fmt::print(
      "main job: {} scenarios x {} replicates x 15 QPV on {} thread(s)\n"
      "simulation {:.1f} s, results file {:.1f} s ({:.0f} MB), report {:.1f} s, the comparison "
      "again under uncertainty = calibrated (interval widths) {:.1f} s\n"
      "wall time of the main job: {:.1f} s (target: 60 s for 5 scenarios x 200 replicates on 2 "
      "cores)\n",
      o.scenarios.size(), *o.replicates, *o.threads, t.simulate, t.results,
      static_cast<double>(bytes) / 1e6, t.report, t.width_ratios, t.total);
  return 0;
}

int cmd_report(const std::string& file, std::string output) {
  if (output.empty()) output = std::filesystem::path(file).stem().string() + ".html";
  if (analysis::is_sensitivity_file(file)) {
    check_writable(output, "report");
    analysis::write_sensitivity_report(analysis::read_sensitivity_file(file), output);
    fmt::print("sensitivity report of {}: {}\n", file, output);
    return 0;
  }
  if (calibration::is_posterior_file(file)) {
    check_writable(output, "report");
    const calibration::PosteriorRecord r = calibration::read_posterior_file(file);
    calibration::write_calibration_report(r, output);
    fmt::print("calibration report of {} ({} generations, {} particles): {}\n", file,
               r.outcome.generations.size(), r.particles, output);
    return 0;
  }
  const analysis::Comparison c = analysis::read_comparison_file(file);
  check_writable(output, "report");
  analysis::write_report_file(c, output);
  fmt::print("report of {} ({} scenario(s), {} replicates): {}\n", file, c.scenarios.size(),
             c.replicates, output);
  return 0;
}

int cmd_export(const std::string& file, const std::string& dir, bool replicates) {
  if (calibration::is_posterior_file(file)) {
    // A posterior: its particles as posterior.csv, which runs can read (--posterior).
    std::filesystem::create_directories(dir);
    const std::string path = (std::filesystem::path(dir) / "posterior.csv").string();
    io::write_file_atomically(
        path, calibration::posterior_csv(calibration::read_posterior_file(file)), "posterior");
    fmt::print("{}\n", path);
    return 0;
  }
  const analysis::Comparison c = analysis::read_comparison_file(file);
  for (const std::string& path : analysis::export_csv(c, dir, replicates)) fmt::print("{}\n", path);
  return 0;
}

struct CalibrateOptions {
  std::string file;
  std::string output = "posterior.h5";
  std::string report;  ///< --report: also write the diagnostics report (HTML) there
  std::vector<std::string> holdout;
  std::optional<int> threads;
  bool restart = false;
  bool quiet = false;
};

/// The posterior predictive check of every target: observed, predictive mean and 90 % interval.
std::string predictive_table(const calibration::Calibration& c, const calibration::Predictive& p) {
  std::string out = fmt::format("{:<44}{:>10}{:>11}{:>30}  {}\n", "target", "observed", "tolerance",
                                "posterior predictive [90 %]", "");
  for (std::size_t k = 0; k < c.targets.size(); ++k) {
    const calibration::Target& t = c.targets[k];
    std::vector<double> v;
    for (const auto& row : p.statistics) v.push_back(row[k]);
    const analysis::Summary s = analysis::summarise(v);
    const bool within = std::abs(s.mean - t.observed) <= t.tolerance;
    out += fmt::format("{:<44}{:>10.4f}{:>11.4f}{:>30}  {}\n", t.id, t.observed, t.tolerance,
                       fmt::format("{:.4f} [{:.4f}, {:.4f}]", s.mean, s.q05, s.q95),
                       std::string(t.holdout ? "held out, " : "") +
                           (within ? "within tolerance" : "OUTSIDE tolerance"));
  }
  return out;
}

int cmd_calibrate(const CalibrateOptions& o) {
  calibration::Calibration c = calibration::load_calibration(o.file);
  calibration::set_holdout(c, o.holdout);
  const int threads = o.threads.value_or(c.scenario.run.threads);
  check_writable(o.output, "posterior");
  if (!o.report.empty()) check_writable(o.report, "report");
  const std::string checkpoint = o.output + ".checkpoint";
  // In an MPI job, rank 0 alone writes files; every rank reads the checkpoint to resume.
  engine::Cluster& cluster = engine::Cluster::get();
  if (o.restart && cluster.root()) std::filesystem::remove(checkpoint);
  cluster.barrier();
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
        c, threads, checkpoint,
        [&](int t, std::size_t accepted, std::size_t wanted) {
          if (tty)
            fmt::print(stderr, "\rgeneration {}: {}/{} particles accepted   ", t, accepted, wanted);
        },
        &g_interrupted);
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
      calibration::posterior_predictive(c, out.generations.back(), threads);
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

struct SensitivityOptions {
  std::string file;
  std::string output = "sensibilite.h5";
  std::string report;  ///< --report: also write the French page there
  std::optional<int> threads;
  bool restart = false;
  bool quiet = false;
};

/// The study's results as a table: Morris's mu* (the 12 largest) and Sobol' indices.
std::string sensitivity_table(const analysis::SensitivityRecord& r) {
  std::string out;
  const bool share = model::find_indicator(r.indicator)->unit == "share";
  const double k = share ? 100.0 : 1.0;
  if (r.morris) {
    const analysis::MorrisStage& m = *r.morris;
    out += fmt::format(
        "Morris ({} trajectories; mu* and sigma in {} per unit of the quantile "
        "scale: a half-range move changes the output by mu*/2){:>22}{:>10}{:>10}\n",
        m.result.trajectories, share ? "points" : "the indicator's unit", "mu*", "sigma", "mu");
    const auto order = analysis::leading_factors(m.result, 12);
    for (std::size_t i : order) {
      const auto& e = m.result.factors[i];
      out += fmt::format("  {:<60}{:>10.4f}{:>10.4f}{:>10.4f}\n", r.factor_names[m.columns[i]],
                         k * e.mu_star, k * e.sigma, k * e.mu);
    }
  }
  if (r.sobol) {
    const analysis::SobolStage& s = *r.sobol;
    out += fmt::format("Sobol' (N = {}; {:.0f} % intervals){:>30}{:>30}\n", s.result.base_rows,
                       100 * s.result.confidence, "total [interval]", "first order [interval]");
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
      const auto& e = s.result.factors[i];
      out += fmt::format("  {:<40}{:>30}{:>30}\n", r.factor_names[s.columns[i]],
                         fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.st, e.st_ci.low, e.st_ci.high),
                         fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.s1, e.s1_ci.low, e.s1_ci.high));
    }
  }
  return out;
}

int cmd_sensitivity(const SensitivityOptions& o) {
  const analysis::SensitivityConfig c = analysis::load_sensitivity(o.file);
  const int threads = o.threads.value_or(c.baseline.run.threads);
  check_writable(o.output, "results file");
  if (!o.report.empty()) check_writable(o.report, "report");
  const std::string checkpoint = o.output + ".checkpoint";
  engine::Cluster& cluster = engine::Cluster::get();
  if (o.restart && cluster.root()) std::filesystem::remove(checkpoint);
  cluster.barrier();
  const std::vector<analysis::StudyFactor> factors = analysis::study_factors(c);
  const analysis::StudyPlan plan = analysis::study_plan(c, factors, threads, checkpoint);
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
    r = analysis::run_study(
        plan, analysis::model_point_function(c, factors),
        [&](std::string_view stage, std::size_t done, std::size_t total) {
          if (!o.quiet && cluster.root()) progress(done, total);
          (void)stage;
        },
        &g_interrupted);
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

int cmd_validate(const std::string& path) {
  const io::Scenario s = io::load_scenario(path);
  io::check_uncertainty(s, s.uncertainty, s.uncertainty_origin, "run.uncertainty");
  fmt::print(
      "{}: valid. Scenario \"{}\", territory {} ({} QPV, {} residents), {} to {}, {} replicates, "
      "seed {}, {} parameter override(s), {} intervention(s)\n",
      path, s.name, s.territory.name, s.territory.qpvs.size(),
      [&] {
        std::int64_t n = 0;
        for (const auto& q : s.territory.qpvs) n += q.population;
        return n;
      }(),
      s.run.start.to_string(), s.run.end.to_string(), s.run.replicates, s.run.seed,
      s.overrides.size(), s.interventions.size());
  return 0;
}

void print_marginals(const model::MeasuredMarginals& measured,
                     const model::MeasuredMarginals& target, std::int64_t target_population) {
  const model::Marginals got = measured.shares();
  const model::Marginals want = target.shares();
  fmt::print("{:<36}{:>12}{:>12}\n", "marginal", "target", "synthetic");
  fmt::print("{:<36}{:>12}{:>12}\n", "persons", target_population, measured.persons);
  fmt::print("{:<36}{:>12}{:>12}\n", "households", "-", measured.households);
  auto row = [](const std::string& name, double t, double g) {
    fmt::print("{:<36}{:>11.1f}%{:>11.1f}%\n", name, 100 * t, 100 * g);
  };
  for (std::size_t i = 0; i < model::kAgeBands; ++i)
    row(fmt::format("age {}", model::kAgeBandNames[i]), want.age[i], got.age[i]);
  for (std::size_t i = 0; i < model::kHouseholdTypes; ++i)
    row(fmt::format("household {}", model::kHouseholdTypeNames[i]), want.household_type[i],
        got.household_type[i]);
  for (std::size_t i = 0; i < model::kDiplomas; ++i)
    row(fmt::format("diploma (15+) {}", model::kDiplomaNames[i]), want.diploma[i], got.diploma[i]);
  for (std::size_t i = 0; i < model::kActivities; ++i)
    row(fmt::format("activity (15-64) {}", model::kActivityNames[i]), want.activity[i],
        got.activity[i]);
  row("households with a car", want.car, got.car);
  row("licence holders (18+)", want.licence, got.licence);
  row("health limitation (15-64)", want.health_15_64, got.health_15_64);
  row("health limitation (65+)", want.health_65_plus, got.health_65_plus);
  row("fixed-term (employed)", want.fixed_term, got.fixed_term);
  row("single parents: women", want.single_parent_female, got.single_parent_female);
  row("informal care (families)", want.informal_care, got.informal_care);
  row("transit unaffordable (15-64)", want.transit_unaffordable, got.transit_unaffordable);
  fmt::print("{:<36}{:>12}{:>12}\n", "crèche places held / children < 3", "-",
             fmt::format("{}/{}", measured.creche_places_held, measured.children_under_3));
}

int cmd_population(const std::string& path, std::uint32_t replicate,
                   std::optional<std::uint64_t> seed, const std::string& only) {
  io::Scenario s = io::load_scenario(path);
  if (seed) s.run.seed = *seed;
  // Targets of several QPVs are combined with each QPV's own people as weights.
  std::vector<model::MeasuredMarginals> measured, targets;
  std::int64_t target_pop = 0;
  for (const model::Qpv& qpv : s.territory.qpvs) {
    if (!only.empty() && qpv.code != only) continue;
    Rng rng(model::stream_key(s.run, replicate, qpv, model::Stream::synthesis));
    measured.push_back(model::measure(model::synthesize(qpv, s.run.start, rng)));
    targets.push_back(model::expected(qpv.marginals, measured.back()));
    target_pop += qpv.population;
  }
  if (measured.empty()) throw InputError(Origin{}, "--qpv", "unknown QPV code " + only);
  fmt::print("Synthetic population of {} ({}), replicate {}, seed {}, on {}\n",
             only.empty() ? "all QPVs" : only, s.territory.name, replicate, s.run.seed,
             s.run.start.to_string());
  print_marginals(model::combine(measured), model::combine(targets), target_pop);
  return 0;
}

/// bench --sensitivity: the wall times of the Valenciennes transport-aid study (Morris r = 20
/// over every uncertain and calibrated parameter, then Sobol' N = 512 on the 8 first), with
/// DESIGN.md's targets; nothing is written.
int bench_sensitivity(const RunOptions& b) {
  const analysis::SensitivityConfig c =
      analysis::load_sensitivity("embedded:valenciennes/sensitivity_transport_aid.toml");
  const int threads = b.threads.value_or(2);
  const std::vector<analysis::StudyFactor> factors = analysis::study_factors(c);
  Progress progress("sensitivity");
  const analysis::StudyResult r = analysis::run_study(
      analysis::study_plan(c, factors, threads, ""), analysis::model_point_function(c, factors),
      [&](std::string_view, std::size_t done, std::size_t total) { progress(done, total); },
      &g_interrupted);
  fmt::print(
      "sensitivity of transport aid's paired effect on the employment rate in 2030, {} "
      "replicates per point, {} thread(s):\n"
      "Morris r = {}, {} factors: {} points in {:.1f} s (target: 600 s on 2 cores)\n"
      "Sobol' N = {}, {} factors: {} points in {:.1f} s (target: 2700 s on 2 cores)\n",
      c.replicates, threads, c.trajectories, r.morris->columns.size(), r.morris->outputs.size(),
      r.morris->seconds, c.base_samples, r.sobol->columns.size(), r.sobol->outputs.size(),
      r.sobol->seconds);
  return 0;
}

int cmd_bench(const RunOptions& o, bool main_job_bench, std::uint32_t repeat,
              bool sensitivity_bench) {
  if (main_job_bench) return bench_main_job(o);
  if (sensitivity_bench) return bench_sensitivity(o);
  BenchOptions b;
  b.repeat = repeat;
  b.scenario = o.scenario;
  b.replicates = o.replicates.value_or(b.replicates);
  b.threads = o.threads.value_or(b.threads);
  if (b.threads == 0)
    b.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  b.seed = o.seed;
  b.posterior = o.posterior;
  b.scale = o.scale;
  return b.scale > 0 ? bench_scale(b, &g_interrupted) : bench_suite(b, &g_interrupted);
}

int cmd_params(bool markdown) {
  if (markdown) {
    fmt::print("{}", analysis::parameters_markdown());
    return 0;
  }
  for (const auto& p : model::param_specs()) {
    fmt::print("{:<30} {:>10} {:<18} {:<11} {}\n", p.name, p.default_value, p.unit,
               model::role_name(p.role), p.description);
  }
  return 0;
}

/// The test list of the qpvsim_tests executable at `tests`: `--list-test-names-only`, once for
/// every case and once for each tag the dossier uses.
analysis::TestList read_test_list(const std::string& tests) {
  if (!std::filesystem::is_regular_file(tests))
    throw std::runtime_error("cannot list the test cases: no test executable at '" + tests +
                             "' (build the tests, or give its path with --tests)");
  const auto quoted = [](const std::string& word) {  // for /bin/sh
    std::string q = "'";
    for (const char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  const auto names = [&](const std::string& filter) {
    std::string command = quoted(tests) + " --list-test-names-only";
    if (!filter.empty()) command += " " + quoted(filter);
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string out;
    std::array<char, 4096> buffer{};
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
      out.append(buffer.data(), n);
    ::pclose(pipe);  // its status is the number of cases listed, not an error
    std::vector<std::string> lines;
    for (std::size_t at = 0, end; at < out.size(); at = end + 1) {
      end = std::min(out.find('\n', at), out.size());
      if (end > at) lines.push_back(out.substr(at, end - at));
    }
    return lines;
  };
  analysis::TestList list;
  list.names = names("");
  if (list.names.empty()) throw std::runtime_error(tests + " lists no test case");
  for (const std::string& tag : analysis::dossier_tags()) list.by_tag[tag] = names(tag);
  return list;
}

/// qpvsim_tests beside this executable, as the build lays them out (build/tests/qpvsim_tests).
std::string default_test_executable() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("tests/qpvsim_tests")
            : (self.parent_path() / "tests" / "qpvsim_tests").string();
}

/// `qpvsim dossier`: writes the validation dossier to `output` (stdout if empty), or with
/// `check` compares it with the file there and exits 1 if they differ.
int cmd_dossier(const std::string& output, const std::string& check, std::string tests) {
  if (tests.empty()) tests = default_test_executable();
  const std::string text = analysis::validation_dossier(read_test_list(tests));
  if (!check.empty()) {
    if (io::read_text(check) == text) {
      fmt::print("{} is up to date\n", check);
      return 0;
    }
    fmt::print(stderr,
               "error: {} is stale: it differs from what the code and the tests generate; run "
               "`qpvsim dossier -o {}` and commit it\n",
               check, check);
    return 1;
  }
  if (output.empty()) {
    fmt::print("{}", text);
  } else {
    io::write_file_atomically(output, text, "validation dossier");
    fmt::print("wrote {}\n", output);
  }
  return 0;
}

/// --threads, as every verb that simulates has it (`threads`: int or std::optional<int>).
template <class T>
void add_threads_option(CLI::App* cmd, T& threads, const std::string& what = "Worker threads") {
  cmd->add_option("--threads", threads, what + ", 0 = all cores (results do not depend on it)")
      ->check(CLI::Range(0, 4096));
}

/// --uncertainty, as run and compare have it.
void add_uncertainty_option(CLI::App* cmd, std::optional<std::string>& uncertainty) {
  cmd->add_option("--uncertainty", uncertainty,
                  "Parameters each replicate draws: none; calibrated (from the posterior); full "
                  "(calibrated ones from the posterior, uncertain ones from their priors). "
                  "Overrides [run] uncertainty (default full)")
      ->check(CLI::IsMember(model::uncertainty_names()));
}

void add_run_options(CLI::App* cmd, RunOptions& o, bool with_output) {
  if (with_output) {
    cmd->add_option("-o,--output", o.output,
                    "Results file (HDF5); default: <scenario file name>.h5 in the current folder");
    cmd->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  }
  cmd->add_option("--replicates", o.replicates, "Number of replicates (overrides [run] replicates)")
      ->check(CLI::Range(1u, 1000000u));
  add_threads_option(cmd, o.threads);
  cmd->add_option("--seed", o.seed, "Random seed (overrides [run] seed)")
      ->check(CLI::Range(std::uint64_t{0}, static_cast<std::uint64_t>(INT64_MAX)));
  cmd->add_option("--posterior", o.posterior,
                  "Calibrated posterior (qpvsim calibrate, or its CSV export) each replicate "
                  "draws the calibrated parameters from (overrides [run] posterior; \"none\": "
                  "no posterior)");
  add_uncertainty_option(cmd, o.uncertainty);
  cmd->add_option("--scale", o.scale,
                  "Replace the territory by N synthetic QPV modelled on its own (populations "
                  "1,250-5,000; 1,600 make about 5 million people), for benchmarks")
      ->check(CLI::Range(1u, 100000u));
}

void add_compare_options(CLI::App* cmd, CompareOptions& o) {
  cmd->add_option("-o,--output", o.output,
                  "Comparison results file (HDF5); default: " +
                      (o.output.empty() ? std::string("comparison.h5") : o.output));
  cmd->add_option("--report", o.report,
                  "Also write the French HTML report there" +
                      (o.report.empty() ? std::string() : "; default: " + o.report));
  cmd->add_option("--replicates", o.replicates,
                  "Replicates of every scenario (overrides the baseline's [run] replicates)")
      ->check(CLI::Range(1u, 1000000u));
  add_threads_option(cmd, o.threads);
  cmd->add_option("--seed", o.seed, "Random seed of every scenario (overrides the baseline's)")
      ->check(CLI::Range(std::uint64_t{0}, static_cast<std::uint64_t>(INT64_MAX)));
  cmd->add_option("--posterior", o.posterior,
                  "Calibrated posterior (qpvsim calibrate, or its CSV export): replicate r of "
                  "every scenario draws the same particle (overrides the baseline's [run] "
                  "posterior; \"none\": no posterior)");
  add_uncertainty_option(cmd, o.uncertainty);
  cmd->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "qpvsim: agent-based simulator of the priority neighbourhoods (QPV) of Valenciennes "
      "Metropole.\n"
      "Without a command, runs the main job (see demo): the Valenciennes baseline and the three "
      "levers compared, with the report."};
  app.set_version_flag("--version",
                       std::string(version()) + " (" + std::string(git_commit()) + ")");
  app.require_subcommand(0, 1);

  RunOptions run_opts;
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results (HDF5)");
  run->add_option("scenario", run_opts.scenario, "Scenario file (TOML)")->required();
  add_run_options(run, run_opts, true);

  std::string validate_path;
  CLI::App* validate = app.add_subcommand(
      "validate", "Check a scenario, its bases and its territory without running");
  validate->add_option("scenario", validate_path, "Scenario file (TOML)")->required();

  std::string pop_path;
  std::uint32_t pop_replicate = 0;
  std::optional<std::uint64_t> pop_seed;
  std::string pop_qpv;
  CLI::App* population = app.add_subcommand(
      "population", "Synthesise the population and print its marginals beside the targets");
  population->add_option("scenario", pop_path, "Scenario file (TOML)")->required();
  population->add_option("--replicate", pop_replicate,
                         "Replicate whose synthetic population to show");
  population->add_option("--seed", pop_seed, "Random seed (overrides [run] seed)")
      ->check(CLI::Range(std::uint64_t{0}, static_cast<std::uint64_t>(INT64_MAX)));
  population->add_option("--qpv", pop_qpv, "Show one QPV (code) instead of all");

  RunOptions bench_opts;
  bench_opts.scenario = std::string(io::kDefaultScenario);
  CLI::App* bench = app.add_subcommand(
      "bench",
      "Benchmarks of DESIGN.md section 9: time per replicate, events per second, the bare "
      "event loop's floor, 1 vs 2 threads, the workshop's answer, peak memory (default "
      "scenario: the embedded baseline)");
  bench->add_option("scenario", bench_opts.scenario, "Scenario file (TOML)");
  add_run_options(bench, bench_opts, false);
  bool bench_main = false;
  bench->add_flag("--main-job", bench_main,
                  "Time the main job instead (compare 5 scenarios x 200 replicates on 2 threads, "
                  "write the results file and the report)");
  bool bench_sensitivity = false;
  bench->add_flag("--sensitivity", bench_sensitivity,
                  "Time the transport-aid sensitivity analysis instead (Morris r = 20, then "
                  "Sobol' N = 512 on 8 factors; about 20 minutes on 2 cores)");
  std::uint32_t bench_repeat = 1;
  bench
      ->add_option("--repeat", bench_repeat,
                   "Run the one-core measurement and the replicate batch N times each and "
                   "print the lowest times too (for a machine whose speed drifts)")
      ->check(CLI::Range(1U, 100U));

  bool markdown = false;
  CLI::App* params = app.add_subcommand(
      "params", "List the model parameters with units, defaults, priors and sources");
  params->add_flag("--markdown", markdown, "Print a Markdown table");

  std::string dossier_output, dossier_check, dossier_tests;
  CLI::App* dossier = app.add_subcommand(
      "dossier",
      "Write the validation dossier (the model in the ODD protocol, its validation in the "
      "ISPOR-SMDM structure), generated from the code: docs/validation.md");
  CLI::Option* dossier_out =
      dossier->add_option("-o,--output", dossier_output, "Markdown file; default: standard output");
  dossier
      ->add_option("--check", dossier_check,
                   "Compare with this file instead and exit 1 if it is stale")
      ->excludes(dossier_out);
  dossier->add_option("--tests", dossier_tests,
                      "The test executable whose cases the dossier lists; default: "
                      "tests/qpvsim_tests beside qpvsim");

  CompareOptions compare_opts;
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Run a baseline and alternatives with the same random draws; write the paired "
      "differences (HDF5) and the report (HTML)");
  compare
      ->add_option("scenarios", compare_opts.scenarios,
                   "Scenario files (TOML): the baseline, then the alternatives")
      ->required()
      ->expected(2, -1);
  add_compare_options(compare, compare_opts);

  std::string report_file, report_output;
  CLI::App* report = app.add_subcommand(
      "report",
      "Rebuild the HTML report from a results file (compare or run), a posterior file "
      "(calibrate) or a sensitivity file (sensitivity), without rerunning");
  report->add_option("file", report_file, "Results, posterior or sensitivity file (HDF5)")
      ->required();
  report->add_option("-o,--output", report_output,
                     "Report file (HTML); default: <results file name>.html");

  std::string export_file, export_dir;
  bool export_replicates = false;
  CLI::App* exporter = app.add_subcommand(
      "export",
      "Write tidy CSV tables (with units) of a results file for spreadsheets, or a posterior's "
      "particles as posterior.csv");
  exporter->add_option("file", export_file, "Results or posterior file (HDF5)")->required();
  exporter->add_option("--csv", export_dir, "Folder for the CSV files (created if missing)")
      ->required();
  exporter->add_flag("--all-replicates", export_replicates,
                     "Also write every replicate's indicator values (a large file)");

  CalibrateOptions calibrate_opts;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate",
      "Fit the model to observed figures (ABC-SMC) and write the posterior (HDF5); resumes from "
      "its checkpoint if interrupted");
  calibrate->add_option("calibration", calibrate_opts.file, "Calibration file (TOML)")->required();
  calibrate->add_option("-o,--output", calibrate_opts.output,
                        "Posterior file (HDF5); default: posterior.h5");
  calibrate->add_option("--holdout", calibrate_opts.holdout,
                        "Leave this target out of the fit and check it on the posterior "
                        "(repeatable)");
  add_threads_option(calibrate, calibrate_opts.threads);
  calibrate->add_flag("--restart", calibrate_opts.restart,
                      "Ignore an existing checkpoint and start from the prior");
  calibrate->add_option("--report", calibrate_opts.report,
                        "Also write the French HTML diagnostics report of the calibration there");
  calibrate->add_flag("-q,--quiet", calibrate_opts.quiet, "Print nothing but errors");

  SensitivityOptions sensitivity_opts;
  CLI::App* sensitivity = app.add_subcommand(
      "sensitivity",
      "Global sensitivity analysis (Morris, then Sobol') of a level or of a paired effect, over "
      "the uncertain and calibrated parameters; writes the indices (HDF5) and a French report; "
      "resumes from its checkpoint if interrupted");
  sensitivity->add_option("file", sensitivity_opts.file, "Sensitivity file (TOML)")->required();
  sensitivity->add_option("-o,--output", sensitivity_opts.output,
                          "Results file (HDF5); default: sensibilite.h5");
  sensitivity->add_option("--report", sensitivity_opts.report,
                          "Also write the French HTML report there");
  add_threads_option(sensitivity, sensitivity_opts.threads);
  sensitivity->add_flag("--restart", sensitivity_opts.restart,
                        "Ignore an existing checkpoint and start again");
  sensitivity->add_flag("-q,--quiet", sensitivity_opts.quiet, "Print nothing but errors");

  CompareOptions demo_opts = main_job();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "The main job (same as no command): the Valenciennes baseline, transport aid, +5 % "
      "crèche places, the screening truck and all three together, compared; writes "
      "valenciennes_comparaison.h5 and rapport_valenciennes.html");
  add_compare_options(demo, demo_opts);

  // serve: the workshop page (analysis/serve/server.hpp, docs/workshop.md).
  serve::ServerOptions serve_opts;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve",
      "Workshop mode: a French web page where officials move the levers per QPV and see the "
      "comparison with the baseline within seconds, refined as more futures are simulated");
  serve_cmd->add_option("--port", serve_opts.port, "TCP port, 0 = any free port; default 8080")
      ->check(CLI::Range(0, 65535));
  serve_cmd->add_option("--host", serve_opts.host,
                        "Address to listen on; default 127.0.0.1 (this machine only: the page "
                        "has no login)");
  add_threads_option(serve_cmd, serve_opts.threads, "Worker threads per run");
  serve_cmd->add_option("--max-runs", serve_opts.max_runs, "Runs computing at a time; default 2")
      ->check(CLI::Range(1, 64));
  serve_cmd
      ->add_option("--stages", serve_opts.stages,
                   "Replicates of each stage of a run, increasing (default 10,30 then the "
                   "baseline's replicates)")
      ->delimiter(',')
      ->check(CLI::Range(1u, 100000u));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every command-line mistake exits 2 (CLI11's own codes vary).
    return app.exit(e) == 0 ? 0 : 2;
  }

  std::signal(SIGINT, on_sigint);
  try {
    if (*run) return cmd_run(run_opts);
    if (*validate) return cmd_validate(validate_path);
    if (*population) return cmd_population(pop_path, pop_replicate, pop_seed, pop_qpv);
    if (*bench) return cmd_bench(bench_opts, bench_main, bench_repeat, bench_sensitivity);
    if (*params) return cmd_params(markdown);
    if (*dossier) return cmd_dossier(dossier_output, dossier_check, dossier_tests);
    if (*compare) return cmd_compare(compare_opts);
    if (*calibrate) return cmd_calibrate(calibrate_opts);
    if (*sensitivity) return cmd_sensitivity(sensitivity_opts);
    if (*report) return cmd_report(report_file, report_output);
    if (*exporter) return cmd_export(export_file, export_dir, export_replicates);
    if (*serve_cmd) {
      std::signal(SIGTERM, on_sigint);  // a service manager's stop is a Ctrl-C too
      return serve::serve(serve_opts, g_interrupted, stdout);
    }
    return cmd_compare(demo_opts);
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const OutputError& e) {
    fmt::print(stderr, "error writing results: {}\n", e.what());
    return 3;
  } catch (const Interrupted&) {
    fmt::print(stderr, "\ninterrupted: no results file was written\n");
    return 130;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}

}  // namespace qpv::app
