#include "analysis/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>

#include "analysis/page.hpp"
#include "analysis/svg.hpp"
#include "sim/core/error.hpp"
#include "sim/io/files.hpp"

namespace qpv::analysis {

std::string qpv_label(const std::vector<std::string>& names, std::size_t q,
                      std::string_view first_commune) {
  const std::string& name = names.at(q);
  if (std::count(names.begin(), names.end(), name) < 2) return name;
  return fmt::format("{} ({})", name, first_commune);
}

std::string qpv_label(const Comparison& c, std::uint32_t q) {
  const std::string& communes = c.qpv_communes.at(q);
  return qpv_label(c.qpv_names, q, std::string_view(communes).substr(0, communes.find(';')));
}

bool no_difference(const Distribution& d) {
  return d.n > 0 && d.mean == 0 && d.q05 == 0 && d.q95 == 0 && !(d.share_better > 0);
}

std::string effect_unit_fr(Effect e, bool plural) {
  switch (e) {
    case Effect::employment:
      return plural ? "années d'emploi" : "année d'emploi";
    case Effect::screening:
      return plural ? "dépistages" : "dépistage";
    case Effect::childcare:
      return plural ? "années-enfants en crèche" : "année-enfant en crèche";
  }
  return "";
}

namespace {

using model::Better;
using model::IndicatorSpec;

constexpr std::string_view kNarrowNbsp = "\u202f";
constexpr std::string_view kNbsp = "\u00a0";
constexpr int kMidTermYear = 2027;  // the Contrat Quartiers 2030 mid-term review
constexpr std::size_t kMaxHeadlines = 4;

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in grey.
constexpr std::string_view kBaselineColor = "#6b6b6b";
constexpr std::array<std::string_view, 5> kAlternativeColors = {"#0072b2", "#d55e00", "#009e73",
                                                                "#cc79a7", "#e69f00"};

std::string color_of(std::size_t scenario) {
  if (scenario == 0) return std::string(kBaselineColor);
  return std::string(kAlternativeColors[(scenario - 1) % kAlternativeColors.size()]);
}

std::string h(std::string_view text) {
  return escape_html(text);
}

/// The territory's name as a title: its first letter in capital ("valenciennes" → "Valenciennes").
std::string territory_title(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

bool is_share(const IndicatorSpec& spec) {
  return spec.unit == "share";
}

/// The French words of a parameter unit of the registry; unknown units are shown as written.
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

/// The French name of an intervention kind or lever ("transport_aid": "Aide à la mobilité");
/// another kind (from a newer results file) as written.
std::string lever_fr(std::string_view kind) {
  const auto lever = model::find_lever(kind);
  return lever ? std::string(model::lever_spec(*lever).label_fr) : std::string(kind);
}

/// "2024-01-01" as "1er janvier 2024"; other text as given.
std::string date_fr(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) return iso;
  return fmt::format("{}{} {} {}", d, d == 1 ? "er" : "", kMonthsFr[m - 1], y);
}

/// How the certainty sentence names an indicator: a subject with its article, and its gender
/// for the agreement of "plus élevé(e)".
struct Subject {
  std::string_view id, text;
  bool feminine;
};
constexpr std::array<Subject, 23> kSubjects = {{
    {"population", "la population", true},
    {"employment_rate", "le taux d'emploi des 15-64 ans", false},
    {"employment_rate_women", "le taux d'emploi des femmes de 15 à 64 ans", false},
    {"employment_rate_single_parents", "le taux d'emploi des parents isolés", false},
    {"employment_rate_15_24", "le taux d'emploi des 15-24 ans", false},
    {"employment_rate_50_64", "le taux d'emploi des 50-64 ans", false},
    {"employment_rate_no_diploma", "le taux d'emploi des personnes sans diplôme de 15 à 64 ans",
     false},
    {"job_seekers", "le nombre de demandeurs d'emploi", false},
    {"job_seekers_no_licence_or_car",
     "la part des demandeurs d'emploi sans permis de conduire ou sans voiture", true},
    {"refusal_mobility_share",
     "la part des demandeurs d'emploi ayant refusé une offre pour raison de mobilité", true},
    {"refusal_mobility_search_share",
     "la part des demandeurs d'emploi ayant refusé une offre pour raison de mobilité depuis le "
     "début de leur recherche",
     true},
    {"refusal_childcare_share",
     "la part des demandeurs d'emploi ayant refusé une offre faute de garde d'enfant", true},
    {"households_with_car", "la part des ménages disposant d'une voiture", true},
    {"single_parent_households", "la part des familles monoparentales", true},
    {"creche_coverage", "la part des enfants de moins de 3 ans accueillis en crèche", true},
    {"creche_waitlist", "le nombre d'enfants en attente d'une place en crèche", false},
    {"screening_breast", "la part des femmes de 50 à 74 ans à jour du dépistage du cancer du sein",
     true},
    {"screening_cervical",
     "la part des femmes de 25 à 65 ans à jour du dépistage du cancer du col de l'utérus", true},
    {"screening_colorectal", "la part des 50-74 ans à jour du dépistage du cancer colorectal",
     true},
    {"truck_screenings", "le nombre de dépistages réalisés par le camion", false},
    {"aid_beneficiaries", "le nombre de bénéficiaires d'une aide à la mobilité", false},
    {"cohort_employment_rate", "le taux d'emploi des habitants de 2024", false},
    {"licence_holders", "la part des adultes titulaires du permis de conduire", true},
}};

/// Decimals of a level as shown (percent for shares).
int level_decimals(const IndicatorSpec& spec, double shown) {
  if (is_share(spec)) return 1;
  return std::isfinite(shown) && std::fabs(shown) >= 100 ? 0 : 1;
}

/// Decimals of a difference as shown (points for shares): enough that a small effect is not
/// written 0.
int difference_decimals(const IndicatorSpec& spec, double shown) {
  const double a = std::isfinite(shown) ? std::fabs(shown) : 1.0;
  if (!is_share(spec) && a >= 9.95) return 0;
  return a >= 0.095 || a == 0 ? 1 : 2;
}

std::string interval_fr(double lo, double hi, int decimals, bool plus) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return "";
  return fmt::format("[{}{}; {}]", format_fr(lo, decimals, plus), kNarrowNbsp,
                     format_fr(hi, decimals, plus));
}

/// What the report needs about the comparison's time axis, computed once.
struct Frame {
  const Comparison& c;
  std::uint32_t all = 0;
  int first_year = 0, last_year = 0;
  MonthRange last;
  std::optional<int> mid_year;  ///< 2027 when the run covers it and does not end with it
  std::string horizon;          ///< "2024-2030"

  explicit Frame(const Comparison& comparison) : c(comparison), all(comparison.all_qpvs()) {
    first_year = c.months.front().year;
    last_year = c.months.back().year;
    last = months_of_year(c, last_year);
    if (kMidTermYear >= first_year && kMidTermYear < last_year) mid_year = kMidTermYear;
    horizon = first_year == last_year ? std::to_string(first_year)
                                      : fmt::format("{}-{}", first_year, last_year);
  }
  std::size_t alternatives() const { return c.scenarios.size() - 1; }
  const std::string& name(std::size_t s) const { return c.scenarios[s].record.name; }
  /// Years shown in the tables of effects: the mid-term year when in the run, and the last.
  std::vector<int> table_years() const {
    std::vector<int> y;
    if (mid_year) y.push_back(*mid_year);
    y.push_back(last_year);
    return y;
  }
};

Distribution level(const Frame& f, std::size_t s, const IndicatorSpec& spec, std::uint32_t q,
                   MonthRange r) {
  return distribution(indicator_values(f.c, s, spec, q, r));
}

Distribution difference(const Frame& f, std::size_t s, const IndicatorSpec& spec, std::uint32_t q,
                        MonthRange r) {
  return distribution(paired_differences(f.c, s, spec, q, r), spec.better);
}

/// How sure we are that scenario s does better on `spec`, as a table cell says it ("dans 9
/// futurs sur 10", with the published evidence when it includes no effect).
std::string futures_short(const Frame& f, std::size_t s, const IndicatorSpec& spec,
                          const Distribution& d) {
  return futures_short_fr(spec, d.share_better, published_evidence(f.c.scenarios[s], spec));
}

/// "dans 9 futurs sur 10" as a table cell says it: "fait mieux dans 9 futurs sur 10".
std::string futures_cell(const Frame& f, std::size_t s, const IndicatorSpec& spec,
                         const Distribution& d) {
  if (no_difference(d)) return "<span class=\"futures none\">aucun écart</span>";
  const std::string fut = futures_short(f, s, spec, d);
  if (fut.empty()) return "<span class=\"futures\">indicateur descriptif</span>";
  return fmt::format("<span class=\"futures\">fait mieux {}</span>", h(fut));
}

std::string figure_cell(const ShownFigure& s, const std::string& extra = "") {
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span>{}"
      "</td>",
      h(s.value), h(s.interval), extra);
}

