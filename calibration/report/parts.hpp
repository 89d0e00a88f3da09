// The pieces of the calibration report (calibration/report.hpp), shared by its files: the
// posterior's weighted summaries, the targets as shown, the French wording of the calibration,
// its two charts and its sections. Internal to the report.
#pragma once

#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/present/page.hpp"
#include "analysis/stats.hpp"
#include "calibration/posterior.hpp"
#include "sim/model/indicators.hpp"

namespace qpv::calibration::report {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Okabe-Ito colours, as in the comparison report.
inline constexpr std::string_view kBlue = "#0072b2";
inline constexpr std::string_view kVermillion = "#d55e00";
inline constexpr std::string_view kGreen = "#009e73";

/// A section of the page (the kit's: present/page.hpp).
using analysis::page::section_heading;
using analysis::page::SectionRef;
inline constexpr std::array<SectionRef, 5> kSections = {{
    {"ajustement", "Ajustement aux chiffres observés"},
    {"parametres", "Paramètres calibrés"},
    {"correlations", "Corrélations entre paramètres"},
    {"generations", "Déroulement (ABC-SMC)"},
    {"methode", "Méthode et provenance"},
}};

// ---------------------------------------------------------------------------------------------
// Weighted statistics of the posterior particles (shaping.cpp)

/// What the report shows of a parameter's posterior.
struct ParameterSummary {
  std::vector<double> values, weights;
  double mean = kNaN, median = kNaN, q05 = kNaN, q95 = kNaN;
};
/// Parameter k's particles in generation g, with their normalised weights and summaries.
ParameterSummary summarise_parameter(const Generation& g, std::size_t k);
/// Weighted Pearson correlation; NaN when one of them does not vary.
double weighted_correlation(const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<double>& w);

// ---------------------------------------------------------------------------------------------
// Targets as shown (shaping.cpp)

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
  std::string level(double v) const;
  /// The tolerance: "± 1,5 point" or "± 20 personnes".
  std::string tolerance() const;
  /// The predictive interval "[a ; b]"; empty if a bound is not finite.
  std::string interval() const;
  /// (x - observed) / tolerance.
  double in_tolerances(double x) const { return (x - t->observed) / t->tolerance; }
};
std::vector<TargetView> target_views(const PosteriorRecord& r);

// ---------------------------------------------------------------------------------------------
// French wording of a calibration (shaping.cpp)

/// The months a target averages: "2024" for a calendar year, "d'avril 2024 à janvier 2025" for
/// whole months, else "du 3 avril 2024 au 20 janvier 2025".
std::string period_fr(const Date& from, const Date& to);
/// An identifier as HTML, with a line-break opportunity after each underscore (long ids in
/// narrow table columns).
std::string id_html(std::string_view id);
/// Why the calibration stopped (calibration/abc_smc.cpp's words), in French; an unknown reason
/// is shown as written, said to be in English.
std::string stop_fr(const std::string& stop);
/// The calibration's name, else its first file's name.
std::string calibration_title(const PosteriorRecord& r);
/// "3 chiffres" / "1 chiffre" (French: singular below 2).
std::string counted(std::size_t n, std::string_view singular, std::string_view plural);
/// The list "a, b et c" of escaped items.
std::string list_fr(const std::vector<std::string>& items);

// ---------------------------------------------------------------------------------------------
// Charts (charts.cpp), in the style of analysis/present/charts.hpp

/// The posterior of one parameter: weighted histogram (share of the weight per bin, in %) over
/// the particles' range, with the weighted mean and the 90 % interval.
std::string histogram(const std::string& name, const ParameterSummary& s);

/// One line of a chart by generation; NaN values leave a gap.
struct LineSeries {
  std::string label, color;
  std::vector<double> y;
};
/// Lines with points over the generations; `reference` (if finite) draws a dashed horizontal
/// line labelled `reference_label`.
std::string generation_chart(const std::string& title, const std::string& unit,
                             const std::vector<LineSeries>& series, std::size_t generations,
                             double reference = kNaN, const std::string& reference_label = "");

// ---------------------------------------------------------------------------------------------
// Sections, in the order of the page; each an HTML <section>

/// "ajustement": every target beside the posterior predictive check (fit_section.cpp).
std::string fit_section(const PosteriorRecord& r, const std::vector<TargetView>& views);
/// "parametres": prior, support and posterior summaries, a histogram each (sections.cpp).
std::string parameters_section(const PosteriorRecord& r,
                               const std::vector<ParameterSummary>& summaries);
/// "correlations": weighted correlations of the posterior (sections.cpp).
std::string correlations_section(const PosteriorRecord& r,
                                 const std::vector<ParameterSummary>& summaries);
/// "generations": the ABC-SMC run generation by generation (sections.cpp).
std::string generations_section(const PosteriorRecord& r);
/// "methode": the algorithm in words, settings, provenance and files (sections.cpp).
std::string method_section(const PosteriorRecord& r);

}  // namespace qpv::calibration::report
