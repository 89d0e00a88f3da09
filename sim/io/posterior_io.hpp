// A calibrated posterior as runs use it: the particles of a posterior file (qpvsim calibrate,
// calibration/posterior.hpp) and their weights, and the parameter draw of each replicate.
//
// Replicate r of a run draws one particle by weight from a stream keyed by (seed, replicate),
// so that every scenario of a comparison run with the same seed uses the same particle in the
// same replicate: intervals then include parameter uncertainty, and paired differences stay
// paired.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/parameters.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::io {

struct Posterior {
  std::string file;
  std::vector<std::string> names;          ///< calibrated parameters
  std::vector<model::Param> params;        ///< the same, as registry ids
  std::vector<std::vector<double>> theta;  ///< [particle][parameter]
  std::vector<double> weight;              ///< normalised
};

/// Reads the posterior of a posterior file. @throws InputError naming the file if it is not a
/// qpvsim posterior, or names a parameter the registry does not know.
Posterior read_posterior(const std::string& path);

/// The particle replicate `replicate` uses (drawn by weight, keyed by seed and replicate).
std::size_t draw_particle(const Posterior& posterior, std::uint64_t seed, std::uint32_t replicate);

/// Fills plan.replicate_parameters and plan.replicate_particle: replicate r runs with `base`
/// where the calibrated parameters take particle k_r's values, except those in `keep` (the
/// parameters a scenario sets explicitly, which it means to change).
void apply_posterior(const Posterior& posterior, const model::Parameters& base,
                     const std::vector<model::Param>& keep, model::RunPlan& plan);

}  // namespace qpv::io
