// Calibration files: the checkpoint written after every generation, and the posterior file
// (HDF5) that runs and comparisons draw their parameters from.
//
//   /meta               kind ("posterior" or "calibration_checkpoint"), version, commit, date,
//                       fingerprint, seed, reached, stop; the calibration, targets, priors and
//                       scenario files as given (calibration_files, calibration_text, ...)
//   /parameters/        name, prior, min, max, prior_source (one row per calibrated parameter)
//   /targets/           id, statistic, qpv, observed, tolerance, holdout, from, to, source, note
//   /generations/       index, tolerance, proposals, simulations, accepted, acceptance_rate,
//                       ess, seconds (one row per generation)
//   /generations/<t>/   theta [particle][parameter], weight, distance, statistics
//   [particle][target] /posterior/         the last generation: theta, weight, distance, statistics
//   /predictive/        particle [draw], statistics [draw][target]: posterior particles drawn by
//                       weight and simulated again with new seeds (posterior file only)
#pragma once

#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "sim/engine/execution.hpp"

namespace qpv::calibration {

/// The posterior predictive check: particles drawn by weight, simulated again.
struct Predictive {
  std::vector<std::size_t> particle;            ///< index in the posterior
  std::vector<std::vector<double>> statistics;  ///< [draw][target]
};

/// Draws `c.settings.predictive_draws` posterior particles by weight (stream keyed by the
/// calibration's seed) and simulates each with a seed of its own, in parallel on `how`'s
/// threads and MPI ranks.
Predictive posterior_predictive(const Calibration& c, const Generation& posterior,
                                const engine::Execution& how);

/// Writes the state after the last generation of `out` to `path`, atomically.
void write_checkpoint(const std::string& path, const Calibration& c, const Outcome& out);
/// Reads a checkpoint back. @throws InputError naming the file if it was written by another
/// calibration (other files or holdouts) or is not a checkpoint.
Outcome read_checkpoint(const std::string& path, const Calibration& c);

/// Writes the posterior file, atomically.
void write_posterior_file(const std::string& path, const Calibration& c, const Outcome& out,
                          const Predictive& predictive);

/// Everything a posterior file holds, as read back (for the diagnostics report).
struct PosteriorRecord {
  std::string file;
  std::string name, qpvsim_version, git_commit, created_utc, stop, scenario_file;
  std::int64_t seed = 0, particles = 0, replicates_per_particle = 0;
  bool reached = false;
  std::vector<std::string> calibration_files, calibration_text;
  /// Calibrated parameters: name, prior (text), support and where the prior comes from.
  std::vector<std::string> parameter_names, parameter_priors, parameter_prior_sources;
  std::vector<double> parameter_min, parameter_max;
  std::vector<Target> targets;  ///< origin not read back
  Outcome outcome;              ///< every generation with its particles; the last = posterior
  Predictive predictive;
};
/// @throws InputError naming the file if it is not a qpvsim posterior file.
PosteriorRecord read_posterior_file(const std::string& path);
/// True if `path` is an HDF5 file written by qpvsim calibrate (not a run or a comparison).
bool is_posterior_file(const std::string& path);

/// The posterior's particles as CSV, the form runs read too (io::read_posterior) and the default
/// Valenciennes posterior is embedded in: '#' lines of provenance, `weight,<parameter>,...`, one
/// particle a row (shortest round-trip decimals, so the values are exact).
std::string posterior_csv(const PosteriorRecord& record);

}  // namespace qpv::calibration
