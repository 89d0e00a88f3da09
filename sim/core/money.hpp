// Money in integer euro cents: spending sums exactly, whatever the order of addition, and an
// amount beyond what 64-bit cents hold is an error, never a wrapped negative sum.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <stdexcept>

namespace qpv {

/// The dearest cost of one unit an input may state, in euros: a crèche place-year or the
/// investment in a place, a truck passage, a driving licence, a beneficiary-month of aid, a
/// minimum per resident. The dearest real one is about 26,000 € (a crèche place built). At the
/// bound, a year of monthly aid to every resident of the largest QPV allowed
/// (model::kMaxQpvPopulation) is 1.2e15 cents, 7,000 times below what cents hold; sums beyond
/// are checked (model::Spending). 100,000 places at 1e12 € made the run's totals wrap.
inline constexpr double kMaxUnitCostEur = 1e6;
/// The largest yearly budget or envelope an input may state, in euros a year: ten billion, more
/// than ten times the State's yearly budget for the politique de la ville, and a million times
/// below what cents hold, so budgets can be summed over any number of interventions a file holds.
inline constexpr double kMaxBudgetEur = 1e10;

/// An amount of money in euro cents. No implicit conversion to or from floating point.
/// Arithmetic is checked: a result beyond the int64 range (about ±92 million billion euros)
/// throws std::overflow_error.
class Cents {
 public:
  constexpr Cents() = default;
  static constexpr Cents of(std::int64_t cents) { return Cents(cents); }
  /// Rounds half away from zero to the nearest cent. @throws std::overflow_error if `euros` is
  /// not a finite amount cents can hold.
  static Cents from_euros(double euros) {
    // 2^63 cents, exactly representable: every double below it rounds into the range.
    if (!(std::fabs(euros * 100.0) < 9223372036854775808.0)) overflow();
    return Cents(std::llround(euros * 100.0));
  }

  constexpr std::int64_t count() const { return c_; }
  double in_euros() const { return static_cast<double>(c_) / 100.0; }

  constexpr auto operator<=>(const Cents&) const = default;
  constexpr Cents operator+(Cents o) const {
    std::int64_t r = 0;
    if (__builtin_add_overflow(c_, o.c_, &r)) overflow();
    return Cents(r);
  }
  constexpr Cents operator-(Cents o) const {
    std::int64_t r = 0;
    if (__builtin_sub_overflow(c_, o.c_, &r)) overflow();
    return Cents(r);
  }
  constexpr Cents& operator+=(Cents o) { return *this = *this + o; }
  constexpr Cents operator*(std::int64_t n) const {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(c_, n, &r)) overflow();
    return Cents(r);
  }

 private:
  constexpr explicit Cents(std::int64_t c) : c_(c) {}
  [[noreturn]] static void overflow() {
    throw std::overflow_error(
        "an amount of money beyond what integer cents hold (about ±92 million billion euros)");
  }
  std::int64_t c_ = 0;
};

}  // namespace qpv
