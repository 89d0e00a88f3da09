// The allocation report's first section: the recommended split, what it buys and what it brings,
// and the recommendation against the simple rules and the runner-up on fresh futures.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/charts.hpp"
#include "analysis/present/french.hpp"

namespace qpv::analysis::allocation::report {
namespace {

/// The targeting exponent the recommendation used: its search coordinate, else the file's.
double recommended_exponent(const AllocationRecord& r) {
  for (std::size_t d = 0; d < r.coordinates.size(); ++d)
    if (r.coordinates[d] == "exponent" && d < r.best().x.size() && std::isfinite(r.best().x[d]))
      return r.best().x[d];
  return r.exponent;
}

bool exponent_tuned(const AllocationRecord& r) {
  for (const std::string& name : r.coordinates)
    if (name == "exponent") return true;
  return false;
}

/// How the QPVs share each lever's euros, in a sentence (plain text).
std::string targeting_fr(const AllocationRecord& r) {
  if (r.targeting == "population")
    return "Dans chaque levier, chaque QPV reçoit une part proportionnelle à sa population.";
  if (r.targeting == "free")
    return "La recherche a fixé elle-même la part de chaque QPV (ciblage libre), la même pour "
           "chaque levier.";
  return fmt::format(
      "Dans chaque levier, chaque QPV reçoit une part proportionnelle à sa population multipliée "
      "par son besoin (le niveau de l'indicateur de besoin du levier dans la situation sans "
      "l'enveloppe, rapporté à la moyenne) élevé à la puissance {} ; {}",
      format_fr(recommended_exponent(r), 2),
      exponent_tuned(r) ? "cet exposant a été choisi par la recherche (0 : selon la population "
                          "seule ; plus il est grand, plus l'argent va aux QPV qui en ont le plus "
                          "besoin)."
                        : "cet exposant est fixé par le fichier d'allocation.");
}

/// Euros of a lever that buy no whole place or passage, and why (plain text).
std::string unused_fr(const AllocationRecord& r, std::size_t l, double unused) {
  const std::string& name = r.lever_names[l];
  const std::string unit = name == "creche_places"     ? "une place coûte"
                           : name == "screening_truck" ? "un passage coûte"
                                                       : "une unité coûte";
  return fmt::format(" ; {} non engagés ({} {} par an)", format_euros_fr(unused), unit,
                     format_euros_fr(r.unit_cost_eur[l]));
}

std::string split_table(const AllocationRecord& r) {
  const CandidateRecord& best = r.best();
  const ReevaluationRecord& fresh = r.reevaluation.front();
  std::string out =
      "<table class=\"split\"><caption>La répartition recommandée, en euros par an. Dépense "
      "simulée : ce que les bénéficiaires ont effectivement consommé dans les futurs neufs, en "
      "moyenne par an (les aides dépendent du recours ; une place ou un passage non pourvu "
      "n'est pas dépensé).</caption><thead><tr><th>Levier</th><th class=\"num\">Euros par "
      "an</th><th class=\"num\">Part de l'enveloppe</th><th>Ce que cela finance</th><th "
      "class=\"num\">Dépense simulée par an</th></tr></thead><tbody>";
  double total = 0, spent = 0;
  for (const std::size_t l : levers_in_play(r)) {
    const double eur = lever_total(r, best, l), unused = eur - lever_planned(r, best, l);
    total += eur;
    spent += fresh.spent_eur.at(l);
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"num\"><span class=\"v\">{}</span></td><td "
        "class=\"num\">{}</td><td>{}{}</td><td class=\"num\">{}</td></tr>",
        escape_html(r.lever_labels[l]), escape_html(format_euros_fr(eur)),
        escape_html(percent_text(eur / r.envelope_eur)), escape_html(buys_fr(r, best, l)),
        unused >= 1 ? escape_html(unused_fr(r, l, unused)) : "",
        escape_html(format_euros_fr(fresh.spent_eur.at(l))));
  }
  out += fmt::format(
      "</tbody><tfoot><tr><th scope=\"row\">Total</th><td class=\"num\"><span "
      "class=\"v\">{}</span></td><td class=\"num\">{}</td><td></td><td "
      "class=\"num\">{}</td></tr></tfoot></table>",
      escape_html(format_euros_fr(total)), escape_html(percent_text(total / r.envelope_eur)),
      escape_html(format_euros_fr(spent)));
  return out;
}

/// A figure with its interval as a table cell.
std::string figure_cell(const Shown& s, double mean, double low, double high) {
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td>",
      escape_html(value_text(s, mean, true)), escape_html(interval_of(s, low, high, true)));
}

