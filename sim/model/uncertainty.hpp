// Parameter uncertainty in runs (DESIGN.md §4, "Parameters and uncertainty").
//
// A replicate is one future: its random streams and one value of every parameter. Under
// `none` every replicate runs with the scenario's values (the registry's defaults and what the
// scenario sets). Under `calibrated` the calibrated parameters take the values of a particle of
// the calibrated posterior, drawn by weight. Under `full`, in addition, every uncertain
// parameter is drawn from its prior (a calibrated one the posterior does not hold too). A
// parameter the scenario sets itself keeps that value, and a policy setting is never drawn.
//
// Draws depend on the seed, the replicate and the parameter's name only: every scenario of a
// comparison, run with the same seed, gets the same values in the same replicate (common random
// numbers), whatever else it changes, and adding a parameter to the registry leaves the others'
// draws unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/parameters.hpp"
#include "sim/model/priors.hpp"
#include "sim/model/run_plan.hpp"

namespace qpv::model {

enum class Uncertainty : std::uint8_t { none, calibrated, full };
/// "none", "calibrated" or "full", as scenario files and the command line write it.
std::string_view uncertainty_name(Uncertainty u);
std::optional<Uncertainty> find_uncertainty(std::string_view name);
/// {"none", "calibrated", "full"}.
const std::vector<std::string>& uncertainty_names();

/// A calibrated posterior as runs use it: weighted particles over some parameters.
struct Posterior {
  std::string file;
  std::vector<std::string> names;          ///< calibrated parameters
  std::vector<Param> params;               ///< the same, as registry ids
  std::vector<std::vector<double>> theta;  ///< [particle][parameter]
  std::vector<double> weight;              ///< normalised, positive
};

/// The particle replicate `replicate` uses (drawn by weight, keyed by seed and replicate).
std::size_t draw_particle(const Posterior& posterior, std::uint64_t seed, std::uint32_t replicate);

/// What a run draws, and from what.
struct UncertaintySpec {
  Uncertainty mode = Uncertainty::none;
  const Posterior* posterior = nullptr;  ///< required by `calibrated` and `full`
  /// Each parameter's prior (the registry's unless the scenario's [priors] replaces it).
  std::array<TruncatedPrior, kParamCount> priors = registry_priors();
  /// Parameters the scenario sets itself: never drawn.
  std::vector<Param> fixed;

  static std::array<TruncatedPrior, kParamCount> registry_priors();
};

/// Where each parameter's values come from under `spec`.
std::array<ParamSource, kParamCount> parameter_sources(const UncertaintySpec& spec);

/// Fills plan.parameter_source and, unless every value comes from `base`, one parameter set per
/// replicate (plan.replicate_parameters, and plan.replicate_particle when a posterior is used).
/// @throws std::invalid_argument if the mode needs a posterior and none is given.
void draw_parameters(const UncertaintySpec& spec, const Parameters& base, RunPlan& plan);

}  // namespace qpv::model
