#include "analysis/sensitivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "analysis/summary.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"

namespace qpv::analysis::gsa {
namespace {

constexpr std::uint32_t kMorrisDesignStream = stream_id::gsa_morris_design;
constexpr std::uint32_t kBootstrapStream = stream_id::gsa_bootstrap;

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

void check_common(const BootstrapSettings& bootstrap, std::size_t batch_size) {
  require(bootstrap.resamples >= 1, "bootstrap resamples must be at least 1");
  require(bootstrap.confidence > 0 && bootstrap.confidence < 1,
          fmt::format("bootstrap confidence {} must be strictly between 0 and 1 (e.g. 0.9)",
                      bootstrap.confidence));
  require(batch_size >= 1, "the batch size must be at least 1 row");
}

void check_outputs(const std::vector<double>& outputs, Eigen::Index rows) {
  require(outputs.size() == static_cast<std::size_t>(rows),
          fmt::format("{} outputs for a design of {} rows: one output per row is needed",
                      outputs.size(), rows));
  for (std::size_t row = 0; row < outputs.size(); ++row)
    require(std::isfinite(outputs[row]),
            fmt::format("the output of design row {} is {}: every output must be finite", row,
                        outputs[row]));
}

/// Draw b of a bootstrap: n indices in [0, n), with replacement, from stream (seed, b).
std::vector<std::size_t> resample(std::uint64_t seed, std::size_t b, std::size_t n) {
  Rng rng(StreamKey{seed, static_cast<std::uint32_t>(b), 0, kBootstrapStream});
  std::vector<std::size_t> picks(n);
  for (auto& pick : picks) pick = rng.below(static_cast<std::uint32_t>(n));
  return picks;
}

/// The percentile interval of bootstrap values. Non-finite values (a resample whose outputs
/// do not vary) are left out: they say nothing about the spread.
Interval percentile_interval(std::vector<double> values, double confidence) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  std::sort(values.begin(), values.end());
  return {quantile_sorted(values, (1 - confidence) / 2),
          quantile_sorted(values, (1 + confidence) / 2)};
}

std::vector<std::size_t> first_rows(std::size_t n) {
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  return rows;
}

void check_morris(std::size_t k, const MorrisSettings& s) {
  require(k >= 1, "Morris screening needs at least one factor");
  require(s.trajectories >= 2,
          fmt::format("Morris trajectories r = {}: at least 2 are needed (sigma, the spread of "
                      "the elementary effects, needs two per factor)",
                      s.trajectories));
  require(s.levels >= 2, fmt::format("Morris levels p = {}: at least 2 are needed", s.levels));
  require(s.levels % 2 == 0,
          fmt::format("Morris levels p = {} is odd: p must be even, because the step "
                      "Delta = p/(2(p-1)) is p/2 grid levels, which must be a whole number for "
                      "the points to stay on the grid and every level to be visited equally "
                      "often (Morris 1991)",
                      s.levels));
  check_common(s.bootstrap, s.batch_size);
}

/// Sobol' indices of every factor from some of the base rows.
struct SobolEstimates {
  double variance = 0;
  std::vector<double> s1, st;
};

/// S1 and ST of every factor from the base rows `rows` (indices in [0, N), repeats allowed),
/// `y` holding the outputs in SobolDesign's row order.
SobolEstimates sobol_estimates(const std::vector<double>& y, std::size_t k,
                               const std::vector<std::size_t>& rows) {
  const std::size_t width = k + 2;
  const auto f_a = [&](std::size_t j) { return y[j * width]; };
  const auto f_ab = [&](std::size_t j, std::size_t i) { return y[j * width + 1 + i]; };
  const auto f_b = [&](std::size_t j) { return y[j * width + k + 1]; };
  const double n = static_cast<double>(rows.size());

  double mean = 0;
  for (const std::size_t j : rows) mean += f_a(j) + f_b(j);
  mean /= 2 * n;
  SobolEstimates e{0, std::vector<double>(k), std::vector<double>(k)};
  for (const std::size_t j : rows)
    e.variance += (f_a(j) - mean) * (f_a(j) - mean) + (f_b(j) - mean) * (f_b(j) - mean);
  e.variance /= 2 * n;

  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (const std::size_t j : rows) {
      const double step = f_ab(j, i) - f_a(j);
      first += (f_b(j) - mean) * step;  // Saltelli et al. 2010, Table 2 (b), centred
      total += step * step;             // Jansen 1999; Saltelli et al. 2010, Table 2 (f)
    }
    e.s1[i] = first / n / e.variance;
    e.st[i] = total / (2 * n) / e.variance;
  }
  return e;
}

void check_sobol(std::size_t k, const SobolSettings& s) {
  require(k >= 1, "Sobol' indices need at least one factor");
  const std::size_t max_dimension = boost::random::default_sobol_table::max_dimension;
  require(k <= max_sobol_factors(),
          fmt::format("Sobol' indices of {} factors need a Sobol' sequence of {} dimensions; "
                      "boost::random::sobol has at most {}, so at most {} factors",
                      k, 2 * k, max_dimension, max_sobol_factors()));
  const std::size_t n = s.base_rows;
  if (n < 4 || !std::has_single_bit(n)) {
    const std::size_t below = std::bit_floor(n);
    throw std::invalid_argument(fmt::format(
        "Sobol' base rows N = {} must be a power of two >= 4 (a Sobol' sample is balanced for "
        "powers of two, and the convergence check uses N/2): use {}",
        n, below < 4 ? "4" : fmt::format("{} or {}", below, 2 * below)));
  }
  check_common(s.bootstrap, s.batch_size);
}

