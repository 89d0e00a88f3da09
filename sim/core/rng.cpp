#include "sim/core/rng.hpp"

namespace qpv {

// Integer arithmetic only: every clone gives the same states. The AVX-512 clone has 64-bit
// vector multiplications (AVX2 has none), so it computes eight agents' states at a time. Clang
// takes target_clones only on a function's first declaration, and GCC there makes every caller
// emit a resolver of clones it cannot see: clang builds (tests/fuzz) keep the default alone.
#if !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "default")))
#endif
void AgentStreams::initial_states(std::uint64_t base, std::size_t first, std::size_t n,
                                  std::uint64_t* out) {
  for (std::size_t i = first; i < n; ++i) out[i] = initial_state(base, i);
}

}  // namespace qpv
