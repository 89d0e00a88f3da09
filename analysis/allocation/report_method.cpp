// The allocation report's method and provenance: the envelope, the levers and their costs, the
// objective, the search (sample-average approximation, grid then COBYLA, parsimony), the
// re-evaluation, counts and timings, and the files as given.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/french.hpp"

namespace qpv::analysis::allocation::report {
namespace {

std::string seconds_fr(double s) {
  if (!std::isfinite(s)) return "—";
  if (s < 60) return format_fr(s, 1) + std::string(kNoBreakSpace) + "s";
  const auto total = static_cast<long>(std::lround(s));
  return fmt::format("{}{}min{}{}{}s", total / 60, kNoBreakSpace, " ", total % 60, kNoBreakSpace);
}

/// A lever's cost model and bounds, in a phrase (plain text).
std::string lever_fr(const AllocationRecord& r, std::size_t l) {
  const std::string& name = r.lever_names[l];
  std::string out;
  if (name == "transport_aid")
    out =
        "les euros deviennent le plafond annuel des aides, partagé entre les types d'aide du "
        "scénario du levier, à leurs coûts";
  else if (name == "creche_places")
    out = fmt::format(
        "{} par place et par an (fonctionnement, plus l'investissement réparti sur "
        "les {} années de l'enveloppe)",
        format_euros_fr(r.unit_cost_eur[l]), r.years());
  else if (name == "screening_truck")
    out = fmt::format("{} par passage du camion", format_euros_fr(r.unit_cost_eur[l]));
  else
    out = fmt::format("{} par unité", format_euros_fr(r.unit_cost_eur[l]));
  if (!r.lever_min_eur.empty() && r.lever_min_eur[l] > 0)
    out += fmt::format(" ; au moins {} par an", format_euros_fr(r.lever_min_eur[l]));
  if (!r.lever_max_eur.empty() && r.lever_max_eur[l] > 0 && r.lever_max_eur[l] < r.envelope_eur)
    out += fmt::format(" ; au plus {} par an", format_euros_fr(r.lever_max_eur[l]));
  if (!r.lever_committed_eur.empty() && r.lever_committed_eur[l] > 0)
    out += fmt::format(" ; {} par an déjà engagés", format_euros_fr(r.lever_committed_eur[l]));
  return out;
}

std::string phase_fr(const std::string& phase) {
  static const std::map<std::string, std::string> names = {
      {"rule", "règles simples"}, {"curve", "points des courbes"}, {"grid", "grille"},
      {"search", "optimiseur"},   {"prune", "parcimonie"},         {"pareto", "frontière"}};
  const auto it = names.find(phase);
  return it == names.end() ? phase : it->second;
}

std::string candidates_fr(const AllocationRecord& r) {
  std::vector<std::pair<std::string, std::size_t>> counts;
  for (const CandidateRecord& c : r.candidates) {
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& p) { return p.first == c.phase; });
    if (it == counts.end())
      counts.emplace_back(c.phase, 1);
    else
      ++it->second;
  }
  std::string out = fmt::format("{} répartitions évaluées (", r.candidates.size());
  for (std::size_t i = 0; i < counts.size(); ++i)
    out += fmt::format("{}{} : {}", i ? ", " : "", phase_fr(counts[i].first), counts[i].second);
  return out + ")";
}

std::string search_fr(const AllocationRecord& r) {
  std::vector<std::string> over = {"les parts des leviers"};
  for (const std::string& name : r.coordinates)
    if (name == "exponent") over.emplace_back("l'exposant du ciblage");
  if (r.targeting == "free") over.emplace_back("le poids de chaque QPV");
  std::string moved = over[0];
  for (std::size_t i = 1; i < over.size(); ++i)
    moved += (i + 1 == over.size() ? " et " : ", ") + over[i];
  std::string step = std::isfinite(r.step)
                         ? fmt::format(" au pas de {} de l'enveloppe", percent_text(r.step))
                         : "";
  return fmt::format(
      "Approximation par la moyenne d'échantillon : chaque répartition candidate est simulée sur "
      "les mêmes {} futurs (graine {}), appariés à la situation sans l'enveloppe, ce qui rend "
      "l'objectif déterministe. D'abord une grille des parts des leviers{} ; puis, depuis le "
      "meilleur point qui respecte toutes les contraintes, l'optimiseur sans dérivées COBYLA "
      "(bibliothèque NLopt) sur {}{}, sous les contraintes d'équité et les planchers de "
      "l'objectif ; les bornes sont respectées par construction.",
      r.replicates, r.seed, step, moved,
      r.max_evaluations ? fmt::format(", en au plus {} évaluations", r.max_evaluations) : "");
}

