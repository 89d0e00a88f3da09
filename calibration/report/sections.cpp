// The calibration report's sections after the fit: the calibrated parameters ("parametres"),
// their correlations ("correlations"), the run generation by generation ("generations") and the
// method with its provenance ("methode").
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/present/french.hpp"
#include "calibration/report/parts.hpp"

namespace qpv::calibration::report {

using analysis::escape_html;
using analysis::format_fr;
using analysis::format_fr_compact;
using analysis::kNarrowNoBreakSpace;
using analysis::prior_fr;
using analysis::timestamp_fr;

std::string parameters_section(const PosteriorRecord& r,
                               const std::vector<ParameterSummary>& summaries) {
  const Generation& first = r.outcome.generations.front();
  const Generation& last = r.outcome.generations.back();
  std::string out = section_heading(kSections[1]);
  out += fmt::format(
      "<p>La loi a priori dit ce qu'on savait d'un paramètre avant de confronter le modèle aux "
      "chiffres ; la loi a posteriori, les valeurs qui les reproduisent : les {} particules "
      "pondérées de la dernière génération (génération {}). L'intervalle à 90 % a priori est "
      "celui des {} particules de la génération 0, tirées dans la loi a priori : quand "
      "l'intervalle a posteriori est presque aussi large (rapport proche de 100 %), les chiffres "
      "observés n'apprennent presque rien sur ce paramètre. Les noms sont ceux du registre du "
      "modèle.</p>",
      last.particles.size(), last.index, first.particles.size());
  out +=
      "<table class=\"parameters\"><thead><tr><th>Paramètre</th><th>Loi a priori</th><th "
      "class=\"num\">Support</th><th class=\"num\">Intervalle à 90 % a priori</th><th "
      "class=\"num\">Moyenne a posteriori</th><th class=\"num\">Médiane</th><th "
      "class=\"num\">Intervalle à 90 % a posteriori</th><th class=\"num\">Largeur a posteriori "
      "/ a priori</th></tr></thead><tbody>";
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k) {
    const ParameterSummary& s = summaries[k];
    const ParameterSummary prior = summarise_parameter(first, k);
    const double lo = k < r.parameter_min.size() ? r.parameter_min[k] : kNaN;
    const double hi = k < r.parameter_max.size() ? r.parameter_max[k] : kNaN;
    const std::string& source =
        k < r.parameter_prior_sources.size() ? r.parameter_prior_sources[k] : std::string();
    const std::string from =
        source == "registry" ? "registre du modèle" : "fichier des lois a priori, " + source;
    const double prior_width = prior.q95 - prior.q05;
    const double ratio = prior_width > 0 ? (s.q95 - s.q05) / prior_width : kNaN;
    auto interval = [](double a, double b) {
      return escape_html(analysis::interval_text(format_fr_compact(a), format_fr_compact(b)));
    };
    out += fmt::format(
        "<tr data-parameter=\"{}\"><th scope=\"row\"><code>{}</code></th><td>{}<span "
        "class=\"sub\">{}</span></td><td class=\"num nowrap\">{}</td><td class=\"num "
        "nowrap\">{}</td><td class=\"num\"><span class=\"v\">{}</span></td><td "
        "class=\"num\">{}</td><td class=\"num nowrap\">{}</td><td class=\"num\">{}</td></tr>",
        escape_html(r.parameter_names[k]), id_html(r.parameter_names[k]),
        escape_html(
            prior_fr(k < r.parameter_priors.size() ? r.parameter_priors[k] : std::string())),
        escape_html(from), interval(lo, hi), interval(prior.q05, prior.q95),
        escape_html(format_fr_compact(s.mean)), escape_html(format_fr_compact(s.median)),
        interval(s.q05, s.q95),
        std::isfinite(ratio)
            ? escape_html(format_fr(100 * ratio, 0)) + std::string(kNarrowNoBreakSpace) + "%"
            : "—");
  }
  out += "</tbody></table><div class=\"figures\">";
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k) {
    out += fmt::format("<figure><figcaption><code>{}</code></figcaption>{}</figure>",
                       escape_html(r.parameter_names[k]),
                       histogram(r.parameter_names[k], summaries[k]));
  }
  return out + "</div></section>";
}

