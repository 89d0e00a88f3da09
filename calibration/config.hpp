// What a calibration fits, and how (calibration.toml, targets.toml, priors.toml).
//
// calibration.toml names the scenario each particle simulates, the targets file, the priors
// file and the settings of ABC-SMC; targets.toml lists the observed figures the model must
// reproduce, each with its tolerance and how the model's indicator matches its definition;
// priors.toml lists the calibrated parameters, whose priors default to the parameter
// registry's. Every key is validated: errors name the file, line and key, as for scenarios.
// The keys are documented in calibration/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/time.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/parameters.hpp"

namespace qpv::calibration {

/// An observed figure the model must reproduce: the model's `statistic` (an indicator of
/// sim/model/indicators, for the QPV `qpv` or all of them, averaged over the recorded months
/// from `from` to `to`) should fall within `tolerance` of `observed`.
struct Target {
  std::string id;         ///< the figure's id in the shared observed figures
  std::string statistic;  ///< indicator id
  double observed = 0;
  double tolerance = 0;  ///< > 0, in the indicator's unit
  Date from, to;
  std::string qpv = "ALL";  ///< "ALL" or a QPV code
  std::string source;       ///< where the figure comes from
  std::string note;         ///< how the model's statistic matches its definition; adjustments
  bool holdout = false;     ///< left out of the fit, checked on the posterior (--holdout)
  Origin origin;            ///< where it is defined
};

/// A calibrated parameter: its prior, truncated to [min, max] (within the registry's range).
struct Parameter {
  model::Param param;
  std::string name;
  model::Prior prior;
  double min = 0, max = 0;
  std::string prior_source;  ///< "registry" or the priors file and line that set it
};

/// ABC-SMC settings ([calibration] of calibration.toml).
struct Settings {
  std::string name;              ///< French title of the calibration
  std::size_t particles = 200;   ///< accepted particles per generation
  int max_generations = 12;      ///< stop after this many generations (the first samples the prior)
  double quantile = 0.5;         ///< next tolerance: this quantile of the accepted distances
  double final_tolerance = 1.0;  ///< stop when every target is within this many tolerances
  int replicates_per_particle = 1;  ///< replicates averaged for one particle's statistics
  std::uint64_t seed = 1;
  double min_acceptance = 0.005;       ///< stop when a generation accepts less than this share
  std::size_t predictive_draws = 200;  ///< posterior particles simulated again for the check
};

struct Calibration {
  std::string file;  ///< calibration.toml as given
  /// Every calibration file read (calibration, targets, priors) and its text, for provenance.
  std::vector<std::pair<std::string, std::string>> sources;
  Settings settings;
  io::Scenario scenario;  ///< what each particle simulates (calibrated parameters replaced)
  std::vector<Target> targets;
  std::vector<Parameter> parameters;
};

/// Loads calibration.toml, its targets and priors files and its scenario.
/// @throws InputError on the first problem, naming the file, line and key.
Calibration load_calibration(const std::string& path);

/// Leaves the targets `ids` out of the fit (holdout = true).
/// @throws InputError for an id that is not a target, or if no target would be left.
void set_holdout(Calibration& c, const std::vector<std::string>& ids);

/// Every key the three files accept ("calibration.key", "target.key", "parameter.key"), for the
/// documentation test.
std::vector<std::string> calibration_keys();

}  // namespace qpv::calibration
