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
  last_refusal.push_back({Time::min(), Time::min(), Time::min()});
  refusals.push_back({0, 0, 0});
  stamp.push_back(0);
  return row;
}

}  // namespace qpv::model
