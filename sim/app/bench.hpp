// qpvsim bench: the performance figures of DESIGN.md §9, measured in one process and printed
// with their targets (BENCHMARKS.md lists the commands). Benchmarks print; they never fail on
// a slow machine.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace qpv::io {
struct Scenario;
}

namespace qpv::app {

struct BenchOptions {
  std::string scenario;  ///< the scenario timed (default: the embedded Valenciennes baseline)
  std::uint32_t replicates = 20;
  int threads = 2;  ///< threads of the parallel figures (batch, workshop, national scale)
  std::optional<std::uint64_t> seed;
  std::string posterior;    ///< overrides the scenario's [run] posterior
  std::uint32_t scale = 0;  ///< > 0: time one replicate of this many synthetic QPV instead
  /// Runs of the one-core measurement and of the replicate batch (the same replicates each
  /// time): with more than one, the lowest times are printed too, the machine's speed when
  /// least disturbed.
  std::uint32_t repeat = 1;
};

/// The suite: one core (time per replicate, events and person-days per second), the floor
/// (a bare event loop doing the same engine work) and the ratio to it, the replicate batch on
/// 1 and `threads` threads, the workshop's first answer, peak memory.
int bench_suite(const BenchOptions& o, const std::atomic<bool>* cancel);

/// National scale: one replicate of `o.scale` synthetic QPV on `o.threads` threads, its
/// wall time, throughput and peak memory.
int bench_scale(const BenchOptions& o, const std::atomic<bool>* cancel);

/// Peak resident memory of this process so far (bytes).
std::uint64_t peak_rss_bytes();

}  // namespace qpv::app
