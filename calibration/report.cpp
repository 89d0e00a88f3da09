#include "calibration/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numeric>
#include <regex>

#include "analysis/comparison.hpp"
#include "analysis/page.hpp"
#include "analysis/report.hpp"
#include "analysis/svg.hpp"
#include "sim/core/error.hpp"
#include "sim/io/files.hpp"
#include "sim/model/indicators.hpp"

namespace qpv::calibration {
namespace {

using analysis::format_fr;
using analysis::format_fr_compact;

constexpr std::string_view kNarrowNbsp = "\u202f";
constexpr std::string_view kNbsp = "\u00a0";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kHistogramBins = 15;

// Okabe-Ito colours, as in the comparison report.
constexpr std::string_view kBlue = "#0072b2";
constexpr std::string_view kVermillion = "#d55e00";
constexpr std::string_view kGreen = "#009e73";

std::string h(std::string_view text) {
  return analysis::escape_html(text);
}

using analysis::kMonthsFr;
using analysis::plural_for;
using analysis::prior_fr;
using analysis::timestamp_fr;
using analysis::unit_fr;

// ---------------------------------------------------------------------------------------------
// French wording (the same as the comparison report's)

/// A date as "1er janvier 2024".
std::string date_fr(const Date& d) {
  if (d.month < 1 || d.month > 12) return d.to_string();
  return fmt::format("{}{} {} {}", d.day, d.day == 1 ? "er" : "", kMonthsFr[d.month - 1], d.year);
}

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
    out += h(std::string_view(&ch, 1));
    if (ch == '_') out += "<wbr>";
  }
  return out;
}

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

// ---------------------------------------------------------------------------------------------
// Weighted statistics of the posterior particles

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

/// What the report shows of a parameter's posterior.
struct ParameterSummary {
  std::vector<double> values, weights;
  double mean = kNaN, median = kNaN, q05 = kNaN, q95 = kNaN;
};

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

// ---------------------------------------------------------------------------------------------
// Targets as shown

/// A target with its posterior predictive check, and how its figures are written.
struct TargetView {
  const Target* t = nullptr;
  const model::IndicatorSpec* spec = nullptr;  ///< null for an unknown indicator id
  bool share = false;
  double k = 1;  ///< 100 for shares (shown in percent)
  int decimals = 1;
  analysis::Distribution predictive;
  bool within = false;  ///< |predictive mean - observed| <= tolerance

  std::string label() const { return spec ? std::string(spec->label_fr) : t->statistic; }
  /// A level: "40,0 %" or "120 personnes".
  std::string level(double v) const {
    const std::string n = format_fr(k * v, decimals);
    if (!std::isfinite(v)) return n;
    if (share) return n + std::string(kNarrowNbsp) + "%";
    const double shown = std::round(v * std::pow(10, decimals)) / std::pow(10, decimals);
    return spec ? n + std::string(kNbsp) + unit_fr(spec->unit, plural_for(shown)) : n;
  }
  /// The tolerance: "± 1,5 point" or "± 20 personnes".
  std::string tolerance() const {
    const double v = k * t->tolerance;
    const double shown = std::round(v * std::pow(10, decimals)) / std::pow(10, decimals);
    const std::string unit = share  ? (plural_for(shown) ? "points" : "point")
                             : spec ? unit_fr(spec->unit, plural_for(shown))
                                    : "";
    return fmt::format("±{}{}{}{}", kNbsp, format_fr(v, decimals), unit.empty() ? "" : kNbsp, unit);
  }
  std::string interval() const {
    if (!std::isfinite(predictive.q05) || !std::isfinite(predictive.q95)) return "";
    return fmt::format("[{}{}; {}]", format_fr(k * predictive.q05, decimals), kNarrowNbsp,
                       format_fr(k * predictive.q95, decimals));
  }
  /// (x - observed) / tolerance.
  double in_tolerances(double x) const { return (x - t->observed) / t->tolerance; }
};

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

// ---------------------------------------------------------------------------------------------
// Charts of our own, in the style of analysis/svg (class "chart", role img, a <title>, data
// shapes with the class "data")

using analysis::svg::Axis;
using analysis::svg::open_svg;
using analysis::svg::px;
using analysis::svg::Scale;
using analysis::svg::tick_decimals;

