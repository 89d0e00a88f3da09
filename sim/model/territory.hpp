// A territory: its QPVs and, per QPV, the marginals the population synthesis reproduces.
// Built by sim/io from CSV files; the model never opens files.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qpv::model {

/// Age bands of the synthesis marginals (years, inclusive bounds).
inline constexpr std::size_t kAgeBands = 13;
inline constexpr std::array<std::string_view, kAgeBands> kAgeBandNames = {
    "0-2",   "3-5",   "6-10",  "11-14", "15-17", "18-24", "25-29",
    "30-39", "40-49", "50-54", "55-64", "65-74", "75+"};
inline constexpr std::array<int, kAgeBands> kAgeBandLow = {0,  3,  6,  11, 15, 18, 25,
                                                           30, 40, 50, 55, 65, 75};
/// Upper bound of the open band "75+" used when drawing ages (assumption: 75-94).
inline constexpr std::array<int, kAgeBands> kAgeBandHigh = {2,  5,  10, 14, 17, 24, 29,
                                                            39, 49, 54, 64, 74, 94};
/// First band of adults (18+) and of people 15+.
inline constexpr std::size_t kFirstAdultBand = 5;
inline constexpr std::size_t kFirst15Band = 4;
inline constexpr std::size_t kFirst65Band = 11;
std::size_t age_band_of(int age_years);

enum class HouseholdType : std::uint8_t {
  single_person,
  couple_no_children,
  couple_with_children,
  single_parent,
  other
};
inline constexpr std::size_t kHouseholdTypes = 5;
inline constexpr std::array<std::string_view, kHouseholdTypes> kHouseholdTypeNames = {
    "single_person", "couple_no_children", "couple_with_children", "single_parent", "other"};

enum class Diploma : std::uint8_t { none, cap_bep, bac, higher };
inline constexpr std::size_t kDiplomas = 4;
inline constexpr std::array<std::string_view, kDiplomas> kDiplomaNames = {"none", "cap_bep", "bac",
                                                                          "higher"};

/// Activity status. `child` is everyone under 15; the synthesis marginal covers 15-64.
enum class Activity : std::uint8_t { employed, job_seeker, inactive, student, retired, child };
inline constexpr std::size_t kActivities = 5;  // the ones with a marginal (not `child`)
inline constexpr std::array<std::string_view, kActivities> kActivityNames = {
    "employed", "job_seeker", "inactive", "student", "retired"};

/// Marginals of one QPV. Distributions sum to 1; single shares are in [0, 1].
struct Marginals {
  std::array<double, kAgeBands> age{};                   ///< share of residents
  std::array<double, kHouseholdTypes> household_type{};  ///< share of households
  std::array<double, kDiplomas> diploma{};               ///< share of residents 15+
  std::array<double, kActivities> activity{};            ///< share of residents 15-64
  double car = 0;                                        ///< share of households with >= 1 car
  double licence = 0;               ///< share of residents 18+ holding a driving licence
  double health_15_64 = 0;          ///< share of 15-64 with a long-term health limitation
  double health_65_plus = 0;        ///< same, 65+
  double fixed_term = 0;            ///< share of the employed on a fixed-term contract
  double single_parent_female = 0;  ///< share of single-parent heads who are women
  double informal_care = 0;         ///< share of households with children with informal care
  double transit_unaffordable = 0;  ///< share of 15-64 for whom transit fares are a barrier

  bool operator==(const Marginals&) const = default;
};

/// The most residents a QPV may have, in persons. Each is simulated person by person, one
/// QPV per thread: a QPV of 1,000,000 peaks at about 310 MB (`qpvsim run` of one year, one
/// thread), while one of 1e8 allocated until memory ran out. QPVs are neighbourhoods of 1,000 to
/// a few tens of thousands of residents, so the bound is far above any real one.
inline constexpr std::int64_t kMaxQpvPopulation = 1'000'000;
/// The most QPVs a territory file may list. France has about 1,600; the synthetic territories
/// of `--scale` are not read from a file. Every QPV is synthesised once when a scenario is
/// checked, and codes are compared pairwise.
inline constexpr std::size_t kMaxQpvs = 10'000;

struct Qpv {
  std::string code;
  std::string name;
  std::vector<std::string> communes;
  std::int64_t population = 0;  ///< persons
  std::string population_source;
  double transit_access = 0;       ///< share of job offers reachable by public transport
  std::int64_t creche_places = 0;  ///< crèche (EAJE) places for the QPV's children
  Marginals marginals;
};

struct Territory {
  std::string name;
  std::vector<Qpv> qpvs;
  /// Index of a QPV by code, or -1.
  int index_of(std::string_view code) const;
};

}  // namespace qpv::model
