// The verbs of the command line: their options, filled by cli.cpp from the arguments, and what
// each does. The verbs that simulate are in simulate_commands.cpp (they run scenarios through
// jobs.hpp), those that only read, check or write files in file_commands.cpp, and `bench` in
// bench.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qpv::app {

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

struct CalibrateOptions {
  std::string file;
  std::string output = "posterior.h5";
  std::string report;  ///< --report: also write the diagnostics report (HTML) there
  std::vector<std::string> holdout;
  std::optional<int> threads;
  bool restart = false;
  bool quiet = false;
};

struct SensitivityOptions {
  std::string file;
  std::string output = "sensibilite.h5";
  std::string report;  ///< --report: also write the French page there
  std::optional<int> threads;
  bool restart = false;
  bool quiet = false;
};

struct AllocateOptions {
  std::string file;
  std::string output = "allocation.h5";
  std::string report;    ///< --report: also write the French page there
  std::string scenario;  ///< --scenario: the recommendation as a scenario file (default beside
                         ///< the output: <output stem>_recommandation.toml)
  std::optional<int> threads;
  bool restart = false;
  bool quiet = false;
};

/// Wall times of a comparison's steps, in seconds.
struct CompareTimes {
  double simulate = 0, results = 0, report = 0, total = 0;
  double width_ratios = 0;  ///< the main job's second run, under uncertainty "calibrated"
};

// simulate_commands.cpp

/// `qpvsim run`: one scenario run, its results file written. Returns the exit status.
int cmd_run(const RunOptions& o);
/// Loads, checks, runs and writes a comparison (and its report); prints unless quiet.
CompareTimes run_compare(const CompareOptions& o);
/// `qpvsim compare` and `qpvsim demo` (the main job): run_compare, then the exit status.
int cmd_compare(const CompareOptions& o);
/// The main job's settings (DESIGN.md §8), with the outputs in the current folder.
CompareOptions main_job();
/// `qpvsim calibrate`: ABC-SMC (resumed from its checkpoint), the posterior file and report.
int cmd_calibrate(const CalibrateOptions& o);
/// `qpvsim sensitivity`: Morris then Sobol' (resumed from its checkpoint), file and report.
int cmd_sensitivity(const SensitivityOptions& o);
/// `qpvsim allocate`: the funding-allocation study (resumed from its checkpoint), its results
/// file, the recommendation as a scenario file, and the report.
int cmd_allocate(const AllocateOptions& o);

// file_commands.cpp

/// `qpvsim report`: the report of a results, posterior or sensitivity file, rebuilt.
int cmd_report(const std::string& file, std::string output);
/// `qpvsim export`: tidy CSV tables of a results file, or a posterior's particles.
int cmd_export(const std::string& file, const std::string& dir, bool replicates);
/// `qpvsim validate`: a scenario, its bases and territory checked without running.
int cmd_validate(const std::string& path);
/// `qpvsim population`: a replicate's synthetic population beside its targets.
int cmd_population(const std::string& path, std::uint32_t replicate,
                   std::optional<std::uint64_t> seed, const std::string& only);
/// `qpvsim params`: the parameter registry (a Markdown table with `markdown`).
int cmd_params(bool markdown);
/// `qpvsim dossier`: writes the validation dossier to `output` (stdout if empty), or with
/// `check` compares it with the file there and exits 1 if they differ.
int cmd_dossier(const std::string& output, const std::string& check, std::string tests);

// bench.cpp

/// `qpvsim bench`: the suite, the national scale (--scale), the main job's wall time
/// (`main_job_bench`), the sensitivity study's (`sensitivity_bench`) or the allocation study's
/// (`allocate_bench`).
int cmd_bench(const RunOptions& o, bool main_job_bench, std::uint32_t repeat,
              bool sensitivity_bench, bool allocate_bench);

}  // namespace qpv::app
