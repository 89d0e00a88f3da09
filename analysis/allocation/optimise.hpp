// NLopt's COBYLA over a deterministic objective with one inequality constraint (internal to the
// allocation study): maximises f(x) subject to g(x) <= 0 within [lower, upper].
#pragma once

#include <functional>
#include <vector>

namespace qpv::analysis::allocation {

struct Cobyla {
  std::vector<double> lower, upper;
  std::vector<double> initial_step;  ///< per coordinate
  std::vector<double> x_tolerance;   ///< per coordinate: stop when steps are below these
  std::size_t max_evaluations = 100;
};

/// Runs COBYLA from `start`. `value(x)` returns (f, g); exceptions thrown by it stop the
/// optimiser and are rethrown. Returns the last point NLopt reports (the caller keeps its own
/// record of the best point met).
std::vector<double> maximise(
    const Cobyla& settings, std::vector<double> start,
    const std::function<std::pair<double, double>(const std::vector<double>&)>& value);

}  // namespace qpv::analysis::allocation
