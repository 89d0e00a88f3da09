// The floor of the event loop, for benchmarks (DESIGN.md §9): what the engine alone costs.
//
// bare_event_loop() does the engine work of one partition with no model logic: the same
// EventQueue, the same number of pending events on average, of pops and pushes, and of 64-bit
// random draws, taken from per-subject SplitMix64 streams as the model's agents draw theirs.
// A model's events per second over the floor's, both measured in the same run, says what share
// of the time goes to the engine; the rest is model logic (and population synthesis).
#pragma once

#include <cstdint>

namespace qpv::engine {

/// The engine work a partition did, counted by the model during its run.
struct LoopWork {
  std::uint64_t events = 0;    ///< events popped (and handled, or discarded as stale)
  std::uint64_t pushes = 0;    ///< events pushed, those of initialisation included
  std::uint64_t draws = 0;     ///< 64-bit random draws, all streams, synthesis included
  std::uint64_t pending = 0;   ///< sum over pops of the number of pending events before it
  std::uint64_t subjects = 0;  ///< agent rows (one random stream each in the floor)

  LoopWork& operator+=(const LoopWork& o) {
    events += o.events;
    pushes += o.pushes;
    draws += o.draws;
    pending += o.pending;
    subjects += o.subjects;
    return *this;
  }
};

/// What the bare loop did: a checksum of what it drew and popped (so that the compiler cannot
/// drop the work; deterministic for a given seed) and the work counted as it went, which
/// equals the work asked for (tests/engine/test_bare_loop.cpp).
struct BareLoopResult {
  std::uint64_t checksum = 0;
  LoopWork done;
};

/// Runs the bare loop for `work` (one partition).
BareLoopResult bare_event_loop(const LoopWork& work, std::uint64_t seed);

}  // namespace qpv::engine
