#include <catch2/catch.hpp>
#include <numeric>

#include "sim/model/ipf.hpp"

using qpv::model::integerise;
using qpv::model::ipf;
using qpv::model::marginal;

TEST_CASE("IPF fits a 2-D table to its margins and keeps the seed's odds ratio", "[model][ipf]") {
  Eigen::ArrayXd seed(6);
  seed << 1, 2, 3, 4, 5, 6;  // 2 x 3
  Eigen::ArrayXd rows(2), cols(3);
  rows << 40, 60;
  cols << 20, 30, 50;
  const auto fit = ipf(seed, {2, 3}, {rows, cols});
  REQUIRE(fit.converged);
  CHECK(fit.iterations < 100);
  CHECK((marginal(fit.table, {2, 3}, 0) - rows).abs().maxCoeff() < 1e-8);
  CHECK((marginal(fit.table, {2, 3}, 1) - cols).abs().maxCoeff() < 1e-8);
  // IPF preserves cross-product ratios of the seed.
  const auto& t = fit.table;
  CHECK(t(0) * t(4) / (t(1) * t(3)) == Approx(1.0 * 5 / (2 * 4)));
}

TEST_CASE("IPF converges in 3-D with structural zeros", "[model][ipf]") {
  const std::vector<std::size_t> dims = {3, 2, 4};
  Eigen::ArrayXd seed = Eigen::ArrayXd::Ones(24);
  seed(0) = 0;  // cell (0,0,0) impossible
  seed(23) = 0;
  Eigen::ArrayXd a(3), b(2), c(4);
  a << 30, 30, 40;
  b << 55, 45;
  c << 10, 20, 30, 40;
  const auto fit = ipf(seed, dims, {a, b, c});
  REQUIRE(fit.converged);
  CHECK(fit.table(0) == 0.0);
  CHECK(fit.table(23) == 0.0);
  CHECK((marginal(fit.table, dims, 2) - c).abs().maxCoeff() < 1e-8);
}

TEST_CASE("IPF rejects mismatched shapes", "[model][ipf]") {
  Eigen::ArrayXd seed = Eigen::ArrayXd::Ones(4);
  Eigen::ArrayXd m(3);
  m << 1, 1, 1;
  CHECK_THROWS_AS(ipf(seed, {2, 2}, {m, m}), std::invalid_argument);
}

TEST_CASE("integerisation sums exactly and stays within one unit of expectation", "[model][ipf]") {
  qpv::Rng rng(qpv::StreamKey{5, 0, 0, 0});
  Eigen::ArrayXd w(5);
  w << 0.5, 1.7, 2.2, 0.0, 3.3;
  for (std::int64_t total : {0, 1, 7, 100, 12345}) {
    const auto counts = integerise(w, total, rng);
    CHECK(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) == total);
    CHECK(counts[3] == 0);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const double expected =
          w(static_cast<Eigen::Index>(i)) / w.sum() * static_cast<double>(total);
      CHECK(std::abs(static_cast<double>(counts[i]) - expected) < 1.0);
    }
  }
}