/// Round ticks, the range widened to the outer ones.
Axis make_axis(double lo, double hi, int target) {
  if (!(hi > lo)) {
    const double pad = lo != 0 ? std::fabs(lo) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
  const std::vector<double> t = analysis::svg::nice_ticks(lo, hi, target);
  const double step = t.size() > 1 ? t[1] - t[0] : hi - lo;
  Axis a;
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
  for (double k = std::round(a.lo / step); k * step <= a.hi + step * 1e-9; k += 1)
    a.ticks.push_back(std::fabs(k) < 0.5 ? 0.0 : k * step);
  a.decimals = tick_decimals(step);
  return a;
}

/// The posterior of one parameter: weighted histogram (share of the weight per bin, in %) over
/// the particles' range, with the weighted mean and the 90 % interval.
std::string histogram(const std::string& name, const ParameterSummary& s) {
  constexpr double width = 420, height = 250, left = 46, right = 26, top = 24, bottom = 76;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : s.values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  std::string out = open_svg(
      fmt::format("Loi a posteriori de {} : part du poids des particules par classe de valeurs, "
                  "moyenne pondérée et intervalle à 90 %",
                  name),
      static_cast<int>(width), static_cast<int>(height));
  out += "<text x=\"4\" y=\"14\" fill=\"#333\">% du poids</text>";
  if (!std::isfinite(lo)) {
    return out + fmt::format(
                     "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">Pas de "
                     "particule</text></svg>",
                     px(width / 2), px(height / 2));
  }
  std::size_t bins = kHistogramBins;
  if (!(hi > lo)) {
    // Every particle has the same value: one narrow bin around it.
    const double pad = lo != 0 ? std::fabs(lo) * 0.01 : 0.01;
    lo -= pad;
    hi += pad;
    bins = 1;
  }
  const double bin_width = (hi - lo) / static_cast<double>(bins);
  std::vector<double> share(bins, 0.0);
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    if (!std::isfinite(s.values[i])) continue;
    const auto b = std::min(bins - 1, static_cast<std::size_t>((s.values[i] - lo) / bin_width));
    share[b] += 100 * s.weights[i];
  }
  const Axis xa = make_axis(lo, hi, 4);
  const Axis ya = make_axis(0, std::max(*std::max_element(share.begin(), share.end()), 1.0), 4);
  const double plot_bottom = height - bottom;
  const Scale x{xa.lo, xa.hi, left, width - right};
  const Scale y{ya.lo, ya.hi, plot_bottom, top};

  std::string grid, axis = fmt::format("M{} {}H{}", px(left), px(plot_bottom), px(width - right));
  for (double t : ya.ticks) {
    grid += fmt::format("M{} {}H{}", px(left), px(y(t)), px(width - right));
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\" "
        "fill=\"#333\">{}</text>",
        px(left - 6), px(y(t)), format_fr(t, ya.decimals));
  }
  for (double t : xa.ticks) {
    axis += fmt::format("M{} {}v5", px(x(t)), px(plot_bottom));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                       px(x(t)), px(plot_bottom + 18), format_fr(t, xa.decimals));
  }
  out += fmt::format("<path class=\"grid\" d=\"{}\" stroke=\"#e3e3e3\" fill=\"none\"/>", grid);
  if (std::isfinite(s.q05) && std::isfinite(s.q95)) {
    out += fmt::format(
        "<rect class=\"data interval\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
        "fill=\"#000\" fill-opacity=\"0.07\"/>",
        px(x(s.q05)), px(top), px(std::max(1.0, x(s.q95) - x(s.q05))), px(plot_bottom - top));
  }
  for (std::size_t b = 0; b < bins; ++b) {
    const double a = lo + bin_width * static_cast<double>(b), e = a + bin_width;
    const std::string closing = b + 1 == bins ? "]" : "[";
    out += fmt::format(
        "<g><title>{} de {} à {}{} : {}{}% du poids</title><rect class=\"data bar\" x=\"{}\" "
        "y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.75\" stroke=\"#fff\" "
        "stroke-width=\"0.5\"/></g>",
        h(name), format_fr_compact(a), format_fr_compact(e), closing == "]" ? " inclus" : " exclu",
        format_fr(share[b], 1), kNarrowNbsp, px(x(a)), px(y(share[b])), px(x(e) - x(a)),
        px(y(0) - y(share[b])), kBlue);
  }
  out += fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", axis);
  if (std::isfinite(s.mean)) {
    out += fmt::format(
        "<path class=\"data mean\" d=\"M{0} {1}V{2}\" stroke=\"{3}\" stroke-width=\"2\" "
        "fill=\"none\"><title>Moyenne pondérée : {4}</title></path>",
        px(x(s.mean)), px(top), px(plot_bottom), kVermillion, format_fr_compact(s.mean));
  }
  // Legend.
  const double ly = plot_bottom + 32;
  out += fmt::format(
      "<rect x=\"{0}\" y=\"{1}\" width=\"14\" height=\"10\" fill=\"{2}\" fill-opacity=\"0.75\"/>"
      "<text x=\"{3}\" y=\"{4}\" fill=\"#222\" font-size=\"11\">part du poids a posteriori par "
      "classe</text>",
      px(left), px(ly), kBlue, px(left + 20), px(ly + 9));
  out += fmt::format(
      "<path d=\"M{0} {1}h14\" stroke=\"{2}\" stroke-width=\"2\"/><text x=\"{3}\" y=\"{4}\" "
      "fill=\"#222\" font-size=\"11\">moyenne pondérée</text>",
      px(left), px(ly + 21), kVermillion, px(left + 20), px(ly + 25));
  out += fmt::format(
      "<rect x=\"{0}\" y=\"{1}\" width=\"14\" height=\"10\" fill=\"#000\" fill-opacity=\"0.07\" "
      "stroke=\"#bbb\"/><text x=\"{2}\" y=\"{3}\" fill=\"#222\" font-size=\"11\">intervalle à "
      "90 %</text>",
      px(left + 150), px(ly + 16), px(left + 170), px(ly + 25));
  return out + "</svg>";
}

