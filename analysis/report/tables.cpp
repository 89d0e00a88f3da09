// The report's sections of tables across scenarios: the labour market ("emploi"), each QPV
// ("quartiers") and the cost per result of every alternative ("cout").
#include <fmt/format.h>

#include <algorithm>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis::report {
namespace {

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

}  // namespace

/// The labour-market indicators for all QPVs: the baseline's level in the first, mid-term and
/// last years (to set beside published figures), and each scenario's difference in the last.
std::string labour_market_section(const ReportContext& ctx) {
  std::vector<int> years = ctx.table_years();
  if (years.front() != ctx.first_year) years.insert(years.begin(), ctx.first_year);
  std::string when;
  for (std::size_t k = 0; k < years.size(); ++k)
    when += fmt::format("{}en {}", k == 0 ? "" : k + 1 == years.size() ? " et " : ", ", years[k]);
  std::string out = fmt::format(
      "<section id=\"emploi\"><h2>Emploi et recherche d'emploi</h2><p>Ensemble des QPV : niveau "
      "de la situation de référence {}{}. Moyenne des futurs simulés et, en dessous, "
      "l'intervalle de 9 futurs sur 10. Ces niveaux se comparent aux chiffres publiés pour les "
      "quartiers prioritaires.</p>",
      when,
      ctx.alternatives() == 0
          ? ""
          : fmt::format(", et écart de chaque scénario avec elle en {}", ctx.last_year));
  out += "<table class=\"labour\"><thead><tr><th>Indicateur</th>";
  for (int y : years) out += fmt::format("<th class=\"num\">Référence {}</th>", y);
  for (std::size_t s = 1; s < ctx.c.scenarios.size(); ++s)
    out += fmt::format("<th class=\"num\">Écart {} : {}</th>", ctx.last_year,
                       escape_html(ctx.name(s)));
  out += "</tr></thead><tbody>";
  for (std::string_view id : kLabourMarket) {
    const IndicatorSpec* spec = model::find_indicator(id);
    if (spec == nullptr) continue;
    out += fmt::format("<tr data-indicator=\"{}\"><th scope=\"row\">{}</th>", escape_html(spec->id),
                       escape_html(spec->label_fr));
    for (int y : years)
      out +=
          figure_cell(show_level(*spec, level(ctx, 0, *spec, ctx.all, months_of_year(ctx.c, y))));
    for (std::size_t s = 1; s < ctx.c.scenarios.size(); ++s) {
      const Distribution d = difference(ctx, s, *spec, ctx.all, ctx.last);
      out += figure_cell(show_difference(*spec, d), futures_cell(ctx, s, *spec, d));
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

std::string neighbourhoods_section(const ReportContext& ctx) {
  const Comparison& c = ctx.c;
  // The key indicators of every scenario; for the baseline alone, those of the headline cards.
  std::vector<const IndicatorSpec*> specs;
  auto add = [&](const IndicatorSpec* spec) {
    if (spec != nullptr && std::find(specs.begin(), specs.end(), spec) == specs.end())
      specs.push_back(spec);
  };
  for (const ScenarioRun& s : c.scenarios)
    for (const IndicatorSpec* spec : key_indicators(s)) add(spec);
  if (ctx.alternatives() == 0)
    for (std::string_view id : kBaselineHeadlines) add(model::find_indicator(id));
  std::string out = fmt::format(
      "<section id=\"quartiers\"><h2>Par quartier</h2><p>Pour chaque quartier : le niveau de la "
      "situation de référence en {0}{1} Moyenne des futurs simulés et, en dessous, l'intervalle "
      "de 9 futurs sur 10.</p>",
      ctx.last_year,
      ctx.alternatives() == 0
          ? "."
          : fmt::format(" et l'écart de chaque scénario avec elle en {}.", ctx.last_year));
  for (std::uint32_t q = 0; q < ctx.all; ++q) {
    std::string communes = c.qpv_communes[q];
    for (std::size_t p = communes.find(';'); p != std::string::npos; p = communes.find(';', p))
      communes.replace(p, 1, ", ");
    out += fmt::format(
        "<div class=\"qpv\" id=\"qpv-{}\"><h3>{} <small>({})</small></h3><p "
        "class=\"communes\">{}</p>",
        escape_html(c.qpv_codes[q]), escape_html(c.qpv_names[q]), escape_html(c.qpv_codes[q]),
        escape_html(communes));
    out += fmt::format(
        "<table class=\"neighbourhood\"><thead><tr><th>Indicateur</th><th "
        "class=\"num\">Référence {}</th>",
        ctx.last_year);
    for (std::size_t s = 1; s < c.scenarios.size(); ++s)
      out += fmt::format("<th class=\"num\">Écart : {}</th>", escape_html(ctx.name(s)));
    out += "</tr></thead><tbody>";
    for (const IndicatorSpec* spec : specs) {
      out += fmt::format("<tr><th scope=\"row\">{}</th>", escape_html(spec->label_fr));
      out += figure_cell(show_level(*spec, level(ctx, 0, *spec, q, ctx.last)));
      for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
        const Distribution d = difference(ctx, s, *spec, q, ctx.last);
        out += figure_cell(show_difference(*spec, d), futures_cell(ctx, s, *spec, d));
      }
      out += "</tr>";
    }
    out += "</tbody></table></div>";
  }
  return out + "</section>";
}

std::string cost_section(const ReportContext& ctx) {
  std::string out = fmt::format(
      "<section id=\"cout\"><h2>Coût par résultat</h2><p>Ensemble des QPV, sur {} : dépense "
      "supplémentaire du scénario divisée par son résultat supplémentaire, comparés à la situation "
      "de référence dans les mêmes futurs. Entre crochets, l'intervalle de 9 futurs sur 10 ; "
      "« effet trop incertain » quand le résultat supplémentaire n'est pas positif dans au moins "
      "95 % des futurs. Les définitions sont dans la partie <a href=\"#methode\">Méthode</a>.</p>",
      ctx.horizon);
  out +=
      "<table class=\"cost\"><thead><tr><th>Scénario</th><th class=\"num\">Dépense "
      "supplémentaire</th>";
  for (Effect e : kEffects)
    out += fmt::format("<th class=\"num\">€ par {}</th>", escape_html(effect_label_fr(e)));
  out += "</tr></thead><tbody>";
  std::string packages;
  for (std::size_t s = 1; s < ctx.c.scenarios.size(); ++s) {
    const bool package = is_package(ctx.c.scenarios[s]);
    const std::string row_head =
        fmt::format("<tr><th scope=\"row\"><a href=\"#levier-{}\">{}</a></th>",
                    escape_html(ctx.c.scenarios[s].id), escape_html(ctx.name(s)));
    const std::string extra_cost =
        money_cell(cost_effectiveness(ctx.c, s, kEffects[0], ctx.all).extra_cost, true);
    out += row_head + extra_cost;
    if (package) packages += row_head + extra_cost;
    for (Effect e : kEffects) {
      const CostEffectiveness ce = cost_effectiveness(ctx.c, s, e, ctx.all);
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
      out += fmt::format("<th class=\"num\">{} supplémentaires</th>",
                         escape_html(effect_unit_fr(e, true)));
    out += "</tr></thead><tbody>" + packages + "</tbody></table>";
  }
  return out + "</section>";
}

}  // namespace qpv::analysis::report
