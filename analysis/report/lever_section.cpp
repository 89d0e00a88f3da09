// A section per alternative ("levier-<id>"): its interventions, its effects on its key
// indicators (tables and charts), its spending year by year and its cost per result by QPV.
#include <fmt/format.h>

#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis::report {
namespace {

std::string interventions_list(const io::RunRecord& r) {
  if (r.intervention_kinds.empty()) return "<p>Aucune intervention.</p>";
  std::string out = "<ul class=\"interventions\">";
  for (std::size_t i = 0; i < r.intervention_kinds.size(); ++i) {
    const std::string name = i < r.intervention_names.size() ? r.intervention_names[i] : "";
    out += fmt::format("<li><strong>{}</strong>{}</li>",
                       escape_html(lever_fr(r.intervention_kinds[i])),
                       name.empty() ? "" : " : " + escape_html(name));
  }
  return out + "</ul>";
}

std::string effects_table(const ReportContext& ctx, std::size_t s,
                          const std::vector<const IndicatorSpec*>& specs) {
  const std::vector<int> years = ctx.table_years();
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
    out += fmt::format("<tr><th scope=\"row\">{}</th>", escape_html(spec->label_fr));
    for (int y : years) {
      const MonthRange r = months_of_year(ctx.c, y);
      const Distribution d = difference(ctx, s, *spec, ctx.all, r);
      out += figure_cell(show_level(*spec, level(ctx, 0, *spec, ctx.all, r)));
      out += figure_cell(show_difference(*spec, d));
      const std::string fut = futures_short(ctx, s, *spec, d);
      out += fmt::format("<td>{}</td>", no_difference(d) ? "aucun écart"
                                        : fut.empty()    ? "indicateur descriptif"
                                                         : escape_html(fut));
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

/// Levers a scenario plans or spends on.
std::vector<std::size_t> used_levers(const ReportContext& ctx, std::size_t s) {
  std::vector<std::size_t> out;
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    const bool planned = ctx.c.scenarios[s].record.planned_budget_cents[l] > 0;
    const Distribution spent =
        distribution(spending_euros(ctx.c, s, ctx.all, 0, static_cast<model::Lever>(l)));
    if (planned || (std::isfinite(spent.mean) && spent.mean != 0)) out.push_back(l);
  }
  return out;
}

std::string spending_table(const ReportContext& ctx, std::size_t s) {
  const std::vector<std::size_t> levers = used_levers(ctx, s);
  if (levers.empty()) return "<p>Aucune dépense simulée pour ce scénario.</p>";
  const auto& planned = ctx.c.scenarios[s].record.planned_budget_cents;
  std::string out =
      "<table class=\"spending\"><caption>Ensemble des QPV, en euros : ce que coûtent les "
      "bénéficiaires, places et passages simulés (moyenne et, en dessous, 9 futurs sur 10), à "
      "comparer au budget annuel prévu par le scénario. Seules les interventions qui fixent un "
      "budget en ont un ; les autres sont limitées par leur nombre de places.</caption><thead><tr>"
      "<th>Année</th>";
  for (std::size_t l : levers) {
    out += fmt::format(
        "<th class=\"num\">{} : dépensé<span class=\"ci\">{}</span></th>",
        escape_html(model::lever_spec(static_cast<model::Lever>(l)).label_fr),
        planned[l] > 0
            ? "budget prévu : " +
                  escape_html(format_euros_fr(static_cast<double>(planned[l]) / 100)) + " par an"
            : std::string("aucun budget fixé"));
  }
  if (levers.size() > 1) out += "<th class=\"num\">Total dépensé</th>";
  out += "</tr></thead><tbody>";
  auto row = [&](const std::string& label, int year) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>", label);
    for (std::size_t l : levers)
      out += money_cell(
          distribution(spending_euros(ctx.c, s, ctx.all, year, static_cast<model::Lever>(l))),
          false);
    if (levers.size() > 1)
      out += money_cell(distribution(spending_euros(ctx.c, s, ctx.all, year)), false);
    out += "</tr>";
  };
  for (int y = ctx.first_year; y <= ctx.last_year; ++y) row(std::to_string(y), y);
  row("Total " + ctx.horizon, 0);
  return out + "</tbody></table>";
}

std::string cost_table_by_qpv(const ReportContext& ctx, std::size_t s) {
  const std::vector<Effect> effects = key_effects(ctx.c.scenarios[s]);
  if (effects.empty())
    return "<p>Pas de résultat chiffré en euros pour ce type d'intervention.</p>";
  std::string out = fmt::format(
      "<table class=\"cost\"><caption>Sur {} : dépense supplémentaire par résultat supplémentaire, "
      "et entre crochets l'intervalle de 9 futurs sur 10 ; en dessous, le résultat supplémentaire "
      "moyen.</caption><thead><tr><th>Quartier</th>",
      ctx.horizon);
  for (Effect e : effects)
    out += fmt::format("<th class=\"num\">€ par {}</th>", escape_html(effect_label_fr(e)));
  out += "</tr></thead><tbody>";
  // All QPVs together first, then each QPV.
  std::vector<std::uint32_t> rows{ctx.all};
  for (std::uint32_t q = 0; q < ctx.all; ++q) rows.push_back(q);
  for (std::uint32_t row : rows) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>", row == ctx.all
                                                            ? std::string("Ensemble des QPV")
                                                            : escape_html(qpv_label(ctx.c, row)));
    for (Effect e : effects) out += cost_cell(cost_effectiveness(ctx.c, s, e, row), e);
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

}  // namespace

std::string lever_section(const ReportContext& ctx, std::size_t s) {
  const ScenarioRun& run = ctx.c.scenarios[s];
  const std::vector<const IndicatorSpec*> specs = key_indicators(run);
  std::string out = fmt::format(
      "<section id=\"levier-{}\" class=\"lever\"><p class=\"kicker\">"
      "Scénario {} sur {}</p><h2>{}</h2>",
      escape_html(run.id), s, ctx.alternatives(), escape_html(run.record.name));
  if (!run.record.description.empty())
    out += fmt::format("<p class=\"description\">{}</p>", escape_html(run.record.description));
  out += "<h3>Interventions</h3>" + interventions_list(run.record);
  out += "<h3>Effets sur les indicateurs clés</h3>" + effects_table(ctx, s, specs);
  for (const IndicatorSpec* spec : specs) {
    out += fmt::format("<h4>{}</h4><div class=\"figures\">", escape_html(spec->label_fr));
    out += fmt::format("<figure><figcaption>Niveau, ensemble des QPV, {}</figcaption>{}</figure>",
                       ctx.horizon, level_fan(ctx, *spec, s));
    out += fmt::format(
        "<figure><figcaption>Écart avec la référence dans les mêmes futurs, "
        "ensemble des QPV</figcaption>{}</figure>",
        difference_fan(ctx, *spec, s));
    out += fmt::format(
        "<figure class=\"wide\"><figcaption>Écart en {} par quartier</figcaption>"
        "{}</figure>",
        ctx.last_year, qpv_bars(ctx, *spec, s));
    out += "</div>";
  }
  out += "<h3>Dépenses par an</h3>" + spending_table(ctx, s);
  out += "<h3>Coût par résultat</h3>" + cost_table_by_qpv(ctx, s);
  return out + "</section>";
}

}  // namespace qpv::analysis::report