namespace {

/// A cell's background for a correlation: white at 0, blue towards −1, red towards +1; the
/// text black or white, whichever contrasts more.
std::pair<std::string, std::string> correlation_colors(double rho) {
  if (!std::isfinite(rho)) return {"#eeeeee", "#1d1d1f"};
  const double a = std::clamp(std::fabs(rho), 0.0, 1.0);
  const std::array<double, 3> end =
      rho < 0 ? std::array<double, 3>{33, 102, 172} : std::array<double, 3>{178, 24, 43};
  std::array<double, 3> c{};
  for (std::size_t i = 0; i < 3; ++i) c[i] = 255 + a * (end[i] - 255);
  auto linear = [](double v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  const double lum = 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
  constexpr double ink = 0.0122;  // relative luminance of #1d1d1f
  const bool white = (1.05 / (lum + 0.05)) > ((lum + 0.05) / (ink + 0.05));
  return {fmt::format("#{:02x}{:02x}{:02x}", static_cast<int>(std::lround(c[0])),
                      static_cast<int>(std::lround(c[1])), static_cast<int>(std::lround(c[2]))),
          white ? "#ffffff" : "#1d1d1f"};
}

}  // namespace

std::string correlations_section(const PosteriorRecord& r,
                                 const std::vector<ParameterSummary>& summaries) {
  const std::size_t n = r.parameter_names.size();
  std::string out = section_heading(kSections[2]);
  out +=
      "<p>Corrélation de Pearson pondérée entre les valeurs des paramètres dans les particules de "
      "la loi a posteriori. Une corrélation forte (proche de −1 ou de +1) signifie que les "
      "chiffres observés fixent surtout une combinaison des deux paramètres : une valeur plus "
      "forte de l'un peut être compensée par l'autre. Bleu : corrélation négative ; rouge : "
      "positive ; la couleur est d'autant plus intense que la corrélation est forte. « — » : un "
      "paramètre qui ne varie pas.</p>";
  out += "<table class=\"correlations\"><thead><tr><th>Paramètre</th>";
  for (std::size_t j = 0; j < n; ++j)
    out += fmt::format("<th class=\"num\" title=\"{}\">{}</th>", escape_html(r.parameter_names[j]),
                       j + 1);
  out += "</tr></thead><tbody>";
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("<tr><th scope=\"row\">{}. <code>{}</code></th>", i + 1,
                       id_html(r.parameter_names[i]));
    for (std::size_t j = 0; j < n; ++j) {
      const double rho = i == j ? 1.0
                                : weighted_correlation(summaries[i].values, summaries[j].values,
                                                       summaries[i].weights);
      const auto [background, ink] = correlation_colors(rho);
      out += fmt::format("<td{} style=\"background:{};color:{}\" title=\"{} et {}\">{}</td>",
                         i == j ? " class=\"diagonal\"" : "", background, ink,
                         escape_html(r.parameter_names[i]), escape_html(r.parameter_names[j]),
                         i == j ? std::string("1") : escape_html(format_fr(rho, 2)));
    }
    out += "</tr>";
  }
  return out + "</tbody></table></section>";
}

