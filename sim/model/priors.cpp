#include "sim/model/priors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace qpv::model {
namespace {

using K = Prior::Kind;

/// Calls f with the Boost.Math distribution of `prior` (a uniform one is handled by callers).
template <class F>
double with_distribution(const Prior& prior, F&& f) {
  switch (prior.kind) {
    case K::normal:
      return f(boost::math::normal_distribution<double>(prior.a, prior.b));
    case K::lognormal:
      return f(boost::math::lognormal_distribution<double>(prior.a, prior.b));
    case K::beta:
      return f(boost::math::beta_distribution<double>(prior.a, prior.b));
    case K::uniform:
      break;
  }
  return std::nan("");
}

/// The distribution's support clipped to [lo, hi] (a beta lives on [0, 1], a lognormal above 0).
std::pair<double, double> clip(const Prior& prior, double lo, double hi) {
  if (prior.kind == K::beta) return {std::max(lo, 0.0), std::min(hi, 1.0)};
  if (prior.kind == K::lognormal) return {std::max(lo, 0.0), hi};
  return {lo, hi};
}

double cdf_at(const Prior& prior, double x) {
  if (prior.kind == K::uniform) return std::clamp((x - prior.a) / (prior.b - prior.a), 0.0, 1.0);
  return with_distribution(prior, [x](const auto& d) {
    using boost::math::cdf;
    const auto [lo, hi] = boost::math::support(d);
    return x <= lo ? 0.0 : x >= hi ? 1.0 : cdf(d, x);
  });
}

}  // namespace

TruncatedPrior registry_prior(Param p) {
  const ParamSpec& s = spec(p);
  return {s.prior, s.min, s.max};
}

double mass_within(const Prior& prior, double lo, double hi) {
  const auto [a, b] = clip(prior, lo, hi);
  if (!(a < b)) return 0.0;
  return cdf_at(prior, b) - cdf_at(prior, a);
}

bool is_distribution(const Prior& prior) {
  const bool valid = (prior.kind == K::uniform && prior.a < prior.b) ||
                     ((prior.kind == K::normal || prior.kind == K::lognormal) && prior.b > 0) ||
                     (prior.kind == K::beta && prior.a > 0 && prior.b > 0);
  return std::isfinite(prior.a) && std::isfinite(prior.b) && valid;
}

std::string prior_problem(Param p, const Prior& prior) {
  if (!is_distribution(prior)) {
    return fmt::format(
        "{} is not a distribution (uniform needs a < b; normal and lognormal "
        "b > 0; beta a > 0 and b > 0)",
        prior_text(prior));
  }
  const ParamSpec& s = spec(p);
  const double outside = 1.0 - mass_within(prior, s.min, s.max);
  if (outside > kMaxMassOutside) {
    return fmt::format(
        "{} puts {:.1f} % of its mass outside the range of {}, [{}, {}] {} (at "
        "most {} % may lie outside)",
        prior_text(prior), 100.0 * outside, s.name, s.min, s.max, s.unit, 100.0 * kMaxMassOutside);
  }
  return "";
}

double quantile(const TruncatedPrior& t, double u) {
  const auto [lo, hi] = clip(t.prior, t.lo, t.hi);
  u = std::clamp(u, 0.0, 1.0);
  if (t.prior.kind == K::uniform) {
    const double a = std::max(lo, t.prior.a), b = std::min(hi, t.prior.b);
    return a + u * (b - a);
  }
  // Invert the cdf between the cdf's values at the bounds; clamp against rounding.
  const double c_lo = cdf_at(t.prior, lo), c_hi = cdf_at(t.prior, hi);
  const double c = c_lo + u * (c_hi - c_lo);
  // Boost.Math 1.74's beta quantile throws at exactly 1/2 when the shapes are equal
  // (boostorg/math#1169); there the distribution is symmetric and its median is 1/2.
  if (t.prior.kind == K::beta && t.prior.a == t.prior.b && c == 0.5) return std::clamp(0.5, lo, hi);
  const double x = with_distribution(t.prior, [c](const auto& d) {
    return c <= 0.0   ? boost::math::support(d).first
           : c >= 1.0 ? boost::math::support(d).second
                      : boost::math::quantile(d, c);
  });
  return std::clamp(x, lo, hi);
}

double density(const TruncatedPrior& t, double x) {
  const auto [lo, hi] = clip(t.prior, t.lo, t.hi);
  if (!(x >= lo && x <= hi)) return 0.0;
  if (t.prior.kind == K::uniform) return x >= t.prior.a && x <= t.prior.b ? 1.0 : 0.0;
  return with_distribution(t.prior, [x](const auto& d) {
    const auto [a, b] = boost::math::support(d);
    return x <= a || x >= b ? 0.0 : boost::math::pdf(d, x);
  });
}

std::string prior_text(const Prior& prior) {
  return fmt::format("{}({}, {})", prior_kind_name(prior.kind), prior.a, prior.b);
}

}  // namespace qpv::model