/// The extra cost of a scenario over the run as a table cell: mean and interval.
std::string extra_cost_cell(const CostEffectiveness& ce) {
  const Distribution& d = ce.extra_cost;
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">[{}{}; {}]</span></td>",
      h(format_euros_fr(d.mean, true)), h(format_euros_fr(d.q05, true)), kNarrowNbsp,
      h(format_euros_fr(d.q95, true)));
}

/// An extra result over the run as a table cell: mean and interval, in its unit.
std::string effect_cell(const Distribution& d, Effect e) {
  const int dec = std::isfinite(d.mean) && std::fabs(d.mean) >= 10 ? 0 : 1;
  const double shown = std::isfinite(d.mean) ? std::round(d.mean * std::pow(10, dec)) : 0;
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{} {}</span><span class=\"ci\">{}</span></td>",
      h(format_fr(d.mean, dec, true)), h(effect_unit_fr(e, plural_for(shown))),
      h(interval_fr(d.q05, d.q95, dec, true)));
}

/// Cost per result as a table cell: "X € [a ; b]" or "effet trop incertain", then the extra
/// effect and its interval.
std::string cost_cell(const CostEffectiveness& ce, Effect e) {
  std::string main;
  if (ce.interval && std::isfinite(ce.euros_per_unit)) {
    main = fmt::format("<span class=\"v\">{}</span><span class=\"ci\">[{}{}; {}]</span>",
                       h(format_euros_fr(ce.euros_per_unit)), h(format_euros_fr(ce.q05)),
                       kNarrowNbsp, h(format_euros_fr(ce.q95)));
  } else if (no_difference(ce.extra_effect)) {
    main = "<span class=\"v uncertain\">aucun effet</span>";
  } else {
    main = "<span class=\"v uncertain\">effet trop incertain</span>";
  }
  const Distribution& d = ce.extra_effect;
  const int dec = std::isfinite(d.mean) && std::fabs(d.mean) >= 10 ? 0 : 1;
  const double shown = std::isfinite(d.mean) ? std::round(d.mean * std::pow(10, dec)) : 0;
  return fmt::format(
      "<td class=\"num\">{}<span class=\"effect\">résultat : {} {} <span class=\"nowrap\">{}</span>"
      "</span></td>",
      main, h(format_fr(d.mean, dec, true)), h(effect_unit_fr(e, plural_for(shown))),
      h(interval_fr(d.q05, d.q95, dec, true)));
}

// ---------------------------------------------------------------------------------------------
// Charts

/// Months of the run as fractional years, with a tick at each January.
void time_axis(const Frame& f, svg::FanChart& chart) {
  for (const Date& d : f.c.months) chart.x.push_back(d.year + (d.month - 1) / 12.0);
  for (const Date& d : f.c.months)
    if (d.month == 1)
      chart.x_ticks.push_back({static_cast<double>(d.year), std::to_string(d.year)});
}

svg::FanSeries fan_series(const std::vector<Distribution>& t, double scale, std::string label,
                          std::string color) {
  svg::FanSeries s{std::move(label), std::move(color), {}, {}, {}};
  for (const Distribution& d : t) {
    s.mean.push_back(scale * d.mean);
    s.low.push_back(scale * d.q05);
    s.high.push_back(scale * d.q95);
  }
  return s;
}

std::string level_axis_unit(const IndicatorSpec& spec) {
  return is_share(spec) ? "en %" : "en " + unit_fr(spec.unit, true);
}

std::string difference_axis_unit(const IndicatorSpec& spec) {
  return is_share(spec) ? "écart en points" : "écart en " + unit_fr(spec.unit, true);
}

/// Levels of the baseline and of `s` (or of the baseline alone), all QPVs, month by month.
std::string level_fan(const Frame& f, const IndicatorSpec& spec, std::optional<std::size_t> s) {
  const double k = is_share(spec) ? 100.0 : 1.0;
  svg::FanChart chart;
  chart.title = s ? fmt::format(
                        "{} : ensemble des QPV, {}, situation de référence et scénario "
                        "« {} », moyenne et 9 futurs sur 10, mois par mois",
                        spec.label_fr, f.horizon, f.name(*s))
                  : fmt::format(
                        "{} : ensemble des QPV, {}, situation de référence, moyenne et 9 "
                        "futurs sur 10, mois par mois",
                        spec.label_fr, f.horizon);
  chart.unit = level_axis_unit(spec);
  time_axis(f, chart);
  chart.series.push_back(
      fan_series(trajectory(f.c, 0, spec, f.all), k, "Situation de référence", color_of(0)));
  if (s) {
    chart.series.push_back(fan_series(trajectory(f.c, *s, spec, f.all), k,
                                      "Scénario « " + f.name(*s) + " »", color_of(*s)));
  }
  return svg::fan_chart(chart);
}

/// The paired difference of `s` against the baseline, all QPVs, month by month.
std::string difference_fan(const Frame& f, const IndicatorSpec& spec, std::size_t s) {
  const double k = is_share(spec) ? 100.0 : 1.0;
  svg::FanChart chart;
  chart.title = fmt::format(
      "{} : écart entre le scénario « {} » et la situation de référence, "
      "ensemble des QPV, mois par mois",
      spec.label_fr, f.name(s));
  chart.unit = difference_axis_unit(spec);
  chart.zero_line = true;
  time_axis(f, chart);
  chart.series.push_back(fan_series(difference_trajectory(f.c, s, spec, f.all), k,
                                    "Écart scénario − référence (mêmes futurs)", color_of(s)));
  return svg::fan_chart(chart);
}

/// The difference of `s` in the last year, one bar per QPV.
std::string qpv_bars(const Frame& f, const IndicatorSpec& spec, std::size_t s) {
  const double k = is_share(spec) ? 100.0 : 1.0;
  svg::BarChart chart;
  chart.title = fmt::format(
      "{} : écart en {} par quartier, scénario « {} » moins situation de "
      "référence, moyenne et 9 futurs sur 10",
      spec.label_fr, f.last_year, f.name(s));
  chart.unit = fmt::format("{}, moyenne {}", difference_axis_unit(spec), f.last_year);
  chart.color = color_of(s);
  double largest = 0;
  for (std::uint32_t q = 0; q < f.all; ++q) {
    const Distribution d = difference(f, s, spec, q, f.last);
    chart.bars.push_back({qpv_label(f.c, q), k * d.mean, k * d.q05, k * d.q95});
    if (std::isfinite(d.mean)) largest = std::max(largest, std::fabs(k * d.mean));
  }
  chart.decimals = difference_decimals(spec, largest);
  chart.width = 900;
  return svg::bar_chart(chart);
}

// ---------------------------------------------------------------------------------------------
// Sections

/// How many parameters the baseline's replicates took from the posterior and from their priors.
std::pair<std::size_t, std::size_t> drawn_counts(const io::RunRecord& r) {
  std::size_t posterior = 0, prior = 0;
  for (const std::string& from : r.parameter_drawn_from) {
    posterior += from == "posterior";
    prior += from == "prior";
  }
  return {posterior, prior};
}