/// One line of a chart by generation; NaN values leave a gap.
struct LineSeries {
  std::string label, color;
  std::vector<double> y;
};

/// Lines with points over the generations; `reference` (if finite) draws a dashed horizontal
/// line labelled `reference_label`.
std::string generation_chart(const std::string& title, const std::string& unit,
                             const std::vector<LineSeries>& series, std::size_t generations,
                             double reference = kNaN, const std::string& reference_label = "") {
  constexpr double width = 540, height = 250, left = 58, right = 16, top = 24, bottom = 44,
                   legend_row = 18;
  const std::size_t rows = series.size() + (std::isfinite(reference) ? 1 : 0);
  const int total = static_cast<int>(height + legend_row * static_cast<double>(rows) + 6);
  std::string out = open_svg(title, static_cast<int>(width), total);
  out += fmt::format("<text x=\"4\" y=\"14\" fill=\"#333\">{}</text>", h(unit));
  double hi = std::isfinite(reference) ? reference : 0.0;
  for (const LineSeries& s : series)
    for (double v : s.y)
      if (std::isfinite(v)) hi = std::max(hi, v);
  const Axis ya = make_axis(0, hi > 0 ? hi : 1.0, 5);
  const double plot_bottom = height - bottom;
  const Scale x{-0.5, static_cast<double>(std::max<std::size_t>(generations, 1)) - 0.5, left,
                width - right};
  const Scale y{ya.lo, ya.hi, plot_bottom, top};

  std::string grid, axis = fmt::format("M{} {}H{}", px(left), px(plot_bottom), px(width - right));
  for (double t : ya.ticks) {
    grid += fmt::format("M{} {}H{}", px(left), px(y(t)), px(width - right));
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\" "
        "fill=\"#333\">{}</text>",
        px(left - 6), px(y(t)), format_fr(t, ya.decimals));
  }
  const std::size_t every = std::max<std::size_t>(1, (generations + 14) / 15);
  for (std::size_t g = 0; g < generations; g += every) {
    const double gx = x(static_cast<double>(g));
    axis += fmt::format("M{} {}v5", px(gx), px(plot_bottom));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                       px(gx), px(plot_bottom + 18), g);
  }
  out +=
      fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">génération</text>",
                  px((left + width - right) / 2), px(plot_bottom + 36));
  out += fmt::format("<path class=\"grid\" d=\"{}\" stroke=\"#e3e3e3\" fill=\"none\"/>", grid);
  out += fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", axis);
  if (std::isfinite(reference)) {
    out += fmt::format(
        "<path class=\"reference\" d=\"M{} {}H{}\" stroke=\"#444\" stroke-dasharray=\"5 4\" "
        "fill=\"none\"/>",
        px(left), px(y(reference)), px(width - right));
  }
  for (const LineSeries& s : series) {
    std::string line, points;
    bool pen = false;
    for (std::size_t g = 0; g < s.y.size() && g < generations; ++g) {
      if (!std::isfinite(s.y[g])) {
        pen = false;
        continue;
      }
      const double gx = x(static_cast<double>(g)), gy = y(s.y[g]);
      line += fmt::format("{}{} {}", pen ? "L" : "M", px(gx), px(gy));
      pen = true;
      points += fmt::format(
          "<circle class=\"data point\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"><title>{}, "
          "génération {} : {}</title></circle>",
          px(gx), px(gy), h(s.color), h(s.label), g, format_fr_compact(s.y[g]));
    }
    if (line.find('L') != std::string::npos) {
      out += fmt::format(
          "<path class=\"data line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "stroke-linejoin=\"round\"/>",
          line, h(s.color));
    }
    out += points;
  }
  double ly = height + 2;
  for (const LineSeries& s : series) {
    out += fmt::format(
        "<path d=\"M{0} {1}h22\" stroke=\"{2}\" stroke-width=\"2\"/><circle cx=\"{3}\" cy=\"{1}\" "
        "r=\"3.5\" fill=\"{2}\"/><text x=\"{4}\" y=\"{5}\" fill=\"#222\">{6}</text>",
        px(left), px(ly + 6), h(s.color), px(left + 11), px(left + 28), px(ly + 10.5), h(s.label));
    ly += legend_row;
  }
  if (std::isfinite(reference)) {
    out += fmt::format(
        "<path d=\"M{0} {1}h22\" stroke=\"#444\" stroke-dasharray=\"5 4\"/><text x=\"{2}\" "
        "y=\"{3}\" fill=\"#222\">{4}</text>",
        px(left), px(ly + 6), px(left + 28), px(ly + 10.5), h(reference_label));
  }
  return out + "</svg>";
}

