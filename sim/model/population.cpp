#include "sim/model/population.hpp"

namespace qpv::model {

namespace {

/// Calls f(column, value of a new row) for every column of `p`: the one list of the columns and
/// their defaults, which add() and reserve() both go through.
template <class P, class F>
void each_column(P& p, F&& f) {
  f(p.household, kNone);
  f(p.birth_day, 0);
  f(p.age, 0);
  f(p.sex, Sex::male);
  f(p.diploma, Diploma::none);
  f(p.activity, Activity::child);
  f(p.contract, Contract::none);
  f(p.licence, 0);
  f(p.health_limited, 0);
  f(p.transit_unaffordable, 0);
  f(p.creche_place, 0);
  f(p.search_since, Time::min());
  for (auto& column : p.last_refusal) f(column, Time::min());
  f(p.refusals, std::array<std::uint16_t, kBarriers>{0, 0, 0});
  f(p.refused_mobility_in_search, 0);
  f(p.stamp, 0);
  f(p.next_in_household, kNone);
  f(p.alive, 1);
  f(p.resident, 1);
  f(p.cohort, 0);
  f(p.low_health_literacy, 0);
  for (auto& column : p.last_screening) f(column, Time::min());
  f(p.truck_aware, 0);
  f(p.aid_programme, -1);
  f(p.aid_until, Time::min());
  f(p.transit_pass, 0);
  f(p.car_rental, 0);
  f(p.in_licence_training, 0);
}

template <class Column>
using ValueOf = typename Column::value_type;

}  // namespace

std::uint32_t Persons::add(std::uint32_t hh) {
  const auto row = static_cast<std::uint32_t>(household.size());
  each_column(*this, [](auto& column, auto value) {
    column.push_back(static_cast<ValueOf<std::decay_t<decltype(column)>>>(value));
  });
  household[row] = hh;
  return row;
}

// each_column() must name every column: a column added without it fails here.
static_assert(sizeof(Persons) == 32 * sizeof(std::vector<int>));
static_assert(sizeof(Households) == 8 * sizeof(std::vector<int>));

void Persons::reserve(std::size_t n) {
  each_column(*this, [n](auto& column, auto) { column.reserve(n); });
}

void Households::reserve(std::size_t n) {
  auto all = [n](auto&... column) { (column.reserve(n), ...); };
  all(type, car, informal_care, head, tail, members, resident, last_hire);
}

std::uint32_t Households::add(HouseholdType t, bool has_car, bool informal) {
  type.push_back(t);
  car.push_back(has_car ? 1 : 0);
  informal_care.push_back(informal ? 1 : 0);
  head.push_back(kNone);
  tail.push_back(kNone);
  members.push_back(0);
  resident.push_back(1);
  last_hire.push_back(Time::min());
  return static_cast<std::uint32_t>(type.size() - 1);
}

std::uint32_t Population::add_member(std::uint32_t hh) {
  const std::uint32_t row = persons.add(hh);
  std::uint32_t& last = households.tail[hh];
  (last == kNone ? households.head[hh] : persons.next_in_household[last]) = row;
  last = row;
  ++households.members[hh];
  return row;
}

void Population::remove(std::uint32_t person) {
  removed += persons.alive[person];
  persons.alive[person] = 0;
  persons.resident[person] = 0;
}

void Population::unlink(std::uint32_t person) {
  const std::uint32_t hh = persons.household[person];
  std::uint32_t* link = &households.head[hh];
  std::uint32_t before = kNone;  // the member before `person`
  while (*link != kNone && *link != person) {
    before = *link;
    link = &persons.next_in_household[*link];
  }
  if (*link != person) return;
  *link = persons.next_in_household[person];
  if (households.tail[hh] == person) households.tail[hh] = before;
  persons.next_in_household[person] = kNone;
  --households.members[hh];
}

void Population::move_out(std::uint32_t hh) {
  households.resident[hh] = 0;
  for_each_member(*this, hh, [&](std::uint32_t m) { persons.resident[m] = 0; });
}

}  // namespace qpv::model