/// What the report's intervals include and leave out, in a sentence (EFSA 2019 guidance on
/// communicating uncertainty: say which sources an interval covers).
std::string intervals_include_fr(const Frame& f) {
  const auto [posterior, prior] = drawn_counts(f.c.scenarios[0].record);
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
      h(in), h(out));
}

std::string nav(const Frame& f) {
  std::vector<std::pair<std::string, std::string>> links = {{"synthese", "Synthèse"}};
  for (std::size_t s = 1; s < f.c.scenarios.size(); ++s)
    links.emplace_back("levier-" + f.c.scenarios[s].id, f.name(s));
  links.emplace_back("emploi", "Emploi");
  links.emplace_back("quartiers", "Par quartier");
  if (f.alternatives() > 0) links.emplace_back("cout", "Coût par résultat");
  links.emplace_back("methode", "Méthode et provenance");
  return page::nav(links);
}

/// The 20-dot quantile plot of scenario s's paired difference on `spec` in the last year, all
/// QPVs, with the count of favourable dots written out.
std::string quantile_dots_figure(const Frame& f, std::size_t s, const IndicatorSpec& spec) {
  const double k = is_share(spec) ? 100.0 : 1.0;
  std::vector<double> values = paired_differences(f.c, s, spec, f.all, f.last);
  for (double& v : values) v *= k;
  const int better = spec.better == Better::higher ? 1 : spec.better == Better::lower ? -1 : 0;
  std::size_t favourable = 0;
  for (double v : svg::twenty_quantiles(values)) favourable += better * v > 0;
  svg::QuantileDots chart;
  chart.title =
      fmt::format("{} : écart en {}, 20 futurs représentatifs", spec.label_fr, f.last_year);
  chart.unit = difference_axis_unit(spec);
  chart.color = color_of(s);
  chart.values = std::move(values);
  chart.better = better;
  const std::string caption =
      better == 0 ? std::string("Chaque point représente un futur sur 20.")
                  : fmt::format(
                        "Chaque point représente un futur sur 20 : {} sur 20 du côté "
                        "favorable (points pleins).",
                        favourable);
  return fmt::format(
      "<figure class=\"dots\" data-favourable=\"{}\">{}<figcaption>{}</figcaption>"
      "</figure>",
      favourable, svg::quantile_dots(chart), h(caption));
}

/// The headline card of an alternative: its first key indicator in the last year.
std::string effect_card(const Frame& f, std::size_t s) {
  const ScenarioRun& run = f.c.scenarios[s];
  const IndicatorSpec& spec = *key_indicators(run).front();
  const Distribution d = difference(f, s, spec, f.all, f.last);
  const ShownFigure shown = show_difference(spec, d);
  const Distribution spent = distribution(spending_euros(f.c, s, f.all, f.last_year));

  std::string out = fmt::format(
      "<article class=\"headline headline-effect\" data-scenario=\"{}\" data-indicator=\"{}\" "
      "style=\"--c:{}\"><h3>{}</h3><p class=\"indicator\">{} : écart avec la situation de "
      "référence en {}, ensemble des QPV</p><p class=\"value\">{}</p><p class=\"interval\">{}</p>",
      h(run.id), h(spec.id), color_of(s), h(run.record.name), h(spec.label_fr), f.last_year,
      h(shown.value), h(shown.interval));
  const std::string sure = certainty_fr(spec, d, published_evidence(run, spec));
  if (!sure.empty()) out += fmt::format("<p class=\"certainty\">{}</p>", h(sure));
  out += quantile_dots_figure(f, s, spec);
  out += fmt::format(
      "<p class=\"spending\">Dépense en {} : <span class=\"nowrap\">{}</span> "
      "(moyenne des futurs simulés)</p>",
      f.last_year, h(format_euros_fr(spent.mean)));
  if (is_package(run)) {
    // Each lever buys its own result: no single cost per result (see the cost section).
    out +=
        "<p class=\"cost\">Plusieurs leviers : leurs coûts et leurs résultats sont mis côte à "
        "côte dans la partie <a href=\"#cout\">Coût par résultat</a>.</p>";
  }
  for (Effect e : is_package(run) ? std::vector<Effect>{} : key_effects(run)) {
    const CostEffectiveness ce = cost_effectiveness(f.c, s, e, f.all);
    // A cost per result only means something when the scenario spends more for more results.
    if (!ce.interval || !std::isfinite(ce.euros_per_unit) || !(ce.extra_cost.mean > 0)) continue;
    out +=
        fmt::format("<p class=\"cost\">soit, sur {}, <span class=\"nowrap\">{}</span> par {}</p>",
                    f.horizon, h(format_euros_fr(ce.euros_per_unit)), h(effect_label_fr(e)));
    break;
  }
  out += fmt::format("<a href=\"#levier-{}\">Détail de ce scénario</a></article>", h(run.id));
  return out;
}

/// A headline card of the baseline: the level of `id` in the last year.
std::string level_card(const Frame& f, std::string_view id) {
  const IndicatorSpec* spec = model::find_indicator(id);
  if (spec == nullptr) return "";
  const ShownFigure shown = show_level(*spec, level(f, 0, *spec, f.all, f.last));
  return fmt::format(
      "<article class=\"headline headline-level\" data-scenario=\"{}\" data-indicator=\"{}\" "
      "style=\"--c:{}\"><h3>Situation de référence</h3><p class=\"indicator\">{} en {}, ensemble "
      "des QPV</p><p class=\"value\">{}</p><p class=\"interval\">{}</p><p "
      "class=\"certainty\">Niveau "
      "projeté sans nouvelle intervention.</p></article>",
      h(f.c.scenarios[0].id), h(spec->id), color_of(0), h(spec->label_fr), f.last_year,
      h(shown.value), h(shown.interval));
}

constexpr std::array<std::string_view, 3> kBaselineHeadlines = {
    "employment_rate", "creche_coverage", "screening_breast"};

std::string synthesis(const Frame& f) {
  const Comparison& c = f.c;
  std::string out = "<section id=\"synthese\">";
  out += fmt::format(
      "<p class=\"kicker\">Contrat Quartiers 2030 · synthèse pour les élus</p><h1>{} : les {} "
      "quartiers prioritaires, {}</h1>",
      h(territory_title(c.territory)), f.all, f.horizon);
  out += fmt::format(
      "<p class=\"subtitle\">{}</p>",
      f.alternatives() == 0
          ? std::string("Projection de la situation de référence, sans nouvelle intervention.")
      : f.alternatives() == 1
          ? std::string("Comparaison d'un scénario avec la situation de référence.")
          : fmt::format("Comparaison de {} scénarios avec la situation de référence.",
                        f.alternatives()));
  out += fmt::format(
      "<p class=\"reading\">Chaque chiffre est la moyenne de {} futurs simulés ; entre crochets, "
      "l'intervalle où se trouvent 9 futurs sur 10.{}</p>",
      c.replicates,
      f.alternatives() == 0 ? ""
                            : " Les écarts comparent chaque scénario à la situation de référence "
                              "dans les mêmes futurs.");

  out += "<div class=\"cards\">";
  std::size_t cards = 0;
  for (std::size_t s = 1; s < c.scenarios.size() && cards < kMaxHeadlines; ++s, ++cards)
    out += effect_card(f, s);
  for (std::size_t k = 0; cards < 3 && k < kBaselineHeadlines.size(); ++k, ++cards)
    out += level_card(f, kBaselineHeadlines[k]);
  out += "</div>";
  out += fmt::format("<p class=\"included\">{}</p>", intervals_include_fr(f));

  out += f.alternatives() == 0 ? "<h3>Scénario simulé</h3>" : "<h3>Scénarios comparés</h3>";
  out += "<ul class=\"scenarios\">";
  out += fmt::format("<li><strong>Situation de référence</strong> : {}</li>", h(f.name(0)));
  for (std::size_t s = 1; s < c.scenarios.size(); ++s)
    out +=
        fmt::format("<li><a href=\"#levier-{}\">{}</a></li>", h(c.scenarios[s].id), h(f.name(s)));
  out += "</ul>";
  if (f.alternatives() > kMaxHeadlines) {
    out += fmt::format(
        "<p>Les cartes ci-dessus montrent les {} premiers scénarios ; les autres "
        "sont détaillés plus bas.</p>",
        kMaxHeadlines);
  }
  if (f.alternatives() == 0) {
    out += "<h3>Trajectoires projetées</h3><div class=\"figures\">";
    for (std::string_view id : kBaselineHeadlines) {
      if (const IndicatorSpec* spec = model::find_indicator(id)) {
        out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>", h(spec->label_fr),
                           level_fan(f, *spec, std::nullopt));
      }
    }
    out += "</div>";
  }
  out += "</section>";
  return out;
}