// ---------------------------------------------------------------------------------------------
// Sections


struct SectionRef {
  std::string_view id, title;
};
constexpr std::array<SectionRef, 5> kSections = {{
    {"ajustement", "Ajustement aux chiffres observés"},
    {"parametres", "Paramètres calibrés"},
    {"correlations", "Corrélations entre paramètres"},
    {"generations", "Déroulement (ABC-SMC)"},
    {"methode", "Méthode et provenance"},
}};

std::string nav() {
  std::vector<std::pair<std::string, std::string>> links;
  for (const SectionRef& s : kSections) links.emplace_back(s.id, s.title);
  return analysis::page::nav(links);
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

std::string fit_section(const PosteriorRecord& r, const std::vector<TargetView>& views) {
  const Generation& last = r.outcome.generations.back();
  std::string out = fmt::format(
      "<section id=\"ajustement\"><p class=\"kicker\">qpvsim · diagnostic de calibration · "
      "{}</p><h1>{}</h1>",
      h(calibration_title(r)), kSections[0].title);
  out += fmt::format("<p class=\"subtitle\">{} ajusté{} à {} observé{} ; {} d'ABC-SMC de {}.</p>",
                     counted(r.parameter_names.size(), "paramètre", "paramètres"),
                     r.parameter_names.size() >= 2 ? "s" : "",
                     counted(r.targets.size(), "chiffre", "chiffres"),
                     r.targets.size() >= 2 ? "s" : "",
                     counted(r.outcome.generations.size(), "génération", "générations"),
                     counted(last.particles.size(), "particule", "particules"));

  // The verdict: the algorithm's (the particles kept) and the predictive check's (new runs).
  std::size_t fitted = 0, fitted_within = 0, held = 0, held_within = 0;
  std::vector<std::string> outside;
  for (const TargetView& v : views) {
    if (v.t->holdout) {
      ++held;
      held_within += v.within;
    } else {
      ++fitted;
      fitted_within += v.within;
      if (!v.within) outside.push_back("« " + h(v.label()) + " » (" + h(v.t->id) + ")");
    }
  }
  const bool all_within_tolerance = last.tolerance <= 1;
  std::string verdict;
  if (r.reached && all_within_tolerance) {
    verdict = fmt::format(
        "<span class=\"verdict ok\">La calibration a atteint son objectif</span> : chaque "
        "particule retenue reproduit chaque chiffre ajusté avec un écart d'au plus {} fois sa "
        "tolérance.",
        format_fr_compact(last.tolerance));
  } else if (r.reached) {
    verdict = fmt::format(
        "<span class=\"verdict ko\">La tolérance finale demandée est atteinte, mais elle est plus "
        "large que les tolérances des chiffres</span> : les particules retenues s'écartent des "
        "chiffres ajustés de {} fois leur tolérance au plus.",
        format_fr_compact(last.tolerance));
  } else {
    verdict = fmt::format(
        "<span class=\"verdict ko\">La calibration n'a pas atteint sa tolérance finale</span> : "
        "{}. Les particules retenues s'écartent des chiffres ajustés de {} fois leur tolérance au "
        "plus.",
        h(stop_fr(r.stop)), format_fr_compact(last.tolerance));
  }
  out += "<p class=\"reading\">" + verdict;
  out += fmt::format(
      " Au contrôle prédictif ({} simulations de particules tirées selon leur poids, avec de "
      "nouvelles graines), la moyenne simulée est dans la tolérance pour {} sur {}",
      r.predictive.statistics.size(), counted(fitted_within, "chiffre ajusté", "chiffres ajustés"),
      fitted);
  if (!outside.empty()) out += fmt::format(" (hors tolérance : {})", list_fr(outside));
  if (held > 0) {
    out += fmt::format(" et pour {} sur {}, laissé{} hors de l'ajustement",
                       counted(held_within, "chiffre de contrôle", "chiffres de contrôle"), held,
                       held > 1 ? "s" : "");
  }
  out += ".</p>";

  out += fmt::format(
      "<table class=\"targets\"><caption>Chiffres observés et prédiction a posteriori "
      "(moyenne des {} simulations du contrôle prédictif ; entre crochets, l'intervalle où se "
      "trouvent 90 % d'entre elles). Les parts sont en %, leurs tolérances en points. Sources et "
      "notes d'ajustement telles qu'écrites dans le fichier des cibles.</caption><thead><tr>"
      "<th>Indicateur</th><th>Chiffre</th><th class=\"num\">Observé</th><th "
      "class=\"num\">Tolérance</th><th class=\"num\">Prédiction a posteriori</th><th "
      "class=\"num\">Écart en tolérances</th><th>Dans la tolérance</th><th>Rôle</th><th>Source "
      "et ajustement</th></tr></thead><tbody>",
      r.predictive.statistics.size());
  for (const TargetView& v : views) {
    const Target& t = *v.t;
    const std::string where = t.qpv == "ALL" ? "ensemble des QPV" : "QPV " + t.qpv;
    const bool defined = std::isfinite(v.predictive.mean);
    out += fmt::format(
        "<tr data-target=\"{}\"{}><th scope=\"row\">{}<span class=\"sub\">{}, {}</span></th>"
        "<td><code>{}</code></td><td class=\"num\">{}</td><td "
        "class=\"num nowrap\">{}</td><td class=\"num pred\"><span class=\"v\">{}</span><span "
        "class=\"ci\">{}</span></td><td class=\"num\">{}</td><td>{}</td><td>{}</td>",
        h(t.id), t.holdout ? " class=\"holdout-row\"" : "", h(v.label()), h(where),
        h(period_fr(t.from, t.to)), id_html(t.id), h(v.level(t.observed)), h(v.tolerance()),
        h(v.level(v.predictive.mean)), h(v.interval()),
        h(format_fr(v.in_tolerances(v.predictive.mean), 1, true)),
        !defined   ? "—"
        : v.within ? "<span class=\"yes\">oui</span>"
                   : "<span class=\"no\">non</span>",
        t.holdout ? "<span class=\"holdout\">non ajusté : contrôle</span>" : "ajusté");
    out += "<td class=\"source\">" + h(t.source);
    if (!t.note.empty())
      out += "<details><summary>Ajustement</summary><p>" + h(t.note) + "</p></details>";
    out += "</td></tr>";
  }
  out += "</tbody></table>";

  analysis::svg::BarChart chart;
  chart.title =
      "Écart entre la prédiction a posteriori et le chiffre observé, en nombre de tolérances : "
      "de −1 à +1, le chiffre est reproduit dans sa tolérance";
  chart.unit = "(prédiction − observé) / tolérance ; de −1 à +1 : dans la tolérance";
  chart.color = std::string(kBlue);
  chart.decimals = 1;
  chart.plus = true;
  chart.width = 1000;
  chart.max_label = 64;
  for (const TargetView& v : views) {
    chart.bars.push_back({v.label() + (v.t->holdout ? " (contrôle)" : ""),
                          v.in_tolerances(v.predictive.mean), v.in_tolerances(v.predictive.q05),
                          v.in_tolerances(v.predictive.q95)});
  }
  out += fmt::format(
      "<figure class=\"wide\"><figcaption>Chaque chiffre, en nombre de tolérances : la barre est "
      "la moyenne des simulations du contrôle prédictif moins le chiffre observé, divisée par la "
      "tolérance ; le trait couvre 90 % des simulations. Entre −1 et +1, la prédiction est dans "
      "la tolérance.</figcaption>{}</figure>",
      analysis::svg::bar_chart(chart));
  return out + "</section>";
}

std::string parameters_section(const PosteriorRecord& r,
                               const std::vector<ParameterSummary>& summaries) {
  const Generation& first = r.outcome.generations.front();
  const Generation& last = r.outcome.generations.back();
  std::string out = fmt::format("<section id=\"parametres\"><h2>{}</h2>", kSections[1].title);
  out += fmt::format(
      "<p>La loi a priori dit ce qu'on savait d'un paramètre avant de confronter le modèle aux "
      "chiffres ; la loi a posteriori, les valeurs qui les reproduisent : les {} particules "
      "pondérées de la dernière génération (génération {}). L'intervalle à 90 % a priori est "
      "celui des {} particules de la génération 0, tirées dans la loi a priori : quand "
      "l'intervalle a posteriori est presque aussi large (rapport proche de 100 %), les chiffres "
      "observés n'apprennent presque rien sur ce paramètre. Les noms sont ceux du registre du "
      "modèle.</p>",
      last.particles.size(), last.index, first.particles.size());
  out +=
      "<table class=\"parameters\"><thead><tr><th>Paramètre</th><th>Loi a priori</th><th "
      "class=\"num\">Support</th><th class=\"num\">Intervalle à 90 % a priori</th><th "
      "class=\"num\">Moyenne a posteriori</th><th class=\"num\">Médiane</th><th "
      "class=\"num\">Intervalle à 90 % a posteriori</th><th class=\"num\">Largeur a posteriori "
      "/ a priori</th></tr></thead><tbody>";
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k) {
    const ParameterSummary& s = summaries[k];
    const ParameterSummary prior = summarise_parameter(first, k);
    const double lo = k < r.parameter_min.size() ? r.parameter_min[k] : kNaN;
    const double hi = k < r.parameter_max.size() ? r.parameter_max[k] : kNaN;
    const std::string& source =
        k < r.parameter_prior_sources.size() ? r.parameter_prior_sources[k] : std::string();
    const std::string from =
        source == "registry" ? "registre du modèle" : "fichier des lois a priori, " + source;
    const double prior_width = prior.q95 - prior.q05;
    const double ratio = prior_width > 0 ? (s.q95 - s.q05) / prior_width : kNaN;
    auto interval = [](double a, double b) {
      return fmt::format("[{}{}; {}]", h(format_fr_compact(a)), kNarrowNbsp,
                         h(format_fr_compact(b)));
    };
    out += fmt::format(
        "<tr data-parameter=\"{}\"><th scope=\"row\"><code>{}</code></th><td>{}<span "
        "class=\"sub\">{}</span></td><td class=\"num nowrap\">{}</td><td class=\"num "
        "nowrap\">{}</td><td class=\"num\"><span class=\"v\">{}</span></td><td "
        "class=\"num\">{}</td><td class=\"num nowrap\">{}</td><td class=\"num\">{}</td></tr>",
        h(r.parameter_names[k]), id_html(r.parameter_names[k]),
        h(prior_fr(k < r.parameter_priors.size() ? r.parameter_priors[k] : std::string())), h(from),
        interval(lo, hi), interval(prior.q05, prior.q95), h(format_fr_compact(s.mean)),
        h(format_fr_compact(s.median)), interval(s.q05, s.q95),
        std::isfinite(ratio) ? h(format_fr(100 * ratio, 0)) + std::string(kNarrowNbsp) + "%" : "—");
  }
  out += "</tbody></table><div class=\"figures\">";
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k) {
    out += fmt::format("<figure><figcaption><code>{}</code></figcaption>{}</figure>",
                       h(r.parameter_names[k]), histogram(r.parameter_names[k], summaries[k]));
  }
  return out + "</div></section>";
}

