// The synthetic national-scale territory of the benchmarks (sim/model/national_scale.hpp).
#include <catch2/catch.hpp>
#include <set>

#include "sim/model/national_scale.hpp"
#include "tests/support/scenarios.hpp"

using namespace qpv::model;

TEST_CASE("1,600 synthetic QPV hold about 5 million people, each within the bounds",
          "[model][bench]") {
  const Territory& real = qpv::test::valenciennes().territory;
  const Territory t = scale_territory(real, 1'600, 20240101);
  REQUIRE(t.qpvs.size() == 1'600);
  std::int64_t total = 0;
  std::set<std::string> codes;
  for (std::size_t k = 0; k < t.qpvs.size(); ++k) {
    const Qpv& q = t.qpvs[k];
    const Qpv& like = real.qpvs[k % real.qpvs.size()];
    CHECK(q.population >= kScaleMinPopulation);
    CHECK(q.population <= kScaleMaxPopulation);
    total += q.population;
    codes.insert(q.code);
    // The template's marginals and its crèche places per resident.
    CHECK(q.marginals.activity == like.marginals.activity);
    CHECK(q.transit_access == like.transit_access);
    const double per_resident = static_cast<double>(like.creche_places) /
                                static_cast<double>(like.population);
    CHECK(std::abs(static_cast<double>(q.creche_places) -
                   per_resident * static_cast<double>(q.population)) <= 0.5);
  }
  CHECK(codes.size() == t.qpvs.size());
  // Uniform in [1,250, 5,000]: mean 3,125, sd 1,083; the mean of 1,600 has sd 27.
  const double mean = static_cast<double>(total) / 1'600;
  CHECK(mean == Approx(3'125).margin(4 * 27.1));
  CHECK(total >= 4'800'000);
  CHECK(total <= 5'200'000);
}

TEST_CASE("the synthetic territory is the same for a seed and changes with it", "[model][bench]") {
  const Territory& real = qpv::test::valenciennes().territory;
  const Territory a = scale_territory(real, 50, 3);
  const Territory b = scale_territory(real, 50, 3);
  const Territory c = scale_territory(real, 50, 4);
  bool differs = false;
  for (std::size_t k = 0; k < a.qpvs.size(); ++k) {
    CHECK(a.qpvs[k].population == b.qpvs[k].population);
    CHECK(a.qpvs[k].code == b.qpvs[k].code);
    differs = differs || a.qpvs[k].population != c.qpvs[k].population;
  }
  CHECK(differs);
  CHECK_THROWS(scale_territory(Territory{}, 10, 1));
}
