#include "analysis/sensitivity_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/present/charts.hpp"
#include "analysis/present/french.hpp"
#include "analysis/present/page.hpp"
#include "analysis/report.hpp"
#include "sim/core/error.hpp"
#include "sim/io/files.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/levers.hpp"
#include "sim/model/parameters.hpp"

namespace qpv::analysis {
namespace {

/// A factor as officials read it: the registry's French label, else its name.
std::string label_fr(const std::string& name) {
  const auto p = model::find_param(name);
  return p && !model::spec(*p).label_fr.empty() ? std::string(model::spec(*p).label_fr) : name;
}

/// How the study's factors vary, in French ("loi a priori bêta (6 ; 4)").
std::string distribution_fr(const std::string& text) {
  if (text.starts_with("prior ")) return "loi a priori " + prior_fr(text.substr(6));
  const std::size_t open = text.find('('), space = text.find(' ', open);
  if (text.starts_with("posterior") && open != std::string::npos && space != std::string::npos)
    return "marginale du postérieur du calage (" + text.substr(open + 1, space - open - 1) +
           " particules)";
  return text;
}

/// A lever of the alternative, after "l'effet" ("de l'aide à la mobilité").
std::string lever_of_fr(const std::string& kind) {
  if (const auto lever = model::find_lever(kind))
    return std::string(model::lever_spec(*lever).effect_of_fr);
  return "du levier « " + kind + " »";
}

const model::IndicatorSpec& indicator_of(const SensitivityRecord& r) {
  const model::IndicatorSpec* spec = model::find_indicator(r.indicator);
  if (spec == nullptr)
    throw InputError(Origin{r.file}, "/meta", "unknown indicator \"" + r.indicator + "\"");
  return *spec;
}

/// Output values as shown: shares in points (percent of a share, or points of a difference).
double shown_scale(const model::IndicatorSpec& spec) {
  return spec.unit == "share" ? 100.0 : 1.0;
}
std::string output_unit_fr(const model::IndicatorSpec& spec, const SensitivityRecord& r) {
  if (spec.unit == "share") return r.output == "difference" ? "points" : "%";
  return unit_fr(spec.unit, true);
}

/// What the study's output is, in French, after "mesure ce qui change", "la variance" and "ce
/// que cela change": the paired effect of the alternative, or the baseline's level.
struct Studied {
  const char* the;
  const char* of;
  const char* to;
};
Studied studied_fr(const SensitivityRecord& r) {
  if (r.output == "difference") return {"l'effet", "de l'effet", "à l'effet"};
  return {"le niveau étudié", "du niveau étudié", "au niveau étudié"};
}

/// "des 5 hypothèses", or "de l'hypothèse" for one.
std::string of_hypotheses_fr(std::size_t n) {
  return n == 1 ? "de l'hypothèse" : fmt::format("des {} hypothèses", n);
}

/// A Sobol' stage's factors (indices into its columns) by decreasing total index (ties: factor
/// order).
std::vector<std::size_t> by_total_index(const gsa::SobolResult& sobol) {
  std::vector<std::size_t> order(sobol.factors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return sobol.factors[a].st > sobol.factors[b].st;
  });
  return order;
}

/// A factor of a stage with its score, for the ranking.
struct Ranked {
  std::size_t factor = 0;  ///< row of the record's factors
  double score = 0;
  gsa::Interval ci;
};
/// The factors by total Sobol' index, or by Morris's mu* when there is no Sobol' stage.
std::vector<Ranked> ranking(const SensitivityRecord& r) {
  std::vector<Ranked> out;
  if (r.sobol) {
    for (const std::size_t i : by_total_index(r.sobol->result)) {
      const gsa::SobolIndex& e = r.sobol->result.factors[i];
      out.push_back({r.sobol->columns[i], e.st, e.st_ci});
    }
  } else if (r.morris) {
    const gsa::MorrisResult& m = r.morris->result;
    for (const std::size_t i : leading_factors(m, m.factors.size()))
      out.push_back({r.morris->columns[i], m.factors[i].mu_star, m.factors[i].mu_star_ci});
  }
  return out;
}

bool overlap(const gsa::Interval& a, const gsa::Interval& b) {
  return a.low <= b.high && b.low <= a.high;
}

std::string output_fr(const SensitivityRecord& r) {
  const model::IndicatorSpec& spec = indicator_of(r);
  const std::string where = r.qpv == "ALL" ? "ensemble des QPV" : "QPV " + r.qpv;
  if (r.output == "difference")
    return fmt::format("écart de « {} » avec « {} » : {} en {}, {}", r.alternative_name,
                       r.baseline_name, spec.label_fr, r.year, where);
  return fmt::format("niveau de « {} » : {} en {}, {}", r.baseline_name, spec.label_fr, r.year,
                     where);
}

std::string morris_section(const SensitivityRecord& r) {
  const MorrisStage& m = *r.morris;
  const model::IndicatorSpec& spec = indicator_of(r);
  const double k = shown_scale(spec);
  const std::vector<std::size_t> order = leading_factors(m.result, m.result.factors.size());
  svg::ScatterChart chart;
  chart.title = "Criblage de Morris : effet moyen et dispersion de chaque hypothèse";
  // mu* is per unit of the quantile scale, twice the change of a move (half of that scale).
  chart.x_unit =
      fmt::format("μ* : effet moyen en valeur absolue, pour toute l'étendue de la loi ({})",
                  output_unit_fr(spec, r));
  chart.y_unit = "σ : dispersion de ses effets";
  chart.color = "#0072b2";
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const std::size_t i = order[rank];
    chart.points.push_back({k * m.result.factors[i].mu_star, k * m.result.factors[i].sigma,
                            label_fr(r.factor_names[m.columns[i]]),
                            rank < 6 && m.result.factors[i].mu_star > 0});
  }
  std::string out = fmt::format(
      "<section id=\"criblage\"><h2>Criblage de Morris</h2><p>{} trajectoires de {} points : "
      "chaque hypothèse est déplacée à son tour d'une demi-étendue de sa loi (par exemple de son "
      "quantile à 25 % à son quantile à 75 %), et l'on mesure ce que cela change {}. μ* mesure "
      "l'importance de l'hypothèse : c'est ce changement en valeur absolue, moyenné et rapporté à "
      "l'étendue entière de ses quantiles (de 0 à 100 %), soit le double de l'effet moyen d'un "
      "déplacement. σ est la dispersion de ces effets, à la même échelle : une hypothèse dont "
      "l'effet dépend des autres, ou n'est pas linéaire, a un σ élevé. Les 6 hypothèses les plus "
      "influentes sont nommées.</p>",
      m.result.trajectories, m.columns.size() + 1, studied_fr(r).to);
  out += fmt::format(
      "<figure>{}<figcaption>Un point par hypothèse (survol : son nom).</figcaption>"
      "</figure>",
      svg::scatter_chart(chart));
  out += fmt::format(
      "<details><summary>Les {} hypothèses criblées</summary><table class=\"morris\"><thead><tr>"
      "<th>Hypothèse</th><th class=\"num\">μ* ({})</th><th class=\"num\">σ</th><th "
      "class=\"num\">μ</th><th>Loi</th></tr></thead><tbody>",
      m.columns.size(), escape_html(output_unit_fr(spec, r)));
  for (std::size_t i : order) {
    const gsa::MorrisEffects& e = m.result.factors[i];
    const std::size_t f = m.columns[i];
    out += fmt::format(
        "<tr><th scope=\"row\">{}<span class=\"sub\"><code>{}</code></span></th><td "
        "class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
        escape_html(label_fr(r.factor_names[f])), escape_html(r.factor_names[f]),
        escape_html(format_fr_compact(k * e.mu_star)),
        escape_html(interval_text(format_fr_compact(k * e.mu_star_ci.low),
                                  format_fr_compact(k * e.mu_star_ci.high))),
        escape_html(format_fr_compact(k * e.sigma)), escape_html(format_fr_compact(k * e.mu)),
        escape_html(distribution_fr(r.factor_distributions[f])));
  }
  return out + "</tbody></table></details></section>";
}

