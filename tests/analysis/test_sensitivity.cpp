#include <boost/random/sobol.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>
#include <stdexcept>
#include <vector>

#include "analysis/sensitivity.hpp"

using namespace qpv::analysis::gsa;

namespace {

constexpr double kPi = std::numbers::pi;

/// k factors that pass u through unchanged.
std::vector<Factor> unit_factors(std::size_t k) {
  std::vector<Factor> factors;
  for (std::size_t i = 0; i < k; ++i)
    factors.push_back({"x" + std::to_string(i + 1), [](double u) { return u; }});
  return factors;
}

/// An evaluator applying `f` to every row of the batch.
template <class F>
Evaluator row_by_row(F f) {
  return [f](std::size_t, const Points& x) {
    std::vector<double> y;
    for (Eigen::Index row = 0; row < x.rows(); ++row) y.push_back(f(x.row(row)));
    return y;
  };
}

/// Ishigami & Homma (1990), with a = 7 and b = 0.1; factors uniform on [-pi, pi].
constexpr double kIshigamiA = 7, kIshigamiB = 0.1;
const Evaluator ishigami = row_by_row([](const auto& x) {
  return std::sin(x(0)) + kIshigamiA * std::pow(std::sin(x(1)), 2) +
         kIshigamiB * std::pow(x(2), 4) * std::sin(x(0));
});
std::vector<Factor> ishigami_factors() {
  std::vector<Factor> factors;
  for (const char* name : {"x1", "x2", "x3"})
    factors.push_back({name, [](double u) { return -kPi + 2 * kPi * u; }});
  return factors;
}

/// Sobol' g-function (Saltelli & Sobol' 1995): factor i matters less as a_i grows.
const std::vector<double> kGa = {0, 1, 4.5, 9, 99, 99};
const Evaluator g_function = row_by_row([](const auto& x) {
  double g = 1;
  for (std::size_t i = 0; i < kGa.size(); ++i)
    g *= (std::abs(4 * x(i) - 2) + kGa[i]) / (1 + kGa[i]);
  return g;
});

/// The outputs of `values` evaluated in batches of `batch` rows, last batch first.
std::vector<double> evaluate_backwards(const Points& values, const Evaluator& f,
                                       std::size_t batch) {
  std::vector<double> outputs(static_cast<std::size_t>(values.rows()));
  const std::size_t batches = (outputs.size() + batch - 1) / batch;
  for (std::size_t b = batches; b-- > 0;) {
    const std::size_t first = b * batch, n = std::min(batch, outputs.size() - first);
    const std::vector<double> y = f(first, values.middleRows(first, n));
    std::copy(y.begin(), y.end(), outputs.begin() + first);
  }
  return outputs;
}

bool contains(const Interval& ci, double x) {
  return ci.low <= x && x <= ci.high;
}

}  // namespace

TEST_CASE("Sobol' indices of the Ishigami function match the closed form",
          "[analysis][sensitivity]") {
  // The closed-form variance decomposition (Ishigami & Homma 1990): V_1 = (1 + b pi^4/5)^2 / 2,
  // V_2 = a^2/8, V_3 = 0, and the only interaction V_13 = 8 b^2 pi^8 / 225.
  const double a = kIshigamiA, b = kIshigamiB, pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4;
  const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v3 = 0;
  const double v13 = 8 * b * b * pi8 / 225;
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  REQUIRE(v == Approx(v1 + v2 + v3 + v13));
  const std::vector<double> s1 = {v1 / v, v2 / v, v3 / v};
  const std::vector<double> st = {(v1 + v13) / v, v2 / v, v13 / v};

  // N = 8192: 40,960 evaluations. Errors here are about 0.001, and 0.0004 from the first
  // N/2 rows, so the tolerance of 0.02 is far from the noise.
  SobolSettings settings;
  settings.base_rows = 8192;
  settings.bootstrap.resamples = 200;
  const SobolResult r = run_sobol(ishigami_factors(), settings, ishigami);
  REQUIRE(r.factors.size() == 3);
  CHECK(r.variance == Approx(v).epsilon(0.01));
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor x" << i + 1);
    CHECK(r.factors[i].s1 == Approx(s1[i]).margin(0.02));
    CHECK(r.factors[i].st == Approx(st[i]).margin(0.02));
    // The convergence pair: the first N/2 rows give indices close to, but not the same as, N.
    CHECK(r.factors[i].s1_half == Approx(s1[i]).margin(0.02));
    CHECK(r.factors[i].st_half == Approx(st[i]).margin(0.02));
    CHECK(r.factors[i].s1_half != r.factors[i].s1);
    CHECK(r.factors[i].st_half != r.factors[i].st);
  }
}

