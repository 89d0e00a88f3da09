// Cents: exact integer arithmetic, and an error rather than a wrapped amount past the range.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "sim/core/money.hpp"

using qpv::Cents;

TEST_CASE("money beyond what cents hold throws instead of wrapping", "[core][money]") {
  const Cents most = Cents::of(std::numeric_limits<std::int64_t>::max());
  CHECK_THROWS_AS(most + Cents::of(1), std::overflow_error);
  CHECK_THROWS_AS(Cents::of(std::numeric_limits<std::int64_t>::min()) - Cents::of(1),
                  std::overflow_error);
  CHECK_THROWS_AS(Cents::from_euros(1e12) * 100'000'000, std::overflow_error);
  Cents sum = most;
  CHECK_THROWS_AS(sum += most, std::overflow_error);
  CHECK_THROWS_AS(Cents::from_euros(1e17), std::overflow_error);
  CHECK_THROWS_AS(Cents::from_euros(std::numeric_limits<double>::quiet_NaN()), std::overflow_error);
  // Inside the range, exact.
  CHECK((Cents::from_euros(qpv::kMaxUnitCostEur) * 1'000'000).count() == 100'000'000'000'000);
  CHECK(Cents::from_euros(9e16).count() == 9'000'000'000'000'000'000);
}