/// The four steps of the header's overview, for either method: design, factor values,
/// outputs in batches, estimators.
template <class Settings, class MakeDesign, class Estimate>
auto run_steps(const std::vector<Factor>& factors, const Settings& settings,
               const Evaluator& evaluator, MakeDesign make_design, Estimate estimate) {
  const auto design = make_design(factors.size(), settings);
  const std::vector<double> outputs =
      evaluate(to_factor_values(factors, design.unit), evaluator, settings.batch_size);
  return estimate(design, outputs, settings);
}

}  // namespace

Points to_factor_values(const std::vector<Factor>& factors, const Points& unit) {
  require(static_cast<std::size_t>(unit.cols()) == factors.size(),
          fmt::format("{} factors for a design of {} columns", factors.size(), unit.cols()));
  Points values(unit.rows(), unit.cols());
  for (Eigen::Index i = 0; i < unit.cols(); ++i) {
    const Factor& factor = factors[static_cast<std::size_t>(i)];
    require(static_cast<bool>(factor.from_unit),
            fmt::format("factor '{}' has no mapping from the unit interval", factor.name));
    for (Eigen::Index row = 0; row < unit.rows(); ++row) {
      values(row, i) = factor.from_unit(unit(row, i));
      require(std::isfinite(values(row, i)),
              fmt::format("factor '{}' maps u = {} to {}: its value must be finite for every u "
                          "in (0,1)",
                          factor.name, unit(row, i), values(row, i)));
    }
  }
  return values;
}

std::vector<double> evaluate(const Points& values, const Evaluator& evaluator,
                             std::size_t batch_size) {
  require(batch_size >= 1, "the batch size must be at least 1 row");
  const auto rows = static_cast<std::size_t>(values.rows());
  std::vector<double> outputs(rows);
  for (std::size_t first = 0; first < rows; first += batch_size) {
    const std::size_t n = std::min(batch_size, rows - first);
    const Points batch = values.middleRows(first, n);
    const std::vector<double> y = evaluator(first, batch);
    require(y.size() == n, fmt::format("the evaluator returned {} outputs for the {} rows {}..{}",
                                       y.size(), n, first, first + n - 1));
    std::copy(y.begin(), y.end(), outputs.begin() + first);
  }
  return outputs;
}

MorrisDesign morris_design(std::size_t k, const MorrisSettings& s) {
  check_morris(k, s);
  const std::size_t p = s.levels, r = s.trajectories;
  const auto coordinate = [p](std::size_t level) {
    return (static_cast<double>(level) + 0.5) / static_cast<double>(p);
  };
  MorrisDesign d;
  d.levels = p;
  d.unit.resize(r * (k + 1), k);
  d.moved.resize(r * k);
  std::vector<std::size_t> level(k), order(k);
  for (std::size_t t = 0; t < r; ++t) {
    Rng rng(StreamKey{s.seed, static_cast<std::uint32_t>(t), 0, kMorrisDesignStream});
    for (auto& l : level) l = rng.below(static_cast<std::uint32_t>(p));
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Fisher-Yates with our generator (std::shuffle's draws differ between libraries).
    for (std::size_t i = k; i > 1; --i)
      std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);

    const std::size_t first = t * (k + 1);
    for (std::size_t i = 0; i < k; ++i) d.unit(first, i) = coordinate(level[i]);
    for (std::size_t m = 0; m < k; ++m) {
      const std::size_t i = order[m];
      level[i] = level[i] < p / 2 ? level[i] + p / 2 : level[i] - p / 2;
      d.unit.row(first + m + 1) = d.unit.row(first + m);
      d.unit(first + m + 1, i) = coordinate(level[i]);
      d.moved[t * k + m] = i;
    }
  }
  return d;
}

