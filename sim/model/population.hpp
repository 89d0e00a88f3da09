// The agents of one (replicate, QPV) partition, stored as struct-of-arrays with dense ids.
//
// Members of a household are contiguous rows: household h owns persons
// [first_member[h], first_member[h] + members[h]), and its first member is the head.
// Process code reads columns directly (pop.activity[p]); there are no string look-ups.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

enum class Contract : std::uint8_t { none, permanent, fixed_term };
enum class Sex : std::uint8_t { male, female };

/// Barriers that can block a job offer, in the order they are checked (DESIGN.md §4).
enum class Barrier : std::uint8_t { none, mobility, childcare, health };
inline constexpr std::size_t kBarriers = 3;  // mobility, childcare, health

struct Households {
  std::vector<HouseholdType> type;
  std::vector<std::uint8_t> car;            ///< 1 if the household has at least one car
  std::vector<std::uint8_t> informal_care;  ///< 1 if informal childcare is available
  std::vector<std::uint32_t> first_member;
  std::vector<std::uint8_t> members;

  std::size_t size() const { return type.size(); }
};

struct Persons {
  std::vector<std::uint32_t> household;
  std::vector<std::int32_t> birth_day;  ///< days since 1970-01-01
  /// Age in whole years. Until the demography process exists the population keeps its
  /// synthesis-date age structure (nobody ages, is born, dies or moves).
  std::vector<std::uint8_t> age;
  std::vector<Sex> sex;
  std::vector<Diploma> diploma;  ///< meaningful from 15
  std::vector<Activity> activity;
  std::vector<Contract> contract;
  std::vector<std::uint8_t> licence;
  std::vector<std::uint8_t> health_limited;
  std::vector<std::uint8_t> transit_unaffordable;
  std::vector<std::uint8_t> creche_place;  ///< 1 if this child holds a crèche place
  std::vector<Time> search_since;          ///< start of the current job search
  /// Last refusal of an offer for each barrier (mobility, childcare, health); Time::min() = never.
  std::vector<std::array<Time, kBarriers>> last_refusal;
  std::vector<std::array<std::uint16_t, kBarriers>> refusals;  ///< counts since the start
  std::vector<std::uint16_t> stamp;  ///< bumped when the person's pending event is replaced

  std::size_t size() const { return household.size(); }
  /// Appends a person with every column defaulted; returns its row.
  std::uint32_t add(std::uint32_t hh);
};

struct Population {
  Households households;
  Persons persons;
};

}  // namespace qpv::model