std::string reevaluation_fr(const AllocationRecord& r) {
  std::size_t rules = 0;
  for (const ReevaluationRecord& e : r.reevaluation)
    rules += r.candidates[e.candidate].phase == "rule" ? 1 : 0;
  const std::size_t others = r.reevaluation.size() - rules - 1;
  std::string rows = "La recommandation";
  if (others > 0)
    rows += others == 1 ? ", le meilleur candidat suivant"
                        : fmt::format(", les {} meilleurs candidats suivants", others);
  if (rules > 0)
    rows += rules == 1 ? " et une règle simple"
                       : fmt::format(
                             " et {} règles simples (statu quo, proportionnel à la "
                             "population, proportionnel au besoin)",
                             rules);
  return fmt::format(
      "{}, simulés à nouveau sur {} futurs neufs (graine {}), que la recherche n'a "
      "pas vus.",
      rows, r.fresh_replicates, r.fresh_seed);
}

std::string uncertainty_fr(const AllocationRecord& r) {
  if (r.uncertainty == "full")
    return "Chaque futur tire une valeur de chaque paramètre calé dans le postérieur du calage et "
           "une valeur de chaque hypothèse incertaine (dont l'effet des leviers) dans sa loi a "
           "priori ; toutes les répartitions utilisent les mêmes valeurs dans le même futur "
           "(nombres aléatoires communs). Les choix de politique ne sont jamais tirés.";
  if (r.uncertainty == "calibrated")
    return "Chaque futur tire les paramètres calés dans le postérieur du calage ; les hypothèses "
           "gardent leur valeur par défaut.";
  if (r.uncertainty == "none")
    return "Tous les futurs utilisent les mêmes valeurs de paramètres : seuls les tirages "
           "aléatoires des événements diffèrent.";
  return "";
}

}  // namespace

std::string method_section(const AllocationRecord& r) {
  std::string out = section_heading(kSections[5]) + "<dl class=\"meta\">";
  auto item = [&](std::string_view term, const std::string& text) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", term, escape_html(text));
  };
  item("Enveloppe", fmt::format("{} par an de {} à {} ({} ans)", format_euros_fr(r.envelope_eur),
                                r.first_year, r.last_year, r.years()));
  out += "<dt>Leviers et coûts</dt><dd><ul>";
  for (const std::size_t l : levers_in_play(r))
    out += fmt::format("<li>{} : {}</li>", escape_html(r.lever_labels[l]),
                       escape_html(lever_fr(r, l)));
  out += "</ul></dd>";
  item("Objectif", objective_fr(r));
  item("Recherche", search_fr(r));
  item("Parcimonie",
       "Ensuite, l'argent d'un levier qui peut aller aux autres sans baisser l'objectif leur est "
       "donné : un levier qui ne paie pas n'est pas financé.");
  if (!r.pareto_outcomes.empty())
    item("Frontière", fmt::format("méthode de l'ε-contrainte, {} points", r.pareto.size()));
  item("Réévaluation", reevaluation_fr(r));
  item("Candidats", candidates_fr(r));
  item("Simulations",
       fmt::format("{} répartitions simulées, chacune sur tous ses futurs{}", r.model_runs,
                   r.resumed_runs
                       ? fmt::format(" ; {} lues dans un point de reprise", r.resumed_runs)
                       : ""));
  item("Durées", fmt::format("courbes {}, recherche {}, frontière {}, réévaluation {} ; en tout {}",
                             seconds_fr(r.seconds_curves), seconds_fr(r.seconds_search),
                             seconds_fr(r.seconds_pareto), seconds_fr(r.seconds_reevaluation),
                             seconds_fr(r.wall_seconds)));
  out += fmt::format("<dt>Version de qpvsim</dt><dd><code>{}</code></dd>",
                     escape_html(r.qpvsim_version));
  out += fmt::format("<dt>Commit git</dt><dd><code>{}</code></dd>", escape_html(r.git_commit));
  item("Date de création", timestamp_fr(r.created_utc));
  out += "</dl>";
  out += fmt::format("<h3>Ce que les intervalles incluent</h3><p>{} {}</p>",
                     escape_html(uncertainty_fr(r)), escape_html(intervals_include_fr(r)));
  out += "<h3>Fichiers</h3>";
  for (std::size_t i = 0; i < r.files.size(); ++i)
    out += fmt::format("<details><summary><code>{}</code></summary><pre>{}</pre></details>",
                       escape_html(r.files[i]), escape_html(r.texts[i]));
  return out + "</section>";
}

}  // namespace qpv::analysis::allocation::report
