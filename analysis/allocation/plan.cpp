// Points of the search space to allocations, and allocations to interventions (plan.hpp).

#include "analysis/allocation/plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/allocation/outcomes.hpp"
#include "sim/model/childcare.hpp"

namespace qpv::analysis::allocation {
namespace {

using model::Lever;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::size_t idx(Lever l) {
  return static_cast<std::size_t>(l);
}

/// The lever's euros the bounds allow: [max(min, committed), max].
std::pair<double, double> lever_range(const LeverConfig& l) {
  return {std::max(l.min_eur, l.committed_eur), l.max_eur};
}

/// The value x such that sum_i clamp(target_i + x, lo_i, hi_i) = total, by bisection (the sum
/// is nondecreasing in x); then those clamped values. Where no x reaches the total, the closest
/// end.
std::vector<double> water_fill(const std::vector<double>& target, const std::vector<double>& lo,
                               const std::vector<double>& hi, double total, double scale) {
  auto filled = [&](double shift) {
    std::vector<double> out(target.size());
    for (std::size_t i = 0; i < target.size(); ++i)
      out[i] = std::clamp(target[i] + shift, lo[i], hi[i]);
    return out;
  };
  auto sum = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); };
  double a = -2 * total - scale, b = 2 * total + scale;
  for (int it = 0; it < 200 && b - a > 1e-9 * (1 + total); ++it) {
    const double mid = 0.5 * (a + b);
    (sum(filled(mid)) < total ? a : b) = mid;
  }
  return filled(0.5 * (a + b));
}

/// Scales the table t[lever][q] (rows `rows`, columns q) so that its row sums are `row_total`
/// and its column sums `col_total` (which sum to the same), by iterative proportional fitting.
void fit_table(std::vector<double>& t, std::size_t qpvs, const std::vector<std::size_t>& rows,
               const std::vector<double>& row_total, const std::vector<double>& col_total) {
  for (std::size_t k = 0; k < rows.size(); ++k)  // a row with euros may go to any QPV
    if (row_total[k] > 0)
      for (std::size_t q = 0; q < qpvs; ++q) t[rows[k] * qpvs + q] += 1e-9 * row_total[k];
  for (int it = 0; it < 500; ++it) {
    double worst = 0;
    for (std::size_t q = 0; q < qpvs; ++q) {
      double s = 0;
      for (const std::size_t r : rows) s += t[r * qpvs + q];
      if (s > 0)
        for (const std::size_t r : rows) t[r * qpvs + q] *= col_total[q] / s;
    }
    for (std::size_t k = 0; k < rows.size(); ++k) {
      double s = 0;
      for (std::size_t q = 0; q < qpvs; ++q) s += t[rows[k] * qpvs + q];
      if (s > 0)
        for (std::size_t q = 0; q < qpvs; ++q) t[rows[k] * qpvs + q] *= row_total[k] / s;
    }
    for (std::size_t q = 0; q < qpvs; ++q) {
      double s = 0;
      for (const std::size_t r : rows) s += t[r * qpvs + q];
      worst = std::max(worst, std::abs(s - col_total[q]));
    }
    if (worst < 0.01) break;
  }
}

/// Evenly spread dates: n passages in each year of [first, last], in the middle of n equal
/// slices of the year (as the model spreads passages_per_year).
std::vector<Date> spread_dates(std::int64_t n, int first, int last) {
  std::vector<Date> dates;
  for (int year = first; year <= last; ++year) {
    const std::int64_t jan1 = Date::make(year, 1, 1).days_since_epoch();
    const std::int64_t days = Date::make(year + 1, 1, 1).days_since_epoch() - jan1;
    for (std::int64_t j = 0; j < n; ++j)
      dates.push_back(Date::from_days_since_epoch(jan1 + (2 * j + 1) * days / (2 * n)));
  }
  return dates;
}

}  // namespace

double Allocation::lever_total(Lever l) const {
  double s = 0;
  for (std::size_t q = 0; q < qpvs; ++q) s += at(l, q);
  return s;
}
double Allocation::qpv_total(std::size_t q) const {
  double s = 0;
  for (std::size_t l = 0; l < model::kLevers; ++l) s += eur[l * qpvs + q];
  return s;
}
double Allocation::total() const {
  return std::accumulate(eur.begin(), eur.end(), 0.0);
}

