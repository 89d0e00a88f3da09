// The calibration report's first section, "ajustement": the verdict, every target beside the
// posterior predictive check, and each target's gap in units of its tolerance.
#include <fmt/format.h>

#include <cmath>

#include "analysis/present/charts.hpp"
#include "analysis/present/french.hpp"
#include "calibration/report/parts.hpp"

namespace qpv::calibration::report {
namespace {

using analysis::escape_html;
using analysis::format_fr;
using analysis::format_fr_compact;

/// Whether the algorithm reached its goal (the particles kept), then what the predictive check
/// (new runs) says of the fitted and the held-out targets, as a paragraph.
std::string verdict_paragraph(const PosteriorRecord& r, const std::vector<TargetView>& views) {
  const Generation& last = r.outcome.generations.back();
  std::size_t fitted = 0, fitted_within = 0, held = 0, held_within = 0;
  std::vector<std::string> outside;
  for (const TargetView& v : views) {
    if (v.t->holdout) {
      ++held;
      held_within += v.within;
    } else {
      ++fitted;
      fitted_within += v.within;
      if (!v.within)
        outside.push_back("« " + escape_html(v.label()) + " » (" + escape_html(v.t->id) + ")");
    }
  }
  const bool all_within_tolerance = last.tolerance <= 1;
  std::string verdict;
  if (r.reached && all_within_tolerance) {
    verdict = fmt::format(
        "<span class=\"verdict ok\">La calibration a atteint son objectif</span> : chaque "
        "particule retenue reproduit chaque chiffre ajusté avec un écart d'au plus {} fois sa "
        "tolérance.",
        format_fr_compact(last.tolerance));
  } else if (r.reached) {
    verdict = fmt::format(
        "<span class=\"verdict ko\">La tolérance finale demandée est atteinte, mais elle est plus "
        "large que les tolérances des chiffres</span> : les particules retenues s'écartent des "
        "chiffres ajustés de {} fois leur tolérance au plus.",
        format_fr_compact(last.tolerance));
  } else {
    verdict = fmt::format(
        "<span class=\"verdict ko\">La calibration n'a pas atteint sa tolérance finale</span> : "
        "{}. Les particules retenues s'écartent des chiffres ajustés de {} fois leur tolérance au "
        "plus.",
        escape_html(stop_fr(r.stop)), format_fr_compact(last.tolerance));
  }
  std::string out = "<p class=\"reading\">" + verdict;
  out += fmt::format(
      " Au contrôle prédictif ({} simulations de particules tirées selon leur poids, avec de "
      "nouvelles graines), la moyenne simulée est dans la tolérance pour {} sur {}",
      r.predictive.statistics.size(), counted(fitted_within, "chiffre ajusté", "chiffres ajustés"),
      fitted);
  if (!outside.empty()) out += fmt::format(" (hors tolérance : {})", list_fr(outside));
  if (held > 0) {
    out += fmt::format(" et pour {} sur {}, laissé{} hors de l'ajustement",
                       counted(held_within, "chiffre de contrôle", "chiffres de contrôle"), held,
                       held > 1 ? "s" : "");
  }
  out += ".</p>";
  return out;
}

/// Every target: observed, tolerance, predictive mean and interval, gap, role and source.
std::string targets_table(const PosteriorRecord& r, const std::vector<TargetView>& views) {
  std::string out = fmt::format(
      "<table class=\"targets\"><caption>Chiffres observés et prédiction a posteriori "
      "(moyenne des {} simulations du contrôle prédictif ; entre crochets, l'intervalle où se "
      "trouvent 90 % d'entre elles). Les parts sont en %, leurs tolérances en points. Sources et "
      "notes d'ajustement telles qu'écrites dans le fichier des cibles.</caption><thead><tr>"
      "<th>Indicateur</th><th>Chiffre</th><th class=\"num\">Observé</th><th "
      "class=\"num\">Tolérance</th><th class=\"num\">Prédiction a posteriori</th><th "
      "class=\"num\">Écart en tolérances</th><th>Dans la tolérance</th><th>Rôle</th><th>Source "
      "et ajustement</th></tr></thead><tbody>",
      r.predictive.statistics.size());
  for (const TargetView& v : views) {
    const Target& t = *v.t;
    const std::string where = t.qpv == "ALL" ? "ensemble des QPV" : "QPV " + t.qpv;
    const bool defined = std::isfinite(v.predictive.mean);
    out += fmt::format(
        "<tr data-target=\"{}\"{}><th scope=\"row\">{}<span class=\"sub\">{}, {}</span></th>"
        "<td><code>{}</code></td><td class=\"num\">{}</td><td "
        "class=\"num nowrap\">{}</td><td class=\"num pred\"><span class=\"v\">{}</span><span "
        "class=\"ci\">{}</span></td><td class=\"num\">{}</td><td>{}</td><td>{}</td>",
        escape_html(t.id), t.holdout ? " class=\"holdout-row\"" : "", escape_html(v.label()),
        escape_html(where), escape_html(period_fr(t.from, t.to)), id_html(t.id),
        escape_html(v.level(t.observed)), escape_html(v.tolerance()),
        escape_html(v.level(v.predictive.mean)), escape_html(v.interval()),
        escape_html(format_fr(v.in_tolerances(v.predictive.mean), 1, true)),
        !defined   ? "—"
        : v.within ? "<span class=\"yes\">oui</span>"
                   : "<span class=\"no\">non</span>",
        t.holdout ? "<span class=\"holdout\">non ajusté : contrôle</span>" : "ajusté");
    out += "<td class=\"source\">" + escape_html(t.source);
    if (!t.note.empty())
      out += "<details><summary>Ajustement</summary><p>" + escape_html(t.note) + "</p></details>";
    out += "</td></tr>";
  }
  return out + "</tbody></table>";
}

/// Each target's gap between the predictive mean and the observed figure, in tolerances.
std::string tolerance_figure(const std::vector<TargetView>& views) {
  analysis::svg::BarChart chart;
  chart.title =
      "Écart entre la prédiction a posteriori et le chiffre observé, en nombre de tolérances : "
      "de −1 à +1, le chiffre est reproduit dans sa tolérance";
  chart.unit = "(prédiction − observé) / tolérance ; de −1 à +1 : dans la tolérance";
  chart.color = std::string(kBlue);
  chart.decimals = 1;
  chart.plus = true;
  chart.width = 1000;
  chart.max_label = 64;
  for (const TargetView& v : views) {
    chart.bars.push_back({v.label() + (v.t->holdout ? " (contrôle)" : ""),
                          v.in_tolerances(v.predictive.mean), v.in_tolerances(v.predictive.q05),
                          v.in_tolerances(v.predictive.q95)});
  }
  return fmt::format(
      "<figure class=\"wide\"><figcaption>Chaque chiffre, en nombre de tolérances : la barre est "
      "la moyenne des simulations du contrôle prédictif moins le chiffre observé, divisée par la "
      "tolérance ; le trait couvre 90 % des simulations. Entre −1 et +1, la prédiction est dans "
      "la tolérance.</figcaption>{}</figure>",
      analysis::svg::bar_chart(chart));
}

}  // namespace

std::string fit_section(const PosteriorRecord& r, const std::vector<TargetView>& views) {
  const Generation& last = r.outcome.generations.back();
  std::string out = fmt::format(
      "<section id=\"ajustement\"><p class=\"kicker\">qpvsim · diagnostic de calibration · "
      "{}</p><h1>{}</h1>",
      escape_html(calibration_title(r)), kSections[0].title);
  out += fmt::format("<p class=\"subtitle\">{} ajusté{} à {} observé{} ; {} d'ABC-SMC de {}.</p>",
                     counted(r.parameter_names.size(), "paramètre", "paramètres"),
                     r.parameter_names.size() >= 2 ? "s" : "",
                     counted(r.targets.size(), "chiffre", "chiffres"),
                     r.targets.size() >= 2 ? "s" : "",
                     counted(r.outcome.generations.size(), "génération", "générations"),
                     counted(last.particles.size(), "particule", "particules"));
  out += verdict_paragraph(r, views);
  out += targets_table(r, views);
  out += tolerance_figure(views);
  return out + "</section>";
}

}  // namespace qpv::calibration::report
