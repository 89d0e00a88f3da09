// A share (proportion) checked to lie in [0, 1] when built.
#pragma once

#include <stdexcept>
#include <string>

namespace qpv {

class Share {
 public:
  /// Throws std::out_of_range if v is not in [0, 1] (or is NaN).
  static Share of(double v) {
    if (!(v >= 0.0 && v <= 1.0))
      throw std::out_of_range("share not in [0, 1]: " + std::to_string(v));
    return Share(v);
  }
  constexpr double value() const { return v_; }

 private:
  constexpr explicit Share(double v) : v_(v) {}
  double v_ = 0.0;
};

}  // namespace qpv