TEST_CASE("Sobol' bootstrap intervals hold the estimate and narrow as N grows",
          "[analysis][sensitivity]") {
  SobolSettings settings;
  settings.base_rows = 256;
  const SobolResult small = run_sobol(ishigami_factors(), settings, ishigami);
  settings.base_rows = 4096;
  const SobolResult large = run_sobol(ishigami_factors(), settings, ishigami);
  CHECK(large.base_rows == 4096);
  CHECK(large.confidence == 0.90);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor x" << i + 1);
    for (const SobolResult* r : {&small, &large}) {
      const SobolIndex& x = r->factors[i];
      CHECK(contains(x.s1_ci, x.s1));
      CHECK(contains(x.st_ci, x.st));
      CHECK(x.s1_ci.low < x.s1_ci.high);
      CHECK(x.st_ci.low < x.st_ci.high);
    }
    // Sixteen times the rows: intervals about four times narrower (2 to 8 allowed).
    const auto width = [](const Interval& ci) { return ci.high - ci.low; };
    CHECK(width(small.factors[i].s1_ci) / width(large.factors[i].s1_ci) == Approx(4).margin(2));
    CHECK(width(small.factors[i].st_ci) / width(large.factors[i].st_ci) == Approx(4).margin(2));
  }
}

TEST_CASE("the Sobol' estimators give the values computed by hand on a tiny sample",
          "[analysis][sensitivity]") {
  // k = 1, N = 4; the outputs are made up, in the design's row order (f_A, f_AB1, f_B) per
  // base row:   j = 0: 1 2 3   j = 1: 2 2 1   j = 2: 0 1 2   j = 3: 3 5 2
  // Pooled f_A, f_B: 1 2 0 3 3 1 2 2, mean 1.75, V = 7.5 / 8 = 0.9375.
  // S1 = mean (f_B - 1.75)(f_AB - f_A) / V = (1.25 + 0 + 0.25 + 0.5) / 4 / V = 8/15.
  // ST = mean (f_A - f_AB)^2 / 2V = (1 + 0 + 1 + 4) / 8 / V = 4/5.
  // First N/2 = 2 rows: pooled 1 2 3 1, mean 1.75, V = 2.75 / 4; S1 = (1.25 + 0) / 2 / V =
  // 10/11; ST = (1 + 0) / 4 / V = 4/11.
  SobolSettings settings;
  settings.base_rows = 4;
  const SobolDesign d = sobol_design(1, settings);
  const std::vector<double> outputs = {1, 2, 3, 2, 2, 1, 0, 1, 2, 3, 5, 2};
  const SobolResult r = sobol_indices(d, outputs, settings);
  CHECK(r.variance == Approx(0.9375));
  CHECK(r.factors[0].s1 == Approx(8.0 / 15));
  CHECK(r.factors[0].st == Approx(4.0 / 5));
  CHECK(r.factors[0].s1_half == Approx(10.0 / 11));
  CHECK(r.factors[0].st_half == Approx(4.0 / 11));

  // A constant added to every output changes no index: S1 is computed on centred outputs.
  std::vector<double> shifted = outputs;
  for (double& y : shifted) y += 1e6;
  const SobolResult s = sobol_indices(d, shifted, settings);
  CHECK(s.factors[0].s1 == Approx(8.0 / 15));
  CHECK(s.factors[0].st == Approx(4.0 / 5));
}

TEST_CASE("Morris statistics of a hand-made design are the ones computed by hand",
          "[analysis][sensitivity]") {
  // One factor, two trajectories on p = 4 levels: 1/8 -> 5/8 (step +1/2) and 7/8 -> 3/8
  // (step -1/2). Outputs 0 -> 1 and 1 -> 3: effects 1 / 0.5 = 2 and 2 / -0.5 = -4.
  // mu = -1, mu* = 3, sigma = sqrt((3^2 + 3^2) / (2 - 1)) = sqrt(18).
  MorrisDesign d;
  d.levels = 4;
  d.unit = Points{{0.125}, {0.625}, {0.875}, {0.375}};
  d.moved = {0, 0};
  MorrisSettings settings;
  settings.trajectories = 2;
  const MorrisResult r = morris_indices(d, {0, 1, 1, 3}, settings);
  REQUIRE(r.factors.size() == 1);
  CHECK(r.factors[0].mu == Approx(-1));
  CHECK(r.factors[0].mu_star == Approx(3));
  CHECK(r.factors[0].sigma == Approx(std::sqrt(18.0)));
  // Resamples of two trajectories have mu* 2, 3 or 4.
  CHECK(r.factors[0].mu_star_ci.low >= 2);
  CHECK(r.factors[0].mu_star_ci.high <= 4);
  CHECK(contains(r.factors[0].mu_star_ci, 3));
}

