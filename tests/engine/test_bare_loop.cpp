// The floor of the benchmarks (sim/engine/bare_loop.hpp) does the engine work it is asked for:
// the same number of events, pushes and random draws, with about the same number pending.
#include <catch2/catch.hpp>

#include "sim/engine/bare_loop.hpp"

using qpv::engine::bare_event_loop;
using qpv::engine::LoopWork;

namespace {

/// About what one Valenciennes QPV partition does in a replicate (bench, 15 partitions).
LoopWork partition_like() {
  LoopWork w;
  w.events = 7'300;
  w.pushes = 9'400;
  w.draws = 99'000;
  w.pending = 7'300ull * 2'160;
  w.subjects = 4'100;
  return w;
}

}  // namespace

TEST_CASE("the bare loop pops, pushes and draws what it is asked to", "[engine][bench]") {
  const LoopWork asked = partition_like();
  const auto r = bare_event_loop(asked, 20240101);
  CHECK(r.done.events == asked.events);
  CHECK(r.done.pushes == asked.pushes);
  CHECK(r.done.subjects == asked.subjects);
  // One draw per push and per other draw asked; the ziggurat's rare second tries add a little.
  CHECK(r.done.draws >= asked.draws);
  CHECK(static_cast<double>(r.done.draws) <= 1.01 * static_cast<double>(asked.draws));
  // Mean pending events: the initial pushes set it, the later ones keep it about level.
  const double mean_pending =
      static_cast<double>(r.done.pending) / static_cast<double>(r.done.events);
  CHECK(mean_pending == Approx(2'160).epsilon(0.25));
}

TEST_CASE("the bare loop is deterministic for a seed and depends on it", "[engine][bench]") {
  const LoopWork asked = partition_like();
  const auto a = bare_event_loop(asked, 7);
  const auto b = bare_event_loop(asked, 7);
  const auto c = bare_event_loop(asked, 8);
  CHECK(a.checksum == b.checksum);
  CHECK(a.done.draws == b.done.draws);
  CHECK(a.checksum != c.checksum);
}

TEST_CASE("the bare loop does nothing when no event is asked for", "[engine][bench]") {
  LoopWork none;
  none.pushes = 10;
  const auto r = bare_event_loop(none, 1);
  CHECK(r.checksum == 0);
  CHECK(r.done.events == 0);
  CHECK(r.done.draws == 0);
}
