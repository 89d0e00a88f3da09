// Priors as runs and searches use them: a parameter's prior truncated to an interval (the
// registry's admissible range, or narrower), its quantile function and density.
//
// A draw from a prior is its quantile at a uniform number: a replicate under uncertainty draws
// one uniform per parameter (sim/model/uncertainty.hpp), and a sensitivity analysis maps its
// design's unit-cube coordinates the same way, so both see the same distribution.
#pragma once

#include <string>

#include "sim/model/parameters.hpp"

namespace qpv::model {

/// A prior truncated to [lo, hi].
struct TruncatedPrior {
  Prior prior;
  double lo = 0.0;
  double hi = 1.0;
};

/// The registry's prior of `p`, truncated to its admissible range.
TruncatedPrior registry_prior(Param p);

/// Probability the untruncated prior gives to [lo, hi].
double mass_within(const Prior& prior, double lo, double hi);

/// Priors that put more than this share of their mass outside a parameter's admissible range
/// are refused: truncation would distort them.
inline constexpr double kMaxMassOutside = 1e-3;

/// True if the prior's numbers make a distribution: uniform a < b; normal and lognormal b > 0;
/// beta a > 0 and b > 0 (all finite).
bool is_distribution(const Prior& prior);

/// Why `prior` cannot be a prior of parameter `p` (its numbers are not a distribution, or it puts
/// more than kMaxMassOutside of its mass outside the registry's range), or "" if it can.
std::string prior_problem(Param p, const Prior& prior);

/// The value below which a share u of the truncated prior's mass lies, u in [0, 1].
double quantile(const TruncatedPrior& t, double u);

/// The truncated prior's density at x, up to a constant factor (0 outside [lo, hi]).
double density(const TruncatedPrior& t, double x);

/// "beta(6, 4)", "uniform(0.1, 0.5)", ... as reports and documentation write it.
std::string prior_text(const Prior& prior);

}  // namespace qpv::model
