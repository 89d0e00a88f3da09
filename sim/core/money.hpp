// Money in integer euro cents: spending sums exactly, whatever the order of addition.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>

namespace qpv {

/// An amount of money in euro cents. No implicit conversion to or from floating point.
class Cents {
 public:
  constexpr Cents() = default;
  static constexpr Cents of(std::int64_t cents) { return Cents(cents); }
  /// Rounds half away from zero to the nearest cent.
  static Cents from_euros(double euros) { return Cents(std::llround(euros * 100.0)); }

  constexpr std::int64_t count() const { return c_; }
  double in_euros() const { return static_cast<double>(c_) / 100.0; }

  constexpr auto operator<=>(const Cents&) const = default;
  constexpr Cents operator+(Cents o) const { return Cents(c_ + o.c_); }
  constexpr Cents operator-(Cents o) const { return Cents(c_ - o.c_); }
  constexpr Cents& operator+=(Cents o) {
    c_ += o.c_;
    return *this;
  }
  constexpr Cents operator*(std::int64_t n) const { return Cents(c_ * n); }

 private:
  constexpr explicit Cents(std::int64_t c) : c_(c) {}
  std::int64_t c_ = 0;
};

}  // namespace qpv