std::string sobol_section(const SensitivityRecord& r) {
  const SobolStage& s = *r.sobol;
  const std::vector<std::size_t> order = by_total_index(s.result);
  svg::BarChart total, first;
  total.title = "Indice total de Sobol' de chaque hypothèse, avec son intervalle";
  total.unit = "part de la variance, seule ou avec d'autres hypothèses";
  first.title = "Indice de premier ordre de Sobol' de chaque hypothèse, avec son intervalle";
  first.unit = "part de la variance, seule";
  total.color = "#0072b2";
  first.color = "#e69f00";
  total.decimals = first.decimals = 2;
  total.note = first.note = fmt::format("Barre : indice ; trait : intervalle de confiance à {} %.",
                                        std::lround(100 * s.result.confidence));
  total.plus = first.plus = false;
  std::string rows;
  for (std::size_t i : order) {
    const gsa::SobolIndex& e = s.result.factors[i];
    const std::string name = label_fr(r.factor_names[s.columns[i]]);
    total.bars.push_back({name, e.st, e.st_ci.low, e.st_ci.high});
    first.bars.push_back({name, e.s1, e.s1_ci.low, e.s1_ci.high});
    rows += fmt::format(
        "<tr><th scope=\"row\">{}<span class=\"sub\"><code>{}</code></span></th><td "
        "class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td><td "
        "class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        escape_html(name), escape_html(r.factor_names[s.columns[i]]),
        escape_html(format_fr(e.st, 2)),
        escape_html(interval_text(format_fr(e.st_ci.low, 2), format_fr(e.st_ci.high, 2))),
        escape_html(format_fr(e.s1, 2)),
        escape_html(interval_text(format_fr(e.s1_ci.low, 2), format_fr(e.s1_ci.high, 2))),
        escape_html(format_fr(e.st_half, 2)), escape_html(format_fr(e.s1_half, 2)));
  }
  std::string out = fmt::format(
      "<section id=\"sobol\"><h2>Indices de Sobol'</h2><p>Sur les {} hypothèses retenues, la "
      "part de la variance {} qui revient à chacune : seule (indice de premier ordre) ou "
      "avec ses interactions avec les autres (indice total). Un indice total proche de zéro veut "
      "dire que l'hypothèse peut être fixée sans rien changer ; la somme des indices de premier "
      "ordre est la part de la variance que les hypothèses expliquent chacune seule. Entre "
      "crochets, l'intervalle de confiance à {} % (bootstrap).</p><div class=\"figures\">",
      s.columns.size(), studied_fr(r).of, std::lround(100 * s.result.confidence));
  out += fmt::format("<figure>{}</figure><figure>{}</figure></div>", svg::bar_chart(total),
                     svg::bar_chart(first));
  out += fmt::format(
      "<table class=\"sobol\"><caption>Convergence : les indices calculés sur la première moitié "
      "des {} échantillons de base, à côté de ceux calculés sur tous ; s'ils diffèrent beaucoup, "
      "il faut plus d'échantillons.</caption><thead><tr><th>Hypothèse</th><th "
      "class=\"num\">Indice total</th><th class=\"num\">Premier ordre</th><th class=\"num\">Total, "
      "N/2</th><th class=\"num\">Premier ordre, N/2</th></tr></thead><tbody>{}</tbody></table>",
      s.result.base_rows, rows);
  return out + "</section>";
}