std::string interventions_list(const io::RunRecord& r) {
  if (r.intervention_kinds.empty()) return "<p>Aucune intervention.</p>";
  std::string out = "<ul class=\"interventions\">";
  for (std::size_t i = 0; i < r.intervention_kinds.size(); ++i) {
    const std::string name = i < r.intervention_names.size() ? r.intervention_names[i] : "";
    out += fmt::format("<li><strong>{}</strong>{}</li>", h(lever_fr(r.intervention_kinds[i])),
                       name.empty() ? "" : " : " + h(name));
  }
  return out + "</ul>";
}

std::string effects_table(const Frame& f, std::size_t s,
                          const std::vector<const IndicatorSpec*>& specs) {
  const std::vector<int> years = f.table_years();
  std::string out =
      "<table class=\"effects\"><caption>Ensemble des QPV ; moyenne des futurs "
      "simulés et, en dessous, l'intervalle de 9 futurs sur 10.</caption><thead><tr>"
      "<th>Indicateur</th>";
  for (int y : years) {
    out += fmt::format(
        "<th class=\"num\">Référence {0}</th><th class=\"num\">Écart {0}</th>"
        "<th>Le scénario fait mieux…</th>",
        y);
  }
  out += "</tr></thead><tbody>";
  for (const IndicatorSpec* spec : specs) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>", h(spec->label_fr));
    for (int y : years) {
      const MonthRange r = months_of_year(f.c, y);
      const Distribution d = difference(f, s, *spec, f.all, r);
      out += figure_cell(show_level(*spec, level(f, 0, *spec, f.all, r)));
      out += figure_cell(show_difference(*spec, d));
      const std::string fut = futures_short(f, s, *spec, d);
      out += fmt::format("<td>{}</td>", no_difference(d) ? "aucun écart"
                                        : fut.empty()    ? "indicateur descriptif"
                                                         : h(fut));
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

/// Levers a scenario plans or spends on.
std::vector<std::size_t> used_levers(const Frame& f, std::size_t s) {
  std::vector<std::size_t> out;
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    const bool planned = f.c.scenarios[s].record.planned_budget_cents[l] > 0;
    const Distribution spent =
        distribution(spending_euros(f.c, s, f.all, 0, static_cast<model::Lever>(l)));
    if (planned || (std::isfinite(spent.mean) && spent.mean != 0)) out.push_back(l);
  }
  return out;
}

std::string spending_table(const Frame& f, std::size_t s) {
  const std::vector<std::size_t> levers = used_levers(f, s);
  if (levers.empty()) return "<p>Aucune dépense simulée pour ce scénario.</p>";
  const auto& planned = f.c.scenarios[s].record.planned_budget_cents;
  std::string out =
      "<table class=\"spending\"><caption>Ensemble des QPV, en euros : ce que coûtent les "
      "bénéficiaires, places et passages simulés (moyenne et, en dessous, 9 futurs sur 10), à "
      "comparer au budget annuel prévu par le scénario. Seules les interventions qui fixent un "
      "budget en ont un ; les autres sont limitées par leur nombre de places.</caption><thead><tr>"
      "<th>Année</th>";
  for (std::size_t l : levers) {
    out += fmt::format(
        "<th class=\"num\">{} : dépensé<span class=\"ci\">{}</span></th>",
        h(model::lever_spec(static_cast<model::Lever>(l)).label_fr),
        planned[l] > 0 ? "budget prévu : " +
                             h(format_euros_fr(static_cast<double>(planned[l]) / 100)) + " par an"
                       : std::string("aucun budget fixé"));
  }
  if (levers.size() > 1) out += "<th class=\"num\">Total dépensé</th>";
  out += "</tr></thead><tbody>";
  auto money = [](const Distribution& d) {
    return fmt::format(
        "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">[{}{}; "
        "{}]</span></td>",
        h(format_euros_fr(d.mean)), h(format_euros_fr(d.q05)), kNarrowNbsp,
        h(format_euros_fr(d.q95)));
  };
  auto row = [&](const std::string& label, int year) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>", label);
    for (std::size_t l : levers)
      out += money(distribution(spending_euros(f.c, s, f.all, year, static_cast<model::Lever>(l))));
    if (levers.size() > 1) out += money(distribution(spending_euros(f.c, s, f.all, year)));
    out += "</tr>";
  };
  for (int y = f.first_year; y <= f.last_year; ++y) row(std::to_string(y), y);
  row("Total " + f.horizon, 0);
  return out + "</tbody></table>";
}

std::string cost_table_by_qpv(const Frame& f, std::size_t s) {
  const std::vector<Effect> effects = key_effects(f.c.scenarios[s]);
  if (effects.empty())
    return "<p>Pas de résultat chiffré en euros pour ce type d'intervention.</p>";
  std::string out = fmt::format(
      "<table class=\"cost\"><caption>Sur {} : dépense supplémentaire par résultat supplémentaire, "
      "et entre crochets l'intervalle de 9 futurs sur 10 ; en dessous, le résultat supplémentaire "
      "moyen.</caption><thead><tr><th>Quartier</th>",
      f.horizon);
  for (Effect e : effects)
    out += fmt::format("<th class=\"num\">€ par {}</th>", h(effect_label_fr(e)));
  out += "</tr></thead><tbody>";
  // All QPVs together first, then each QPV.
  std::vector<std::uint32_t> rows{f.all};
  for (std::uint32_t q = 0; q < f.all; ++q) rows.push_back(q);
  for (std::uint32_t row : rows) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>",
                       row == f.all ? std::string("Ensemble des QPV") : h(qpv_label(f.c, row)));
    for (Effect e : effects) out += cost_cell(cost_effectiveness(f.c, s, e, row), e);
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string lever_section(const Frame& f, std::size_t s) {
  const ScenarioRun& run = f.c.scenarios[s];
  const std::vector<const IndicatorSpec*> specs = key_indicators(run);
  std::string out = fmt::format(
      "<section id=\"levier-{}\" class=\"lever\"><p class=\"kicker\">"
      "Scénario {} sur {}</p><h2>{}</h2>",
      h(run.id), s, f.alternatives(), h(run.record.name));
  if (!run.record.description.empty())
    out += fmt::format("<p class=\"description\">{}</p>", h(run.record.description));
  out += "<h3>Interventions</h3>" + interventions_list(run.record);
  out += "<h3>Effets sur les indicateurs clés</h3>" + effects_table(f, s, specs);
  for (const IndicatorSpec* spec : specs) {
    out += fmt::format("<h4>{}</h4><div class=\"figures\">", h(spec->label_fr));
    out += fmt::format("<figure><figcaption>Niveau, ensemble des QPV, {}</figcaption>{}</figure>",
                       f.horizon, level_fan(f, *spec, s));
    out += fmt::format(
        "<figure><figcaption>Écart avec la référence dans les mêmes futurs, "
        "ensemble des QPV</figcaption>{}</figure>",
        difference_fan(f, *spec, s));
    out += fmt::format(
        "<figure class=\"wide\"><figcaption>Écart en {} par quartier</figcaption>"
        "{}</figure>",
        f.last_year, qpv_bars(f, *spec, s));
    out += "</div>";
  }
  out += "<h3>Dépenses par an</h3>" + spending_table(f, s);
  out += "<h3>Coût par résultat</h3>" + cost_table_by_qpv(f, s);
  return out + "</section>";
}

/// The indicators of the "Emploi" section, in the order shown: employment rates, then job seekers
/// and what keeps them from the offers they get.
constexpr std::array<std::string_view, 12> kLabourMarket = {
    "employment_rate",
    "employment_rate_women",
    "employment_rate_15_24",
    "employment_rate_50_64",
    "employment_rate_no_diploma",
    "employment_rate_single_parents",
    "cohort_employment_rate",
    "job_seekers",
    "job_seekers_no_licence_or_car",
    "refusal_mobility_share",
    "refusal_mobility_search_share",
    "refusal_childcare_share",
};

/// The labour-market indicators for all QPVs: the baseline's level in the first, mid-term and
/// last years (to set beside published figures), and each scenario's difference in the last.
std::string labour_market(const Frame& f) {
  std::vector<int> years = f.table_years();
  if (years.front() != f.first_year) years.insert(years.begin(), f.first_year);
  std::string when;
  for (std::size_t k = 0; k < years.size(); ++k)
    when += fmt::format("{}en {}", k == 0 ? "" : k + 1 == years.size() ? " et " : ", ", years[k]);
  std::string out = fmt::format(
      "<section id=\"emploi\"><h2>Emploi et recherche d'emploi</h2><p>Ensemble des QPV : niveau "
      "de la situation de référence {}{}. Moyenne des futurs simulés et, en dessous, "
      "l'intervalle de 9 futurs sur 10. Ces niveaux se comparent aux chiffres publiés pour les "
      "quartiers prioritaires.</p>",
      when,
      f.alternatives() == 0
          ? ""
          : fmt::format(", et écart de chaque scénario avec elle en {}", f.last_year));
  out += "<table class=\"labour\"><thead><tr><th>Indicateur</th>";
  for (int y : years) out += fmt::format("<th class=\"num\">Référence {}</th>", y);
  for (std::size_t s = 1; s < f.c.scenarios.size(); ++s)
    out += fmt::format("<th class=\"num\">Écart {} : {}</th>", f.last_year, h(f.name(s)));
  out += "</tr></thead><tbody>";
  for (std::string_view id : kLabourMarket) {
    const IndicatorSpec* spec = model::find_indicator(id);
    if (spec == nullptr) continue;
    out += fmt::format("<tr data-indicator=\"{}\"><th scope=\"row\">{}</th>", h(spec->id),
                       h(spec->label_fr));
    for (int y : years)
      out += figure_cell(show_level(*spec, level(f, 0, *spec, f.all, months_of_year(f.c, y))));
    for (std::size_t s = 1; s < f.c.scenarios.size(); ++s) {
      const Distribution d = difference(f, s, *spec, f.all, f.last);
      out += figure_cell(show_difference(*spec, d), futures_cell(f, s, *spec, d));
    }
    out += "</tr>";
  }
  out +=
      "</tbody></table><p>Taux d'emploi : part des personnes en emploi parmi tous les habitants "
      "du groupe, étudiants et inactifs compris ; « sans diplôme » : ni CAP-BEP, ni "
      "baccalauréat, ni diplôme du supérieur. Demandeurs d'emploi sans permis ou sans voiture : "
      "sans permis de conduire, ou sans voiture dans leur ménage (une voiture de location "
      "solidaire ne compte pas). Refus depuis le début de la recherche : une nouvelle recherche "
      "repart de zéro ; pour les personnes qui cherchaient déjà un emploi en entrant dans la "
      "simulation (à son début, ou en emménageant dans un quartier), les refus antérieurs ne sont "
      "pas connus et ne comptent pas : les premières années, cette part est sous-estimée.</p>";
  return out + "</section>";
}

std::string neighbourhoods(const Frame& f) {
  const Comparison& c = f.c;
  // The key indicators of every scenario; for the baseline alone, those of the headline cards.
  std::vector<const IndicatorSpec*> specs;
  auto add = [&](const IndicatorSpec* spec) {
    if (spec != nullptr && std::find(specs.begin(), specs.end(), spec) == specs.end())
      specs.push_back(spec);
  };
  for (const ScenarioRun& s : c.scenarios)
    for (const IndicatorSpec* spec : key_indicators(s)) add(spec);
  if (f.alternatives() == 0)
    for (std::string_view id : kBaselineHeadlines) add(model::find_indicator(id));
  std::string out = fmt::format(
      "<section id=\"quartiers\"><h2>Par quartier</h2><p>Pour chaque quartier : le niveau de la "
      "situation de référence en {0}{1} Moyenne des futurs simulés et, en dessous, l'intervalle "
      "de 9 futurs sur 10.</p>",
      f.last_year,
      f.alternatives() == 0
          ? "."
          : fmt::format(" et l'écart de chaque scénario avec elle en {}.", f.last_year));
  for (std::uint32_t q = 0; q < f.all; ++q) {
    std::string communes = c.qpv_communes[q];
    for (std::size_t p = communes.find(';'); p != std::string::npos; p = communes.find(';', p))
      communes.replace(p, 1, ", ");
    out += fmt::format(
        "<div class=\"qpv\" id=\"qpv-{}\"><h3>{} <small>({})</small></h3><p "
        "class=\"communes\">{}</p>",
        h(c.qpv_codes[q]), h(c.qpv_names[q]), h(c.qpv_codes[q]), h(communes));
    out += fmt::format(
        "<table class=\"neighbourhood\"><thead><tr><th>Indicateur</th><th "
        "class=\"num\">Référence {}</th>",
        f.last_year);
    for (std::size_t s = 1; s < c.scenarios.size(); ++s)
      out += fmt::format("<th class=\"num\">Écart : {}</th>", h(f.name(s)));
    out += "</tr></thead><tbody>";
    for (const IndicatorSpec* spec : specs) {
      out += fmt::format("<tr><th scope=\"row\">{}</th>", h(spec->label_fr));
      out += figure_cell(show_level(*spec, level(f, 0, *spec, q, f.last)));
      for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
        const Distribution d = difference(f, s, *spec, q, f.last);
        out += figure_cell(show_difference(*spec, d), futures_cell(f, s, *spec, d));
      }
      out += "</tr>";
    }
    out += "</tbody></table></div>";
  }
  return out + "</section>";
}

