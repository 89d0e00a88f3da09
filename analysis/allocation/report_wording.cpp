// How the allocation report writes its figures and names things (report_parts.hpp).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/french.hpp"

namespace qpv::analysis::allocation::report {
namespace {

const std::string kNbsp(kNoBreakSpace);
const std::string kNnbsp(kNarrowNoBreakSpace);

int decimals_for(double shown_largest) {
  const double a = std::fabs(shown_largest);
  return !std::isfinite(a) || a >= 100 || a == 0 ? 0 : a >= 1 ? 1 : 2;
}

/// A count unit of the outcome catalogue in French.
std::string count_unit_fr(const std::string& unit, bool plural) {
  if (unit == "person-years" || unit == "child-years") return plural ? "années" : "année";
  if (unit == "screenings") return plural ? "dépistages" : "dépistage";
  return unit_fr(unit, plural);
}

std::string statistic_fr(const AllocationRecord& r) {
  if (r.statistic == "quantile")
    return fmt::format("son quantile à {} sur les futurs (un choix prudent)",
                       percent_text(r.quantile));
  if (r.statistic == "prob_better") return "la probabilité de faire mieux que le statu quo";
  return "sa moyenne sur les futurs";
}

std::string outcome_label(const AllocationRecord& r, const std::string& id) {
  const auto o = r.outcome(id);
  return o ? r.outcome_labels[*o] : id;
}

}  // namespace

std::string lever_color(std::size_t lever) {
  return std::string(kLeverColors[lever % kLeverColors.size()]);
}

Shown outcome_shown(const AllocationRecord& r, std::size_t o, double largest) {
  const std::string& unit = r.outcome_units.at(o);
  Shown s;
  const std::string per = " per 1,000 residents";
  if (unit == "share") {
    s.scale = 100;
    s.unit = "points";
    s.unit_one = "point";
  } else if (unit.size() > per.size() && unit.ends_with(per)) {
    const std::string inner = unit.substr(0, unit.size() - per.size());
    const std::string thousand = " pour 1" + kNnbsp + "000 habitants";
    s.unit = count_unit_fr(inner, true) + thousand;
    s.unit_one = count_unit_fr(inner, false) + thousand;
  } else {
    s.unit = count_unit_fr(unit, true);
    s.unit_one = count_unit_fr(unit, false);
  }
  s.decimals = decimals_for(largest * s.scale);
  return s;
}

Shown objective_shown(const AllocationRecord& r, double largest) {
  if (r.objective == "floors") {
    if (const auto o = r.outcome(r.maximise)) return outcome_shown(r, *o, largest);
  }
  Shown s;
  if (r.weights != "shares") {
    s.euros = true;
    s.unit = "€";
    return s;
  }
  s.unit = "points de score";
  s.unit_one = "point de score";
  s.decimals = decimals_for(largest);
  return s;
}

std::string value_text(const Shown& s, double v, bool plus) {
  if (s.euros) return format_euros_fr(v, plus);
  const double shown = v * s.scale;
  return format_fr(shown, s.decimals, plus) + kNbsp +
         (plural_for(shown) || s.unit_one.empty() ? s.unit : s.unit_one);
}

std::string interval_of(const Shown& s, double low, double high, bool plus) {
  if (s.euros) return interval_text(format_euros_fr(low, plus), format_euros_fr(high, plus));
  return interval_text(format_fr(low * s.scale, s.decimals, plus),
                       format_fr(high * s.scale, s.decimals, plus));
}

EuroScale euro_scale(double largest, double millions_from) {
  const double a = std::fabs(largest);
  if (a >= millions_from) return {1e-6, "millions d'euros"};
  if (a >= 1e4) return {1e-3, "milliers d'euros"};
  return {1, "euros"};
}

std::string futures_fr(std::size_t n, std::size_t m) {
  if (n == 0) return fmt::format("aucun des {} futurs", m);
  return fmt::format("{} {} sur {}", n, n == 1 ? "futur" : "futurs", m);
}

std::string percent_text(double share, int decimals) {
  return format_fr(100 * share, decimals) + kNnbsp + "%";
}

std::string objective_fr(const AllocationRecord& r) {
  std::string terms;
  for (std::size_t i = 0; i < r.objective_outcomes.size(); ++i) {
    const std::string label = "« " + outcome_label(r, r.objective_outcomes[i]) + " »";
    std::string term;
    if (r.objective == "floors")
      term = fmt::format("{} au moins {}", label, format_fr_compact(r.objective_floors.at(i)));
    else if (r.weights == "shares")
      term = fmt::format("{} (poids {})", label, format_fr_compact(r.objective_weights.at(i)));
    else
      term = fmt::format("{} à {} l'unité", label, format_euros_fr(r.objective_weights.at(i)));
    terms += (terms.empty() ? "" : ", ") + term;
  }
  const std::string period = fmt::format("de {} à {}", r.first_year, r.last_year);
  std::string what;
  if (r.objective == "floors")
    what =
        fmt::format("« {} » en plus {}, les autres résultats devant atteindre leur plancher{}",
                    outcome_label(r, r.maximise), period, terms.empty() ? "" : " (" + terms + ")");
  else if (r.weights == "shares")
    what = fmt::format("une somme pondérée des résultats en plus {}{}", period,
                       terms.empty() ? "" : " : " + terms);
  else
    what = fmt::format("la valeur en euros des résultats en plus {}{}", period,
                       terms.empty() ? "" : " : " + terms);
  return fmt::format(
      "{}, par rapport à la situation sans l'enveloppe ; la recherche en maximise "
      "{}",
      what, statistic_fr(r));
}

std::vector<std::size_t> levers_in_play(const AllocationRecord& r) {
  std::vector<std::size_t> out;
  for (std::size_t l = 0; l < r.levers(); ++l)
    if (r.in_play[l]) out.push_back(l);
  return out;
}

namespace {

/// The sum over the QPVs of a lever's row of a [lever * qpvs + q] table.
double lever_row_sum(const AllocationRecord& r, const std::vector<double>& table,
                     std::size_t lever) {
  double sum = 0;
  for (std::size_t q = 0; q < r.qpvs(); ++q) sum += table[lever * r.qpvs() + q];
  return sum;
}

}  // namespace

double lever_total(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever) {
  return lever_row_sum(r, c.eur, lever);
}

double qpv_total(const AllocationRecord& r, const CandidateRecord& c, std::size_t q) {
  double sum = 0;
  for (std::size_t l = 0; l < r.levers(); ++l) sum += c.eur[l * r.qpvs() + q];
  return sum;
}

double lever_capacity(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever) {
  return lever_row_sum(r, c.capacity, lever);
}

double lever_planned(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever) {
  return lever_row_sum(r, c.planned_eur, lever);
}

std::string buys_fr(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever) {
  const double n = lever_capacity(r, c, lever);
  const std::string& name = r.lever_names[lever];
  if (name == "transport_aid")
    return fmt::format("un budget d'aides de {} par an (plafond des aides)", format_euros_fr(n));
  if (name == "creche_places")
    return fmt::format("{}{}{}", format_fr(n, 0), kNbsp,
                       plural_for(n) ? "places de crèche" : "place de crèche");
  if (name == "screening_truck")
    return fmt::format("{}{}{} par an", format_fr(n, 0), kNbsp,
                       plural_for(n) ? "passages du camion" : "passage du camion");
  return fmt::format("une capacité de {}", format_fr_compact(n));
}

std::string shares_fr(const AllocationRecord& r, const CandidateRecord& c) {
  std::string out;
  for (const std::size_t l : levers_in_play(r))
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", r.lever_labels[l],
                       percent_text(lever_total(r, c, l) / r.envelope_eur));
  return out;
}

