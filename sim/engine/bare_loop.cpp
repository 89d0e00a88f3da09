#include "sim/engine/bare_loop.hpp"

#include <algorithm>

#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"
#include "sim/core/time.hpp"
#include "sim/engine/event_queue.hpp"

namespace qpv::engine {
namespace {

/// How many of `total` items are due after `k` of `steps` steps (k <= steps < 2^32), spread
/// evenly: floor(total * k / steps), without overflow.
std::uint64_t share(std::uint64_t total, std::uint64_t k, std::uint64_t steps) {
  return total / steps * k + total % steps * k / steps;
}

/// Mean waiting time of the floor's events (days). Any value gives the same costs: it only
/// scales the times, not the order in which events come out.
constexpr double kMeanWaitDays = 100;

}  // namespace

BareLoopResult bare_event_loop(const LoopWork& work, std::uint64_t seed) {
  BareLoopResult r;
  if (work.events == 0) return r;
  const std::uint64_t mean_pending = std::max<std::uint64_t>(1, work.pending / work.events);
  const std::uint64_t initial = std::min(mean_pending, work.pushes);
  const std::uint64_t later_pushes = work.pushes - initial;
  // Every push draws its waiting time; the other draws are spread over the events.
  const std::uint64_t other_draws = work.draws > work.pushes ? work.draws - work.pushes : 0;
  const auto subjects = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, work.subjects));

  AgentStreams streams(StreamKey{seed, 0, 0, stream_id::outside_runs});
  streams.grow(subjects);
  EventQueue queue;
  queue.reserve(std::max(initial, work.pushes - work.events) + 16);
  const Time t0 = Time::from_seconds(0);
  for (std::uint64_t i = 0; i < initial; ++i) {
    const auto who = static_cast<std::uint32_t>(i % subjects);
    AgentRng rng = streams.at(who);
    queue.push(t0 + Duration::days(rng.uniform() * 2 * kMeanWaitDays), who, 1);
  }

  std::uint64_t& checksum = r.checksum;
  for (std::uint64_t k = 0; k < work.events && !queue.empty(); ++k) {
    r.done.pending += queue.size();
    const Event e = queue.pop();
    ++r.done.events;
    checksum += e.subject + static_cast<std::uint64_t>(e.time.seconds_since_epoch());
    AgentRng rng = streams.at(e.subject);
    for (std::uint64_t d = share(other_draws, k, work.events);
         d < share(other_draws, k + 1, work.events); ++d)
      checksum ^= rng();
    for (std::uint64_t p = share(later_pushes, k, work.events);
         p < share(later_pushes, k + 1, work.events); ++p) {
      queue.push(e.time + Duration::days(rng.exponential(1.0 / kMeanWaitDays)), e.subject, 1);
    }
  }
  r.done.pushes = queue.pushed();
  r.done.draws = streams.draws();
  r.done.subjects = subjects;
  return r;
}

}  // namespace qpv::engine
