// The calibration report's data shaping and wording: weighted summaries of the posterior
// particles, the targets with their predictive check as shown, and the French words of periods,
// stop reasons and counts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <regex>

#include "analysis/present/french.hpp"
#include "calibration/report/parts.hpp"

namespace qpv::calibration::report {

using analysis::date_fr;
using analysis::escape_html;
using analysis::format_fr;
using analysis::format_fr_compact;
using analysis::kMonthsFr;
using analysis::kNarrowNoBreakSpace;
using analysis::kNoBreakSpace;
using analysis::plural_for;
using analysis::unit_fr;

namespace {

/// A number written by fmt's "{}" in a stop message ("0.5"), the French way; other text as is.
std::string number_fr(const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    return used == text.size() ? format_fr_compact(v) : text;
  } catch (const std::exception&) {
    return text;
  }
}

/// Normalised weights of a generation (uniform if they do not sum to a positive number).
std::vector<double> normalised_weights(const Generation& g) {
  std::vector<double> w;
  double total = 0;
  for (const Particle& p : g.particles) {
    const double x = std::isfinite(p.weight) && p.weight > 0 ? p.weight : 0.0;
    w.push_back(x);
    total += x;
  }
  for (double& x : w) x = total > 0 ? x / total : 1.0 / static_cast<double>(w.size());
  return w;
}

std::vector<double> column(const Generation& g, std::size_t k) {
  std::vector<double> v;
  for (const Particle& p : g.particles) v.push_back(k < p.theta.size() ? p.theta[k] : kNaN);
  return v;
}

double weighted_mean(const std::vector<double>& x, const std::vector<double>& w) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += w[i] * x[i];
  return s;
}

/// The smallest value whose cumulative weight reaches p (weights normalised).
double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double p) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  double cumulative = 0;
  for (std::size_t i : order) {
    cumulative += w[i];
    if (cumulative >= p - 1e-12) return x[i];
  }
  return order.empty() ? kNaN : x[order.back()];
}

}  // namespace

/// The months a target averages: "2024" for a calendar year, "d'avril 2024 à janvier 2025" for
/// whole months, else "du 3 avril 2024 au 20 janvier 2025".
std::string period_fr(const Date& from, const Date& to) {
  const bool month_end = Date::from_days_since_epoch(to.days_since_epoch() + 1).day == 1;
  if (from.day == 1 && month_end && from.month == 1 && to.month == 12 && from.year == to.year)
    return std::to_string(from.year);
  if (from.day == 1 && month_end && from.month >= 1 && from.month <= 12 && to.month >= 1 &&
      to.month <= 12) {
    const std::string_view first = kMonthsFr[from.month - 1];
    const bool vowel = first.front() == 'a' || first.front() == 'o';
    return fmt::format("{}{} {} à {} {}", vowel ? "d'" : "de ", first, from.year,
                       kMonthsFr[to.month - 1], to.year);
  }
  return fmt::format("du {} au {}", date_fr(from), date_fr(to));
}

/// An identifier as HTML, with a line-break opportunity after each underscore (long ids in
/// narrow table columns).
std::string id_html(std::string_view id) {
  std::string out;
  for (char ch : id) {
    out += escape_html(std::string_view(&ch, 1));
    if (ch == '_') out += "<wbr>";
  }
  return out;
}

/// Why the calibration stopped (calibration/abc_smc.cpp's words), in French; an unknown reason
/// is shown as written, said to be in English.
std::string stop_fr(const std::string& stop) {
  std::smatch m;
  static const std::regex reached(
      R"(every fitted target within (\S+) tolerance\(s\) at generation (\d+))");
  static const std::regex budget(
      R"(the (\d+) generations allowed are done \(tolerance (\S+) reached, (\S+) wanted\))");
  static const std::regex starved(
      R"(generation (\d+) accepted (\d+) of (\d+) simulations, below the minimum acceptance (\S+); the posterior is generation (\d+))");
  static const std::regex asked(R"(stopped after generation (\d+) as asked)");
  if (std::regex_match(stop, m, reached))
    return fmt::format(
        "tous les chiffres ajustés sont reproduits à {} tolérance(s) près à la génération {}",
        number_fr(m[1]), m[2].str());
  if (std::regex_match(stop, m, budget))
    return fmt::format(
        "les {} générations autorisées sont faites (distance atteinte : {} ; visée : {})",
        m[1].str(), number_fr(m[2]), number_fr(m[3]));
  if (std::regex_match(stop, m, starved))
    return fmt::format(
        "la génération {} n'a accepté que {} simulations sur {}, moins que le taux d'acceptation "
        "minimal ({}) ; la loi a posteriori est celle de la génération {}",
        m[1].str(), m[2].str(), m[3].str(), number_fr(m[4]), m[5].str());
  if (std::regex_match(stop, m, asked))
    return fmt::format("arrêt demandé après la génération {}", m[1].str());
  return fmt::format("« {} » (en anglais)", stop);
}