std::string cost_section(const Frame& f) {
  std::string out = fmt::format(
      "<section id=\"cout\"><h2>Coût par résultat</h2><p>Ensemble des QPV, sur {} : dépense "
      "supplémentaire du scénario divisée par son résultat supplémentaire, comparés à la situation "
      "de référence dans les mêmes futurs. Entre crochets, l'intervalle de 9 futurs sur 10 ; "
      "« effet trop incertain » quand le résultat supplémentaire n'est pas positif dans au moins "
      "95 % des futurs. Les définitions sont dans la partie <a href=\"#methode\">Méthode</a>.</p>",
      f.horizon);
  out +=
      "<table class=\"cost\"><thead><tr><th>Scénario</th><th class=\"num\">Dépense "
      "supplémentaire</th>";
  for (Effect e : kEffects)
    out += fmt::format("<th class=\"num\">€ par {}</th>", h(effect_label_fr(e)));
  out += "</tr></thead><tbody>";
  std::string packages;
  for (std::size_t s = 1; s < f.c.scenarios.size(); ++s) {
    const bool package = is_package(f.c.scenarios[s]);
    const std::string row_head =
        fmt::format("<tr><th scope=\"row\"><a href=\"#levier-{}\">{}</a></th>",
                    h(f.c.scenarios[s].id), h(f.name(s)));
    const std::string extra_cost = extra_cost_cell(cost_effectiveness(f.c, s, kEffects[0], f.all));
    out += row_head + extra_cost;
    if (package) packages += row_head + extra_cost;
    for (Effect e : kEffects) {
      const CostEffectiveness ce = cost_effectiveness(f.c, s, e, f.all);
      // A package's spending buys several results at once: dividing all of it by one of them
      // would charge every lever to that result. Its costs and results go side by side below.
      out += package ? "<td class=\"num\"><span class=\"v uncertain\">plusieurs leviers : voir "
                       "ci-dessous</span></td>"
                     : cost_cell(ce, e);
      if (package) packages += effect_cell(ce.extra_effect, e);
    }
    out += "</tr>";
    if (package) packages += "</tr>";
  }
  out += "</tbody></table>";
  if (!packages.empty()) {
    out +=
        "<h3>Coûts et conséquences des scénarios à plusieurs leviers</h3><p>Quand un scénario "
        "combine plusieurs leviers, chacun achète ses propres résultats : diviser toute la dépense "
        "par un seul résultat imputerait à ce résultat le coût des autres leviers. La dépense "
        "supplémentaire est donc donnée à côté de chaque résultat supplémentaire, sans rapport "
        "entre eux ; le coût par résultat de chaque levier seul est dans le tableau ci-dessus."
        "</p><table class=\"cost consequences\"><thead><tr><th>Scénario</th><th "
        "class=\"num\">Dépense supplémentaire</th>";
    for (Effect e : kEffects)
      out += fmt::format("<th class=\"num\">{} supplémentaires</th>", h(effect_unit_fr(e, true)));
    out += "</tr></thead><tbody>" + packages + "</tbody></table>";
  }
  return out + "</section>";
}

