#include "analysis/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace qpv::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Distribution distribution(std::vector<double> values, model::Better better) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  Distribution d;
  d.n = values.size();
  if (values.empty()) {
    d.mean = d.q05 = d.q50 = d.q95 = d.share_better = kNaN;
    return d;
  }
  std::size_t good = 0;
  for (double v : values)
    good += (better == model::Better::higher && v > 0) || (better == model::Better::lower && v < 0);
  d.share_better = better == model::Better::neither
                       ? kNaN
                       : static_cast<double>(good) / static_cast<double>(values.size());
  std::sort(values.begin(), values.end());
  d.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  d.q05 = quantile_sorted(values, 0.05);
  d.q50 = quantile_sorted(values, 0.50);
  d.q95 = quantile_sorted(values, 0.95);
  return d;
}

double standard_error(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  const double n = static_cast<double>(values.size());
  double mean = 0;
  for (const double v : values) mean += v / n;
  double squares = 0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / (n - 1) / n);
}

}  // namespace qpv::analysis
