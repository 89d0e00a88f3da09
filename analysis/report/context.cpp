// The report's data shaping: what every section needs about the comparison, computed once,
// and the small facts (colours, names, units) that several sections write.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"
#include "analysis/stats.hpp"

namespace qpv::analysis::report {
namespace {

constexpr int kMidTermYear = 2027;  // the Contrat Quartiers 2030 mid-term review

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in grey.
constexpr std::string_view kBaselineColor = "#6b6b6b";
constexpr std::array<std::string_view, 5> kAlternativeColors = {"#0072b2", "#d55e00", "#009e73",
                                                                "#cc79a7", "#e69f00"};

}  // namespace

ReportContext::ReportContext(const Comparison& comparison)
    : c(comparison), all(comparison.all_qpvs()) {
  first_year = c.months.front().year;
  last_year = c.months.back().year;
  last = months_of_year(c, last_year);
  if (kMidTermYear >= first_year && kMidTermYear < last_year) mid_year = kMidTermYear;
  horizon = first_year == last_year ? std::to_string(first_year)
                                    : fmt::format("{}-{}", first_year, last_year);
}

std::vector<int> ReportContext::table_years() const {
  std::vector<int> y;
  if (mid_year) y.push_back(*mid_year);
  y.push_back(last_year);
  return y;
}

Distribution level(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                   std::uint32_t q, MonthRange r) {
  return distribution(indicator_values(ctx.c, s, spec, q, r));
}

Distribution difference(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                        std::uint32_t q, MonthRange r) {
  return distribution(paired_differences(ctx.c, s, spec, q, r), spec.better);
}

std::vector<double> twenty_quantiles(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  std::vector<double> q;
  if (values.empty()) return q;
  std::sort(values.begin(), values.end());
  for (int k = 0; k < 20; ++k) q.push_back(quantile_sorted(values, (k + 0.5) / 20.0));
  return q;
}

std::pair<std::size_t, std::size_t> drawn_counts(const io::RunRecord& r) {
  std::size_t posterior = 0, prior = 0;
  for (const std::string& from : r.parameter_drawn_from) {
    posterior += from == "posterior";
    prior += from == "prior";
  }
  return {posterior, prior};
}

std::string color_of(std::size_t scenario) {
  if (scenario == 0) return std::string(kBaselineColor);
  return std::string(kAlternativeColors[(scenario - 1) % kAlternativeColors.size()]);
}

std::string territory_title(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

bool is_share(const IndicatorSpec& spec) {
  return spec.unit == "share";
}

double shown_scale(const IndicatorSpec& spec) {
  return is_share(spec) ? 100.0 : 1.0;
}

std::string parameter_unit_fr(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kUnits = {{
      {"children per woman", "enfants par femme"},
      {"months", "mois"},
      {"offers per month", "offres par mois"},
      {"per month", "par mois"},
      {"per year of age", "par année d'âge"},
      {"per year", "par an"},
      {"probability", "probabilité"},
      {"ratio", "coefficient"},
      {"relative excess", "excès relatif"},
      {"share", "part"},
      {"years", "ans"},
  }};
  for (const auto& [en, fr] : kUnits)
    if (unit == en) return std::string(fr);
  return std::string(unit);
}

std::string lever_fr(std::string_view kind) {
  const auto lever = model::find_lever(kind);
  return lever ? std::string(model::lever_spec(*lever).label_fr) : std::string(kind);
}

std::string intervals_include_fr(const ReportContext& ctx) {
  const auto [posterior, prior] = drawn_counts(ctx.c.scenarios[0].record);
  std::string in = "l'aléa des futurs simulés";
  std::string out;
  if (posterior > 0)
    in +=
        fmt::format(", l'incertitude des {} paramètres calés sur les chiffres observés", posterior);
  else
    out += "l'incertitude des paramètres calés, ";
  if (prior > 0)
    in += fmt::format(
        " et celle de {} hypothèses du modèle et des leviers, tirées de leurs lois a priori",
        prior);
  else
    out +=
        "l'incertitude des hypothèses sur les mécanismes (fixées à leur valeur par défaut ou à "
        "celle du scénario), ";
  return fmt::format(
      "Ces intervalles incluent {}. Ils n'incluent pas {}les choix de structure du modèle ni les "
      "erreurs des données d'entrée (voir <a href=\"#incertitudes\">ce qui est pris en "
      "compte</a>).",
      escape_html(in), escape_html(out));
}

}  // namespace qpv::analysis::report