std::string method_section(const SensitivityRecord& r) {
  std::string out = "<section id=\"methode\"><h2>Méthode et provenance</h2><dl class=\"meta\">";
  auto item = [&](std::string_view term, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", term, html);
  };
  item("Grandeur étudiée", escape_html(output_fr(r)));
  item("Futurs par point",
       fmt::format("{} futurs, moyennés ; graine <code>{}</code>, la même à chaque point",
                   r.replicates, r.seed));
  // A point of a design is one set of hypotheses, simulated over `replicates` futures in each
  // scenario.
  const std::string_view each = r.output == "difference" ? "de chaque scénario" : "du scénario";
  auto runs = [&](std::size_t points) {
    return fmt::format("{} jeux d'hypothèses de {} futurs, soit {} simulations {}", points,
                       r.replicates, static_cast<std::int64_t>(points) * r.replicates, each);
  };
  if (r.morris)
    item("Criblage de Morris", fmt::format("{} trajectoires, {} hypothèses : {} ({:.0f} s)",
                                           r.morris->result.trajectories, r.morris->columns.size(),
                                           runs(r.morris->outputs.size()), r.morris->seconds));
  if (r.sobol)
    item("Indices de Sobol'", fmt::format("{} échantillons de base, {} hypothèses : {} ({:.0f} s)",
                                          r.sobol->result.base_rows, r.sobol->columns.size(),
                                          runs(r.sobol->outputs.size()), r.sobol->seconds));
  item("Version de qpvsim", "<code>" + escape_html(r.qpvsim_version) + "</code>");
  item("Commit git", "<code>" + escape_html(r.git_commit) + "</code>");
  item("Date de création", escape_html(timestamp_fr(r.created_utc)));
  out += "</dl>";
  out += fmt::format(
      "<h3>Le hasard des simulations</h3><p>Chaque jeu d'hypothèses est simulé avec les mêmes "
      "futurs aléatoires (mêmes graines) : d'un point du plan à l'autre, seules les hypothèses "
      "changent (nombres aléatoires communs), et l'écart entre les scénarios est apparié futur par "
      "futur. La grandeur étudiée est la moyenne de ces futurs. Le bruit des simulations en est "
      "réduit, non supprimé : changer une hypothèse change aussi le moment des événements et les "
      "tirages qu'utilise chaque personne, si bien qu'un peu de hasard diffère d'un point à "
      "l'autre. Avec peu de futurs par point ({} ici), ce bruit gonfle un peu σ et les indices "
      "totaux. Les résultats sont identiques quel que soit le nombre de cœurs ou de "
      "processus.</p>",
      r.replicates);
  out +=
      "<h3>Les hypothèses et leurs lois</h3><p>Chaque hypothèse varie selon sa loi : sa loi a "
      "priori pour une hypothèse incertaine, la marginale du postérieur du calage pour un "
      "paramètre calé. Les hypothèses varient indépendamment : les liens que le calage a pu "
      "établir entre paramètres calés ne sont pas gardés. Les choix de politique et les "
      "paramètres que les scénarios fixent ne varient pas.</p>";
  out +=
      "<details><summary>Lois des hypothèses</summary><table class=\"parameters\"><thead><tr>"
      "<th>Hypothèse</th><th>Paramètre</th><th>Loi</th></tr></thead><tbody>";
  for (std::size_t f = 0; f < r.factor_names.size(); ++f)
    out += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                       escape_html(label_fr(r.factor_names[f])), escape_html(r.factor_names[f]),
                       escape_html(distribution_fr(r.factor_distributions[f])));
  out += "</tbody></table></details>";
  out +=
      "<h3>Références</h3><ul><li>Morris M.D. (1991), Factorial sampling plans for preliminary "
      "computational experiments, <i>Technometrics</i> 33, 161-174 ; μ* : Campolongo F., Cariboni "
      "J., Saltelli A. (2007), <i>Environ. Model. Softw.</i> 22, 1509-1518.</li><li>Saltelli A. et "
      "al. (2010), Variance based sensitivity analysis of model output, <i>Comput. Phys. "
      "Commun.</i> 181, 259-270 (plan et indice de premier ordre) ; Jansen M.J.W. (1999), "
      "<i>Comput. Phys. Commun.</i> 117, 35-43 (indice total).</li></ul>";
  out += "<h3>Fichiers</h3>";
  for (std::size_t i = 0; i < r.files.size(); ++i)
    out += fmt::format("<details><summary><code>{}</code></summary><pre>{}</pre></details>",
                       escape_html(r.files[i]), i < r.texts.size() ? escape_html(r.texts[i]) : "");
  return out + "</section>";
}