std::string qpv_fr(const AllocationRecord& r, std::size_t q) {
  return fmt::format("{} ({})", r.qpv_names.at(q), r.qpv_codes.at(q));
}

std::optional<std::size_t> status_quo_row(const AllocationRecord& r) {
  for (std::size_t i = 1; i < r.reevaluation.size(); ++i)
    if (r.reevaluation[i].label == "statu quo") return i;
  for (std::size_t i = 1; i < r.reevaluation.size(); ++i)
    if (r.candidates[r.reevaluation[i].candidate].phase == "rule") return i;
  return std::nullopt;
}

std::string versus_fr(const AllocationRecord& r, std::size_t row) {
  const ReevaluationRecord& e = r.reevaluation.at(row);
  if (e.label == "statu quo") return "le statu quo";
  if (r.candidates[e.candidate].phase == "rule") return "la règle « " + e.label + " »";
  if (e.label.starts_with("candidat")) return "le " + e.label + " de la recherche";
  return "« " + e.label + " »";
}

std::string to_versus_fr(const AllocationRecord& r, std::size_t row) {
  const std::string v = versus_fr(r, row);
  if (v.starts_with("le ")) return "au " + v.substr(3);
  return "à " + v;
}

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x;
  return v.empty() ? std::nan("") : sum / static_cast<double>(v.size());
}

