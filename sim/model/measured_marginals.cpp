#include "sim/model/measured_marginals.hpp"

#include <utility>

namespace qpv::model {

MeasuredMarginals measure(const Population& pop) {
  MeasuredMarginals r;
  const Persons& p = pop.persons;
  const Households& h = pop.households;
  Marginals& c = r.counts;
  r.persons = static_cast<std::int64_t>(p.size());
  r.households = static_cast<std::int64_t>(h.size());
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const int age = p.age[i];
    c.age[age_band_of(age)] += 1;
    if (age < 3) {
      ++r.children_under_3;
      r.creche_places_held += p.creche_place[i];
    }
    if (age >= 15) {
      ++r.n15;
      c.diploma[static_cast<std::size_t>(p.diploma[i])] += 1;
    }
    if (age >= 15 && age <= 64) {
      ++r.n15_64;
      c.activity[static_cast<std::size_t>(p.activity[i])] += 1;
      c.health_15_64 += p.health_limited[i];
      c.transit_unaffordable += p.transit_unaffordable[i];
    }
    if (age >= 65) {
      ++r.n65;
      c.health_65_plus += p.health_limited[i];
    }
    if (age >= 18) {
      ++r.n18;
      c.licence += p.licence[i];
    }
    if (p.activity[i] == Activity::employed) {
      ++r.employed;
      c.fixed_term += p.contract[i] == Contract::fixed_term;
    }
  }
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    c.household_type[static_cast<std::size_t>(h.type[hh])] += 1;
    c.car += h.car[hh];
    if (h.type[hh] == HouseholdType::single_parent) {
      ++r.single_parents;
      c.single_parent_female += p.sex[h.head[hh]] == Sex::female;
    }
    if (h.type[hh] == HouseholdType::couple_with_children ||
        h.type[hh] == HouseholdType::single_parent) {
      ++r.families;
      c.informal_care += h.informal_care[hh];
    }
  }
  return r;
}

namespace {

/// Applies `f(field, denominator)` to every field of a Marginals with its denominator.
template <class M, class F>
void for_each_share(M& m, const MeasuredMarginals& d, F f) {
  for (auto& v : m.age) f(v, d.persons);
  for (auto& v : m.household_type) f(v, d.households);
  for (auto& v : m.diploma) f(v, d.n15);
  for (auto& v : m.activity) f(v, d.n15_64);
  f(m.car, d.households);
  f(m.licence, d.n18);
  f(m.health_15_64, d.n15_64);
  f(m.health_65_plus, d.n65);
  f(m.fixed_term, d.employed);
  f(m.single_parent_female, d.single_parents);
  f(m.informal_care, d.families);
  f(m.transit_unaffordable, d.n15_64);
}

}  // namespace

Marginals MeasuredMarginals::shares() const {
  Marginals s = counts;
  for_each_share(s, *this, [](double& v, std::int64_t den) {
    v = den > 0 ? v / static_cast<double>(den) : 0.0;
  });
  return s;
}

MeasuredMarginals expected(const Marginals& target, const MeasuredMarginals& measured) {
  MeasuredMarginals e = measured;
  e.counts = target;
  for_each_share(e.counts, e, [](double& v, std::int64_t den) { v *= static_cast<double>(den); });
  return e;
}

MeasuredMarginals combine(const std::vector<MeasuredMarginals>& parts) {
  MeasuredMarginals r;
  for (const auto& part : parts) {
    for (auto [acc, v] : {std::pair{&r.persons, part.persons},
                          {&r.households, part.households},
                          {&r.children_under_3, part.children_under_3},
                          {&r.creche_places_held, part.creche_places_held},
                          {&r.n15, part.n15},
                          {&r.n15_64, part.n15_64},
                          {&r.n65, part.n65},
                          {&r.n18, part.n18},
                          {&r.employed, part.employed},
                          {&r.single_parents, part.single_parents},
                          {&r.families, part.families}}) {
      *acc += v;
    }
    // Numerators add field by field; for_each_share visits both in the same order.
    std::vector<double*> into;
    for_each_share(r.counts, r, [&](double& v, std::int64_t) { into.push_back(&v); });
    std::size_t k = 0;
    Marginals add = part.counts;
    for_each_share(add, part, [&](double& v, std::int64_t) { *into[k++] += v; });
  }
  return r;
}

}  // namespace qpv::model
