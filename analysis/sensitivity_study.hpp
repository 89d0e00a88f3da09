// Running a global sensitivity analysis (`qpvsim sensitivity`): Morris screening over many
// factors, then Sobol' indices on the factors Morris ranks first (or on those named), with the
// designs and estimators of analysis/sensitivity.hpp.
//
// The design's rows are evaluated in batches: the rows of a batch are spread over the ranks of
// an MPI job (engine::Cluster) and their threads, each row on one thread, and its output is
// stored at the row's index, so the results are the same bits for any thread or rank count.
// After every batch the outputs so far are written to a checkpoint (if one is named); a study
// started again with the same files resumes after the last batch written.
//
// The evaluation is a function of a point (a PointFunction): the model's (the paired output of
// a sensitivity file, model_point_function) or a test function's (the Ishigami adapter of the
// tests), through the same code.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"
#include "analysis/sensitivity_config.hpp"
#include "sim/engine/execution.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace qpv::analysis {

/// The output at one point: values[i] is the value of factor columns[i] (an index into the
/// study's factors); the factors not listed stay at their nominal values. Must be thread-safe
/// and depend on its arguments only.
using PointFunction =
    std::function<double(const std::vector<std::size_t>& columns, const double* values)>;

/// What run_study needs besides the point function.
struct StudyPlan {
  std::vector<gsa::Factor> factors;  ///< every factor of the study, Morris's or Sobol's
  SensitivityMethod method = SensitivityMethod::morris_then_sobol;
  gsa::MorrisSettings morris;
  gsa::SobolSettings sobol;
  /// The factors Morris screens (columns of `factors`); empty: all of them.
  std::vector<std::size_t> morris_columns;
  std::size_t keep = 8;  ///< Sobol' factors taken from Morris, by mu* (ties: factor order)
  /// If not empty, Sobol's factors (columns of `factors`) instead of Morris's first `keep`;
  /// required with method = sobol.
  std::vector<std::size_t> sobol_columns;
  std::string checkpoint;   ///< "" for none
  std::string fingerprint;  ///< what determines the result: a checkpoint must carry the same
};

/// One method's design, outputs and the factors (columns of StudyPlan::factors) it varied.
template <class Design, class Result>
struct Stage {
  std::vector<std::size_t> columns;
  Design design;
  std::vector<double> outputs;
  Result result;
  double seconds = 0;
};
using MorrisStage = Stage<gsa::MorrisDesign, gsa::MorrisResult>;
using SobolStage = Stage<gsa::SobolDesign, gsa::SobolResult>;

struct StudyResult {
  std::optional<MorrisStage> morris;
  std::optional<SobolStage> sobol;
  int resumed_rows = 0;  ///< rows read from a checkpoint rather than evaluated
};

/// Progress: rows done and rows in the stage, and its name ("morris", "sobol").
using StudyProgress =
    std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

/// Runs the plan's methods. @throws std::invalid_argument if method = sobol without
/// sobol_columns or a column is not a factor of the plan (before anything runs), or from the
/// designs (settings); InputError if the checkpoint belongs to another study; Interrupted if
/// `how.cancel` is set (the checkpoint keeps the batches done). The rows run on `how`'s
/// threads and MPI ranks.
StudyResult run_study(const StudyPlan& plan, const PointFunction& f,
                      const engine::Execution& how = {}, const StudyProgress& progress = {});

/// Morris's factors by decreasing mu* (ties keep factor order), the first `keep` of them: indices
/// into morris.factors (so into Morris's columns). The one ranking by mu* of the study, the
/// report and the command line.
std::vector<std::size_t> leading_factors(const gsa::MorrisResult& morris, std::size_t keep);

/// A study's factors: each parameter's name, how it varies (in words, for the report) and its
/// quantile function: the truncated prior (the baseline's [priors] or the registry's) of an
/// uncertain parameter, the weighted marginal quantiles of the baseline's posterior for a
/// calibrated one it holds. Morris's factors (the config's `factors`) come first, then those
/// only [sobol] parameters names.
struct StudyFactor {
  model::Param param;
  std::string distribution;  ///< e.g. "prior beta(6, 4)", "posterior marginal (200 particles)"
  gsa::Factor factor;
};
std::vector<StudyFactor> study_factors(const SensitivityConfig& c);

/// The values a scenario's parameters keep when they are not in a study's point: those the
/// scenario sets, and the median of the distribution every other parameter that is not a policy
/// setting would vary over as a factor: the weighted median of the posterior's marginal for a
/// calibrated parameter it holds, else the median of the (truncated) prior of `s.priors`.
/// Policy settings keep the scenario's (or the registry's) values.
model::Parameters nominal_parameters(const io::Scenario& s);

/// The model's output at a point: the config's indicator for its QPV, averaged over the months
/// of its year and over its replicates, of the baseline (a level) or of the alternative minus
/// the baseline in the same replicates (an effect). The factors take the point's values, every
/// other parameter its scenario's value; every point runs with the config's seed (common random
/// numbers across the design). `c` and `factors` must outlive the function.
PointFunction model_point_function(const SensitivityConfig& c,
                                   const std::vector<StudyFactor>& factors);

/// A fingerprint of what determines a study's result: the texts of its file, the scenarios'
/// and their territories', the version and the commit of the binary (the model), and the
/// posterior the baseline draws from (file name, every particle's weight and values), which a
/// refit changes without changing any of the texts.
std::string study_fingerprint(const SensitivityConfig& c);

/// The plan of a sensitivity file: its factors and settings.
StudyPlan study_plan(const SensitivityConfig& c, const std::vector<StudyFactor>& factors,
                     const std::string& checkpoint);

/// The sensitivity results file (HDF5), written atomically (analysis/sensitivity_file.cpp):
///   /meta        kind = "sensitivity", version, commit, date, name, seed, replicates, indicator,
///                qpv, year, output ("level" or "difference"), method; the sensitivity file and
///                the scenarios' files as given
///   /factors/    name, distribution (one row per factor of the study)
///   /morris/     factor (indices into /factors), mu, mu_star, sigma, mu_star_low, mu_star_high,
///                unit [row][factor], output [row]; attributes trajectories, levels, seconds.
///                mu, mu_star and sigma are per unit of the quantile scale: a step (half of it)
///                changes the output by mu_star/2 on average
///   /sobol/      factor, s1, st, s1_low, s1_high, st_low, st_high, s1_half, st_half, unit,
///                output; attributes base_samples, variance, confidence, seconds
void write_sensitivity_file(const std::string& path, const SensitivityConfig& c,
                            const std::vector<StudyFactor>& factors, const StudyResult& r);

/// What the report needs of a sensitivity file, as read back.
struct SensitivityRecord {
  std::string file, name, qpvsim_version, git_commit, created_utc;
  std::string indicator, qpv, output, method, baseline_name, alternative_name;
  std::vector<std::string> alternative_kinds;  ///< the alternative's intervention kinds
  std::int64_t seed = 0, replicates = 0, year = 0;
  std::vector<std::string> factor_names, factor_distributions;
  std::optional<MorrisStage> morris;  ///< design left empty; outputs read
  std::optional<SobolStage> sobol;
  std::vector<std::string> files, texts;  ///< the sensitivity file and the scenarios', as given
};
/// @throws InputError naming the file if it is not a qpvsim sensitivity file.
SensitivityRecord read_sensitivity_file(const std::string& path);
bool is_sensitivity_file(const std::string& path);

}  // namespace qpv::analysis