Paired paired_with_recommendation(const AllocationRecord& r, std::size_t row) {
  const std::vector<double>& best = r.reevaluation.front().objective;
  const std::vector<double>& other = r.reevaluation.at(row).objective;
  Paired p;
  for (std::size_t k = 0; k < std::min(best.size(), other.size()); ++k) {
    const double d = best[k] - other[k];
    p.differences.push_back(d);
    p.better += d > 0 ? 1 : 0;
    p.ties += d == 0 ? 1 : 0;
  }
  p.d = distribution(p.differences);
  return p;
}

std::vector<double> twenty_quantiles(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  std::sort(values.begin(), values.end());
  std::vector<double> out;
  if (values.empty()) return out;
  for (int k = 0; k < 20; ++k) out.push_back(quantile_sorted(values, (k + 0.5) / 20.0));
  return out;
}

std::string intervals_include_fr(const AllocationRecord& r) {
  std::string in =
      "l'aléa des futurs simulés (le hasard des parcours : offres d'emploi, "
      "naissances, déménagements…)";
  std::string out;
  if (r.uncertainty == "full") {
    in += fmt::format(
        " et, futur par futur, les tirages des {} paramètres calés sur les chiffres "
        "observés (postérieur du calage) et de {} hypothèses incertaines du modèle "
        "et des leviers, dont leurs effets (lois a priori)",
        r.parameters_posterior, r.parameters_prior);
  } else if (r.uncertainty == "calibrated") {
    in += fmt::format(
        " et, futur par futur, les tirages des {} paramètres calés sur les chiffres "
        "observés (postérieur du calage)",
        r.parameters_posterior);
    out +=
        "l'incertitude des hypothèses sur les mécanismes et l'effet des leviers (fixées à leur "
        "valeur par défaut), ";
  } else if (r.uncertainty == "none") {
    out += "l'incertitude des paramètres, tous fixés à leur valeur par défaut, ";
  }
  std::string data = "les hypothèses faites sur les données d'entrée";
  const bool even =
      r.qpvs() > 1 && std::all_of(r.population.begin(), r.population.end(),
                                  [&](std::int64_t p) { return p == r.population[0]; });
  if (even)
    data += fmt::format(
        " (par exemple la population, répartie à parts égales entre les {} QPV, "
        "{} habitants chacun, faute de chiffres par quartier)",
        r.qpvs(), format_fr(static_cast<double>(r.population[0]), 0));
  return fmt::format(
      "Les intervalles (entre crochets, 9 futurs sur 10) et les comptes « N futurs "
      "sur M » incluent {}. Ils n'incluent pas {}les choix de structure du modèle "
      "(les mécanismes qu'il représente et leur forme), ni {}.",
      in, out, data);
}

std::string winners_curse_fr(const AllocationRecord& r) {
  std::size_t tried = 0;
  for (const CandidateRecord& c : r.candidates) tried += c.phase != "curve" && c.phase != "rule";
  const double search = mean_of(r.best().objective);
  const double fresh = mean_of(r.reevaluation.front().objective);
  const Shown s = objective_shown(r, search);
  return fmt::format(
      "La recherche a essayé {} répartitions sur les mêmes {} futurs et retenu la meilleure : "
      "celle-ci a en partie profité du hasard de ces futurs, et ses propres chiffres sont "
      "optimistes (la « malédiction du vainqueur »). La recommandation, les candidats suivants et "
      "les règles simples ont donc été simulés à nouveau sur {} futurs neufs, que la recherche "
      "n'a pas vus, et les comparaisons de cette page reposent sur eux. L'objectif de la "
      "recommandation valait en moyenne {} sur les futurs de la recherche et {} sur les futurs "
      "neufs{}.",
      tried, r.replicates, r.fresh_replicates, value_text(s, search), value_text(s, fresh),
      fresh < search ? " : une partie de l'avance vue pendant la recherche venait du hasard"
                     : " ; l'écart entre les deux mesure l'incertitude qui reste sur ce chiffre");
}

}  // namespace qpv::analysis::allocation::report
