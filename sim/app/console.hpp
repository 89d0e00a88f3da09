// What the command line prints: the progress line, and the tables and lines that sum up a run,
// a calibration, a sensitivity study or a synthetic population (English, for analysts).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "analysis/sensitivity_study.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/synthesis.hpp"

namespace qpv::app {

/// A progress line with time left, on stderr, only when stderr is a terminal.
class Progress {
 public:
  explicit Progress(std::string what);
  /// Prints "what: done/total (x %), elapsed, about y s left" at most every 100 ms.
  void operator()(std::size_t done, std::size_t total);

 private:
  std::string what_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

/// What the replicates draw, in a line: "uncertainty: full: each replicate draws ...".
std::string uncertainty_line(const io::Scenario& s);

/// The posterior predictive check of every target: observed, predictive mean and 90 % interval.
std::string predictive_table(const calibration::Calibration& c, const calibration::Predictive& p);

/// The study's results as a table: Morris's mu* (the 12 largest) and Sobol' indices.
std::string sensitivity_table(const analysis::SensitivityRecord& r);

/// The synthetic population's marginals beside their targets.
void print_marginals(const model::MeasuredMarginals& measured,
                     const model::MeasuredMarginals& target, std::int64_t target_population);

/// Fails now, not after the simulation, if `path` cannot be written: io::prepare_output, which
/// also removes the stale temporaries of killed writers of `path`.
void check_writable(const std::string& path, const char* what);

/// Before a resumable job (calibrate, sensitivity, allocate): fails now if `output` (a `what`)
/// or the report cannot be written, and returns the checkpoint's path, removed first with
/// `restart`. In an MPI job rank 0 alone writes files; every rank reads the checkpoint to resume.
std::string prepare_checkpoint(const std::string& output, const char* what,
                               const std::string& report, bool restart);

/// Seconds since `t` (steady clock).
double seconds_since(std::chrono::steady_clock::time_point t);

}  // namespace qpv::app