std::string generations_section(const PosteriorRecord& r) {
  const std::vector<Generation>& gens = r.outcome.generations;
  std::string out = section_heading(kSections[3]);
  out +=
      "<p>Chaque génération resserre la tolérance, la distance maximale acceptée entre les "
      "chiffres simulés et les chiffres observés, en nombre de tolérances des chiffres (1 : "
      "chaque chiffre ajusté dans sa tolérance). Le taux d'acceptation est la part des "
      "simulations acceptées ; la taille d'échantillon effective (ESS) est le nombre de "
      "particules de même poids qui porteraient autant d'information que les particules "
      "pondérées.</p>";
  out +=
      "<table class=\"generations\"><thead><tr><th>Génération</th><th "
      "class=\"num\">Tolérance</th><th class=\"num\">Propositions</th><th "
      "class=\"num\">Simulations</th><th class=\"num\">Acceptées</th><th class=\"num\">Taux "
      "d'acceptation</th><th class=\"num\">ESS</th><th class=\"num\">ESS / particules</th><th "
      "class=\"num\">Durée (s)</th></tr></thead><tbody>";
  std::vector<double> acceptance, ess_share, tolerance;
  for (const Generation& g : gens) {
    const double particles =
        static_cast<double>(g.particles.empty() ? std::max<std::int64_t>(r.particles, 1)
                                                : static_cast<std::int64_t>(g.particles.size()));
    const double rate = 100 * g.acceptance_rate, ess = 100 * g.ess / particles;
    acceptance.push_back(rate);
    ess_share.push_back(ess);
    tolerance.push_back(std::isfinite(g.tolerance) ? g.tolerance : kNaN);
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}%</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}{}%</td><td class=\"num\">{}</td></tr>",
        g.index,
        std::isinf(g.tolerance) && g.tolerance > 0 ? std::string("∞")
                                                   : escape_html(format_fr_compact(g.tolerance)),
        escape_html(format_fr(static_cast<double>(g.proposals), 0)),
        escape_html(format_fr(static_cast<double>(g.simulations), 0)),
        escape_html(format_fr(static_cast<double>(g.accepted), 0)),
        escape_html(format_fr(rate, rate < 1 ? 2 : 1)), kNarrowNoBreakSpace,
        escape_html(format_fr(g.ess, 1)), escape_html(format_fr(ess, 0)), kNarrowNoBreakSpace,
        escape_html(format_fr(g.seconds, 1)));
  }
  out += "</tbody></table><div class=\"figures\">";
  out += fmt::format(
      "<figure><figcaption>Taux d'acceptation et ESS rapportée au nombre de particules, par "
      "génération.</figcaption>{}</figure>",
      generation_chart("Taux d'acceptation et taille d'échantillon effective (ESS) rapportée au "
                       "nombre de particules, en %, par génération",
                       "en %",
                       {{"Taux d'acceptation", std::string(kBlue), acceptance},
                        {"ESS / particules", std::string(kGreen), ess_share}},
                       gens.size()));
  if (std::any_of(tolerance.begin(), tolerance.end(), [](double t) { return std::isfinite(t); })) {
    out += fmt::format(
        "<figure><figcaption>Tolérance de chaque génération (la génération 0 accepte tout : "
        "tolérance infinie, non tracée).</figcaption>{}</figure>",
        generation_chart("Tolérance acceptée par génération, en nombre de tolérances des chiffres",
                         "en tolérances",
                         {{"Tolérance de la génération", std::string(kVermillion), tolerance}},
                         gens.size(), 1.0, "1 : chaque chiffre ajusté dans sa tolérance"));
  }
  return out + "</div></section>";
}