/// A cell's background for a correlation: white at 0, blue towards −1, red towards +1; the
/// text black or white, whichever contrasts more.
std::pair<std::string, std::string> correlation_colors(double rho) {
  if (!std::isfinite(rho)) return {"#eeeeee", "#1d1d1f"};
  const double a = std::clamp(std::fabs(rho), 0.0, 1.0);
  const std::array<double, 3> end =
      rho < 0 ? std::array<double, 3>{33, 102, 172} : std::array<double, 3>{178, 24, 43};
  std::array<double, 3> c{};
  for (std::size_t i = 0; i < 3; ++i) c[i] = 255 + a * (end[i] - 255);
  auto linear = [](double v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  const double lum = 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
  constexpr double ink = 0.0122;  // relative luminance of #1d1d1f
  const bool white = (1.05 / (lum + 0.05)) > ((lum + 0.05) / (ink + 0.05));
  return {fmt::format("#{:02x}{:02x}{:02x}", static_cast<int>(std::lround(c[0])),
                      static_cast<int>(std::lround(c[1])), static_cast<int>(std::lround(c[2]))),
          white ? "#ffffff" : "#1d1d1f"};
}

std::string correlations_section(const PosteriorRecord& r,
                                 const std::vector<ParameterSummary>& summaries) {
  const std::size_t n = r.parameter_names.size();
  std::string out = fmt::format("<section id=\"correlations\"><h2>{}</h2>", kSections[2].title);
  out +=
      "<p>Corrélation de Pearson pondérée entre les valeurs des paramètres dans les particules de "
      "la loi a posteriori. Une corrélation forte (proche de −1 ou de +1) signifie que les "
      "chiffres observés fixent surtout une combinaison des deux paramètres : une valeur plus "
      "forte de l'un peut être compensée par l'autre. Bleu : corrélation négative ; rouge : "
      "positive ; la couleur est d'autant plus intense que la corrélation est forte. « — » : un "
      "paramètre qui ne varie pas.</p>";
  out += "<table class=\"correlations\"><thead><tr><th>Paramètre</th>";
  for (std::size_t j = 0; j < n; ++j)
    out += fmt::format("<th class=\"num\" title=\"{}\">{}</th>", h(r.parameter_names[j]), j + 1);
  out += "</tr></thead><tbody>";
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("<tr><th scope=\"row\">{}. <code>{}</code></th>", i + 1,
                       id_html(r.parameter_names[i]));
    for (std::size_t j = 0; j < n; ++j) {
      const double rho = i == j ? 1.0
                                : weighted_correlation(summaries[i].values, summaries[j].values,
                                                       summaries[i].weights);
      const auto [background, ink] = correlation_colors(rho);
      out +=
          fmt::format("<td{} style=\"background:{};color:{}\" title=\"{} et {}\">{}</td>",
                      i == j ? " class=\"diagonal\"" : "", background, ink, h(r.parameter_names[i]),
                      h(r.parameter_names[j]), i == j ? std::string("1") : h(format_fr(rho, 2)));
    }
    out += "</tr>";
  }
  return out + "</tbody></table></section>";
}

