// Dense integer ids. Agents are rows of struct-of-arrays tables, so an id is a row index;
// the strong types stop a household index being used as a person index.
#pragma once

#include <compare>
#include <cstdint>

namespace qpv {

template <class Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::uint32_t v) : v_(v) {}
  constexpr std::uint32_t index() const { return v_; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  std::uint32_t v_ = 0;
};

using PersonId = Id<struct PersonTag>;
using HouseholdId = Id<struct HouseholdTag>;

}  // namespace qpv
