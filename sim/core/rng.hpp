// Random streams keyed by (seed, replicate, partition, process).
//
// Every (replicate, QPV, process) triple owns an independent generator whose state is derived
// from the key by a SplitMix64 mixing function, so results do not depend on thread count or
// scheduling, and two scenarios run with the same seed share their draws (common random
// numbers). The generator is xoshiro256** (Blackman & Vigna), written here because Boost 1.74
// has none; distributions beyond the three inline helpers come from Boost.Random, whose output
// is the same on every platform (std:: distributions are not). Known-value tests pin both.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>

namespace qpv {

/// One step of SplitMix64: a bijective 64-bit mixer with good avalanche.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Identifies one random stream. `process` is a small constant chosen by the model per process.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t partition = 0;
  std::uint32_t process = 0;
};

/// xoshiro256** seeded from a StreamKey. Satisfies UniformRandomBitGenerator.
class Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(const StreamKey& key) {
    // Fold each key field through the mixer so nearby keys give unrelated states.
    std::uint64_t h = key.seed;
    std::uint64_t mixed = splitmix64(h);
    for (std::uint64_t field :
         {std::uint64_t{key.replicate}, std::uint64_t{key.partition}, std::uint64_t{key.process}}) {
      h = mixed ^ (field + 0x632BE59BD9B4E019ULL);
      mixed = splitmix64(h);
    }
    std::uint64_t sm = mixed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  /// True with probability p (p outside [0,1] behaves as clamped).
  bool bernoulli(double p) { return uniform() < p; }
  /// Exponential waiting time with the given rate (> 0); same unit as 1/rate.
  /// Uses -log(u) with u in (0, 1]: faster than log1p (DESIGN.md §9) and never infinite.
  double exponential(double rate) { return -std::log(1.0 - uniform()) / rate; }
  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-40 for our n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((*this)() >> 32) * n >> 32);
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace qpv
