#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/engine/event_queue.hpp"

using qpv::Duration;
using qpv::Time;
using qpv::engine::EventQueue;

TEST_CASE("events come out by time, then by insertion order", "[engine]") {
  EventQueue q;
  const Time t0 = Time::from_seconds(1000);
  q.push(t0 + Duration::seconds(5), 1, 0);
  q.push(t0, 2, 0);
  q.push(t0 + Duration::seconds(5), 3, 0);
  q.push(t0, 4, 0);
  q.push(t0 + Duration::seconds(1), 5, 0);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().subject);
  CHECK(order == std::vector<std::uint32_t>{2, 4, 5, 1, 3});
}

TEST_CASE("the queue's order is a stable sort by time, with interleaved pushes", "[engine]") {
  // Many ties: times drawn from 50 values. Expected order = stable sort of (time, push index).
  qpv::Rng rng(qpv::StreamKey{9, 0, 0, 0});
  EventQueue q;
  struct Pushed {
    Time time;
    std::uint32_t id;
  };
  std::vector<Pushed> expected;
  std::vector<std::uint32_t> got;
  Time now = Time::from_seconds(0);
  std::uint32_t next = 0;
  for (int round = 0; round < 2000; ++round) {
    for (int k = 0; k < 3; ++k) {
      const Time t = now + Duration::seconds(rng.below(50));
      q.push(t, next, 0);
      expected.push_back({t, next++});
    }
    const auto e = q.pop();  // pop one per round: pushes and pops interleave
    REQUIRE(e.time >= now);
    now = e.time;
    got.push_back(e.subject);
  }
  while (!q.empty()) got.push_back(q.pop().subject);
  // Replay the same pushes/pops on a reference implementation (linear scan for min (time, seq)).
  std::vector<Pushed> pending;
  std::vector<std::uint32_t> want;
  std::size_t pushed = 0;
  auto pop_min = [&] {
    auto it =
        std::min_element(pending.begin(), pending.end(), [](const Pushed& a, const Pushed& b) {
          return a.time != b.time ? a.time < b.time : a.id < b.id;
        });
    want.push_back(it->id);
    pending.erase(it);
  };
  for (int round = 0; round < 2000; ++round) {
    for (int k = 0; k < 3; ++k) pending.push_back(expected[pushed++]);
    pop_min();
  }
  while (!pending.empty()) pop_min();
  CHECK(got == want);
  CHECK(q.pushed() == expected.size());
}

TEST_CASE("events at or after the horizon are dropped, the others keep their order", "[engine]") {
  qpv::Rng rng(qpv::StreamKey{11, 0, 0, 0});
  const Time horizon = Time::from_seconds(60);
  EventQueue all, cut;
  cut.set_horizon(horizon);
  std::uint64_t kept = 0;
  for (std::uint32_t id = 0; id < 500; ++id) {
    const Time t = Time::from_seconds(static_cast<std::int64_t>(rng.below(100)));
    all.push(t, id, 0);
    cut.push(t, id, 0);
    kept += t < horizon;
  }
  CHECK(cut.size() == kept);
  CHECK(cut.pushed() == kept);  // dropped events are not counted as pushes
  // The same events before the horizon come out in the same order.
  std::vector<std::uint32_t> want, got;
  while (!all.empty()) {
    const auto e = all.pop();
    if (e.time < horizon) want.push_back(e.subject);
  }
  while (!cut.empty()) {
    const auto e = cut.pop();
    REQUIRE(e.time < horizon);
    got.push_back(e.subject);
  }
  CHECK(got == want);
  CHECK(got.size() == kept);
  // Exactly at the horizon is dropped too.
  cut.push(horizon, 1, 0);
  CHECK(cut.empty());
}
