#include <catch2/catch.hpp>

#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/synthesis.hpp"
#include "tests/support/scenarios.hpp"

using namespace qpv;
using namespace qpv::model;
using qpv::test::valenciennes;

namespace {

MeasuredMarginals synthesise_all(std::uint64_t seed, std::uint32_t replicate) {
  const auto& t = valenciennes().territory;
  std::vector<MeasuredMarginals> parts;
  for (std::uint32_t q = 0; q < t.qpvs.size(); ++q) {
    Rng rng(StreamKey{seed, replicate, q, static_cast<std::uint32_t>(Stream::synthesis)});
    parts.push_back(measure(synthesize(t.qpvs[q], Date{2024, 1, 1}, rng)));
  }
  return combine(parts);
}

}  // namespace

TEST_CASE("the synthetic Valenciennes population matches its marginals", "[model][synthesis]") {
  const Marginals& target = valenciennes().territory.qpvs[0].marginals;
  for (std::uint32_t replicate : {0u, 1u, 2u}) {
    const MeasuredMarginals measured = synthesise_all(20240101, replicate);
    const Marginals got_shares = measured.shares();
    CHECK(std::abs(static_cast<double>(measured.persons) - 44700.0) <= 0.005 * 44700);
    CHECK(got_shares.household_type[static_cast<std::size_t>(HouseholdType::single_parent)] ==
          Approx(0.19).margin(0.01));
    CHECK(got_shares.car == Approx(0.642).margin(0.02));
    for (std::size_t b = 0; b < kAgeBands; ++b)
      CHECK(got_shares.age[b] == Approx(target.age[b]).margin(0.006));
    for (std::size_t d = 0; d < kDiplomas; ++d)
      CHECK(got_shares.diploma[d] == Approx(target.diploma[d]).margin(0.005));
    for (std::size_t k = 0; k < kActivities; ++k)
      CHECK(got_shares.activity[k] == Approx(target.activity[k]).margin(0.005));
    CHECK(got_shares.licence == Approx(target.licence).margin(0.01));
    CHECK(got_shares.health_15_64 == Approx(target.health_15_64).margin(0.015));
    CHECK(got_shares.single_parent_female == Approx(target.single_parent_female).margin(0.03));
    CHECK(measured.creche_places_held == 270);  // every place is held: there are more under-3s
  }
}

TEST_CASE("synthesis is deterministic from the stream and varies with the seed",
          "[model][synthesis]") {
  const Qpv& qpv = valenciennes().territory.qpvs[3];
  auto make = [&](std::uint64_t seed) {
    Rng rng(StreamKey{seed, 0, 3, static_cast<std::uint32_t>(Stream::synthesis)});
    return synthesize(qpv, Date{2024, 1, 1}, rng);
  };
  const Population a = make(1), b = make(1), c = make(2);
  CHECK(a.persons.birth_day == b.persons.birth_day);
  CHECK(a.persons.activity == b.persons.activity);
  CHECK(a.households.car == b.households.car);
  CHECK(a.persons.birth_day != c.persons.birth_day);
}

TEST_CASE("households own contiguous members with consistent roles", "[model][synthesis]") {
  const Qpv& qpv = valenciennes().territory.qpvs[0];
  Rng rng(StreamKey{11, 0, 0, 1});
  const Population pop = synthesize(qpv, Date{2024, 1, 1}, rng);
  const Households& h = pop.households;
  const Persons& p = pop.persons;
  std::uint32_t next = 0;  // synthesis creates members in household order
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    const std::uint32_t head = h.head[hh];
    CHECK(p.age[head] >= 18);
    int children = 0, members = 0;
    for_each_member(pop, hh, [&](std::uint32_t i) {
      REQUIRE(i == next++);
      REQUIRE(p.household[i] == hh);
      ++members;
      children += p.age[i] < 18;
      if (p.age[i] < 18) CHECK(p.age[head] >= p.age[i] + 18);  // parents at least 18 years older
    });
    CHECK(members == h.members[hh]);
    const bool family = h.type[hh] == HouseholdType::couple_with_children ||
                        h.type[hh] == HouseholdType::single_parent;
    CHECK((children > 0) == family);
    if (h.car[hh]) CHECK(p.licence[head] == 1);  // someone can drive the household's car
  }
  CHECK(next == p.size());
}

TEST_CASE("marginals of several QPVs combine exactly, with targets weighted by each QPV",
          "[model][synthesis]") {
  Qpv a = valenciennes().territory.qpvs[0];
  Qpv b = valenciennes().territory.qpvs[1];
  b.marginals.car = 0.30;  // a QPV overriding one marginal
  b.population = 1000;
  Rng ra(StreamKey{1, 0, 0, 1}), rb(StreamKey{1, 0, 1, 1});
  const MeasuredMarginals ma = measure(synthesize(a, Date{2024, 1, 1}, ra));
  const MeasuredMarginals mb = measure(synthesize(b, Date{2024, 1, 1}, rb));
  const MeasuredMarginals both = combine({ma, mb});
  CHECK(both.households == ma.households + mb.households);
  CHECK(both.shares().car == Approx((ma.counts.car + mb.counts.car) /
                                    static_cast<double>(ma.households + mb.households)));
  CHECK(both.shares().diploma[0] == Approx((ma.counts.diploma[0] + mb.counts.diploma[0]) /
                                           static_cast<double>(ma.n15 + mb.n15)));
  const Marginals target = combine({expected(a.marginals, ma), expected(b.marginals, mb)}).shares();
  const double weighted =
      (0.642 * static_cast<double>(ma.households) + 0.30 * static_cast<double>(mb.households)) /
      static_cast<double>(ma.households + mb.households);
  CHECK(target.car == Approx(weighted));
  CHECK(both.shares().car == Approx(weighted).margin(0.01));
}

TEST_CASE("age bands: each age falls in the band whose bounds hold it", "[model][synthesis]") {
  for (int age = 0; age <= 120; ++age) {
    const std::size_t band = age_band_of(age);
    REQUIRE(band < kAgeBands);
    CHECK(age >= kAgeBandLow[band]);
    if (band + 1 < kAgeBands) CHECK(age <= kAgeBandHigh[band]);
  }
  CHECK(age_band_of(0) == 0);
  CHECK(age_band_of(120) == kAgeBands - 1);
}
