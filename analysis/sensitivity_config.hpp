// What a global sensitivity analysis studies, and how (sensitivity.toml, `qpvsim sensitivity`).
//
// The output is one number per parameter set: an indicator of the baseline scenario (a level)
// or the paired difference alternative - baseline (an effect), for one QPV or all of them,
// averaged over the months of one year and over `replicates` replicates. Every parameter set
// runs with the same seed, so with the same random futures (common random numbers across the
// design, as across the scenarios of a comparison): this reduces the noise of the simulations
// in the indices, but does not remove it, since other parameters move events in time and
// change which draws each agent uses.
//
// The factors are parameters of the registry: every uncertain and calibrated one by default,
// or those named. An uncertain parameter varies over its prior (the baseline's [priors] or the
// registry's); a calibrated one over the marginal of the baseline's posterior (its weighted
// quantiles), or its prior if the posterior does not hold it. Policy settings and parameters
// the scenarios set themselves are fixed, and cannot be factors. Factors are taken as
// independent: the correlations of the posterior are not kept.
//
// Every key is validated; errors name the file, line and key. The keys are documented in
// docs/sensitivity.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/scenario.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/parameters.hpp"

namespace qpv::analysis {

/// Which methods run: Morris screening, Sobol' indices, or Morris then Sobol' on the factors
/// Morris ranks first.
enum class SensitivityMethod : std::uint8_t { morris, sobol, morris_then_sobol };

struct SensitivityConfig {
  std::string file;  ///< the sensitivity file as given
  /// Every file read (the sensitivity file; the scenarios keep their own) and its text.
  std::vector<std::pair<std::string, std::string>> sources;
  std::string name;  ///< French title
  io::Scenario baseline;
  std::optional<io::Scenario> alternative;  ///< set: the output is the paired difference
  const model::IndicatorSpec* indicator = nullptr;
  std::string qpv = "ALL";       ///< "ALL" or a QPV code
  int year = 0;                  ///< the calendar year averaged
  std::uint32_t replicates = 4;  ///< per parameter set, the same seeds for every set
  std::uint64_t seed = 1;        ///< of the simulations (CRN) and of the Morris design
  SensitivityMethod method = SensitivityMethod::morris_then_sobol;
  /// The factors of Morris (or of Sobol' alone): every uncertain and calibrated parameter not
  /// fixed by the scenarios, unless [sensitivity] parameters names them.
  std::vector<model::Param> factors;
  // [morris]
  std::size_t trajectories = 20;  ///< r
  std::size_t levels = 4;         ///< p
  // [sobol]
  std::size_t base_samples = 512;           ///< N, a power of two
  std::size_t keep = 8;                     ///< factors kept from Morris, by mu*
  std::vector<model::Param> sobol_factors;  ///< named in [sobol] parameters (else Morris's first)
  std::size_t bootstrap = 1000;
  double confidence = 0.9;
};

/// Loads a sensitivity file and its scenarios. @throws InputError naming the file, line and key
/// (an unknown parameter or indicator, a policy setting or fixed parameter as a factor, r < 2,
/// an odd p, N not a power of two, a year outside the run, ...).
SensitivityConfig load_sensitivity(const std::string& path);

/// Every key of a sensitivity file ("sensitivity.key", "morris.key", "sobol.key"), for the
/// documentation test.
std::vector<std::string> sensitivity_keys();

std::string_view method_name(SensitivityMethod m);

}  // namespace qpv::analysis
