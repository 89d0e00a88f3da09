// The agents of one (replicate, QPV) partition, stored as struct-of-arrays with dense ids.
//
// Rows never move: a household's members form a linked list from head[h] through
// next_in_household (for_each_member() walks it), so births and newcomers are appended and
// deaths unlinked without renumbering anyone. Process code reads columns directly
// (pop.persons.activity[p]); there are no string look-ups.
#pragma once

#include <array>
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

/// End of a household's member list.
inline constexpr std::uint32_t kNone = UINT32_MAX;

/// The three organised cancer-screening programmes.
enum class Programme : std::uint8_t { breast, cervical, colorectal };
inline constexpr std::size_t kProgrammes = 3;

struct Households {
  std::vector<HouseholdType> type;
  std::vector<std::uint8_t> car;            ///< 1 if the household has at least one car
  std::vector<std::uint8_t> informal_care;  ///< 1 if informal childcare is available
  std::vector<std::uint32_t> head;          ///< first member (the reference person)
  std::vector<std::uint32_t> tail;          ///< last member, where add_member appends
  std::vector<std::uint8_t> members;        ///< number of members
  std::vector<std::uint8_t> resident;       ///< 1 while the household lives in the QPV
  std::vector<Time> last_hire;              ///< last time a member was hired; Time::min() = never

  std::size_t size() const { return type.size(); }
  /// Appends an empty household (no members yet); returns its row.
  std::uint32_t add(HouseholdType t, bool has_car, bool informal);
  /// Reserves room for `n` rows in every column.
  void reserve(std::size_t n);
};

struct Persons {
  std::vector<std::uint32_t> household;
  std::vector<std::int32_t> birth_day;  ///< days since 1970-01-01
  /// Age in whole years, updated on the first of every month by the demography process.
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
  /// Last refusal of an offer per barrier (mobility, childcare, health) and person:
  /// last_refusal[barrier][person]; Time::min() = never. One column per barrier, so that the
  /// monthly count of recent refusals reads contiguous dates.
  std::array<std::vector<Time>, kBarriers> last_refusal;
  std::vector<std::array<std::uint16_t, kBarriers>> refusals;  ///< counts since the start
  /// 1 if the person refused an offer for mobility during their current job search: set by
  /// the labour market on a mobility refusal, reset to 0 when a search starts (a person who
  /// finds a job and later searches again starts afresh). For people already searching when
  /// they join the simulation (synthesis, newcomers), refusals before that are unknown: 0.
  std::vector<std::uint8_t> refused_mobility_in_search;
  std::vector<std::uint16_t> stamp;  ///< bumped when the person's pending event is replaced
  std::vector<std::uint32_t> next_in_household;  ///< next member, or kNone
  /// 1 while the person is simulated: alive, and either living in the QPV or a start-date
  /// resident followed after moving out. Set to 0 only by Population::remove(), which counts
  /// it (Population::simulated()).
  std::vector<std::uint8_t> alive;
  /// 1 while alive and living in the QPV: alive, and the household resident (a copy kept by
  /// Population::remove and Population::move_out, so that monthly counts need no look-up of the
  /// household).
  std::vector<std::uint8_t> resident;
  /// 1 for the residents of the start date: their outcomes are followed wherever they live.
  std::vector<std::uint8_t> cohort;

  // Health and screening.
  std::vector<std::uint8_t> low_health_literacy;
  /// Last screening per programme (breast, cervical, colorectal) and person:
  /// last_screening[programme][person]; Time::min() = never. One column per programme.
  std::array<std::vector<Time>, kProgrammes> last_screening;
  std::vector<std::uint8_t> truck_aware;  ///< reached by a truck's awareness passage

  // Transport aid: at most one programme at a time.
  std::vector<std::int16_t> aid_programme;  ///< index of the intervention, -1 for none
  std::vector<Time> aid_until;              ///< end of the current aid
  std::vector<std::uint8_t> transit_pass;   ///< fares paid by a transit-pass aid
  std::vector<std::uint8_t> car_rental;     ///< a solidarity rental car at their disposal
  std::vector<std::uint8_t> in_licence_training;

  std::size_t size() const { return household.size(); }
  /// Appends a person with every column defaulted; returns its row.
  std::uint32_t add(std::uint32_t hh);
  /// Reserves room for `n` rows in every column, so that births and arrivals do not move the
  /// columns.
  void reserve(std::size_t n);
};

struct Population {
  Households households;
  Persons persons;
  /// Rows that remove() took out of the simulation (alive set to 0).
  std::uint32_t removed = 0;

  /// The number of people simulated (alive == 1), without a pass over the rows.
  std::uint32_t simulated() const { return static_cast<std::uint32_t>(persons.size()) - removed; }

  /// Appends a person at the end of household `hh`'s member list; returns the person's row.
  std::uint32_t add_member(std::uint32_t hh);
  /// The person is no longer simulated (death; a later newcomer who moves out again).
  void remove(std::uint32_t person);
  /// Household `hh` moves out of the QPV: neither it nor its members are residents any more.
  void move_out(std::uint32_t hh);
  /// Takes the person out of their household's member list (a death); the others keep their
  /// order.
  void unlink(std::uint32_t person);
};

/// Calls f(person) for every member of household `hh`, head first.
template <class F>
void for_each_member(const Population& pop, std::uint32_t hh, F&& f) {
  for (std::uint32_t i = pop.households.head[hh]; i != kNone; i = pop.persons.next_in_household[i])
    f(i);
}

}  // namespace qpv::model