/// What the recommendation and the status quo bring on the objective's outcomes (fresh futures).
std::string outcomes_table(const AllocationRecord& r) {
  std::vector<std::size_t> rows;
  for (const std::string& id : r.objective_outcomes)
    if (const auto o = r.outcome(id)) rows.push_back(*o);
  if (!r.maximise.empty())
    if (const auto o = r.outcome(r.maximise)) rows.insert(rows.begin(), *o);
  if (rows.empty())
    for (std::size_t o = 0; o < std::min<std::size_t>(3, r.outcome_ids.size()); ++o)
      rows.push_back(o);
  const auto sq = status_quo_row(r);
  std::string out = fmt::format(
      "<table class=\"outcomes\"><caption>Ce que la répartition apporte de {} à {}, par rapport "
      "à la situation sans l'enveloppe, sur les {} futurs neufs : moyenne et, en dessous, "
      "l'intervalle de 9 futurs sur 10.</caption><thead><tr><th>Résultat</th><th "
      "class=\"num\">Recommandation</th>{}</tr></thead><tbody>",
      r.first_year, r.last_year, r.fresh_replicates, sq ? "<th class=\"num\">Statu quo</th>" : "");
  for (const std::size_t o : rows) {
    const ReevaluationRecord& best = r.reevaluation.front();
    double largest = std::max(std::fabs(best.outcome_q05[o]), std::fabs(best.outcome_q95[o]));
    if (sq)
      largest = std::max({largest, std::fabs(r.reevaluation[*sq].outcome_q05[o]),
                          std::fabs(r.reevaluation[*sq].outcome_q95[o])});
    const Shown s = outcome_shown(r, o, largest);
    out +=
        fmt::format("<tr><th scope=\"row\">{}</th>{}", escape_html(r.outcome_labels[o]),
                    figure_cell(s, best.outcome_mean[o], best.outcome_q05[o], best.outcome_q95[o]));
    if (sq) {
      const ReevaluationRecord& e = r.reevaluation[*sq];
      out += figure_cell(s, e.outcome_mean[o], e.outcome_q05[o], e.outcome_q95[o]);
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

/// "Dans 31 futurs sur 40, cette répartition fait mieux que le statu quo." and the mean
/// difference with its interval, as plain text.
std::string versus_sentence(const AllocationRecord& r, std::size_t row, const Paired& p,
                            const Shown& s) {
  const std::size_t m = p.differences.size();
  if (p.identical())
    return fmt::format("Même résultat que {} dans chacun des {} futurs neufs.", versus_fr(r, row),
                       m);
  std::string out =
      p.better == 0
          ? fmt::format("Dans aucun des {} futurs, cette répartition ne fait mieux que {}{}.", m,
                        versus_fr(r, row),
                        p.ties ? fmt::format(" (elle fait aussi bien dans {})", p.ties) : "")
          : fmt::format("Dans {}, cette répartition fait mieux que {}{}.", futures_fr(p.better, m),
                        versus_fr(r, row),
                        p.ties ? fmt::format(" (et aussi bien dans {})", p.ties) : "");
  out += fmt::format(" Écart moyen : {} {}.", value_text(s, p.d.mean, true),
                     interval_of(s, p.d.q05, p.d.q95, true));
  if (p.d.q05 <= 0 && p.d.q95 >= 0)
    out += " L'intervalle de l'écart inclut zéro : l'avantage n'est pas assuré.";
  else if (p.d.q95 < 0)
    out += " L'écart est défavorable à la recommandation dans 9 futurs sur 10.";
  return out;
}

/// How a simple rule shares each lever between the QPVs (plain text, after the lever shares).
std::string rule_split_fr(const std::string& label) {
  if (label == "statu quo") return " ; chaque levier partagé entre les QPV comme aujourd'hui";
  if (label == "proportionnel à la population")
    return " ; chaque levier partagé entre les QPV selon leur population";
  if (label == "proportionnel au besoin")
    return " ; chaque levier partagé entre les QPV selon leur population et leur besoin";
  return "";
}

std::string versus_card(const AllocationRecord& r, std::size_t row) {
  const Paired p = paired_with_recommendation(r, row);
  svg::QuantileDots chart;
  chart.dots = twenty_quantiles(p.differences);
  double largest = std::max(std::fabs(p.d.q05), std::fabs(p.d.q95));
  for (const double v : chart.dots) largest = std::max(largest, std::fabs(v));
  const Shown s = objective_shown(r, largest);
  // Large sums of euros read better in thousands or millions on a narrow axis.
  const EuroScale e = euro_scale(largest);
  const double k = s.euros ? e.k : s.scale;
  for (double& v : chart.dots) v *= k;
  chart.title = fmt::format(
      "Écart d'objectif entre la recommandation et {}, 20 futurs neufs "
      "représentatifs",
      versus_fr(r, row));
  chart.unit = "écart en " + (s.euros ? e.unit : s.unit);
  chart.color = std::string(kRecommendationColor);
  chart.better = 1;
  std::size_t favourable = 0;
  for (const double v : chart.dots) favourable += v > 0 ? 1 : 0;
  const CandidateRecord& other = r.candidates[r.reevaluation[row].candidate];
  return fmt::format(
      "<article class=\"headline versus\" style=\"--c:{}\"><h3>Face {}</h3><p "
      "class=\"indicator\">{}</p><p class=\"value\" style=\"font-size:1.5rem\">{}</p><p "
      "class=\"certainty\">{}</p><figure class=\"dots\" "
      "data-favourable=\"{}\">{}<figcaption>Chaque "
      "point représente un futur sur 20 : {} sur 20 du côté favorable à la recommandation (points "
      "pleins).</figcaption></figure></article>",
      kRecommendationColor, escape_html(to_versus_fr(r, row)),
      escape_html(shares_fr(r, other) + rule_split_fr(r.reevaluation[row].label)),
      escape_html(futures_fr(p.better, p.differences.size())),
      escape_html(versus_sentence(r, row, p, s)), favourable,
      chart.dots.empty() ? "" : svg::quantile_dots(chart), favourable);
}

/// The verdict of the reading box: against the status quo, and whether the runner-up can be
/// told apart (plain text).
std::string verdict_fr(const AllocationRecord& r) {
  std::string out;
  if (const auto sq = status_quo_row(r)) {
    const Paired p = paired_with_recommendation(r, *sq);
    out += p.better == 0
               ? fmt::format(
                     " Dans aucun des {} futurs neufs, elle ne fait mieux que "
                     "le statu quo.",
                     p.differences.size())
               : fmt::format(" Dans {} {} sur {}, elle fait mieux que le statu quo.", p.better,
                             p.better == 1 ? "futur neuf" : "futurs neufs", p.differences.size());
  }
  for (std::size_t row = 1; row < r.reevaluation.size(); ++row) {
    if (r.candidates[r.reevaluation[row].candidate].phase == "rule") continue;
    const Paired p = paired_with_recommendation(r, row);
    if (!p.identical() && p.d.q05 <= 0 && p.d.q95 >= 0)
      out += fmt::format(
          " Face {} ({}), l'écart n'est pas assuré (elle fait mieux dans {}) : "
          "des répartitions proches font aussi bien, selon les futurs.",
          to_versus_fr(r, row), shares_fr(r, r.candidates[r.reevaluation[row].candidate]),
          futures_fr(p.better, p.differences.size()));
    break;
  }
  return out;
}

}  // namespace

std::string summary_section(const AllocationRecord& r) {
  std::string out =
      "<section id=\"synthese\"><p class=\"kicker\">Contrat Quartiers 2030 · répartition d'une "
      "enveloppe</p>";
  out += fmt::format("<h1>{}</h1>", escape_html(r.name.empty() ? "Répartir une enveloppe entre "
                                                                 "les leviers et les QPV"
                                                               : r.name));
  out += fmt::format(
      "<p class=\"subtitle\">Une enveloppe de {} par an de {} à {}, à répartir entre {} leviers "
      "et {} QPV.</p><h2>Synthèse</h2>",
      escape_html(format_euros_fr(r.envelope_eur)), r.first_year, r.last_year,
      levers_in_play(r).size(), r.qpvs());
  std::string split;
  for (const std::size_t l : levers_in_play(r)) {
    const double eur = lever_total(r, r.best(), l);
    split +=
        fmt::format("{}{} par an pour « {} » ({})", split.empty() ? "" : " ; ",
                    format_euros_fr(eur), r.lever_labels[l], percent_text(eur / r.envelope_eur));
  }
  out += fmt::format("<p class=\"reading\">Répartition recommandée : {}.{}</p><p>{}</p>",
                     escape_html(split), escape_html(verdict_fr(r)), escape_html(targeting_fr(r)));
  out += split_table(r) + outcomes_table(r);
  out += fmt::format(
      "<h3>Face aux règles simples et aux candidats suivants</h3><p>Chaque répartition a été "
      "simulée à nouveau sur les mêmes {} futurs neufs ; dans chacun, son objectif ({}) est "
      "comparé à celui de la recommandation.</p><div class=\"cards\" "
      "style=\"grid-template-columns:repeat(auto-fit,minmax(330px,1fr))\">",
      r.fresh_replicates, escape_html(objective_fr(r)));
  for (std::size_t row = 1; row < r.reevaluation.size(); ++row) out += versus_card(r, row);
  out += "</div>";
  out += fmt::format("<p class=\"included\">{}</p><p class=\"included\">{}</p></section>",
                     escape_html(intervals_include_fr(r)), escape_html(winners_curse_fr(r)));
  return out;
}

}  // namespace qpv::analysis::allocation::report