/// Each lever's need level per QPV: its need indicator in the baseline, averaged over the
/// replicates and the year before the envelope (its first year if the run starts then), as a
/// shortfall for a "higher is better" share, per resident for a count.
std::vector<std::vector<double>> need_levels(const AllocationConfig& c,
                                             const model::RunResults& baseline) {
  const int year = std::max(c.first_year - 1, baseline.months.front().year);
  const Window w = window_of(baseline, year, year);
  const auto& qpvs = c.baseline.territory.qpvs;
  std::vector<std::vector<double>> need(model::kLevers, std::vector<double>(qpvs.size(), 1.0));
  for (const LeverConfig& l : c.levers) {
    const model::IndicatorSpec& s = l.need ? *l.need : *c.need;
    for (std::uint32_t q = 0; q < qpvs.size(); ++q) {
      double sum = 0;
      for (std::uint32_t r = 0; r < baseline.replicates; ++r) {
        const double v = baseline.indicator_mean(s, r, q, w.first, w.last);
        sum += std::isnan(v) ? 0.0 : v;
      }
      double v = sum / baseline.replicates;
      if (s.unit == "share")
        v = s.better == model::Better::higher ? 1.0 - v : v;
      else
        v /= static_cast<double>(std::max<std::int64_t>(1, qpvs[q].population));
      need[static_cast<std::size_t>(l.lever)][q] = v;
    }
  }
  return need;
}

double unit_cost_eur(const AllocationConfig& c, Lever l) {
  for (const LeverConfig& lc : c.levers) {
    if (lc.lever != l) continue;
    const model::Intervention& t = lc.templates.front();
    if (const auto* creche = std::get_if<model::CrechePlaces>(&t.detail)) {
      const double years = c.last_year - c.first_year + 1;
      return creche->cost_per_place_year.in_euros() +
             creche->investment_per_place.in_euros() / years;
    }
    if (const auto* truck = std::get_if<model::ScreeningTruck>(&t.detail))
      return truck->cost_per_passage.in_euros();
  }
  return 1.0;
}

Space::Space(const AllocationConfig& c, std::vector<std::vector<double>> need)
    : c_(c), need_(std::move(need)) {
  for (const LeverConfig& l : c.levers) {
    lower_.push_back(0.0);
    upper_.push_back(1.0);
    names_.push_back("share:" + std::string(model::lever_name(l.lever)));
  }
  exponent_index_ = lower_.size();
  if (c.targeting == Targeting::need && c.tune_exponent) {
    lower_.push_back(c.exponent_min);
    upper_.push_back(c.exponent_max);
    names_.emplace_back("exponent");
  }
  weights_index_ = lower_.size();
  if (c.targeting == Targeting::free) {
    for (const model::Qpv& q : c.baseline.territory.qpvs) {
      lower_.push_back(0.0);
      upper_.push_back(1.0);
      names_.push_back("weight:" + q.code);
    }
  }
}

std::vector<double> Space::point(const std::array<double, model::kLevers>& shares) const {
  std::vector<double> x;
  for (const LeverConfig& l : c_.levers) x.push_back(shares[idx(l.lever)]);
  if (exponent_index_ < weights_index_) x.push_back(c_.exponent);
  if (c_.targeting == Targeting::free) {
    const auto& qpvs = c_.baseline.territory.qpvs;
    std::int64_t most = 1;
    for (const model::Qpv& q : qpvs) most = std::max(most, q.population);
    for (const model::Qpv& q : qpvs)
      x.push_back(static_cast<double>(q.population) / static_cast<double>(most));
  }
  return x;
}

std::array<double, model::kLevers> Space::shares(const std::vector<double>& x) const {
  std::vector<double> target, lo, hi;
  double raw = 0;
  for (std::size_t i = 0; i < c_.levers.size(); ++i) raw += std::max(0.0, x[i]);
  for (std::size_t i = 0; i < c_.levers.size(); ++i) {
    const double share =
        raw > 0 ? std::max(0.0, x[i]) / raw : 1.0 / static_cast<double>(c_.levers.size());
    target.push_back(share * c_.envelope_eur);
    const auto [low, high] = lever_range(c_.levers[i]);
    lo.push_back(low);
    hi.push_back(high);
  }
  const std::vector<double> eur = water_fill(target, lo, hi, c_.envelope_eur, c_.envelope_eur);
  std::array<double, model::kLevers> out{};
  for (std::size_t i = 0; i < c_.levers.size(); ++i)
    out[idx(c_.levers[i].lever)] = eur[i] / c_.envelope_eur;
  return out;
}