MorrisResult morris_indices(const MorrisDesign& design, const std::vector<double>& outputs,
                            const MorrisSettings& s) {
  // The design's own k and r, checked before r = moves / k is computed: the settings' r need
  // not be the design's, and sigma divides by r - 1.
  const std::size_t k = design.factors();
  require(k >= 1, "the Morris design has no columns: Morris screening needs at least one factor");
  const std::size_t r = design.trajectories();
  require(r >= 2, fmt::format("a Morris design of r = {} trajectories: at least 2 are needed "
                              "(sigma, the spread of the elementary effects, needs two per "
                              "factor)",
                              r));
  check_morris(k, s);
  const bool whole =
      static_cast<std::size_t>(design.unit.rows()) == r * (k + 1) && design.moved.size() == r * k &&
      std::all_of(design.moved.begin(), design.moved.end(), [k](std::size_t i) { return i < k; });
  require(whole, "the design's rows and moves do not make whole Morris trajectories");
  check_outputs(outputs, design.unit.rows());

  // Elementary effects (Morris 1991): the change of the output over the signed step. NaN
  // until set, so that a trajectory that does not move every factor once is caught below.
  Eigen::MatrixXd effect = Eigen::MatrixXd::Constant(r, k, std::nan(""));
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t m = 0; m < k; ++m) {
      const std::size_t row = t * (k + 1) + m, i = design.moved[t * k + m];
      effect(t, i) =
          (outputs[row + 1] - outputs[row]) / (design.unit(row + 1, i) - design.unit(row, i));
    }
  }
  require(effect.allFinite(), "a Morris trajectory does not move every factor once");

  MorrisResult result{std::vector<MorrisEffects>(k), r, s.bootstrap.confidence};
  for (std::size_t i = 0; i < k; ++i) {
    MorrisEffects& e = result.factors[i];
    e.mu = effect.col(i).mean();
    e.mu_star = effect.col(i).cwiseAbs().mean();  // Campolongo et al. 2007
    e.sigma = std::sqrt((effect.col(i).array() - e.mu).square().sum() / static_cast<double>(r - 1));
  }

  std::vector<std::vector<double>> mu_star(k, std::vector<double>(s.bootstrap.resamples));
  for (std::size_t b = 0; b < s.bootstrap.resamples; ++b) {
    const std::vector<std::size_t> picks = resample(s.seed, b, r);
    for (std::size_t i = 0; i < k; ++i) {
      double sum = 0;
      for (const std::size_t t : picks) sum += std::abs(effect(t, i));
      mu_star[i][b] = sum / static_cast<double>(r);
    }
  }
  for (std::size_t i = 0; i < k; ++i)
    result.factors[i].mu_star_ci = percentile_interval(mu_star[i], s.bootstrap.confidence);
  return result;
}

MorrisResult run_morris(const std::vector<Factor>& factors, const MorrisSettings& settings,
                        const Evaluator& evaluator) {
  return run_steps(factors, settings, evaluator, morris_design, morris_indices);
}

std::size_t max_sobol_factors() {
  return boost::random::default_sobol_table::max_dimension / 2;
}

SobolDesign sobol_design(std::size_t k, const SobolSettings& s) {
  check_sobol(k, s);
  const std::size_t n = s.base_rows, width = k + 2;
  SobolDesign d;
  d.base_rows = n;
  d.unit.resize(n * width, k);
  boost::random::sobol sequence(2 * k);  // starts at row 1: the origin is skipped
  // The coordinates of rows below 2^53 have at most 53 significant bits: exact as doubles.
  const auto next = [&sequence] { return static_cast<double>(sequence() >> 11) * 0x1.0p-53; };
  std::vector<double> a(k), b(k);
  for (std::size_t j = 0; j < n; ++j) {
    for (double& x : a) x = next();
    for (double& x : b) x = next();
    const std::size_t first = j * width;
    for (std::size_t c = 0; c <= k; ++c)
      for (std::size_t i = 0; i < k; ++i) d.unit(first + c, i) = a[i];
    for (std::size_t i = 0; i < k; ++i) {
      d.unit(first + 1 + i, i) = b[i];  // AB_i: A with column i from B
      d.unit(first + k + 1, i) = b[i];  // B
    }
  }
  return d;
}

SobolResult sobol_indices(const SobolDesign& design, const std::vector<double>& outputs,
                          const SobolSettings& s) {
  const std::size_t k = design.factors(), n = design.base_rows;
  check_sobol(k, s);
  require(static_cast<std::size_t>(design.unit.rows()) == n * (k + 2),
          "the design's rows are not N(k + 2) Saltelli rows");
  check_outputs(outputs, design.unit.rows());

  const SobolEstimates all = sobol_estimates(outputs, k, first_rows(n));
  require(all.variance > 0, "the outputs do not vary (variance 0): Sobol' indices are undefined");
  const SobolEstimates half = sobol_estimates(outputs, k, first_rows(n / 2));

  std::vector<std::vector<double>> s1(k), st(k);
  for (std::size_t b = 0; b < s.bootstrap.resamples; ++b) {
    const SobolEstimates e = sobol_estimates(outputs, k, resample(s.seed, b, n));
    for (std::size_t i = 0; i < k; ++i) {
      s1[i].push_back(e.s1[i]);
      st[i].push_back(e.st[i]);
    }
  }

  SobolResult result{std::vector<SobolIndex>(k), n, all.variance, s.bootstrap.confidence};
  for (std::size_t i = 0; i < k; ++i) {
    result.factors[i] = {all.s1[i],
                         all.st[i],
                         percentile_interval(s1[i], s.bootstrap.confidence),
                         percentile_interval(st[i], s.bootstrap.confidence),
                         half.s1[i],
                         half.st[i]};
  }
  return result;
}

SobolResult run_sobol(const std::vector<Factor>& factors, const SobolSettings& settings,
                      const Evaluator& evaluator) {
  return run_steps(factors, settings, evaluator, sobol_design, sobol_indices);
}

}  // namespace qpv::analysis::gsa