/// Structural choices of the model that no interval quantifies (named, as EFSA 2019 asks), for
/// the territory and the uncertainty of `base`.
std::vector<std::string> structural_choices(const io::RunRecord& base) {
  std::vector<std::string> out = {
      "Les quartiers sont simulés indépendamment les uns des autres : personne ne déménage d'un "
      "QPV à un autre, et les quartiers ne se disputent ni les emplois ni les places en crèche."};
  // The territory rows end with the all-QPV one.
  const std::size_t n = base.qpv_population.empty() ? 0 : base.qpv_population.size() - 1;
  const bool equal_split =
      n > 1 &&
      std::all_of(base.qpv_population.begin(), base.qpv_population.begin() + n,
                  [&](std::int64_t p) { return std::abs(p - base.qpv_population[0]) <= 1; });
  out.push_back(
      (equal_split
           ? fmt::format("La population de chaque QPV est une part égale des {} habitants des {} "
                         "QPV (les chiffres par quartier ne sont pas publiés dans nos sources) ; ",
                         format_fr(static_cast<double>(base.qpv_population[n]), 0), n)
           : std::string("La population de chaque QPV vient des données du territoire ; ")) +
      "la composition des ménages, l'âge, le diplôme et l'équipement en voiture viennent de "
      "marges supposées ou observées (voir leurs sources), et l'accès aux transports de chaque QPV "
      "de niveaux supposés.");
  out.emplace_back(
      "Les offres d'emploi arrivent à chaque demandeur indépendamment des autres : un emploi pris "
      "grâce à une aide n'est retiré à personne (pas d'éviction ni de concurrence entre "
      "demandeurs d'emploi), et la conjoncture reste celle de 2024.");
  out.emplace_back(
      "Les obstacles à une offre sont examinés dans un ordre fixe : mobilité, garde d'enfants, "
      "santé.");
  out.emplace_back(
      "Les coûts unitaires des leviers (par place, par passage, par bénéficiaire) sont fixés, non "
      "tirés au hasard.");
  const auto [posterior, prior] = drawn_counts(base);
  if (posterior > 0)
    out.emplace_back(
        "Les paramètres calés l'ont été sur des chiffres observés, certains nationaux ou de "
        "l'agglomération entière, ajustés aux QPV (voir le rapport de calage) ; le calage tire les "
        "hypothèses incertaines de leurs lois a priori, puis chaque futur les tire à nouveau sans "
        "garder le lien entre les deux (approximation).");
  if (prior > 0)
    out.emplace_back(
        "Les lois a priori des hypothèses traduisent notre lecture des études publiées, non des "
        "mesures locales ; d'autres lectures donneraient d'autres intervalles.");
  return out;
}

/// The French role of a parameter, as recorded ("calibrated", "uncertain", "policy").
std::string role_fr(const std::string& role) {
  if (role == "calibrated") return "calé";
  if (role == "uncertain") return "hypothèse incertaine";
  if (role == "policy") return "choix de politique";
  return role;
}

/// The methods' account of uncertainty: the mode, what is drawn and from what, what is not.
std::string uncertainty_method(const Frame& f) {
  const io::RunRecord& base = f.c.scenarios[0].record;
  const auto [posterior, prior] = drawn_counts(base);
  std::string out = fmt::format(
      "<h3 id=\"incertitudes\">Ce que les intervalles prennent en compte, et ce qu'ils laissent "
      "de côté</h3><p>{}</p><p>Mode d'incertitude : <code>{}</code>. ",
      intervals_include_fr(f), h(base.uncertainty));
  if (base.uncertainty == "full") {
    out +=
        "Chaque futur simulé tire une valeur de chaque paramètre calé dans le postérieur du calage "
        "et une valeur de chaque hypothèse incertaine dans sa loi a priori ; tous les scénarios "
        "utilisent les mêmes valeurs dans le même futur. Les choix de politique ne sont jamais "
        "tirés, et un paramètre qu'un scénario fixe garde sa valeur.";
  } else if (base.uncertainty == "calibrated") {
    out +=
        "Chaque futur simulé tire les paramètres calés dans le postérieur du calage ; les "
        "hypothèses gardent leur valeur par défaut.";
  } else {
    out +=
        "Tous les futurs utilisent les mêmes valeurs de paramètres : seuls les tirages "
        "aléatoires des événements diffèrent.";
  }
  out += "</p>";
  if (posterior + prior > 0) {
    out += fmt::format(
        "<details><summary>Les {} paramètres tirés dans chaque futur</summary><table "
        "class=\"parameters\"><thead><tr><th>Paramètre</th><th>Rôle</th><th>Tiré "
        "dans</th><th>Loi a priori</th><th>Source</th></tr></thead><tbody>",
        posterior + prior);
    for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
      const std::string& from = base.parameter_drawn_from.at(p);
      if (from != "posterior" && from != "prior") continue;
      out += fmt::format(
          "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td "
          "class=\"source\">{}</td></tr>",
          h(base.parameter_names[p]), h(role_fr(base.parameter_roles.at(p))),
          from == "posterior" ? "le postérieur du calage" : "sa loi a priori",
          h(prior_fr(base.parameter_priors.at(p))), h(base.parameter_sources.at(p)));
    }
    out += "</tbody></table></details>";
  }
  out +=
      "<p>Choix de structure que les intervalles ne quantifient pas :</p><ul class=\"structural\">";
  for (const std::string& choice : structural_choices(base))
    out += fmt::format("<li>{}</li>", h(choice));
  return out + "</ul>";
}