std::vector<double> Space::targeting_weights(Lever l, double exponent,
                                             const std::vector<double>& free) const {
  const auto& qpvs = c_.baseline.territory.qpvs;
  std::vector<double> w(qpvs.size(), 0.0);
  if (!free.empty()) {
    for (std::size_t q = 0; q < qpvs.size(); ++q) w[q] = std::max(0.0, free[q]) + 1e-6;
    return w;
  }
  const std::vector<double>& need = need_[idx(l)];
  double mean = 0;
  for (const double n : need) mean += n / static_cast<double>(need.size());
  for (std::size_t q = 0; q < qpvs.size(); ++q) {
    const double relative = mean > 0 ? std::max(need[q], 1e-3 * mean) / mean : 1.0;
    w[q] = static_cast<double>(qpvs[q].population) *
           (exponent == 0.0 ? 1.0 : std::pow(relative, exponent));
  }
  return w;
}

Allocation Space::allocate(const std::vector<double>& x) const {
  const std::array<double, model::kLevers> s = shares(x);
  std::array<double, model::kLevers> eur{};
  for (std::size_t l = 0; l < model::kLevers; ++l) eur[l] = s[l] * c_.envelope_eur;
  const double exponent = c_.targeting == Targeting::population ? 0.0
                          : exponent_index_ < weights_index_    ? x[exponent_index_]
                                                                : c_.exponent;
  std::vector<double> free;
  if (c_.targeting == Targeting::free)
    free.assign(x.begin() + static_cast<std::ptrdiff_t>(weights_index_), x.end());
  return split(eur, exponent, free, true);
}

Allocation Space::split(const std::array<double, model::kLevers>& lever_eur, double exponent,
                        const std::vector<double>& free, bool bounded) const {
  const auto& qpvs = c_.baseline.territory.qpvs;
  const std::size_t n = qpvs.size();
  Allocation a;
  a.qpvs = n;
  a.exponent = exponent;
  a.qpv_weight = free;
  a.eur.assign(model::kLevers * n, 0.0);
  std::vector<std::size_t> rows;
  std::vector<double> row_total;
  for (const LeverConfig& l : c_.levers) {
    const std::vector<double> w = targeting_weights(l.lever, exponent, free);
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    for (std::size_t q = 0; q < n; ++q)
      a.eur[idx(l.lever) * n + q] = lever_eur[idx(l.lever)] * w[q] / sum;
    rows.push_back(idx(l.lever));
    row_total.push_back(lever_eur[idx(l.lever)]);
  }
  if (bounded) {
    // QPV totals within their bounds (and the equity floor per resident), then the table fitted
    // to those totals and the levers' totals.
    std::vector<double> lo(n), hi(n), target(n);
    std::int64_t population = 0;
    for (const model::Qpv& q : qpvs) population += q.population;
    for (std::size_t q = 0; q < n; ++q) {
      lo[q] = c_.equity.min_eur_per_resident * static_cast<double>(qpvs[q].population);
      hi[q] = kInf;
      for (const QpvBounds& b : c_.qpv_bounds) {
        if (b.code != qpvs[q].code) continue;
        lo[q] = std::max(lo[q], b.min_eur);
        hi[q] = b.max_eur;
      }
      target[q] = a.qpv_total(q);
    }
    bool binds = false;
    for (std::size_t q = 0; q < n; ++q)
      binds = binds || target[q] < lo[q] - 0.01 || target[q] > hi[q] + 0.01;
    if (binds) {
      const std::vector<double> totals = water_fill(
          target, lo, hi, c_.envelope_eur, c_.envelope_eur * static_cast<double>(population));
      fit_table(a.eur, n, rows, row_total, totals);
    }
    double violation = std::abs(a.total() - c_.envelope_eur);
    for (std::size_t q = 0; q < n; ++q)
      violation = std::max({violation, lo[q] - a.qpv_total(q), a.qpv_total(q) - hi[q]});
    for (const LeverConfig& l : c_.levers) {
      const auto [low, high] = lever_range(l);
      violation =
          std::max({violation, low - a.lever_total(l.lever), a.lever_total(l.lever) - high});
    }
    a.violation_eur = std::max(0.0, violation);
  }
  buy_capacity(a);
  return a;
}

void Space::buy_capacity(Allocation& a) const {
  const std::size_t n = a.qpvs;
  a.capacity.assign(a.eur.size(), 0.0);
  a.planned_eur.assign(a.eur.size(), 0.0);
  for (const LeverConfig& l : c_.levers) {
    const std::size_t row = idx(l.lever) * n;
    if (l.lever == Lever::transport_aid) {
      for (std::size_t q = 0; q < n; ++q) {
        // Whole cents per aid type, as the scenario file will state them.
        double cents = 0;
        for (const double m : l.mix) cents += std::floor(a.eur[row + q] * m * 100.0 + 1e-6);
        a.capacity[row + q] = a.planned_eur[row + q] = cents / 100.0;
      }
      continue;
    }
    const double unit = unit_cost_eur(c_, l.lever);
    const auto units = static_cast<std::int64_t>(std::floor(a.lever_total(l.lever) / unit + 1e-9));
    const std::vector<double> weights(a.eur.begin() + static_cast<std::ptrdiff_t>(row),
                                      a.eur.begin() + static_cast<std::ptrdiff_t>(row + n));
    const bool any = std::any_of(weights.begin(), weights.end(), [](double w) { return w > 0; });
    if (units <= 0 || !any) continue;
    const std::vector<std::int64_t> parts = model::split_largest_remainder(units, weights);
    for (std::size_t q = 0; q < n; ++q) {
      a.capacity[row + q] = static_cast<double>(parts[q]);
      a.planned_eur[row + q] = static_cast<double>(parts[q]) * unit;
    }
  }
}

