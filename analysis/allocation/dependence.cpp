// What the recommendation depends on (search.hpp, Dependence).

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/allocation/search.hpp"

namespace qpv::analysis::allocation {
namespace {

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

/// The candidate of the search meeting every constraint with the best mean objective over the
/// replicates `which`.
std::size_t best_on(const Study& s, const std::vector<std::size_t>& which) {
  std::size_t best = s.recommended;
  double value = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < s.evaluations.size(); ++i) {
    const Evaluation& e = s.evaluations[i];
    if (e.phase == Phase::rule || e.phase == Phase::curve || !e.feasible()) continue;
    double sum = 0;
    for (const std::size_t r : which) sum += e.objective[r];
    if (sum > value) {
      value = sum;
      best = i;
    }
  }
  return best;
}

}  // namespace

std::vector<Dependence> dependence(const Study& s, const model::RunResults& replicates,
                                   std::size_t top) {
  const Evaluation& best = s.evaluations[s.recommended];
  const Evaluation& status_quo = s.evaluations.front();
  const std::size_t reps = best.objective.size();
  std::vector<double> gain(reps);
  for (std::size_t r = 0; r < reps; ++r) gain[r] = best.objective[r] - status_quo.objective[r];
  std::vector<Dependence> out;
  for (std::size_t p = 0; p < model::kParamCount; ++p) {
    const model::ParamSource source = replicates.parameter_source.empty()
                                          ? model::ParamSource::registry
                                          : replicates.parameter_source[p];
    if (source != model::ParamSource::prior && source != model::ParamSource::posterior) continue;
    std::vector<double> draw(reps);
    for (std::size_t r = 0; r < reps; ++r)
      draw[r] = replicates.parameter_values[r * model::kParamCount + p];
    Dependence d;
    d.parameter = static_cast<model::Param>(p);
    d.correlation = pearson(draw, gain);
    // Low: the first half of the replicates by their draw (ties by replicate), high: the rest.
    std::vector<std::size_t> order(reps);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return draw[a] < draw[b]; });
    const std::size_t half = reps / 2;
    d.median = reps ? draw[order[std::max<std::size_t>(half, 1) - 1]] : 0.0;
    d.best_low = best_on(s, {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(half)});
    d.best_high = best_on(s, {order.begin() + static_cast<std::ptrdiff_t>(half), order.end()});
    out.push_back(d);
  }
  std::stable_sort(out.begin(), out.end(), [](const Dependence& a, const Dependence& b) {
    return std::abs(a.correlation) > std::abs(b.correlation);
  });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace qpv::analysis::allocation