std::string method(const Frame& f) {
  const Comparison& c = f.c;
  const io::RunRecord& base = c.scenarios[0].record;
  std::string out = "<section id=\"methode\"><h2>Méthode et provenance</h2><dl class=\"meta\">";
  auto item = [&](std::string_view term, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", term, html);
  };
  item("Version de qpvsim", "<code>" + h(c.qpvsim_version) + "</code>");
  item("Commit git", "<code>" + h(c.git_commit) + "</code>");
  item("Date de création", h(timestamp_fr(c.created_utc)));
  item("Graine aléatoire", "<code>" + std::to_string(c.seed) + "</code>");
  item("Futurs simulés", fmt::format("{} par scénario", c.replicates));
  item("Période simulée",
       fmt::format("du {} au {}{}", h(date_fr(c.start)), h(date_fr(c.end)),
                   base.warmup_months > 0
                       ? fmt::format(" (précédée de {} mois simulés puis écartés, pour que les "
                                     "indicateurs sur 12 mois aient un historique)",
                                     base.warmup_months)
                       : std::string()));
  item("Territoire",
       fmt::format("{}, {} quartiers prioritaires", h(territory_title(c.territory)), f.all));
  item("Scénarios", fmt::format("{} (la situation de référence en premier)", c.scenarios.size()));
  if (!base.posterior_file.empty()) {
    item("Paramètres calibrés",
         fmt::format("tirés du postérieur <code>{}</code> ({}) : chaque futur simulé utilise les "
                     "valeurs d'une particule tirée selon son poids, la même dans chaque "
                     "scénario ; les intervalles incluent donc l'incertitude sur ces paramètres",
                     h(base.posterior_file), h(join(base.posterior_names))));
  } else {
    item("Paramètres calibrés",
         "aucun postérieur : chaque futur utilise les valeurs par défaut du registre des "
         "paramètres ou celles des scénarios");
  }
  out += "</dl>";
  out += uncertainty_method(f);

  out += fmt::format(
      "<h3>Des futurs appariés</h3><p>Chaque scénario est simulé {0} fois, avec la même graine. Le "
      "futur n° r de chaque scénario utilise les mêmes tirages aléatoires que le futur n° r de la "
      "situation de référence (nombres aléatoires communs) : dans ce futur, les deux ne diffèrent "
      "que par ce que le scénario change. Chaque écart est calculé futur par futur (scénario moins "
      "référence dans le même futur), puis résumé sur les {0} futurs ; il est ainsi bien plus "
      "précis que l'écart entre deux séries de simulations indépendantes.</p>",
      c.replicates);
  out += fmt::format(
      "<h3>Intervalles et « N futurs sur 10 »</h3><p>Un chiffre annuel est, dans chaque futur, la "
      "moyenne des mois de l'année ; le rapport en donne la moyenne sur les {0} futurs. "
      "L'intervalle entre crochets va du 5<sup>e</sup> au 95<sup>e</sup> centile des {0} futurs "
      "(interpolation linéaire entre les valeurs classées) : 9 futurs sur 10 s'y trouvent. « Dans "
      "N futurs sur 10 » est la part des futurs où l'écart va dans le bon sens pour les habitants "
      "(plus élevé pour un taux d'emploi ou de dépistage, plus faible pour un refus d'offre ou une "
      "liste d'attente), arrondie au dixième ; « presque tous » ou « presque aucun » quand elle "
      "s'arrondit à 10 ou à 0 sans l'être ; « dans tous les futurs simulés » quand c'est le cas "
      "de chacun, sauf si des évaluations publiées du levier n'ont pas trouvé d'effet sur cet "
      "indicateur : le rapport écrit alors « dans 10 futurs simulés sur 10 » et ajoute que l'effet "
      "réel peut être nul, car les futurs simulés ne couvrent que les incertitudes du modèle. "
      "Quand l'intervalle va d'un écart défavorable à un écart favorable, la phrase commence par "
      "« Effet incertain ». Les parts sont exprimées en %, leurs écarts en points de "
      "pourcentage.</p>",
      c.replicates);
  out += fmt::format(
      "<h3>Coût par résultat : définitions</h3><p>Dépense supplémentaire : dépenses simulées du "
      "scénario moins celles de la situation de référence, sur toute la période ({}), dans chaque "
      "futur. Le coût par résultat est la dépense supplémentaire moyenne divisée par le résultat "
      "supplémentaire moyen. Son intervalle va du 5<sup>e</sup> au 95<sup>e</sup> centile du "
      "rapport calculé futur par futur ; il n'est donné que si le résultat supplémentaire est "
      "positif dans au moins 95 % des futurs, sinon le rapport n'a pas de sens et le rapport "
      "indique « effet trop incertain ».</p><dl class=\"meta\">",
      f.horizon);
  out += fmt::format(
      "<dt>€ par {}</dt><dd>Résultat : personnes de 15 à 64 ans en emploi parmi les "
      "habitants des QPV, additionnées sur les mois et divisées par 12.</dd>",
      h(effect_label_fr(Effect::employment)));
  out += fmt::format(
      "<dt>€ par {}</dt><dd>Résultat : dépistages réalisés dans les trois programmes "
      "organisés (sein, col de l'utérus, colorectal), nets : un dépistage au camion "
      "qui remplace une invitation ultérieure ne compte qu'une fois.</dd>",
      h(effect_label_fr(Effect::screening)));
  out += fmt::format(
      "<dt>€ par {}</dt><dd>Résultat : enfants de moins de 3 ans ayant une place en "
      "crèche, additionnés sur les mois et divisés par 12.</dd></dl>",
      h(effect_label_fr(Effect::childcare)));

  out += "<h3>Fichiers de scénario</h3>";
  for (std::size_t s = 0; s < c.scenarios.size(); ++s) {
    const io::RunRecord& r = c.scenarios[s].record;
    out +=
        fmt::format("<details><summary>{} : {} <small>({} fichier{})</small></summary>",
                    s == 0 ? std::string("Situation de référence") : fmt::format("Scénario {}", s),
                    h(r.name), r.scenario_files.size(), r.scenario_files.size() > 1 ? "s" : "");
    for (std::size_t k = 0; k < r.scenario_files.size(); ++k) {
      out += fmt::format("<p><code>{}</code></p><pre>{}</pre>", h(r.scenario_files[k]),
                         k < r.scenario_toml.size() ? h(r.scenario_toml[k]) : "");
    }
    out += "</details>";
  }

  std::size_t overridden = 0;
  for (std::int64_t o : base.parameter_overridden) overridden += o != 0;
  const std::string set_by_file =
      overridden == 0 ? std::string(
                            "aucun n'est fixé par le fichier de scénario : tous ont leur "
                            "valeur par défaut")
                      : fmt::format(
                            "{} fixé{} par le fichier de scénario (en gras, marqué{} « oui "
                            "») ; les autres ont leur valeur par défaut",
                            overridden, overridden > 1 ? "s" : "", overridden > 1 ? "s" : "");
  out += fmt::format(
      "<h3>Paramètres de la situation de référence</h3><p>{} paramètres de comportement ; {}. Les "
      "noms et les sources sont ceux du registre du modèle (en anglais).</p><details><summary>"
      "Tableau des {} paramètres</summary>",
      base.parameter_names.size(), set_by_file, base.parameter_names.size());
  out +=
      "<table class=\"parameters\"><thead><tr><th>Paramètre</th><th "
      "class=\"num\">Valeur</th><th>Unité</th><th>Loi a priori</th><th>Fixé par le "
      "scénario</th><th>Source</th></tr></thead><tbody>";
  for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
    const bool over = p < base.parameter_overridden.size() && base.parameter_overridden[p] != 0;
    out += fmt::format(
        "<tr{}><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"source\">{}</td></tr>",
        over ? " class=\"overridden\"" : "", h(base.parameter_names[p]),
        h(format_fr_compact(base.parameter_values.at(p))),
        h(parameter_unit_fr(base.parameter_units.at(p))), h(prior_fr(base.parameter_priors.at(p))),
        over ? "oui" : "", h(base.parameter_sources.at(p)));
  }
  out += "</tbody></table></details>";

  if (c.scenarios.size() > 1) {
    std::string rows;
    for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
      const io::RunRecord& r = c.scenarios[s].record;
      for (std::size_t p = 0; p < r.parameter_names.size() && p < base.parameter_values.size();
           ++p) {
        if (r.parameter_values[p] == base.parameter_values[p]) continue;
        rows += fmt::format(
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td "
            "class=\"num\">{}</td><td>{}</td></tr>",
            h(r.name), h(r.parameter_names[p]), h(format_fr_compact(base.parameter_values[p])),
            h(format_fr_compact(r.parameter_values[p])),
            h(parameter_unit_fr(r.parameter_units[p])));
      }
    }
    out += "<h3>Paramètres modifiés par les scénarios</h3>";
    out += rows.empty()
               ? "<p>Aucun : les scénarios ne changent que les interventions.</p>"
               : "<table class=\"parameters\"><thead><tr><th>Scénario</th><th>Paramètre</th><th "
                 "class=\"num\">Référence</th><th class=\"num\">Scénario</th><th>Unité</th></tr>"
                 "</thead><tbody>" +
                     rows + "</tbody></table>";
  }

  out +=
      "<h3>Principales hypothèses</h3><p>Paramètres dont la valeur est une hypothèse de "
      "travail, faute de source publiée qui la donne directement (à remplacer par des données "
      "observées ou par la calibration), avec la justification du registre du modèle (en "
      "anglais) :</p><ul class=\"assumptions\">";
  std::size_t assumptions = 0;
  for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
    const std::string& src = base.parameter_sources.at(p);
    if (!src.starts_with("assumption")) continue;
    ++assumptions;
    // The heading says it is an assumption; the rest is the reason given.
    std::string why = src.substr(std::string_view("assumption").size());
    while (!why.empty() && (why.front() == ':' || why.front() == ' ')) why.erase(0, 1);
    out += fmt::format("<li><code>{}</code> = {}{}{}</li>", h(base.parameter_names[p]),
                       h(format_fr_compact(base.parameter_values.at(p))),
                       h(" " + parameter_unit_fr(base.parameter_units.at(p))),
                       why.empty() ? "" : " : <span class=\"source\">" + h(why) + "</span>");
  }
  if (assumptions == 0) out += "<li>Aucune.</li>";
  out +=
      "</ul><p>Les hypothèses des interventions (coûts, taux de recours, capacités) sont "
      "écrites en commentaire dans les fichiers de scénario ci-dessus.</p></section>";
  return out;
}

}  // namespace

