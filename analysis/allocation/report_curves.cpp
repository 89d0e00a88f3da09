// The allocation report's budget-response curves (each lever alone at fractions of the
// envelope: where a lever stops paying) and its frontier between two outcomes.

#include <fmt/format.h>

#include <cmath>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/charts.hpp"
#include "analysis/present/french.hpp"

namespace qpv::analysis::allocation::report {
namespace {

/// The base outcomes the curves are drawn for, when the file has them.
constexpr std::array<std::string_view, 3> kCurveOutcomes = {"employment_person_years", "screenings",
                                                            "creche_child_years"};

/// The x values and ticks of a curve chart: 0 then each fraction, in percent of the envelope.
void curve_axis(const CurveRecord& c, svg::FanChart& chart) {
  chart.x = {0};
  chart.x_ticks = {{0, "0"}};
  for (const double f : c.fractions) {
    chart.x.push_back(100 * f);
    chart.x_ticks.push_back({100 * f, percent_text(f)});
  }
}

/// A lever's curve on the objective: 0 at fraction 0, then the mean and 90 % band of the
/// objective over the search's replicates.
svg::FanSeries objective_series(const AllocationRecord& r, const CurveRecord& c, double k) {
  svg::FanSeries s{r.lever_labels[c.lever], lever_color(c.lever), {0}, {0}, {0}};
  for (const std::size_t i : c.candidates) {
    const Distribution d = distribution(r.candidates[i].objective);
    s.mean.push_back(k * d.mean);
    s.low.push_back(k * d.q05);
    s.high.push_back(k * d.q95);
  }
  return s;
}

svg::FanSeries outcome_series(const AllocationRecord& r, const CurveRecord& c, std::size_t o,
                              double k) {
  svg::FanSeries s{r.lever_labels[c.lever], lever_color(c.lever), {0}, {0}, {0}};
  for (const std::size_t i : c.candidates) {
    s.mean.push_back(k * r.candidates[i].outcome_mean[o]);
    s.low.push_back(k * r.candidates[i].outcome_q05[o]);
    s.high.push_back(k * r.candidates[i].outcome_q95[o]);
  }
  return s;
}

double largest_objective(const AllocationRecord& r) {
  double largest = 0;
  for (const CurveRecord& c : r.curves)
    for (const std::size_t i : c.candidates)
      largest = std::max(largest, std::fabs(mean_of(r.candidates[i].objective)));
  return largest;
}

std::string curve_charts(const AllocationRecord& r) {
  const Shown so = objective_shown(r, largest_objective(r));
  const EuroScale e = euro_scale(largest_objective(r));
  const double ko = so.euros ? e.k : so.scale;
  svg::FanChart objective;
  objective.title =
      "L'objectif selon la part de l'enveloppe donnée à un seul levier, moyenne et "
      "9 futurs sur 10";
  objective.unit = so.euros ? e.unit : so.unit;
  objective.zero_line = true;
  curve_axis(r.curves.front(), objective);
  for (const CurveRecord& c : r.curves) objective.series.push_back(objective_series(r, c, ko));
  std::string out = fmt::format(
      "<div class=\"figures\"><figure>{}<figcaption>Objectif : {}."
      "</figcaption></figure>",
      svg::fan_chart(objective), escape_html(objective_fr(r)));
  for (const std::string_view id : kCurveOutcomes) {
    const auto o = r.outcome(std::string(id));
    if (!o) continue;
    double largest = 0;
    for (const CurveRecord& c : r.curves)
      for (const std::size_t i : c.candidates)
        largest = std::max(largest, std::fabs(r.candidates[i].outcome_q95[*o]));
    const Shown s = outcome_shown(r, *o, largest);
    svg::FanChart chart;
    chart.title = fmt::format(
        "{} selon la part de l'enveloppe donnée à un seul levier, moyenne "
        "et 9 futurs sur 10",
        r.outcome_labels[*o]);
    chart.unit = s.unit;
    chart.zero_line = true;
    curve_axis(r.curves.front(), chart);
    for (const CurveRecord& c : r.curves) chart.series.push_back(outcome_series(r, c, *o, s.scale));
    out += fmt::format("<figure>{}<figcaption>{}, de {} à {}.</figcaption></figure>",
                       svg::fan_chart(chart), escape_html(r.outcome_labels[*o]), r.first_year,
                       r.last_year);
  }
  return out + "</div>";
}

/// The gain of each slice of a lever's curve (from the previous fraction, or from 0), replicate
/// by replicate on the search's replicates, per euro allocated when the objective is in euros.
struct Slice {
  double from = 0, to = 0;
  Distribution gain;  ///< of the objective, per euro allocated if in euros
};
std::vector<Slice> slices(const AllocationRecord& r, const CurveRecord& c, bool per_euro) {
  std::vector<Slice> out;
  std::vector<double> previous(r.replicates, 0.0);
  double from = 0;
  for (std::size_t k = 0; k < c.candidates.size(); ++k) {
    const std::vector<double>& now = r.candidates[c.candidates[k]].objective;
    const double euros = (c.fractions[k] - from) * r.envelope_eur * r.years();
    std::vector<double> gain;
    for (std::size_t i = 0; i < now.size(); ++i)
      gain.push_back((now[i] - (i < previous.size() ? previous[i] : 0.0)) /
                     (per_euro && euros > 0 ? euros : 1.0));
    out.push_back({from, c.fractions[k], distribution(gain)});
    previous = now;
    from = c.fractions[k];
  }
  return out;
}

/// Where a lever stops paying, in a sentence (plain text): after the last slice whose gain is
/// assured (its 90 % interval above zero), no slice brings a gain that is.
std::string stops_paying_fr(const AllocationRecord& r, const CurveRecord& c,
                            const std::vector<Slice>& s) {
  const std::string lever = "« " + r.lever_labels[c.lever] + " » seul : ";
  std::size_t assured = 0, last = 0;
  for (std::size_t k = 0; k < s.size(); ++k)
    if (s[k].gain.q05 > 0) ++assured, last = k;
  if (assured == 0)
    return lever +
           "aucune tranche n'apporte de gain assuré : l'intervalle de chaque gain inclut "
           "zéro ou est défavorable.";
  // Some slices before the last assured one bring nothing sure on their own: whole places or
  // passages come in steps, or the gain is too small for the futures to tell.
  const std::string steps = assured < last + 1 ? " Avant ce point déjà, une tranche au moins "
                                                 "n'apporte pas à elle seule de gain assuré : le "
                                                 "rendement baisse, et la limite exacte est "
                                                 "incertaine."
                                               : "";
  if (last + 1 < s.size())
    return lever + fmt::format(
                       "au-delà de {} de l'enveloppe ({} par an), aucune tranche "
                       "n'apporte plus de gain assuré (leur intervalle inclut zéro) : "
                       "c'est là que le levier cesse de payer.{}",
                       percent_text(s[last].to), format_euros_fr(s[last].to * r.envelope_eur),
                       steps);
  std::string out = lever + fmt::format(
                                "la dernière tranche, jusqu'à {} de l'enveloppe, apporte "
                                "encore un gain dont l'intervalle exclut zéro",
                                percent_text(s.back().to));
  if (assured == s.size() && s.size() > 1 && s.front().gain.mean > 0)
    out += fmt::format(" ; elle rapporte en moyenne {} de ce que rapportait la première",
                       percent_text(s.back().gain.mean / s.front().gain.mean));
  return out + "." + steps;
}

/// With an objective in euros: up to where a slice brings more value than it costs, on
/// average (plain text, after stops_paying_fr).
std::string pays_for_itself_fr(const AllocationRecord& r, const std::vector<Slice>& s) {
  std::size_t k = 0;
  while (k < s.size() && s[k].gain.mean >= 1) ++k;
  if (k == 0)
    return " Selon les valeurs données aux résultats, chaque tranche rapporte en moyenne moins "
           "qu'elle ne coûte (moins de 1 € de valeur par euro).";
  if (k == s.size())
    return " Selon les valeurs données aux résultats, chaque tranche rapporte en moyenne plus "
           "qu'elle ne coûte.";
  return fmt::format(
      " Selon les valeurs données aux résultats, les tranches rapportent en moyenne "
      "plus qu'elles ne coûtent jusqu'à {} de l'enveloppe ({} par an), moins "
      "au-delà.",
      percent_text(s[k - 1].to), format_euros_fr(s[k - 1].to * r.envelope_eur));
}

std::string slices_table(const AllocationRecord& r) {
  const bool per_euro = objective_shown(r, 0).euros;
  const CurveRecord& first = r.curves.front();
  std::string out = fmt::format(
      "<table class=\"slices\"><caption>{} Moyenne sur les {} futurs de la recherche et, en "
      "dessous, l'intervalle de 9 futurs sur 10 (écart apparié, futur par futur).</caption>"
      "<thead><tr><th>Levier seul</th>",
      per_euro ? "Ce que rapporte chaque tranche de l'enveloppe : euros de valeur des résultats "
                 "par euro alloué (au-dessus de 1, la tranche rapporte plus qu'elle ne coûte, "
                 "selon les valeurs données aux résultats)."
               : "Ce que rapporte chaque tranche de l'enveloppe, sur l'objectif.",
      r.replicates);
  for (std::size_t k = 0; k < first.fractions.size(); ++k)
    out += fmt::format("<th class=\"num\">{} → {}</th>",
                       escape_html(percent_text(k ? first.fractions[k - 1] : 0)),
                       escape_html(percent_text(first.fractions[k])));
  out += "</tr></thead><tbody>";
  std::string sentences;
  for (const CurveRecord& c : r.curves) {
    const std::vector<Slice> s = slices(r, c, per_euro);
    out += fmt::format("<tr><th scope=\"row\">{}</th>", escape_html(r.lever_labels[c.lever]));
    for (const Slice& slice : s) {
      const Shown shown =
          per_euro ? Shown{1, 2, "€ par €", "€ par €", false} : objective_shown(r, slice.gain.mean);
      out += fmt::format(
          "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td>",
          escape_html(per_euro ? format_fr(slice.gain.mean, 2)
                               : value_text(shown, slice.gain.mean)),
          escape_html(interval_of(shown, slice.gain.q05, slice.gain.q95)));
    }
    out += "</tr>";
    sentences += fmt::format("<li>{}{}</li>", escape_html(stops_paying_fr(r, c, s)),
                             per_euro ? escape_html(pays_for_itself_fr(r, s)) : "");
  }
  return out + "</tbody></table><ul class=\"stops\">" + sentences + "</ul>";
}

}  // namespace

std::string curves_section(const AllocationRecord& r) {
  std::string out = section_heading(kSections[1]);
  if (r.curves.empty() || r.curves.front().fractions.empty())
    return out + "<p>Le fichier ne contient pas de courbes budget-réponse.</p></section>";
  const CurveRecord& c = r.curves.front();
  out += fmt::format(
      "<p>Chaque levier seul reçoit {} à {} de l'enveloppe (de {} à {} par an), partagés entre "
      "les QPV selon le ciblage de l'étude, sans les bornes du fichier. Une courbe qui s'aplatit "
      "montre un levier dont chaque euro de plus rapporte moins ; quand elle ne monte plus, le "
      "levier a cessé de payer. Moyenne des {} futurs de la recherche et, en zone colorée, 9 "
      "futurs sur 10.</p>",
      escape_html(percent_text(c.fractions.front())), escape_html(percent_text(c.fractions.back())),
      escape_html(format_euros_fr(c.fractions.front() * r.envelope_eur)),
      escape_html(format_euros_fr(c.fractions.back() * r.envelope_eur)), r.replicates);
  out += curve_charts(r);
  out += "<h3>Où chaque levier cesse de payer</h3>" + slices_table(r);
  return out + "</section>";
}

std::string frontier_section(const AllocationRecord& r) {
  std::string out = section_heading(kSections[3]);
  if (r.pareto_outcomes.size() < 2 || r.pareto.empty())
    return out +
           "<p>Le fichier d'allocation ne demande pas de frontière (table "
           "<code>[pareto]</code>) : cette étude n'en a pas.</p></section>";
  std::vector<std::size_t> o;
  for (const std::string& id : r.pareto_outcomes) o.push_back(*r.outcome(id));
  out += fmt::format(
      "<p>Obtenir plus de « {0} » peut coûter en « {1} ». La frontière montre, pour chaque niveau "
      "exigé de « {1} », le plus de « {0} » que la recherche a trouvé pour la même enveloppe "
      "(méthode de l'ε-contrainte : maximiser le premier résultat, les autres devant atteindre "
      "chacun de {2} niveaux). Moyennes sur les {3} futurs de la recherche, donc un peu "
      "optimistes.</p>",
      escape_html(r.outcome_labels[o[0]]), escape_html(r.outcome_labels[o[1]]), r.pareto.size(),
      r.replicates);
  out += fmt::format("<figure>{}</figure>", frontier_chart(r, o[0], o[1]));
  out +=
      "<table class=\"frontier\"><caption>Les points de la frontière : le niveau exigé, les "
      "résultats obtenus (moyenne et 9 futurs sur 10) et les parts des leviers.</caption>"
      "<thead><tr><th>Niveau exigé</th>";
  for (const std::size_t k : o)
    out += fmt::format("<th class=\"num\">{}</th>", escape_html(r.outcome_labels[k]));
  out += "<th>Parts des leviers</th></tr></thead><tbody>";
  for (const ParetoPointRecord& p : r.pareto) {
    std::string floors;
    for (std::size_t k = 0; k < p.epsilon.size() && k + 1 < o.size(); ++k) {
      const Shown s = outcome_shown(r, o[k + 1], p.epsilon[k]);
      floors += (floors.empty() ? "" : " ; ") + value_text(s, p.epsilon[k]);
    }
    out += fmt::format("<tr><td>au moins {}</td>", escape_html(floors));
    if (!p.found) {
      out += fmt::format("<td colspan=\"{}\">aucune répartition trouvée</td></tr>", o.size() + 1);
      continue;
    }
    const CandidateRecord& c = r.candidates[p.candidate];
    for (const std::size_t k : o) {
      const Shown s = outcome_shown(r, k, c.outcome_q95[k]);
      out += fmt::format(
          "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td>",
          escape_html(value_text(s, c.outcome_mean[k], true)),
          escape_html(interval_of(s, c.outcome_q05[k], c.outcome_q95[k], true)));
    }
    out += fmt::format("<td>{}</td></tr>", escape_html(shares_fr(r, c)));
  }
  return out + "</tbody></table></section>";
}

}  // namespace qpv::analysis::allocation::report
