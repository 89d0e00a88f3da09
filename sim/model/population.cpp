#include "sim/model/population.hpp"

namespace qpv::model {

std::uint32_t Persons::add(std::uint32_t hh) {
  const auto row = static_cast<std::uint32_t>(household.size());
  household.push_back(hh);
  birth_day.push_back(0);
  age.push_back(0);
  sex.push_back(Sex::male);
  diploma.push_back(Diploma::none);
  activity.push_back(Activity::child);
  contract.push_back(Contract::none);
  licence.push_back(0);
  health_limited.push_back(0);
  transit_unaffordable.push_back(0);
  creche_place.push_back(0);
  search_since.push_back(Time::min());
  for (auto& column : last_refusal) column.push_back(Time::min());
  refusals.push_back({0, 0, 0});
  stamp.push_back(0);
  next_in_household.push_back(kNone);
  alive.push_back(1);
  resident.push_back(1);
  cohort.push_back(0);
  low_health_literacy.push_back(0);
  for (auto& column : last_screening) column.push_back(Time::min());
  truck_aware.push_back(0);
  aid_programme.push_back(-1);
  aid_until.push_back(Time::min());
  transit_pass.push_back(0);
  car_rental.push_back(0);
  in_licence_training.push_back(0);
  return row;
}

// 32-bit sums of bytes, without branches: vectorised (AVX2 where the CPU has it), same count.
__attribute__((target_clones("avx2", "default"))) std::uint32_t Persons::simulated() const {
  std::uint32_t n = 0;
  for (const std::uint8_t a : alive) n += a;
  return n;
}

// reserve() must name every column: a column added without it fails here.
static_assert(sizeof(Persons) == 31 * sizeof(std::vector<int>));
static_assert(sizeof(Households) == 8 * sizeof(std::vector<int>));

void Persons::reserve(std::size_t n) {
  auto all = [n](auto&... column) { (column.reserve(n), ...); };
  all(household, birth_day, age, sex, diploma, activity, contract, licence, health_limited,
      transit_unaffordable, creche_place, search_since, last_refusal[0], last_refusal[1],
      last_refusal[2], refusals, stamp, next_in_household, alive, resident, cohort,
      low_health_literacy, last_screening[0], last_screening[1], last_screening[2], truck_aware,
      aid_programme, aid_until, transit_pass, car_rental, in_licence_training);
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