std::string generations_section(const PosteriorRecord& r) {
  const std::vector<Generation>& gens = r.outcome.generations;
  std::string out = fmt::format("<section id=\"generations\"><h2>{}</h2>", kSections[3].title);
  out +=
      "<p>Chaque génération resserre la tolérance, la distance maximale acceptée entre les "
      "chiffres simulés et les chiffres observés, en nombre de tolérances des chiffres (1 : "
      "chaque chiffre ajusté dans sa tolérance). Le taux d'acceptation est la part des "
      "simulations acceptées ; la taille d'échantillon effective (ESS) est le nombre de "
      "particules de même poids qui porteraient autant d'information que les particules "
      "pondérées.</p>";
  out +=
      "<table class=\"generations\"><thead><tr><th>Génération</th><th "
      "class=\"num\">Tolérance</th><th class=\"num\">Propositions</th><th "
      "class=\"num\">Simulations</th><th class=\"num\">Acceptées</th><th class=\"num\">Taux "
      "d'acceptation</th><th class=\"num\">ESS</th><th class=\"num\">ESS / particules</th><th "
      "class=\"num\">Durée (s)</th></tr></thead><tbody>";
  std::vector<double> acceptance, ess_share, tolerance;
  for (const Generation& g : gens) {
    const double particles =
        static_cast<double>(g.particles.empty() ? std::max<std::int64_t>(r.particles, 1)
                                                : static_cast<std::int64_t>(g.particles.size()));
    const double rate = 100 * g.acceptance_rate, ess = 100 * g.ess / particles;
    acceptance.push_back(rate);
    ess_share.push_back(ess);
    tolerance.push_back(std::isfinite(g.tolerance) ? g.tolerance : kNaN);
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}%</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}{}%</td><td class=\"num\">{}</td></tr>",
        g.index,
        std::isinf(g.tolerance) && g.tolerance > 0 ? std::string("∞")
                                                   : h(format_fr_compact(g.tolerance)),
        h(format_fr(static_cast<double>(g.proposals), 0)),
        h(format_fr(static_cast<double>(g.simulations), 0)),
        h(format_fr(static_cast<double>(g.accepted), 0)), h(format_fr(rate, rate < 1 ? 2 : 1)),
        kNarrowNbsp, h(format_fr(g.ess, 1)), h(format_fr(ess, 0)), kNarrowNbsp,
        h(format_fr(g.seconds, 1)));
  }
  out += "</tbody></table><div class=\"figures\">";
  out += fmt::format(
      "<figure><figcaption>Taux d'acceptation et ESS rapportée au nombre de particules, par "
      "génération.</figcaption>{}</figure>",
      generation_chart("Taux d'acceptation et taille d'échantillon effective (ESS) rapportée au "
                       "nombre de particules, en %, par génération",
                       "en %",
                       {{"Taux d'acceptation", std::string(kBlue), acceptance},
                        {"ESS / particules", std::string(kGreen), ess_share}},
                       gens.size()));
  if (std::any_of(tolerance.begin(), tolerance.end(), [](double t) { return std::isfinite(t); })) {
    out += fmt::format(
        "<figure><figcaption>Tolérance de chaque génération (la génération 0 accepte tout : "
        "tolérance infinie, non tracée).</figcaption>{}</figure>",
        generation_chart("Tolérance acceptée par génération, en nombre de tolérances des chiffres",
                         "en tolérances",
                         {{"Tolérance de la génération", std::string(kVermillion), tolerance}},
                         gens.size(), 1.0, "1 : chaque chiffre ajusté dans sa tolérance"));
  }
  return out + "</div></section>";
}