/// How the study measured it, from its stages (the file's method): "d'abord par un criblage des
/// 12 hypothèses (méthode de Morris), puis par les indices de Sobol' des 8 plus influentes".
std::string methods_fr(const SensitivityRecord& r) {
  const std::string morris = r.morris ? fmt::format("par un criblage {} (méthode de Morris)",
                                                    of_hypotheses_fr(r.morris->columns.size()))
                                      : "";
  if (!r.sobol) return morris;
  const std::size_t n = r.sobol->columns.size();
  if (!r.morris) return fmt::format("par les indices de Sobol' {}", of_hypotheses_fr(n));
  // Sobol's factors are Morris's first unless [sobol] parameters named others.
  std::vector<std::size_t> first;
  for (const std::size_t i : leading_factors(r.morris->result, n))
    first.push_back(r.morris->columns[i]);
  std::vector<std::size_t> sobol = r.sobol->columns;
  std::sort(first.begin(), first.end());
  std::sort(sobol.begin(), sobol.end());
  std::string which;
  if (first == sobol)
    which = n == 1 ? "de la plus influente" : fmt::format("des {} plus influentes", n);
  else
    which = n == 1 ? "d'une hypothèse choisie" : fmt::format("de {} hypothèses choisies", n);
  return fmt::format("d'abord {}, puis par les indices de Sobol' {}", morris, which);
}

}  // namespace

