// The comparison report's French wording of figures: levels, differences and extra results
// with their units and intervals, the certainty sentence, QPV names (analysis/report.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis {

using model::Better;
using model::IndicatorSpec;
using report::difference_decimals;
using report::interval_fr;
using report::is_share;
using report::shown_scale;

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

}  // namespace

namespace report {

/// Decimals of a difference as shown (points for shares): enough that a small effect is not
/// written 0.
int difference_decimals(const IndicatorSpec& spec, double shown) {
  const double a = std::isfinite(shown) ? std::fabs(shown) : 1.0;
  if (!is_share(spec) && a >= 9.95) return 0;
  return a >= 0.095 || a == 0 ? 1 : 2;
}

std::string interval_fr(double lo, double hi, int decimals, bool plus) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return "";
  return interval_text(format_fr(lo, decimals, plus), format_fr(hi, decimals, plus));
}

ShownFigure show_effect(const Distribution& d, Effect e) {
  const int dec = std::isfinite(d.mean) && std::fabs(d.mean) >= 10 ? 0 : 1;
  const double shown = std::isfinite(d.mean) ? std::round(d.mean * std::pow(10, dec)) : 0;
  return {format_fr(d.mean, dec, true) + " " + effect_unit_fr(e, plural_for(shown)),
          interval_fr(d.q05, d.q95, dec, true)};
}

}  // namespace report

ShownFigure show_level(const IndicatorSpec& spec, const Distribution& d) {
  const double k = shown_scale(spec);
  const int dec = level_decimals(spec, k * d.mean);
  ShownFigure out;
  out.value = format_fr(k * d.mean, dec);
  if (std::isfinite(d.mean)) {
    const double shown = std::round(k * d.mean * std::pow(10, dec)) / std::pow(10, dec);
    out.value += is_share(spec)
                     ? std::string(kNarrowNoBreakSpace) + "%"
                     : std::string(kNoBreakSpace) + unit_fr(spec.unit, plural_for(shown));
  }
  out.interval = interval_fr(k * d.q05, k * d.q95, dec, false);
  return out;
}

ShownFigure show_difference(const IndicatorSpec& spec, const Distribution& d) {
  const double k = shown_scale(spec);
  const int dec = difference_decimals(spec, k * d.mean);
  ShownFigure out;
  out.value = format_fr(k * d.mean, dec, true);
  if (std::isfinite(d.mean)) {
    const double shown = std::round(k * d.mean * std::pow(10, dec)) / std::pow(10, dec);
    const bool plural = plural_for(shown);
    out.value += std::string(kNoBreakSpace) +
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

}  // namespace qpv::analysis
