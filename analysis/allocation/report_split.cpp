// The allocation report's recommended split per lever and QPV, and the gains per QPV and for
// groups beside the status quo's (equity).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/charts.hpp"
#include "analysis/present/french.hpp"

namespace qpv::analysis::allocation::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The capacity of one lever in one QPV, as written in a table cell.
std::string capacity_text(const AllocationRecord& r, const CandidateRecord& c, std::size_t l,
                          std::size_t q) {
  const double v = c.capacity[l * r.qpvs() + q];
  if (r.lever_names[l] == "transport_aid") return format_euros_fr(v);
  return format_fr(v, 0);
}

std::string capacity_heading(const AllocationRecord& r, std::size_t l) {
  if (r.lever_names[l] == "transport_aid") return "Budget d'aides par an";
  if (r.lever_names[l] == "creche_places") return "Places de crèche";
  if (r.lever_names[l] == "screening_truck") return "Passages du camion par an";
  return "Capacité : " + r.lever_labels[l];
}

std::string qpv_table(const AllocationRecord& r) {
  const CandidateRecord& best = r.best();
  const auto sq = status_quo_row(r);
  std::string out =
      "<table class=\"per-qpv\"><caption>Ce que reçoit chaque QPV, par an, et ce que cela "
      "finance ; à droite, ce qu'il recevrait avec le statu quo.</caption><thead><tr><th>QPV</th>"
      "<th class=\"num\">Euros par an</th><th class=\"num\">Part de l'enveloppe</th><th "
      "class=\"num\">Par habitant</th>";
  for (const std::size_t l : levers_in_play(r))
    out += fmt::format("<th class=\"num\">{}</th>", escape_html(capacity_heading(r, l)));
  if (sq) out += "<th class=\"num\">Statu quo : euros par an</th>";
  out += "</tr></thead><tbody>";
  for (std::size_t q = 0; q < r.qpvs(); ++q) {
    const double eur = qpv_total(r, best, q);
    const double people = static_cast<double>(r.population[q]);
    out += fmt::format(
        "<tr><th scope=\"row\">{}<span class=\"sub\">{}</span></th><td class=\"num\"><span "
        "class=\"v\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        escape_html(r.qpv_names[q]), escape_html(r.qpv_codes[q]), escape_html(format_euros_fr(eur)),
        escape_html(percent_text(eur / r.envelope_eur, 1)),
        escape_html(people > 0 ? format_euros_fr(eur / people) : "—"));
    for (const std::size_t l : levers_in_play(r))
      out += fmt::format("<td class=\"num\">{}</td>", escape_html(capacity_text(r, best, l, q)));
    if (sq)
      out += fmt::format("<td class=\"num\">{}</td>",
                         escape_html(format_euros_fr(
                             qpv_total(r, r.candidates[r.reevaluation[*sq].candidate], q))));
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

/// The objective per QPV: recommendation against the status quo, the worst-off QPV named.
std::string qpv_gains(const AllocationRecord& r, const CandidateRecord& sq) {
  const CandidateRecord& best = r.best();
  double largest = 0;
  std::size_t worst = 0, worse_off = 0;
  for (std::size_t q = 0; q < r.qpvs(); ++q) {
    largest = std::max(largest, std::fabs(best.objective_by_qpv[q]));
    if (best.objective_by_qpv[q] < best.objective_by_qpv[worst]) worst = q;
    // Below the status quo by more than rounding.
    const double gap = best.objective_by_qpv[q] - sq.objective_by_qpv[q];
    worse_off += gap < -1e-9 * std::max(1.0, std::fabs(sq.objective_by_qpv[q])) ? 1 : 0;
  }
  const Shown s = objective_shown(r, largest);
  double largest_gap = 0;
  for (std::size_t q = 0; q < r.qpvs(); ++q)
    largest_gap =
        std::max(largest_gap, std::fabs(best.objective_by_qpv[q] - sq.objective_by_qpv[q]));
  // A bar chart has room for thousands of euros up to ten million.
  const EuroScale e = euro_scale(largest_gap, 1e7);
  std::string out = fmt::format(
      "<p class=\"reading\">Le QPV le moins bien servi par la recommandation est {} : objectif "
      "de {}, contre {} avec le statu quo. {}</p>",
      escape_html(qpv_fr(r, worst)), escape_html(value_text(s, best.objective_by_qpv[worst])),
      escape_html(value_text(s, sq.objective_by_qpv[worst])),
      worse_off == 0
          ? "Aucun QPV n'y fait moins bien qu'avec le statu quo."
          : escape_html(fmt::format("{} QPV y font moins bien qu'avec le statu quo.", worse_off)));
  svg::BarChart chart;
  chart.title = "Écart d'objectif par QPV entre la recommandation et le statu quo";
  chart.unit = "écart en " + (s.euros ? e.unit : s.unit);
  chart.color = std::string(kRecommendationColor);
  chart.decimals = s.euros ? (e.k < 1e-3 ? 2 : 0) : s.decimals;
  chart.max_label = 52;
  chart.note = fmt::format("Barre : écart moyen sur les {} futurs de la recherche.", r.replicates);
  chart.width = 760;
  std::string rows;
  for (std::size_t q = 0; q < r.qpvs(); ++q) {
    const double a = best.objective_by_qpv[q], b = sq.objective_by_qpv[q];
    chart.bars.push_back({qpv_fr(r, q), (a - b) * (s.euros ? e.k : s.scale), kNaN, kNaN});
    rows += fmt::format(
        "<tr{}><th scope=\"row\">{}<span class=\"sub\">{}</span></th><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        q == worst ? " class=\"worst\" style=\"background:#fff4d6\"" : "",
        escape_html(r.qpv_names[q]), escape_html(r.qpv_codes[q]), escape_html(value_text(s, a)),
        escape_html(value_text(s, b)), escape_html(value_text(s, a - b, true)));
  }
  out += fmt::format("<figure>{}</figure>", svg::bar_chart(chart));
  out += fmt::format(
      "<table class=\"qpv-gains\"><caption>Objectif de chaque QPV (ses propres résultats, même "
      "valeur que pour l'ensemble), moyenne sur les {} futurs de la recherche ; en jaune, le QPV "
      "le "
      "moins bien servi.</caption><thead><tr>"
      "<th>QPV</th><th class=\"num\">Recommandation</th><th class=\"num\">Statu quo</th><th "
      "class=\"num\">Écart</th></tr></thead><tbody>{}</tbody></table>",
      r.replicates, rows);
  return out;
}

/// The outcomes of groups and between QPVs: those the summary's table does not show.
std::string groups_table(const AllocationRecord& r, std::size_t sq_row) {
  std::string rows;
  for (std::size_t o = 0; o < r.outcome_ids.size(); ++o) {
    const std::string& id = r.outcome_ids[o];
    bool objective = id == r.maximise;
    for (const std::string& t : r.objective_outcomes) objective = objective || t == id;
    if (objective) continue;
    const ReevaluationRecord &best = r.reevaluation.front(), &sq = r.reevaluation[sq_row];
    const Shown s =
        outcome_shown(r, o,
                      std::max({std::fabs(best.outcome_q95[o]), std::fabs(best.outcome_q05[o]),
                                std::fabs(sq.outcome_q95[o]), std::fabs(sq.outcome_q05[o])}));
    auto cell = [&](const ReevaluationRecord& e) {
      return fmt::format(
          "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td>",
          escape_html(value_text(s, e.outcome_mean[o], true)),
          escape_html(interval_of(s, e.outcome_q05[o], e.outcome_q95[o], true)));
    };
    rows += fmt::format(
        "<tr><th scope=\"row\">{}<span class=\"sub\"><code>{}</code></span></th>"
        "{}{}</tr>",
        escape_html(r.outcome_labels[o]), escape_html(id), cell(best), cell(sq));
  }
  if (rows.empty()) return "";
  return fmt::format(
      "<table class=\"groups\"><caption>Résultats pour des groupes d'habitants et entre QPV, de {} "
      "à {}, par rapport à la situation sans l'enveloppe, sur les {} futurs neufs : moyenne et, en "
      "dessous, l'intervalle de 9 futurs sur 10. Chaque résultat est compté dans le sens "
      "favorable aux habitants : un nombre positif est un gain (plus d'années d'emploi, moins de "
      "demandeurs d'emploi sans permis ou sans voiture, un écart entre QPV qui se réduit). Un "
      "écart en points est un écart de pourcentage.</caption><thead><tr><th>Résultat</th><th "
      "class=\"num\">Recommandation</th><th class=\"num\">Statu quo</th></tr></thead><tbody>{}"
      "</tbody></table>",
      r.first_year, r.last_year, r.fresh_replicates, rows);
}

}  // namespace

std::string split_section(const AllocationRecord& r) {
  std::string out = section_heading(kSections[2]);
  out += fmt::format(
      "<p>Euros par an alloués à chaque levier dans chaque QPV, de {} à {} : {}. Le détail de ce "
      "qu'achète chaque case est dans le fichier de la recommandation (un scénario que "
      "<code>qpvsim compare</code> rejoue).</p>",
      r.first_year, r.last_year, escape_html(shares_fr(r, r.best())));
  out += heat_table(r, r.best());
  out += "<h3>Ce que reçoit chaque QPV</h3>" + qpv_table(r);
  return out + "</section>";
}

std::string equity_section(const AllocationRecord& r) {
  std::string out = section_heading(kSections[4]);
  const auto sq = status_quo_row(r);
  if (!sq)
    return out + "<p>Le statu quo n'a pas été réévalué : pas de comparaison par QPV.</p></section>";
  std::string rule;
  if (r.no_qpv_worse_off)
    rule +=
        " La règle d'équité du fichier demande qu'aucun QPV ne fasse moins bien qu'avec le "
        "statu quo, sur les futurs de la recherche.";
  if (r.min_eur_per_resident > 0)
    rule += fmt::format(" Chaque QPV doit recevoir au moins {} par habitant et par an.",
                        format_euros_fr(r.min_eur_per_resident));
  out += fmt::format(
      "<p>L'objectif de chaque QPV compte ses propres résultats, avec les mêmes valeurs que pour "
      "l'ensemble ; il se compare à celui du statu quo (la répartition d'aujourd'hui entre les "
      "leviers, chaque levier partagé entre les QPV comme aujourd'hui).{}</p>",
      escape_html(rule));
  out += qpv_gains(r, r.candidates[r.reevaluation[*sq].candidate]);
  out += "<h3>Groupes d'habitants et écarts entre QPV</h3>" + groups_table(r, *sq);
  return out + "</section>";
}

}  // namespace qpv::analysis::allocation::report
