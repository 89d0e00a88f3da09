// The report's first section, "Synthèse": the headline cards (an effect per alternative, or
// the baseline's levels), what the intervals include, and the scenarios compared.
#include <fmt/format.h>

#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis::report {
namespace {

/// The headline card of an alternative: its first key indicator in the last year.
std::string effect_card(const ReportContext& ctx, std::size_t s) {
  const ScenarioRun& run = ctx.c.scenarios[s];
  const IndicatorSpec& spec = *key_indicators(run).front();
  const Distribution d = difference(ctx, s, spec, ctx.all, ctx.last);
  const ShownFigure shown = show_difference(spec, d);
  const Distribution spent = distribution(spending_euros(ctx.c, s, ctx.all, ctx.last_year));

  std::string out = fmt::format(
      "<article class=\"headline headline-effect\" data-scenario=\"{}\" data-indicator=\"{}\" "
      "style=\"--c:{}\"><h3>{}</h3><p class=\"indicator\">{} : écart avec la situation de "
      "référence en {}, ensemble des QPV</p><p class=\"value\">{}</p><p class=\"interval\">{}</p>",
      escape_html(run.id), escape_html(spec.id), color_of(s), escape_html(run.record.name),
      escape_html(spec.label_fr), ctx.last_year, escape_html(shown.value),
      escape_html(shown.interval));
  const std::string sure = certainty_fr(spec, d, published_evidence(run, spec));
  if (!sure.empty()) out += fmt::format("<p class=\"certainty\">{}</p>", escape_html(sure));
  out += quantile_dots_figure(ctx, s, spec);
  out += fmt::format(
      "<p class=\"spending\">Dépense en {} : <span class=\"nowrap\">{}</span> "
      "(moyenne des futurs simulés)</p>",
      ctx.last_year, escape_html(format_euros_fr(spent.mean)));
  if (is_package(run)) {
    // Each lever buys its own result: no single cost per result (see the cost section).
    out +=
        "<p class=\"cost\">Plusieurs leviers : leurs coûts et leurs résultats sont mis côte à "
        "côte dans la partie <a href=\"#cout\">Coût par résultat</a>.</p>";
  }
  for (Effect e : is_package(run) ? std::vector<Effect>{} : key_effects(run)) {
    const CostEffectiveness ce = cost_effectiveness(ctx.c, s, e, ctx.all);
    // A cost per result only means something when the scenario spends more for more results.
    if (!ce.interval || !std::isfinite(ce.euros_per_unit) || !(ce.extra_cost.mean > 0)) continue;
    out += fmt::format(
        "<p class=\"cost\">soit, sur {}, <span class=\"nowrap\">{}</span> par {}</p>", ctx.horizon,
        escape_html(format_euros_fr(ce.euros_per_unit)), escape_html(effect_label_fr(e)));
    break;
  }
  out += fmt::format("<a href=\"#levier-{}\">Détail de ce scénario</a></article>",
                     escape_html(run.id));
  return out;
}

/// A headline card of the baseline: the level of `id` in the last year.
std::string level_card(const ReportContext& ctx, std::string_view id) {
  const IndicatorSpec* spec = model::find_indicator(id);
  if (spec == nullptr) return "";
  const ShownFigure shown = show_level(*spec, level(ctx, 0, *spec, ctx.all, ctx.last));
  return fmt::format(
      "<article class=\"headline headline-level\" data-scenario=\"{}\" data-indicator=\"{}\" "
      "style=\"--c:{}\"><h3>Situation de référence</h3><p class=\"indicator\">{} en {}, ensemble "
      "des QPV</p><p class=\"value\">{}</p><p class=\"interval\">{}</p><p "
      "class=\"certainty\">Niveau "
      "projeté sans nouvelle intervention.</p></article>",
      escape_html(ctx.c.scenarios[0].id), escape_html(spec->id), color_of(0),
      escape_html(spec->label_fr), ctx.last_year, escape_html(shown.value),
      escape_html(shown.interval));
}

}  // namespace

std::string summary_section(const ReportContext& ctx) {
  const Comparison& c = ctx.c;
  std::string out = "<section id=\"synthese\">";
  out += fmt::format(
      "<p class=\"kicker\">Contrat Quartiers 2030 · synthèse pour les élus</p><h1>{} : les {} "
      "quartiers prioritaires, {}</h1>",
      escape_html(territory_title(c.territory)), ctx.all, ctx.horizon);
  out += fmt::format(
      "<p class=\"subtitle\">{}</p>",
      ctx.alternatives() == 0
          ? std::string("Projection de la situation de référence, sans nouvelle intervention.")
      : ctx.alternatives() == 1
          ? std::string("Comparaison d'un scénario avec la situation de référence.")
          : fmt::format("Comparaison de {} scénarios avec la situation de référence.",
                        ctx.alternatives()));
  out += fmt::format(
      "<p class=\"reading\">Chaque chiffre est la moyenne de {} futurs simulés ; entre crochets, "
      "l'intervalle où se trouvent 9 futurs sur 10.{}</p>",
      c.replicates,
      ctx.alternatives() == 0 ? ""
                              : " Les écarts comparent chaque scénario à la situation de référence "
                                "dans les mêmes futurs.");

  out += "<div class=\"cards\">";
  std::size_t cards = 0;
  for (std::size_t s = 1; s < c.scenarios.size() && cards < kMaxHeadlines; ++s, ++cards)
    out += effect_card(ctx, s);
  for (std::size_t k = 0; cards < 3 && k < kBaselineHeadlines.size(); ++k, ++cards)
    out += level_card(ctx, kBaselineHeadlines[k]);
  out += "</div>";
  out += fmt::format("<p class=\"included\">{}</p>", intervals_include_fr(ctx));

  out += ctx.alternatives() == 0 ? "<h3>Scénario simulé</h3>" : "<h3>Scénarios comparés</h3>";
  out += "<ul class=\"scenarios\">";
  out += fmt::format("<li><strong>Situation de référence</strong> : {}</li>",
                     escape_html(ctx.name(0)));
  for (std::size_t s = 1; s < c.scenarios.size(); ++s)
    out += fmt::format("<li><a href=\"#levier-{}\">{}</a></li>", escape_html(c.scenarios[s].id),
                       escape_html(ctx.name(s)));
  out += "</ul>";
  if (ctx.alternatives() > kMaxHeadlines) {
    out += fmt::format(
        "<p>Les cartes ci-dessus montrent les {} premiers scénarios ; les autres "
        "sont détaillés plus bas.</p>",
        kMaxHeadlines);
  }
  if (ctx.alternatives() == 0) {
    out += "<h3>Trajectoires projetées</h3><div class=\"figures\">";
    for (std::string_view id : kBaselineHeadlines) {
      if (const IndicatorSpec* spec = model::find_indicator(id)) {
        out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                           escape_html(spec->label_fr), level_fan(ctx, *spec, std::nullopt));
      }
    }
    out += "</div>";
  }
  out += "</section>";
  return out;
}

}  // namespace qpv::analysis::report
