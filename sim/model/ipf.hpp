// Iterative proportional fitting (IPF) of a seed table to one-dimensional marginals, and
// integerisation of fitted weights (truncate, replicate, sample).
//
// The table is an n-dimensional array flattened row-major in an Eigen array; the seed carries
// the associations between dimensions (e.g. fewer diplomas at older ages) and IPF adjusts it
// until every marginal matches its target (Deming & Stephan 1940; Lomax & Norman 2016).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"

namespace qpv::model {

struct IpfResult {
  Eigen::ArrayXd table;  ///< fitted weights, same layout as the seed
  int iterations = 0;    ///< full sweeps over all dimensions
  double max_error = 0;  ///< largest |fitted marginal - target| after the last sweep
  bool converged = false;
};

/// Fits `seed` (shape `dims`, row-major, non-negative) so that its marginal along dimension k
/// equals `targets[k]`. Targets must have equal sums. Converged when max_error <= tolerance.
/// A cell that is zero in the seed stays zero (structural zero).
IpfResult ipf(const Eigen::ArrayXd& seed, const std::vector<std::size_t>& dims,
              const std::vector<Eigen::ArrayXd>& targets, double tolerance = 1e-8,
              int max_iterations = 500);

/// Marginal sums of `table` along dimension `dim`.
Eigen::ArrayXd marginal(const Eigen::ArrayXd& table, const std::vector<std::size_t>& dims,
                        std::size_t dim);

/// Integer counts summing exactly to `total`, proportional to `weights`: each cell gets the
/// floor of its expected count, and the remaining units go to distinct cells chosen by
/// systematic sampling over the fractional parts, so that each cell's expected count is exact
/// (a "truncate, replicate, sample" scheme; Lovelace & Ballas 2013). Throws
/// std::invalid_argument if total > 0 and every weight is zero.
std::vector<std::int64_t> integerise(const Eigen::ArrayXd& weights, std::int64_t total, Rng& rng);

}  // namespace qpv::model