Allocation Space::rule(Rule r) const {
  std::array<double, model::kLevers> eur{};
  for (std::size_t l = 0; l < model::kLevers; ++l)
    eur[l] = c_.status_quo.shares[l] * c_.envelope_eur;
  if (r == Rule::population) return split(eur, 0.0, {}, false);
  if (r == Rule::need) return split(eur, 1.0, {}, false);
  // Today's split between QPVs, lever by lever.
  const auto& qpvs = c_.baseline.territory.qpvs;
  const std::size_t n = qpvs.size();
  Allocation a = split(eur, 0.0, {}, false);
  std::vector<double> places(n), even(n, 1.0);
  for (std::size_t q = 0; q < n; ++q) places[q] = static_cast<double>(qpvs[q].creche_places);
  if (std::accumulate(places.begin(), places.end(), 0.0) <= 0) places = even;
  for (const auto& [lever, w] :
       {std::pair{Lever::creche_places, places}, std::pair{Lever::screening_truck, even}}) {
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    for (std::size_t q = 0; q < n; ++q) a.eur[idx(lever) * n + q] = eur[idx(lever)] * w[q] / sum;
  }
  buy_capacity(a);
  return a;
}

Allocation Space::lever_alone(Lever lever, double fraction) const {
  std::array<double, model::kLevers> eur{};
  eur[idx(lever)] = fraction * c_.envelope_eur;
  const double exponent = c_.targeting == Targeting::need ? c_.exponent : 0.0;
  std::vector<double> free;
  if (c_.targeting == Targeting::free) {
    const std::vector<double> x = point({});
    free.assign(x.begin() + static_cast<std::ptrdiff_t>(weights_index_), x.end());
  }
  return split(eur, exponent, free, false);
}

std::vector<model::Intervention> interventions(const AllocationConfig& c, const Allocation& a) {
  const auto& qpvs = c.baseline.territory.qpvs;
  const Date start = Date::make(c.first_year, 1, 1);
  const Date end = Date::make(c.last_year, 12, 31);
  std::vector<model::Intervention> out;
  for (const LeverConfig& l : c.levers) {
    for (std::size_t q = 0; q < qpvs.size(); ++q) {
      const double capacity = a.capacity[idx(l.lever) * a.qpvs + q];
      if (capacity <= 0) continue;
      for (std::size_t k = 0; k < l.templates.size(); ++k) {
        model::Intervention i = l.templates[k];
        i.id = (i.id.empty() ? std::string(model::lever_name(l.lever)) : i.id) + "_" + qpvs[q].code;
        i.name = (i.name.empty() ? std::string(model::lever_spec(l.lever).label_fr) : i.name) +
                 " — " + qpvs[q].name;
        i.budget_per_year.reset();
        if (auto* aid = std::get_if<model::TransportAid>(&i.detail)) {
          const auto cents = static_cast<std::int64_t>(
              std::floor(a.eur[idx(l.lever) * a.qpvs + q] * l.mix[k] * 100.0 + 1e-6));
          if (cents <= 0) continue;
          i.budget_per_year = Cents::of(cents);
          aid->places.reset();
          aid->start = start;
          aid->end = end;
        } else if (auto* creche = std::get_if<model::CrechePlaces>(&i.detail)) {
          creche->increase.reset();
          creche->places = static_cast<std::int64_t>(capacity);
          creche->start = creche->reached_by = start;
          creche->ramp = model::Ramp::step;
        } else if (auto* truck = std::get_if<model::ScreeningTruck>(&i.detail)) {
          truck->passages_per_year.reset();
          truck->dates =
              spread_dates(static_cast<std::int64_t>(capacity), c.first_year, c.last_year);
          truck->qpv_share = 1.0;
        }
        std::visit([&](auto& d) { d.qpv = {qpvs[q].code}; }, i.detail);
        out.push_back(std::move(i));
      }
    }
  }
  return out;
}

}  // namespace qpv::analysis::allocation