/// Weighted Pearson correlation; NaN when one of them does not vary.
double weighted_correlation(const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<double>& w) {
  const double mx = weighted_mean(x, w), my = weighted_mean(y, w);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += w[i] * (x[i] - mx) * (y[i] - my);
    sxx += w[i] * (x[i] - mx) * (x[i] - mx);
    syy += w[i] * (y[i] - my) * (y[i] - my);
  }
  if (!(sxx > 0) || !(syy > 0)) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

ParameterSummary summarise_parameter(const Generation& g, std::size_t k) {
  ParameterSummary s;
  s.values = column(g, k);
  s.weights = normalised_weights(g);
  s.mean = weighted_mean(s.values, s.weights);
  s.median = weighted_quantile(s.values, s.weights, 0.5);
  s.q05 = weighted_quantile(s.values, s.weights, 0.05);
  s.q95 = weighted_quantile(s.values, s.weights, 0.95);
  return s;
}

std::string TargetView::level(double v) const {
  const std::string n = format_fr(k * v, decimals);
  if (!std::isfinite(v)) return n;
  if (share) return n + std::string(kNarrowNoBreakSpace) + "%";
  const double shown = std::round(v * std::pow(10, decimals)) / std::pow(10, decimals);
  return spec ? n + std::string(kNoBreakSpace) + unit_fr(spec->unit, plural_for(shown)) : n;
}

std::string TargetView::tolerance() const {
  const double v = k * t->tolerance;
  const double shown = std::round(v * std::pow(10, decimals)) / std::pow(10, decimals);
  const std::string unit = share  ? (plural_for(shown) ? "points" : "point")
                           : spec ? unit_fr(spec->unit, plural_for(shown))
                                  : "";
  return fmt::format("±{}{}{}{}", kNoBreakSpace, format_fr(v, decimals),
                     unit.empty() ? "" : kNoBreakSpace, unit);
}

std::string TargetView::interval() const {
  if (!std::isfinite(predictive.q05) || !std::isfinite(predictive.q95)) return "";
  return analysis::interval_text(format_fr(k * predictive.q05, decimals),
                                 format_fr(k * predictive.q95, decimals));
}

std::vector<TargetView> target_views(const PosteriorRecord& r) {
  std::vector<TargetView> out;
  for (std::size_t j = 0; j < r.targets.size(); ++j) {
    TargetView v;
    v.t = &r.targets[j];
    v.spec = model::find_indicator(v.t->statistic);
    v.share = v.spec != nullptr && v.spec->unit == "share";
    v.k = v.share ? 100.0 : 1.0;
    const double tol = v.k * v.t->tolerance;
    const int wanted = std::isfinite(tol) && tol > 0
                           ? static_cast<int>(std::ceil(-std::log10(tol) - 1e-9)) + 1
                           : 1;
    v.decimals = std::clamp(wanted, v.share ? 1 : 0, 3);
    std::vector<double> draws;
    for (const auto& row : r.predictive.statistics) draws.push_back(j < row.size() ? row[j] : kNaN);
    v.predictive = analysis::distribution(std::move(draws));
    v.within = std::fabs(v.predictive.mean - v.t->observed) <= v.t->tolerance;
    out.push_back(std::move(v));
  }
  return out;
}

std::string calibration_title(const PosteriorRecord& r) {
  if (!r.name.empty()) return r.name;
  if (!r.calibration_files.empty())
    return std::filesystem::path(r.calibration_files.front()).filename().string();
  return "calibration";
}

/// "3 chiffres" / "1 chiffre" (French: singular below 2).
std::string counted(std::size_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", n, n >= 2 ? plural : singular);
}

/// The list "a, b et c" of escaped items.
std::string list_fr(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " et " : ", ";
    out += items[i];
  }
  return out;
}
}  // namespace qpv::calibration::report
