#include "sim/model/ipf.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace qpv::model {
namespace {

/// The table seen along dimension `dim` as [outer][dims[dim]][inner] (row-major), so that
/// loops need no division per cell.
struct Axis {
  std::size_t outer = 1, size = 1, inner = 1;
  Axis(const std::vector<std::size_t>& dims, std::size_t dim) : size(dims[dim]) {
    for (std::size_t k = 0; k < dim; ++k) outer *= dims[k];
    for (std::size_t k = dim + 1; k < dims.size(); ++k) inner *= dims[k];
  }
};

/// Adds the table's marginal along `a` to `out` (a.size cells). Each out[j] receives its cells
/// in a fixed order (outer, then inner), summed in a register: the a.size sums are independent
/// chains, which the processor overlaps.
void add_marginal(const double* table, const Axis& a, double* out) {
  if (a.inner == 1) {
    for (std::size_t o = 0; o < a.outer; ++o, table += a.size)
      for (std::size_t j = 0; j < a.size; ++j) out[j] += table[j];
    return;
  }
  for (std::size_t o = 0; o < a.outer; ++o) {
    for (std::size_t j = 0; j < a.size; ++j, table += a.inner) {
      double sum = out[j];
      for (std::size_t i = 0; i < a.inner; ++i) sum += table[i];
      out[j] = sum;
    }
  }
}

}  // namespace

Eigen::ArrayXd marginal(const Eigen::ArrayXd& table, const std::vector<std::size_t>& dims,
                        std::size_t dim) {
  const Axis a(dims, dim);
  Eigen::ArrayXd m = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(a.size));
  add_marginal(table.data(), a, m.data());
  return m;
}

IpfResult ipf(const Eigen::ArrayXd& seed, const std::vector<std::size_t>& dims,
              const std::vector<Eigen::ArrayXd>& targets, double tolerance, int max_iterations) {
  const std::size_t cells =
      std::accumulate(dims.begin(), dims.end(), std::size_t{1}, std::multiplies<>());
  if (static_cast<std::size_t>(seed.size()) != cells || targets.size() != dims.size()) {
    throw std::invalid_argument("ipf: seed or targets do not match the table shape");
  }
  for (std::size_t k = 0; k < dims.size(); ++k) {
    if (static_cast<std::size_t>(targets[k].size()) != dims[k] || (targets[k] < 0).any()) {
      throw std::invalid_argument("ipf: target " + std::to_string(k) +
                                  " has a wrong size or a negative cell");
    }
  }
  std::vector<Axis> axes;
  for (std::size_t k = 0; k < dims.size(); ++k) axes.emplace_back(dims, k);
  std::vector<double> current(*std::max_element(dims.begin(), dims.end()));
  IpfResult r;
  r.table = seed;
  double* table = r.table.data();
  for (r.iterations = 1; r.iterations <= max_iterations; ++r.iterations) {
    // One sweep scales each dimension in turn. The error is measured on each dimension just
    // before it is scaled, so a sweep whose factors are all within tolerance means converged.
    r.max_error = 0;
    for (std::size_t k = 0; k < dims.size(); ++k) {
      const Axis& a = axes[k];
      const double* target = targets[k].data();
      std::fill(current.begin(), current.begin() + static_cast<std::ptrdiff_t>(a.size), 0.0);
      add_marginal(table, a, current.data());
      for (std::size_t j = 0; j < a.size; ++j) {
        r.max_error = std::max(r.max_error, std::abs(current[j] - target[j]));
        // The factor that brings the marginal to its target (0 for an empty marginal).
        current[j] = current[j] > 0 ? target[j] / std::max(current[j], 1e-300) : 0.0;
      }
      double* cell = table;
      if (a.inner == 1) {
        for (std::size_t o = 0; o < a.outer; ++o, cell += a.size)
          for (std::size_t j = 0; j < a.size; ++j) cell[j] *= current[j];
        continue;
      }
      for (std::size_t o = 0; o < a.outer; ++o)
        for (std::size_t j = 0; j < a.size; ++j) {
          const double f = current[j];
          for (std::size_t i = 0; i < a.inner; ++i) *cell++ *= f;
        }
    }
    if (r.max_error <= tolerance) {
      r.converged = true;
      return r;
    }
  }
  r.iterations = max_iterations;
  return r;
}

std::vector<std::int64_t> integerise(const Eigen::ArrayXd& weights, std::int64_t total, Rng& rng) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(weights.size()), 0);
  const double sum = weights.sum();
  if (total <= 0) return counts;
  if (!(sum > 0))
    throw std::invalid_argument("integerise: no weight to give " + std::to_string(total) +
                                " units to");
  std::vector<double> frac(counts.size());
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double expected =
        weights(static_cast<Eigen::Index>(i)) / sum * static_cast<double>(total);
    counts[i] = static_cast<std::int64_t>(std::floor(expected));
    frac[i] = expected - static_cast<double>(counts[i]);
    assigned += counts[i];
  }
  // The remaining units go to distinct cells by systematic sampling: points u, u+1, u+2, ...
  // over the cumulated fractional parts. Each cell is then chosen with probability exactly
  // equal to its fractional part, so the counts are unbiased (sequential weighted draws
  // without replacement are not: they under-select cells with large fractions).
  const std::int64_t left = total - assigned;
  if (left <= 0) return counts;
  double point = rng.uniform();
  double cumulated = 0;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < frac.size() && given < left; ++i) {
    cumulated += frac[i];
    if (frac[i] > 0 && cumulated > point) {
      ++counts[i];
      ++given;
      point += 1.0;
    }
  }
  // Rounding noise can leave a unit unplaced: give it to the largest cell.
  for (; given < left; ++given) {
    ++counts[static_cast<std::size_t>(std::max_element(frac.begin(), frac.end()) - frac.begin())];
  }
  return counts;
}

}  // namespace qpv::model