TEST_CASE("the Sobol' design holds A, the AB_i and B of each base row in Saltelli's order",
          "[analysis][sensitivity]") {
  const std::size_t k = 3, n = 16;
  SobolSettings settings;
  settings.base_rows = n;
  const SobolDesign d = sobol_design(k, settings);
  REQUIRE(d.unit.rows() == static_cast<Eigen::Index>(n * (k + 2)));
  REQUIRE(d.factors() == k);

  // Rows 1..N of the 2k-dimensional sequence; boost's first row is (1/2, ..., 1/2), the
  // origin being skipped.
  boost::random::sobol sequence(2 * k);
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> row(2 * k);
    for (double& x : row) x = static_cast<double>(sequence()) * 0x1.0p-64;
    if (j == 0) CHECK(row == std::vector<double>(2 * k, 0.5));
    for (std::size_t i = 0; i < k; ++i) {
      CHECK(d.unit(j * (k + 2), i) == row[i]);              // A
      CHECK(d.unit(j * (k + 2) + k + 1, i) == row[k + i]);  // B
      for (std::size_t c = 0; c < k; ++c)                   // AB_c: column c from B
        CHECK(d.unit(j * (k + 2) + 1 + c, i) == (i == c ? row[k + i] : row[i]));
    }
  }
  CHECK((d.unit.array() > 0).all());
  CHECK((d.unit.array() < 1).all());

  // The design for N/2 is the first half of the design for N.
  settings.base_rows = n / 2;
  CHECK(sobol_design(k, settings).unit == d.unit.topRows(n / 2 * (k + 2)));
}

TEST_CASE("Morris effects of a linear function are its coefficients", "[analysis][sensitivity]") {
  // y = sum c_i x_i with x_i = 10 u_i - 5: every elementary effect of factor i, per unit of
  // u, is 10 c_i whatever the step's sign, so mu = 10 c_i, mu* = |mu| and sigma = 0.
  const std::vector<double> c = {3, -1, 0.5, 0};
  std::vector<Factor> factors;
  for (std::size_t i = 0; i < c.size(); ++i)
    factors.push_back({"x" + std::to_string(i), [](double u) { return 10 * u - 5; }});
  const Evaluator linear = row_by_row([&c](const auto& x) {
    double y = 0;
    for (std::size_t i = 0; i < c.size(); ++i) y += c[i] * x(i);
    return y;
  });
  const MorrisResult r = run_morris(factors, MorrisSettings{}, linear);
  REQUIRE(r.factors.size() == c.size());
  CHECK(r.trajectories == 20);
  for (std::size_t i = 0; i < c.size(); ++i) {
    INFO("factor " << i);
    CHECK(r.factors[i].mu == Approx(10 * c[i]).margin(1e-9));
    CHECK(r.factors[i].mu_star == Approx(std::abs(10 * c[i])).margin(1e-9));
    CHECK(r.factors[i].sigma == Approx(0).margin(1e-9));
  }
}

TEST_CASE("Morris mu* ranks the g-function's factors by importance", "[analysis][sensitivity]") {
  // a = {0, 1, 4.5, 9, 99, 99}: x1 > x2 > x3 > x4 > x5, x6 (the last two tie). Twenty
  // trajectories, 140 evaluations; several seeds, so the order is not a lucky draw.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    MorrisSettings settings;
    settings.seed = seed;
    const MorrisResult r = run_morris(unit_factors(kGa.size()), settings, g_function);
    INFO("seed " << seed);
    for (std::size_t i = 0; i + 1 < 4; ++i) CHECK(r.factors[i].mu_star > r.factors[i + 1].mu_star);
    CHECK(r.factors[3].mu_star > std::max(r.factors[4].mu_star, r.factors[5].mu_star));
    // The non-linear, interacting x1 has a large sigma; the bootstrap interval holds mu*.
    CHECK(r.factors[0].sigma > 0.5 * r.factors[0].mu_star);
    for (const MorrisEffects& e : r.factors) {
      CHECK(contains(e.mu_star_ci, e.mu_star));
      CHECK(e.mu_star_ci.low < e.mu_star_ci.high);
    }
  }
}

