// Flow counters of one month, filled by the processes and recorded with the month's stocks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/model/indicators/counter.hpp"
#include "sim/model/population.hpp"

namespace qpv::model {

/// The month's flows, indexed by their Counter: `++flows[Counter::hires]`. The flows are the
/// counters from Counter::offers up to the first quarter transition, so a new flow counter
/// needs only its entry there (and its row in the catalogue); record_flows() adds them all.
class Flows {
 public:
  static constexpr auto kFirst = static_cast<std::size_t>(Counter::offers);
  static constexpr auto kEnd = static_cast<std::size_t>(Counter::quarter_employed);
  static constexpr std::size_t kCount = kEnd - kFirst;

  std::int64_t& operator[](Counter c) { return counts_[static_cast<std::size_t>(c) - kFirst]; }
  std::int64_t operator[](Counter c) const { return counts_[static_cast<std::size_t>(c) - kFirst]; }

 private:
  std::array<std::int64_t, kCount> counts_{};
};

// Refusals by barrier and screenings by programme are counters in a row, in enum order.
static_assert(static_cast<int>(Counter::refusals_health) -
                      static_cast<int>(Counter::refusals_mobility) ==
                  static_cast<int>(Barrier::health) - static_cast<int>(Barrier::mobility) &&
              kBarriers == 3);
static_assert(static_cast<int>(Counter::screened_colorectal) -
                      static_cast<int>(Counter::screened_breast) ==
                  static_cast<int>(Programme::colorectal) &&
              kProgrammes == 3);

/// The counter of offers refused for `barrier` (not Barrier::none).
constexpr Counter refusal_counter(Barrier barrier) {
  return static_cast<Counter>(static_cast<int>(Counter::refusals_mobility) +
                              static_cast<int>(barrier) - static_cast<int>(Barrier::mobility));
}
/// The counter of screenings of `programme`, by any channel.
constexpr Counter screening_counter(Programme programme) {
  return static_cast<Counter>(static_cast<int>(Counter::screened_breast) +
                              static_cast<int>(programme));
}

}  // namespace qpv::model