namespace {

/// What the calibration does, ABC-SMC in words, and what the predictive check is.
std::string algorithm_in_words(const PosteriorRecord& r) {
  const std::size_t particles = r.outcome.generations.back().particles.size();
  return fmt::format(
      "<h3>Ce que fait la calibration</h3><p>Certains paramètres du modèle (taux d'offres "
      "d'emploi, de sortie de l'emploi, de recours au dépistage…) ne sont donnés directement par "
      "aucune source. La calibration cherche les valeurs avec lesquelles le modèle reproduit des "
      "chiffres observés sur le territoire, chacun avec une tolérance : l'écart acceptable, qui "
      "tient compte de l'incertitude du chiffre et de l'ajustement de sa définition à celle du "
      "modèle. La <em>distance</em> d'une simulation est le plus grand écart, en nombre de "
      "tolérances, sur les chiffres ajustés : une distance de 1 au plus signifie que chaque "
      "chiffre est dans sa tolérance.</p>"
      "<p>La méthode est le calcul bayésien approché par Monte-Carlo séquentiel (ABC-SMC ; Toni "
      "et al. 2009, Beaumont et al. 2009, Del Moral et al. 2012). La génération 0 tire {0} jeux de "
      "paramètres (les <em>particules</em>) dans les lois a priori. Chaque génération suivante "
      "choisit sa tolérance, de façon adaptative, comme un quantile fixé des distances de la "
      "génération précédente, sans descendre sous la tolérance finale ; elle propose de "
      "nouvelles particules en tirant une particule précédente selon son poids et en la "
      "déplaçant au hasard (noyau gaussien multivarié de covariance double de la covariance "
      "pondérée des particules précédentes) ; elle simule celles qui restent dans le support des "
      "lois a priori et garde les {0} premières dont la distance ne dépasse pas la tolérance. "
      "{1}</p>"
      "<p>Le <em>poids</em> d'une particule est sa densité a priori divisée par la probabilité "
      "de l'avoir proposée : il corrige le fait que les propositions ne viennent pas de la loi a "
      "priori. La <em>taille d'échantillon effective</em> (ESS), (Σw)²/Σw², dit à combien de "
      "particules de même poids elles équivalent : une ESS faible signale que quelques "
      "particules portent presque tout le poids. La loi a posteriori est la dernière "
      "génération.</p>"
      "<p>Le résultat ne dépend que des fichiers et de la graine, pas du nombre de processeurs. "
      "Après chaque génération, l'état est enregistré (point de reprise) : une calibration "
      "interrompue reprend après la dernière génération enregistrée et aboutit à la même loi a "
      "posteriori.</p>"
      "<p><em>Contrôle prédictif</em> : à la fin, {2} particules sont tirées selon leur poids "
      "et simulées de nouveau avec d'autres graines ; pour chaque chiffre, la moyenne de ces "
      "simulations et l'intervalle où se trouvent 90 % d'entre elles (5<sup>e</sup> et "
      "95<sup>e</sup> centiles, interpolation linéaire) sont comparés au chiffre observé. Un "
      "chiffre de <em>contrôle</em> est laissé hors de la distance : il dit si le modèle calibré "
      "prédit un chiffre qu'il n'a pas vu. Les médianes et intervalles des paramètres sont des "
      "quantiles pondérés : la plus petite valeur dont le poids cumulé atteint la part "
      "voulue.</p>",
      particles,
      r.replicates_per_particle > 1
          ? fmt::format("Chaque particule est simulée {} fois, avec des graines différentes, et "
                        "ses chiffres sont la moyenne de ces simulations.",
                        r.replicates_per_particle)
          : std::string("Chaque particule est simulée une fois."),
      r.predictive.statistics.size());
}

}  // namespace

std::string method_section(const PosteriorRecord& r) {
  std::string out = section_heading(kSections[4]) + algorithm_in_words(r);
  out += "<h3>Réglages et provenance</h3><dl class=\"meta\">";
  auto item = [&](std::string_view term, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", term, html);
  };
  item("Calibration", escape_html(calibration_title(r)));
  item("Graine aléatoire", "<code>" + std::to_string(r.seed) + "</code>");
  item("Particules par génération", std::to_string(r.particles));
  item("Réplications par particule", std::to_string(r.replicates_per_particle));
  item("Générations", std::to_string(r.outcome.generations.size()));
  item("Simulations du contrôle prédictif", std::to_string(r.predictive.statistics.size()));
  item("Arrêt", escape_html(stop_fr(r.stop)));
  item("Tolérance finale atteinte", r.reached ? "oui" : "non");
  item("Version de qpvsim", "<code>" + escape_html(r.qpvsim_version) + "</code>");
  item("Commit git", "<code>" + escape_html(r.git_commit) + "</code>");
  item("Date de création", escape_html(timestamp_fr(r.created_utc)));
  item("Fichier de la loi a posteriori", "<code>" + escape_html(r.file) + "</code>");
  item("Scénario simulé", "<code>" + escape_html(r.scenario_file) + "</code>");
  out +=
      "</dl><h3>Fichiers de la calibration</h3><p>Tels qu'ils ont été lus (le réglage "
      "<code>quantile</code>, la tolérance finale et l'acceptation minimale y sont).</p>";
  for (std::size_t k = 0; k < r.calibration_files.size(); ++k) {
    out += fmt::format("<details><summary><code>{}</code></summary><pre>{}</pre></details>",
                       escape_html(r.calibration_files[k]),
                       k < r.calibration_text.size() ? escape_html(r.calibration_text[k]) : "");
  }
  return out + "</section>";
}

}  // namespace qpv::calibration::report