TEST_CASE("Morris trajectories move one factor at a time by half the unit interval",
          "[analysis][sensitivity]") {
  MorrisSettings settings;
  settings.trajectories = 30;
  settings.levels = 6;
  const std::size_t k = 5, p = settings.levels;
  const MorrisDesign d = morris_design(k, settings);
  REQUIRE(d.trajectories() == 30);
  REQUIRE(d.unit.rows() == static_cast<Eigen::Index>(30 * (k + 1)));

  std::vector<int> starts(p, 0);
  std::set<std::size_t> moved_first;
  for (std::size_t t = 0; t < 30; ++t) {
    moved_first.insert(d.moved[t * k]);
    std::set<std::size_t> moved;
    for (std::size_t m = 0; m < k; ++m) {
      const std::size_t row = t * (k + 1) + m, i = d.moved[t * k + m];
      moved.insert(i);
      for (std::size_t j = 0; j < k; ++j) {
        const double step = d.unit(row + 1, j) - d.unit(row, j);
        // (l + 1/2)/p rounds, so the step is 1/2 only to rounding; unmoved factors are copied.
        if (j == i) CHECK(std::abs(step) == Approx(0.5).margin(1e-12));
        if (j != i) CHECK(step == 0);
      }
    }
    CHECK(moved.size() == k);  // every factor once
    // Every coordinate is a cell midpoint (l + 1/2)/p, never 0 or 1.
    for (std::size_t m = 0; m <= k; ++m) {
      for (std::size_t j = 0; j < k; ++j) {
        const double level = d.unit(t * (k + 1) + m, j) * static_cast<double>(p) - 0.5;
        REQUIRE(level == Approx(std::round(level)).margin(1e-9));
        REQUIRE(std::round(level) >= 0);
        REQUIRE(std::round(level) <= static_cast<double>(p - 1));
        if (m == 0) ++starts[static_cast<std::size_t>(std::round(level))];
      }
    }
  }
  // Starting levels are uniform: 150 draws over 6 levels, 25 +- 4.6 each.
  for (const int n : starts) CHECK(n == Approx(25).margin(15));
  // The order of the moves is random: every factor moves first somewhere (a factor never
  // does with probability (4/5)^30, 0.1 %).
  CHECK(moved_first.size() == k);

  // Same seed, same design; more trajectories extend it; another seed, another design.
  CHECK(morris_design(k, settings).unit == d.unit);
  settings.trajectories = 40;
  CHECK(morris_design(k, settings).unit.topRows(d.unit.rows()) == d.unit);
  settings.trajectories = 30;
  settings.seed = 2;
  CHECK(morris_design(k, settings).unit != d.unit);
}

TEST_CASE("sensitivity results are the same bits whatever the batches and their order",
          "[analysis][sensitivity]") {
  SECTION("Sobol'") {
    SobolSettings settings;
    settings.base_rows = 64;
    settings.batch_size = 64 * 5;
    const SobolResult one_batch = run_sobol(ishigami_factors(), settings, ishigami);
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
      INFO("batch " << batch);
      settings.batch_size = batch;
      CHECK(run_sobol(ishigami_factors(), settings, ishigami) == one_batch);
      const SobolDesign d = sobol_design(3, settings);
      const Points values = to_factor_values(ishigami_factors(), d.unit);
      CHECK(sobol_indices(d, evaluate_backwards(values, ishigami, batch), settings) == one_batch);
    }
    settings.seed = 2;  // another bootstrap: the same indices, other intervals
    const SobolResult other = run_sobol(ishigami_factors(), settings, ishigami);
    CHECK(other.factors[0].s1 == one_batch.factors[0].s1);
    CHECK(other.factors[0].s1_ci != one_batch.factors[0].s1_ci);
  }
  SECTION("Morris") {
    MorrisSettings settings;
    settings.batch_size = 1000;
    const MorrisResult one_batch = run_morris(unit_factors(6), settings, g_function);
    for (const std::size_t batch : {std::size_t{1}, std::size_t{5}, std::size_t{7}}) {
      INFO("batch " << batch);
      settings.batch_size = batch;
      CHECK(run_morris(unit_factors(6), settings, g_function) == one_batch);
      const MorrisDesign d = morris_design(6, settings);
      const Points values = to_factor_values(unit_factors(6), d.unit);
      CHECK(morris_indices(d, evaluate_backwards(values, g_function, batch), settings) ==
            one_batch);
    }
    settings.seed = 2;
    CHECK(run_morris(unit_factors(6), settings, g_function).factors[0] != one_batch.factors[0]);
  }
}