std::string method_section(const PosteriorRecord& r) {
  const std::size_t particles = r.outcome.generations.back().particles.size();
  std::string out = fmt::format("<section id=\"methode\"><h2>{}</h2>", kSections[4].title);
  out += fmt::format(
      "<h3>Ce que fait la calibration</h3><p>Certains paramètres du modèle (taux d'offres "
      "d'emploi, de sortie de l'emploi, de recours au dépistage…) ne sont donnés directement par "
      "aucune source. La calibration cherche les valeurs avec lesquelles le modèle reproduit des "
      "chiffres observés sur le territoire, chacun avec une tolérance : l'écart acceptable, qui "
      "tient compte de l'incertitude du chiffre et de l'ajustement de sa définition à celle du "
      "modèle. La <em>distance</em> d'une simulation est le plus grand écart, en nombre de "
      "tolérances, sur les chiffres ajustés : une distance de 1 au plus signifie que chaque "
      "chiffre est dans sa tolérance.</p>"
      "<p>La méthode est le calcul bayésien approché par Monte-Carlo séquentiel (ABC-SMC ; Toni "
      "et al. 2009, Beaumont et al. 2009, Del Moral et al. 2012). La génération 0 tire {0} jeux de "
      "paramètres (les <em>particules</em>) dans les lois a priori. Chaque génération suivante "
      "choisit sa tolérance, de façon adaptative, comme un quantile fixé des distances de la "
      "génération précédente, sans descendre sous la tolérance finale ; elle propose de "
      "nouvelles particules en tirant une particule précédente selon son poids et en la "
      "déplaçant au hasard (noyau gaussien multivarié de covariance double de la covariance "
      "pondérée des particules précédentes) ; elle simule celles qui restent dans le support des "
      "lois a priori et garde les {0} premières dont la distance ne dépasse pas la tolérance. "
      "{1}</p>"
      "<p>Le <em>poids</em> d'une particule est sa densité a priori divisée par la probabilité "
      "de l'avoir proposée : il corrige le fait que les propositions ne viennent pas de la loi a "
      "priori. La <em>taille d'échantillon effective</em> (ESS), (Σw)²/Σw², dit à combien de "
      "particules de même poids elles équivalent : une ESS faible signale que quelques "
      "particules portent presque tout le poids. La loi a posteriori est la dernière "
      "génération.</p>"
      "<p>Le résultat ne dépend que des fichiers et de la graine, pas du nombre de processeurs. "
      "Après chaque génération, l'état est enregistré (point de reprise) : une calibration "
      "interrompue reprend après la dernière génération enregistrée et aboutit à la même loi a "
      "posteriori.</p>"
      "<p><em>Contrôle prédictif</em> : à la fin, {2} particules sont tirées selon leur poids "
      "et simulées de nouveau avec d'autres graines ; pour chaque chiffre, la moyenne de ces "
      "simulations et l'intervalle où se trouvent 90 % d'entre elles (5<sup>e</sup> et "
      "95<sup>e</sup> centiles, interpolation linéaire) sont comparés au chiffre observé. Un "
      "chiffre de <em>contrôle</em> est laissé hors de la distance : il dit si le modèle calibré "
      "prédit un chiffre qu'il n'a pas vu. Les médianes et intervalles des paramètres sont des "
      "quantiles pondérés : la plus petite valeur dont le poids cumulé atteint la part "
      "voulue.</p>",
      particles,
      r.replicates_per_particle > 1
          ? fmt::format("Chaque particule est simulée {} fois, avec des graines différentes, et "
                        "ses chiffres sont la moyenne de ces simulations.",
                        r.replicates_per_particle)
          : std::string("Chaque particule est simulée une fois."),
      r.predictive.statistics.size());

  out += "<h3>Réglages et provenance</h3><dl class=\"meta\">";
  auto item = [&](std::string_view term, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", term, html);
  };
  item("Calibration", h(calibration_title(r)));
  item("Graine aléatoire", "<code>" + std::to_string(r.seed) + "</code>");
  item("Particules par génération", std::to_string(r.particles));
  item("Réplications par particule", std::to_string(r.replicates_per_particle));
  item("Générations", std::to_string(r.outcome.generations.size()));
  item("Simulations du contrôle prédictif", std::to_string(r.predictive.statistics.size()));
  item("Arrêt", h(stop_fr(r.stop)));
  item("Tolérance finale atteinte", r.reached ? "oui" : "non");
  item("Version de qpvsim", "<code>" + h(r.qpvsim_version) + "</code>");
  item("Commit git", "<code>" + h(r.git_commit) + "</code>");
  item("Date de création", h(timestamp_fr(r.created_utc)));
  item("Fichier de la loi a posteriori", "<code>" + h(r.file) + "</code>");
  item("Scénario simulé", "<code>" + h(r.scenario_file) + "</code>");
  out +=
      "</dl><h3>Fichiers de la calibration</h3><p>Tels qu'ils ont été lus (le réglage "
      "<code>quantile</code>, la tolérance finale et l'acceptation minimale y sont).</p>";
  for (std::size_t k = 0; k < r.calibration_files.size(); ++k) {
    out += fmt::format("<details><summary><code>{}</code></summary><pre>{}</pre></details>",
                       h(r.calibration_files[k]),
                       k < r.calibration_text.size() ? h(r.calibration_text[k]) : "");
  }
  return out + "</section>";
}

}  // namespace

std::string calibration_report_html(const PosteriorRecord& r) {
  if (r.outcome.generations.empty() || r.outcome.generations.back().particles.empty())
    throw InputError(Origin{r.file}, "report",
                     "the posterior file has no generation or no particle to report");
  const std::vector<TargetView> views = target_views(r);
  std::vector<ParameterSummary> summaries;
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k)
    summaries.push_back(summarise_parameter(r.outcome.generations.back(), k));

  analysis::page::Shell shell;
  shell.title = fmt::format("Calibration « {} » : diagnostic", calibration_title(r));
  shell.version = r.qpvsim_version;
  shell.nav = nav();
  shell.main = fit_section(r, views) + parameters_section(r, summaries) +
               correlations_section(r, summaries) + generations_section(r) + method_section(r);
  shell.footer = fmt::format("Rapport produit par qpvsim {} à partir de la calibration du {}.",
                             h(r.qpvsim_version), h(timestamp_fr(r.created_utc)));
  return analysis::page::html(shell);
}

void write_calibration_report(const PosteriorRecord& r, const std::string& path) {
  io::write_file_atomically(path, calibration_report_html(r), "calibration report");
}

}  // namespace qpv::calibration
