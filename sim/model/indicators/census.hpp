// The monthly count of the stocks, shared by the portable loops (census.cpp) and the AVX2
// ones (census_avx2.cpp): the counts by name, the date windows they compare with, and the AVX2
// version of the counting. Internal to the indicators: the model uses record_stocks().
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"
#include "sim/model/population.hpp"
#include "sim/model/screening_rules.hpp"

namespace qpv::model::census {

/// The instants the date conditions of the stocks compare with: refused, or screened, after
/// them (strictly) counts. Screening follows the programme rules of screening_rules.hpp, one
/// instant per rule (screening_up_to_date).
struct Windows {
  std::int64_t year_ago, breast, cytology, hpv, colorectal;
  explicit Windows(Time now) {
    auto since = [now](Programme prog, int age) {
      return (now - Duration::whole_days(screening_interval_days(prog, age))).seconds_since_epoch();
    };
    year_ago = (now - Duration::whole_days(365)).seconds_since_epoch();
    breast = since(Programme::breast, 50);
    cytology = since(Programme::cervical, 25);
    hpv = since(Programme::cervical, 30);
    colorectal = since(Programme::colorectal, 50);
  }
};

/// The stocks counted over person rows, by name.
struct PersonCounts {
  std::uint32_t population = 0, wa_n = 0, wa_employed = 0, women = 0, women_employed = 0,
                young_n = 0, young_employed = 0, older_n = 0, older_employed = 0, no_diploma_n = 0,
                no_diploma_employed = 0, cohort_n = 0, cohort_employed = 0, adults = 0,
                licensed = 0, under_3s = 0, in_creche = 0, aided = 0, seekers = 0,
                seekers_no_licence_or_car = 0, refused_mobility = 0, refused_mobility_search = 0,
                refused_childcare = 0, breast_n = 0, breast_ok = 0, cervical_n = 0, cervical_ok = 0,
                colorectal_n = 0, colorectal_ok = 0;
};

/// The stocks counted over household rows: households living in the QPV with at least one
/// member, and the heads of single-parent ones.
struct HouseholdCounts {
  std::uint32_t households = 0, with_car = 0, single_parent = 0, heads = 0, heads_employed = 0;
  /// The head of a single-parent household living in the QPV.
  void add_head(unsigned age, Activity activity) {
    const unsigned working_age = age - 15U <= 49U;
    heads += working_age;
    heads_employed += working_age & (activity == Activity::employed);
  }
};

#if defined(__x86_64__) && defined(__GNUC__)
#define QPVSIM_STOCKS_AVX2 1
/// Compiles a function for AVX2 CPUs, whatever the target of the rest of the program: such a
/// function runs only where cpu_has_avx2() (record_stocks checks it at run time).
#define QPVSIM_AVX2 __attribute__((target("avx2,popcnt")))

/// True if the CPU runs the AVX2 versions (AVX2 and POPCNT), checked once.
bool cpu_has_avx2();
/// Counts the whole blocks of 32 person rows into `counts`; returns the first row not counted.
QPVSIM_AVX2 std::uint32_t count_persons_avx2(const Population& pop, const Windows& windows,
                                             PersonCounts& counts);
/// Counts the whole blocks of 32 household rows into `counts`; returns the first row not
/// counted.
QPVSIM_AVX2 std::uint32_t count_households_avx2(const Population& pop, HouseholdCounts& counts);
#endif

}  // namespace qpv::model::census