std::vector<std::string> sensitivity_sentences_fr(const SensitivityRecord& r) {
  const model::IndicatorSpec& spec = indicator_of(r);
  const std::vector<Ranked> ranked = ranking(r);
  if (ranked.empty()) return {};
  const bool sobol = r.sobol.has_value();
  auto score = [&](const Ranked& x) {
    return sobol ? fmt::format("indice total {}", format_fr(x.score, 2))
                 : fmt::format("μ* = {} {}", format_fr_compact(shown_scale(spec) * x.score),
                               output_unit_fr(spec, r));
  };
  auto named = [&](std::size_t i) {
    return fmt::format("« {} » ({})", label_fr(r.factor_names[ranked[i].factor]), score(ranked[i]));
  };
  // The leading factors the intervals cannot tell apart: the first, and those after it whose
  // interval overlaps the first's.
  std::size_t tied = 1;
  while (tied < ranked.size() && overlap(ranked[0].ci, ranked[tied].ci)) ++tied;
  const std::size_t n = std::min<std::size_t>(3, ranked.size());
  std::string depends;
  if (tied == 1) {
    std::string rest;
    for (std::size_t i = 1; i < n; ++i)
      rest += fmt::format("{} de {}", i == 1 ? ", puis" : " et", named(i));
    depends = fmt::format("dépend d'abord de l'hypothèse {}{}.", named(0), rest);
  } else {
    const std::size_t shown = std::min<std::size_t>(tied, 3), others = tied - shown;
    std::string list = named(0);
    for (std::size_t i = 1; i < shown; ++i)
      list += fmt::format("{}{}", i + 1 == shown && others == 0 ? " et " : ", ", named(i));
    if (others > 0)
      list += others == 1 ? " et d'une autre" : fmt::format(" et de {} autres", others);
    std::string next;
    if (tied < n) next = fmt::format(" ; vient ensuite l'hypothèse {}", named(tied));
    depends = fmt::format("dépend surtout des hypothèses {}, que l'analyse ne départage pas{}.",
                          list, next);
  }
  const std::string where = r.qpv == "ALL" ? "" : " (QPV " + r.qpv + ")";
  std::vector<std::string> out;
  if (r.output != "difference") {
    std::string subject = subject_fr(spec);
    subject[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(subject[0])));
    out.push_back(fmt::format("{} en {}{}, dans la situation de référence, {}", subject, r.year,
                              where, depends));
    return out;
  }
  std::vector<std::string> kinds = r.alternative_kinds;
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  if (kinds.size() == 1) {
    out.push_back(fmt::format("L'effet {} sur {} en {}{} {}", lever_of_fr(kinds[0]),
                              subject_fr(spec), r.year, where, depends));
  } else {
    // Several levers: the effect studied is theirs together.
    out.push_back(fmt::format("L'effet des {} leviers de « {} » ensemble sur {} en {}{} {}",
                              kinds.size(), r.alternative_name, subject_fr(spec), r.year, where,
                              depends));
  }
  return out;
}

std::string sensitivity_report_html(const SensitivityRecord& r) {
  if (!r.morris && !r.sobol)
    throw InputError(Origin{r.file}, "report",
                     "the sensitivity file has no Morris or Sobol' results");
  std::vector<std::pair<std::string, std::string>> links = {{"synthese", "Synthèse"}};
  if (r.morris) links.emplace_back("criblage", "Criblage de Morris");
  if (r.sobol) links.emplace_back("sobol", "Indices de Sobol'");
  links.emplace_back("methode", "Méthode et provenance");

  const Studied studied = studied_fr(r);
  std::string main = fmt::format(
      "<section id=\"synthese\"><p class=\"kicker\">Contrat Quartiers 2030 · analyse de "
      "sensibilité</p><h1>{}</h1><p class=\"subtitle\">{}</p>",
      escape_html(r.name.empty() ? fmt::format("De quelles hypothèses dépend {} ?", studied.the)
                                 : r.name),
      escape_html(output_fr(r)));
  for (const std::string& sentence : sensitivity_sentences_fr(r))
    main += fmt::format("<p class=\"reading\">{}</p>", escape_html(sentence));
  main += fmt::format(
      "<p>Le modèle repose sur des hypothèses dont la valeur est incertaine. Cette analyse les "
      "fait varier ensemble, chacune selon sa loi, et mesure {}ce qui change {} : {}. Les "
      "hypothèses qui comptent le plus sont celles sur lesquelles une donnée locale ou une "
      "évaluation apporterait le plus.</p></section>",
      r.sobol ? fmt::format("quelle part de la variance {} revient à chacune et ", studied.of) : "",
      studied.the, methods_fr(r));
  if (r.morris) main += morris_section(r);
  if (r.sobol) main += sobol_section(r);
  main += method_section(r);

  page::Shell shell;
  shell.title = "Analyse de sensibilité : " + (r.name.empty() ? output_fr(r) : r.name);
  shell.version = r.qpvsim_version;
  shell.nav = page::nav(links);
  shell.main = main;
  shell.footer = fmt::format("Rapport produit par qpvsim {} le {}.", escape_html(r.qpvsim_version),
                             escape_html(timestamp_fr(r.created_utc)));
  return page::html(shell);
}

void write_sensitivity_report(const SensitivityRecord& r, const std::string& path) {
  io::write_file_atomically(path, sensitivity_report_html(r), "sensitivity report");
}

}  // namespace qpv::analysis