/// French rule: singular below 2 ("1,5 point", "2 points").
bool plural_for(double shown) {
  return std::isfinite(shown) && std::fabs(shown) >= 2;
}

/// The French name of a count unit of the indicator table.
std::string unit_fr(std::string_view unit, bool plural) {
  if (unit == "persons") return plural ? "personnes" : "personne";
  if (unit == "children") return plural ? "enfants" : "enfant";
  if (unit == "persons per month") return plural ? "personnes par mois" : "personne par mois";
  return std::string(unit);
}

/// A prior as written in records ("lognormal(-2.160000, 0.500000)"), in French.
std::string prior_fr(const std::string& prior) {
  const std::size_t open = prior.find('('), comma = prior.find(','), close = prior.rfind(')');
  if (open == std::string::npos || comma == std::string::npos || close == std::string::npos ||
      !(open < comma && comma < close))
    return prior;
  const std::string kind = prior.substr(0, open);
  double a = 0, b = 0;
  try {
    a = std::stod(prior.substr(open + 1, comma - open - 1));
    b = std::stod(prior.substr(comma + 1, close - comma - 1));
  } catch (const std::exception&) {
    return prior;
  }
  const std::string fa = format_fr_compact(a), fb = format_fr_compact(b);
  if (kind == "uniform") return fmt::format("uniforme entre {} et {}", fa, fb);
  if (kind == "normal") return fmt::format("normale (moyenne {}, écart-type {})", fa, fb);
  if (kind == "lognormal")
    return fmt::format("log-normale (μ = {}, σ = {} sur le logarithme)", fa, fb);
  if (kind == "beta") return fmt::format("bêta ({} ; {})", fa, fb);
  return prior;
}

/// "2025-06-03T14:05:09Z" as "3 juin 2025 à 14 h 05 (UTC)".
std::string timestamp_fr(const std::string& iso) {
  int y = 0, mo = 0, d = 0, hh = 0, mm = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &hh, &mm) != 5 || mo < 1 ||
      mo > 12)
    return iso;
  return fmt::format("{}{} {} {} à {} h {:02d} (UTC)", d, d == 1 ? "er" : "", kMonthsFr[mo - 1], y,
                     hh, mm);
}

ShownFigure show_level(const IndicatorSpec& spec, const Distribution& d) {
  const double k = is_share(spec) ? 100.0 : 1.0;
  const int dec = level_decimals(spec, k * d.mean);
  ShownFigure out;
  out.value = format_fr(k * d.mean, dec);
  if (std::isfinite(d.mean)) {
    const double shown = std::round(k * d.mean * std::pow(10, dec)) / std::pow(10, dec);
    out.value += is_share(spec) ? std::string(kNarrowNbsp) + "%"
                                : std::string(kNbsp) + unit_fr(spec.unit, plural_for(shown));
  }
  out.interval = interval_fr(k * d.q05, k * d.q95, dec, false);
  return out;
}

ShownFigure show_difference(const IndicatorSpec& spec, const Distribution& d) {
  const double k = is_share(spec) ? 100.0 : 1.0;
  const int dec = difference_decimals(spec, k * d.mean);
  ShownFigure out;
  out.value = format_fr(k * d.mean, dec, true);
  if (std::isfinite(d.mean)) {
    const double shown = std::round(k * d.mean * std::pow(10, dec)) / std::pow(10, dec);
    const bool plural = plural_for(shown);
    out.value += std::string(kNbsp) +
                 (is_share(spec) ? (plural ? "points" : "point") : unit_fr(spec.unit, plural));
  }
  out.interval = interval_fr(k * d.q05, k * d.q95, dec, true);
  return out;
}

std::string subject_fr(const IndicatorSpec& spec) {
  for (const Subject& s : kSubjects)
    if (s.id == spec.id) return std::string(s.text);
  return fmt::format("l'indicateur « {} »", spec.label_fr);
}

std::string certainty_fr(const IndicatorSpec& spec, const Distribution& d,
                         const std::optional<PublishedEvidence>& evidence) {
  if (spec.better == Better::neither) return "";
  const bool published_zero = evidence && evidence->includes_no_effect;
  std::string futures = futures_fr(d.share_better, published_zero);
  if (futures.empty()) return "";
  futures[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(futures[0])));
  const std::string subject = subject_fr(spec);
  bool feminine = false;
  for (const Subject& s : kSubjects) feminine = feminine || (s.id == spec.id && s.feminine);
  const bool none = futures.find("aucun") != std::string::npos;
  const std::string_view comparative = spec.better == Better::lower ? "plus faible"
                                       : feminine                   ? "plus élevée"
                                                                    : "plus élevé";
  std::string out = fmt::format("{}, {} {} {} avec ce scénario que dans la situation de référence.",
                                futures, subject, none ? "n'est" : "est", comparative);
  // The interval runs from a worse to a better value: say so in words first.
  if (d.q05 < 0 && d.q95 > 0)
    out = "Effet incertain : selon les futurs, l'écart est favorable ou défavorable. " + out;
  if (published_zero)
    out += fmt::format(
        " Des évaluations publiées n'ont pas trouvé d'effet ({}) : l'effet réel "
        "peut être nul.",
        evidence->references_fr);
  return out;
}

std::string report_html(const Comparison& c) {
  if (c.scenarios.empty() || c.months.empty() || c.qpv_codes.empty())
    throw InputError(Origin{}, "report", "the comparison has no scenario, month or QPV to report");
  const Frame f(c);
  page::Shell shell;
  shell.title = fmt::format(
      "{} : Contrat Quartiers 2030, {} ({})", territory_title(c.territory),
      f.alternatives() == 0 ? "situation de référence" : "comparaison de scénarios", f.horizon);
  shell.version = c.qpvsim_version;
  shell.nav = nav(f);
  shell.main = synthesis(f);
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) shell.main += lever_section(f, s);
  shell.main += labour_market(f);
  shell.main += neighbourhoods(f);
  if (f.alternatives() > 0) shell.main += cost_section(f);
  shell.main += method(f);
  shell.footer = fmt::format("Rapport produit par qpvsim {} le {}.", h(c.qpvsim_version),
                             h(timestamp_fr(c.created_utc)));
  return page::html(shell);
}

void write_report_file(const Comparison& c, const std::string& path) {
  io::write_file_atomically(path, report_html(c), "report");
}

}  // namespace qpv::analysis
