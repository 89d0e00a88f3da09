// Random streams keyed by (seed, replicate, partition, process).
//
// Every (replicate, QPV, process) triple owns an independent generator whose state is derived
// from the key by a SplitMix64 mixing function, so results do not depend on thread count or
// scheduling, and two scenarios run with the same seed share their draws (common random
// numbers). Partition-level streams use xoshiro256** (Blackman & Vigna) and per-agent streams
// SplitMix64, both written here because Boost 1.74 has neither. A distribution beyond the
// helpers below should come from Boost.Random, whose output is the same on every platform
// (std:: distributions are not). Known-value tests pin the generators.
#pragma once

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <vector>

namespace qpv {

/// One step of SplitMix64: a bijective 64-bit mixer with good avalanche.
inline constexpr std::uint64_t kSplitMixGamma = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += kSplitMixGamma);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// A 32-bit key for a name (FNV-1a), for streams keyed by what they are for rather than by a
/// position that could move (a QPV's code, a parameter's name).
constexpr std::uint32_t name_key(std::string_view text) {
  std::uint32_t h = 2166136261U;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return h;
}

/// Identifies one random stream. `process` is a small constant chosen by the model per process.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t partition = 0;
  std::uint32_t process = 0;
};

/// The helpers every generator here offers, written once on top of operator()().
template <class Derived>
class RandomHelpers {
 public:
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(self()() >> 11) * 0x1.0p-53; }
  /// True with probability p (p outside [0,1] behaves as clamped).
  bool bernoulli(double p) { return uniform() < p; }
  /// Exponential of rate 1, by Boost.Random's ziggurat (Marsaglia & Tsang 2000): one 64-bit
  /// draw and a table look-up in about 99 % of cases, no logarithm; the same output on every
  /// platform. The number of draws it takes varies (rejections), as each agent's stream allows.
  double unit_exponential() { return boost::random::exponential_distribution<double>(1.0)(self()); }
  /// Exponential waiting time with the given rate (> 0); same unit as 1/rate.
  double exponential(double rate) { return unit_exponential() / rate; }
  /// Uniform integer in [0, n), n > 0 (multiply-shift on 32 random bits; the bias, about
  /// n / 2^32, is negligible for the small n used here).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((self()() >> 32) * n) >> 32);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

/// Mixes every field of a StreamKey into one 64-bit value.
inline std::uint64_t mix_key(const StreamKey& key) {
  std::uint64_t h = key.seed;
  std::uint64_t mixed = splitmix64(h);
  for (std::uint64_t field :
       {std::uint64_t{key.replicate}, std::uint64_t{key.partition}, std::uint64_t{key.process}}) {
    h = mixed ^ (field + 0x632BE59BD9B4E019ULL);
    mixed = splitmix64(h);
  }
  return mixed;
}

/// xoshiro256** seeded from a StreamKey: one stream per (replicate, partition, process), for
/// draws that belong to no particular agent (population synthesis, truck schedules).
/// Satisfies UniformRandomBitGenerator.
class Rng : public RandomHelpers<Rng> {
 public:
  using result_type = std::uint64_t;

  explicit Rng(const StreamKey& key) {
    std::uint64_t sm = mix_key(key);
    for (auto& word : s_) word = splitmix64(sm);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  /// Number of 64-bit outputs drawn so far (benchmarks count the work done).
  std::uint64_t draws() const { return draws_; }

  result_type operator()() {
    ++draws_;
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

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  std::uint64_t draws_ = 0;
};

/// The stream of one agent: a SplitMix64 generator whose whole state is one word owned by
/// AgentStreams. SplitMix64 is counter-based (output n = mix(seed + n * gamma)), so an agent's
/// draws depend only on its key and how many draws it has made.
class AgentRng : public RandomHelpers<AgentRng> {
 public:
  using result_type = std::uint64_t;
  explicit AgentRng(std::uint64_t& state) : state_(&state) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return splitmix64(*state_); }

 private:
  std::uint64_t* state_;
};

/// The inverse of an odd `a` modulo 2^64, by Newton's iteration (each step doubles the number
/// of correct low bits; an odd a is its own inverse to 3 bits).
constexpr std::uint64_t inverse_mod_2_64(std::uint64_t a) {
  std::uint64_t x = a;
  for (int k = 0; k < 5; ++k) x *= 2 - a * x;
  return x;
}

/// One random stream per agent of a partition, for one process. Agent i's draws never depend
/// on what other agents drew, so when a scenario treats one person differently everybody
/// else's draws are unchanged: common random numbers stay aligned person by person, and
/// paired differences between scenarios are sharp.
class AgentStreams {
 public:
  explicit AgentStreams(const StreamKey& key) : base_(mix_key(key)) {}
  /// Creates the streams of agents [size(), n), and up to kAhead more within the reserved
  /// room: an agent's initial state depends only on its index, so making it early changes
  /// nothing, and agents added one at a time then cost one call here per kAhead.
  void grow(std::size_t n) {
    const std::size_t first = state_.size();
    if (n <= first) return;
    const std::size_t to = std::max(n, std::min(first + kAhead, state_.capacity()));
    state_.resize(to);
    initial_states(base_, first, to, state_.data());
    for (std::size_t i = first; i < to; ++i) initial_sum_ += state_[i];
  }
  /// Number of 64-bit outputs drawn so far by all agents. Nothing is counted as it happens:
  /// a SplitMix64 state advances by the odd constant gamma per draw, so agent i has drawn
  /// (state - initial state) / gamma times, the division being by gamma's inverse mod 2^64;
  /// summed over the agents (mod 2^64, where multiplication distributes), the initial states
  /// add up to the sum grow() keeps.
  std::uint64_t draws() const {
    std::uint64_t sum = 0;
    for (const std::uint64_t s : state_) sum += s;
    return (sum - initial_sum_) * kInverse;
  }
  std::size_t size() const { return state_.size(); }
  /// Reserves room for n agents' streams (grow() then does not move them).
  void reserve(std::size_t n) { state_.reserve(n); }
  /// The stream of agent i (< size()); valid until the next grow().
  AgentRng at(std::uint32_t i) { return AgentRng(state_[i]); }

 private:
  static std::uint64_t initial_state(std::uint64_t base, std::size_t i) {
    std::uint64_t s = base ^ (0xD1B54A32D192ED03ULL * (i + 1));
    return splitmix64(s);
  }
  /// out[i] = initial_state(base, i) for i in [first, n): a loop without dependences between
  /// agents, vectorised where the CPU allows (rng.cpp).
  static void initial_states(std::uint64_t base, std::size_t first, std::size_t n,
                             std::uint64_t* out);
  static constexpr std::size_t kAhead = 64;
  static constexpr std::uint64_t kInverse = inverse_mod_2_64(kSplitMixGamma);
  static_assert(kSplitMixGamma * kInverse == 1);

  std::uint64_t base_;
  std::vector<std::uint64_t> state_;
  std::uint64_t initial_sum_ = 0;  ///< of the agents' initial states, mod 2^64
};

}  // namespace qpv