TEST_CASE("sensitivity settings and outputs out of range are rejected with the reason",
          "[analysis][sensitivity]") {
  const auto rejects = [](auto&& f, const std::string& reason) {
    CHECK_THROWS_AS(f(), std::invalid_argument);
    CHECK_THROWS_WITH(f(), Catch::Contains(reason));
  };
  MorrisSettings morris;
  morris.trajectories = 1;
  rejects([&] { morris_design(3, morris); }, "at least 2");
  morris.trajectories = 10;
  rejects([&] { morris_design(0, morris); }, "at least one factor");
  morris.levels = 5;
  rejects([&] { morris_design(3, morris); }, "p must be even");
  morris.levels = 0;
  rejects([&] { morris_design(3, morris); }, "at least 2");
  morris.levels = 4;
  morris.bootstrap.confidence = 1;
  rejects([&] { morris_design(3, morris); }, "strictly between 0 and 1");
  morris.bootstrap.confidence = 0.9;

  SobolSettings sobol;
  sobol.base_rows = 1000;
  rejects([&] { sobol_design(3, sobol); }, "use 512 or 1024");
  sobol.base_rows = 2;
  rejects([&] { sobol_design(3, sobol); }, "use 4");
  sobol.base_rows = 8;
  rejects([&] { sobol_design(max_sobol_factors() + 1, sobol); }, "at most 1833 factors");

  // Outputs: one finite number per row.
  const SobolDesign d = sobol_design(2, sobol);
  std::vector<double> outputs(static_cast<std::size_t>(d.unit.rows()), 1.0);
  outputs[5] = std::nan("");
  rejects([&] { sobol_indices(d, outputs, sobol); }, "design row 5 is nan");
  outputs[5] = 1.0;
  rejects([&] { sobol_indices(d, outputs, sobol); }, "do not vary");
  outputs.pop_back();
  rejects([&] { sobol_indices(d, outputs, sobol); }, "one output per row");
  constexpr double inf = std::numeric_limits<double>::infinity();
  const Evaluator infinite = row_by_row([](const auto&) { return inf; });
  rejects([&] { run_morris(unit_factors(2), morris, infinite); }, "must be finite");
  const Evaluator short_batches = [](std::size_t, const Points& x) {
    return std::vector<double>(static_cast<std::size_t>(x.rows()) - 1);
  };
  rejects([&] { run_sobol(unit_factors(2), sobol, short_batches); }, "returned 31 outputs");
  std::vector<Factor> unbounded = unit_factors(2);
  unbounded[1].from_unit = [](double) { return inf; };
  rejects([&] { run_sobol(unbounded, sobol, ishigami); }, "factor 'x2' maps u =");
}

TEST_CASE("Morris statistics refuse a design without columns or with fewer than 2 trajectories",
          "[analysis][sensitivity]") {
  MorrisSettings settings;
  settings.trajectories = 2;
  // No columns: r = moves / k must not be computed (it divided by zero).
  MorrisDesign empty;
  empty.levels = 4;
  CHECK(empty.trajectories() == 0);
  CHECK_THROWS_AS(morris_indices(empty, {}, settings), std::invalid_argument);
  CHECK_THROWS_WITH(morris_indices(empty, {}, settings), Catch::Contains("no columns"));
  // One trajectory, although the settings ask for 2: sigma would divide by r - 1 = 0.
  MorrisDesign one = morris_design(3, settings);
  one.unit.conservativeResize(4, 3);
  one.moved.resize(3);
  REQUIRE(one.trajectories() == 1);
  const std::vector<double> outputs = {0, 1, 2, 3};
  CHECK_THROWS_AS(morris_indices(one, outputs, settings), std::invalid_argument);
  CHECK_THROWS_WITH(morris_indices(one, outputs, settings),
                    Catch::Contains("r = 1 trajectories: at least 2"));
}
