// Flow counters of one month, filled by the processes and recorded with the month's stocks.
#pragma once

#include <array>
#include <cstdint>

#include "sim/model/population.hpp"

namespace qpv::model {

struct Flows {
  // labour market
  std::int64_t offers = 0;
  std::int64_t hires = 0;
  std::int64_t job_ends = 0;  ///< contract ends and job losses that were not renewed
  std::int64_t search_entries = 0;
  std::int64_t search_exits = 0;
  std::array<std::int64_t, kBarriers> refusals{};  ///< by barrier (mobility, childcare, health)
  // screening
  std::array<std::int64_t, kProgrammes> screened{};  ///< screenings by programme, any channel
  std::int64_t truck_passages = 0;
  std::int64_t truck_screened = 0;  ///< mammographies done on the truck
  std::int64_t truck_reached = 0;   ///< people reached by a passage (awareness or screening)
  // transport aid
  std::int64_t aid_enrolments = 0;
  std::int64_t licences_obtained = 0;
  // demography
  std::int64_t births = 0;
  std::int64_t deaths = 0;
  std::int64_t departures = 0;  ///< persons moving out
  std::int64_t arrivals = 0;    ///< persons moving in
  // childcare
  std::int64_t creche_admissions = 0;
};

}  // namespace qpv::model
