// The report's last section, "Méthode et provenance": where the figures come from, what the
// intervals take into account, the definitions, the scenario files and the parameters.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis::report {
namespace {

/// Structural choices of the model that no interval quantifies (named, as EFSA 2019 asks), for
/// the territory and the uncertainty of `base`.
std::vector<std::string> structural_choices(const io::RunRecord& base) {
  std::vector<std::string> out = {
      "Les quartiers sont simulés indépendamment les uns des autres : personne ne déménage d'un "
      "QPV à un autre, et les quartiers ne se disputent ni les emplois ni les places en crèche."};
  // The territory rows end with the all-QPV one.
  const std::size_t n = base.qpv_population.empty() ? 0 : base.qpv_population.size() - 1;
  const bool equal_split =
      n > 1 &&
      std::all_of(base.qpv_population.begin(), base.qpv_population.begin() + n,
                  [&](std::int64_t p) { return std::abs(p - base.qpv_population[0]) <= 1; });
  out.push_back(
      (equal_split
           ? fmt::format("La population de chaque QPV est une part égale des {} habitants des {} "
                         "QPV (les chiffres par quartier ne sont pas publiés dans nos sources) ; ",
                         format_fr(static_cast<double>(base.qpv_population[n]), 0), n)
           : std::string("La population de chaque QPV vient des données du territoire ; ")) +
      "la composition des ménages, l'âge, le diplôme et l'équipement en voiture viennent de "
      "marges supposées ou observées (voir leurs sources), et l'accès aux transports de chaque QPV "
      "de niveaux supposés.");
  out.emplace_back(
      "Les offres d'emploi arrivent à chaque demandeur indépendamment des autres : un emploi pris "
      "grâce à une aide n'est retiré à personne (pas d'éviction ni de concurrence entre "
      "demandeurs d'emploi), et la conjoncture reste celle de 2024.");
  out.emplace_back(
      "Les obstacles à une offre sont examinés dans un ordre fixe : mobilité, garde d'enfants, "
      "santé.");
  out.emplace_back(
      "Les coûts unitaires des leviers (par place, par passage, par bénéficiaire) sont fixés, non "
      "tirés au hasard.");
  const auto [posterior, prior] = drawn_counts(base);
  if (posterior > 0)
    out.emplace_back(
        "Les paramètres calés l'ont été sur des chiffres observés, certains nationaux ou de "
        "l'agglomération entière, ajustés aux QPV (voir le rapport de calage) ; le calage tire les "
        "hypothèses incertaines de leurs lois a priori, puis chaque futur les tire à nouveau sans "
        "garder le lien entre les deux (approximation).");
  if (prior > 0)
    out.emplace_back(
        "Les lois a priori des hypothèses traduisent notre lecture des études publiées, non des "
        "mesures locales ; d'autres lectures donneraient d'autres intervalles.");
  return out;
}

/// The French role of a parameter, as recorded ("calibrated", "uncertain", "policy").
std::string role_fr(const std::string& role) {
  if (role == "calibrated") return "calé";
  if (role == "uncertain") return "hypothèse incertaine";
  if (role == "policy") return "choix de politique";
  return role;
}

/// The methods' account of uncertainty: the mode, what is drawn and from what, what is not.
std::string uncertainty_method(const ReportContext& ctx) {
  const io::RunRecord& base = ctx.c.scenarios[0].record;
  const auto [posterior, prior] = drawn_counts(base);
  std::string out = fmt::format(
      "<h3 id=\"incertitudes\">Ce que les intervalles prennent en compte, et ce qu'ils laissent "
      "de côté</h3><p>{}</p><p>Mode d'incertitude : <code>{}</code>. ",
      intervals_include_fr(ctx), escape_html(base.uncertainty));
  if (base.uncertainty == "full") {
    out +=
        "Chaque futur simulé tire une valeur de chaque paramètre calé dans le postérieur du calage "
        "et une valeur de chaque hypothèse incertaine dans sa loi a priori ; tous les scénarios "
        "utilisent les mêmes valeurs dans le même futur. Les choix de politique ne sont jamais "
        "tirés, et un paramètre qu'un scénario fixe garde sa valeur.";
  } else if (base.uncertainty == "calibrated") {
    out +=
        "Chaque futur simulé tire les paramètres calés dans le postérieur du calage ; les "
        "hypothèses gardent leur valeur par défaut.";
  } else {
    out +=
        "Tous les futurs utilisent les mêmes valeurs de paramètres : seuls les tirages "
        "aléatoires des événements diffèrent.";
  }
  out += "</p>";
  if (posterior + prior > 0) {
    out += fmt::format(
        "<details><summary>Les {} paramètres tirés dans chaque futur</summary><table "
        "class=\"parameters\"><thead><tr><th>Paramètre</th><th>Rôle</th><th>Tiré "
        "dans</th><th>Loi a priori</th><th>Source</th></tr></thead><tbody>",
        posterior + prior);
    for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
      const std::string& from = base.parameter_drawn_from.at(p);
      if (from != "posterior" && from != "prior") continue;
      out += fmt::format(
          "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td "
          "class=\"source\">{}</td></tr>",
          escape_html(base.parameter_names[p]), escape_html(role_fr(base.parameter_roles.at(p))),
          from == "posterior" ? "le postérieur du calage" : "sa loi a priori",
          escape_html(prior_fr(base.parameter_priors.at(p))),
          escape_html(base.parameter_sources.at(p)));
    }
    out += "</tbody></table></details>";
  }
  out +=
      "<p>Choix de structure que les intervalles ne quantifient pas :</p><ul class=\"structural\">";
  for (const std::string& choice : structural_choices(base))
    out += fmt::format("<li>{}</li>", escape_html(choice));
  return out + "</ul>";
}

/// Where the figures come from: version, commit, date, seed, futures, period, territory,
/// scenarios and calibrated parameters, as a list of terms.
std::string provenance_list(const ReportContext& ctx) {
  const Comparison& c = ctx.c;
  const io::RunRecord& base = c.scenarios[0].record;
  std::string out = "<dl class=\"meta\">";
  auto item = [&](std::string_view term, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", term, html);
  };
  item("Version de qpvsim", "<code>" + escape_html(c.qpvsim_version) + "</code>");
  item("Commit git", "<code>" + escape_html(c.git_commit) + "</code>");
  item("Date de création", escape_html(timestamp_fr(c.created_utc)));
  item("Graine aléatoire", "<code>" + std::to_string(c.seed) + "</code>");
  item("Futurs simulés", fmt::format("{} par scénario", c.replicates));
  item("Période simulée",
       fmt::format("du {} au {}{}", escape_html(date_fr(c.start)), escape_html(date_fr(c.end)),
                   base.warmup_months > 0
                       ? fmt::format(" (précédée de {} mois simulés puis écartés, pour que les "
                                     "indicateurs sur 12 mois aient un historique)",
                                     base.warmup_months)
                       : std::string()));
  item("Territoire", fmt::format("{}, {} quartiers prioritaires",
                                 escape_html(territory_title(c.territory)), ctx.all));
  item("Scénarios", fmt::format("{} (la situation de référence en premier)", c.scenarios.size()));
  if (!base.posterior_file.empty()) {
    item("Paramètres calibrés",
         fmt::format("tirés du postérieur <code>{}</code> ({}) : chaque futur simulé utilise les "
                     "valeurs d'une particule tirée selon son poids, la même dans chaque "
                     "scénario ; les intervalles incluent donc l'incertitude sur ces paramètres",
                     escape_html(base.posterior_file), escape_html(join(base.posterior_names))));
  } else {
    item("Paramètres calibrés",
         "aucun postérieur : chaque futur utilise les valeurs par défaut du registre des "
         "paramètres ou celles des scénarios");
  }
  return out + "</dl>";
}

/// Paired futures, what an interval and "N futurs sur 10" mean, and the definitions of the
/// cost per result.
std::string definitions(const ReportContext& ctx) {
  const Comparison& c = ctx.c;
  std::string out = fmt::format(
      "<h3>Des futurs appariés</h3><p>Chaque scénario est simulé {0} fois, avec la même graine. Le "
      "futur n° r de chaque scénario utilise les mêmes tirages aléatoires que le futur n° r de la "
      "situation de référence (nombres aléatoires communs) : dans ce futur, les deux ne diffèrent "
      "que par ce que le scénario change. Chaque écart est calculé futur par futur (scénario moins "
      "référence dans le même futur), puis résumé sur les {0} futurs ; il est ainsi bien plus "
      "précis que l'écart entre deux séries de simulations indépendantes.</p>",
      c.replicates);
  out += fmt::format(
      "<h3>Intervalles et « N futurs sur 10 »</h3><p>Un chiffre annuel est, dans chaque futur, la "
      "moyenne des mois de l'année ; le rapport en donne la moyenne sur les {0} futurs. "
      "L'intervalle entre crochets va du 5<sup>e</sup> au 95<sup>e</sup> centile des {0} futurs "
      "(interpolation linéaire entre les valeurs classées) : 9 futurs sur 10 s'y trouvent. « Dans "
      "N futurs sur 10 » est la part des futurs où l'écart va dans le bon sens pour les habitants "
      "(plus élevé pour un taux d'emploi ou de dépistage, plus faible pour un refus d'offre ou une "
      "liste d'attente), arrondie au dixième ; « presque tous » ou « presque aucun » quand elle "
      "s'arrondit à 10 ou à 0 sans l'être ; « dans tous les futurs simulés » quand c'est le cas "
      "de chacun, sauf si des évaluations publiées du levier n'ont pas trouvé d'effet sur cet "
      "indicateur : le rapport écrit alors « dans 10 futurs simulés sur 10 » et ajoute que l'effet "
      "réel peut être nul, car les futurs simulés ne couvrent que les incertitudes du modèle. "
      "Quand l'intervalle va d'un écart défavorable à un écart favorable, la phrase commence par "
      "« Effet incertain ». Les parts sont exprimées en %, leurs écarts en points de "
      "pourcentage.</p>",
      c.replicates);
  out += fmt::format(
      "<h3>Coût par résultat : définitions</h3><p>Dépense supplémentaire : dépenses simulées du "
      "scénario moins celles de la situation de référence, sur toute la période ({}), dans chaque "
      "futur. Le coût par résultat est la dépense supplémentaire moyenne divisée par le résultat "
      "supplémentaire moyen. Son intervalle va du 5<sup>e</sup> au 95<sup>e</sup> centile du "
      "rapport calculé futur par futur ; il n'est donné que si le résultat supplémentaire est "
      "positif dans au moins 95 % des futurs, sinon le rapport n'a pas de sens et le rapport "
      "indique « effet trop incertain ».</p><dl class=\"meta\">",
      ctx.horizon);
  out += fmt::format(
      "<dt>€ par {}</dt><dd>Résultat : personnes de 15 à 64 ans en emploi parmi les "
      "habitants des QPV, additionnées sur les mois et divisées par 12.</dd>",
      escape_html(effect_label_fr(Effect::employment)));
  out += fmt::format(
      "<dt>€ par {}</dt><dd>Résultat : dépistages réalisés dans les trois programmes "
      "organisés (sein, col de l'utérus, colorectal), nets : un dépistage au camion "
      "qui remplace une invitation ultérieure ne compte qu'une fois.</dd>",
      escape_html(effect_label_fr(Effect::screening)));
  out += fmt::format(
      "<dt>€ par {}</dt><dd>Résultat : enfants de moins de 3 ans ayant une place en "
      "crèche, additionnés sur les mois et divisés par 12.</dd></dl>",
      escape_html(effect_label_fr(Effect::childcare)));
  return out;
}

/// Every scenario file as it was read, one <details> per scenario.
std::string scenario_files(const Comparison& c) {
  std::string out = "<h3>Fichiers de scénario</h3>";
  for (std::size_t s = 0; s < c.scenarios.size(); ++s) {
    const io::RunRecord& r = c.scenarios[s].record;
    out += fmt::format(
        "<details><summary>{} : {} <small>({} fichier{})</small></summary>",
        s == 0 ? std::string("Situation de référence") : fmt::format("Scénario {}", s),
        escape_html(r.name), r.scenario_files.size(), r.scenario_files.size() > 1 ? "s" : "");
    for (std::size_t k = 0; k < r.scenario_files.size(); ++k) {
      out += fmt::format("<p><code>{}</code></p><pre>{}</pre>", escape_html(r.scenario_files[k]),
                         k < r.scenario_toml.size() ? escape_html(r.scenario_toml[k]) : "");
    }
    out += "</details>";
  }
  return out;
}

/// The baseline's parameters: how many the scenario file sets, and the table of them all.
std::string baseline_parameters(const io::RunRecord& base) {
  std::string out;
  std::size_t overridden = 0;
  for (std::int64_t o : base.parameter_overridden) overridden += o != 0;
  const std::string set_by_file =
      overridden == 0 ? std::string(
                            "aucun n'est fixé par le fichier de scénario : tous ont leur "
                            "valeur par défaut")
                      : fmt::format(
                            "{} fixé{} par le fichier de scénario (en gras, marqué{} « oui "
                            "») ; les autres ont leur valeur par défaut",
                            overridden, overridden > 1 ? "s" : "", overridden > 1 ? "s" : "");
  out += fmt::format(
      "<h3>Paramètres de la situation de référence</h3><p>{} paramètres de comportement ; {}. Les "
      "noms et les sources sont ceux du registre du modèle (en anglais).</p><details><summary>"
      "Tableau des {} paramètres</summary>",
      base.parameter_names.size(), set_by_file, base.parameter_names.size());
  out +=
      "<table class=\"parameters\"><thead><tr><th>Paramètre</th><th "
      "class=\"num\">Valeur</th><th>Unité</th><th>Loi a priori</th><th>Fixé par le "
      "scénario</th><th>Source</th></tr></thead><tbody>";
  for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
    const bool over = p < base.parameter_overridden.size() && base.parameter_overridden[p] != 0;
    out += fmt::format(
        "<tr{}><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"source\">{}</td></tr>",
        over ? " class=\"overridden\"" : "", escape_html(base.parameter_names[p]),
        escape_html(format_fr_compact(base.parameter_values.at(p))),
        escape_html(parameter_unit_fr(base.parameter_units.at(p))),
        escape_html(prior_fr(base.parameter_priors.at(p))), over ? "oui" : "",
        escape_html(base.parameter_sources.at(p)));
  }
  out += "</tbody></table></details>";
  return out;
}

/// The parameters that the scenarios set to another value than the baseline's.
std::string changed_parameters(const Comparison& c) {
  const io::RunRecord& base = c.scenarios[0].record;
  std::string out;
  std::string rows;
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    const io::RunRecord& r = c.scenarios[s].record;
    for (std::size_t p = 0; p < r.parameter_names.size() && p < base.parameter_values.size(); ++p) {
      if (r.parameter_values[p] == base.parameter_values[p]) continue;
      rows += fmt::format(
          "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td>{}</td></tr>",
          escape_html(r.name), escape_html(r.parameter_names[p]),
          escape_html(format_fr_compact(base.parameter_values[p])),
          escape_html(format_fr_compact(r.parameter_values[p])),
          escape_html(parameter_unit_fr(r.parameter_units[p])));
    }
  }
  out += "<h3>Paramètres modifiés par les scénarios</h3>";
  out += rows.empty()
             ? "<p>Aucun : les scénarios ne changent que les interventions.</p>"
             : "<table class=\"parameters\"><thead><tr><th>Scénario</th><th>Paramètre</th><th "
               "class=\"num\">Référence</th><th class=\"num\">Scénario</th><th>Unité</th></tr>"
               "</thead><tbody>" +
                   rows + "</tbody></table>";
  return out;
}

/// The parameters whose value is a working assumption, with the registry's reason.
std::string assumptions_list(const io::RunRecord& base) {
  std::string out =
      "<h3>Principales hypothèses</h3><p>Paramètres dont la valeur est une hypothèse de "
      "travail, faute de source publiée qui la donne directement (à remplacer par des données "
      "observées ou par la calibration), avec la justification du registre du modèle (en "
      "anglais) :</p><ul class=\"assumptions\">";
  std::size_t assumptions = 0;
  for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
    const std::string& src = base.parameter_sources.at(p);
    if (!src.starts_with("assumption")) continue;
    ++assumptions;
    // The heading says it is an assumption; the rest is the reason given.
    std::string why = src.substr(std::string_view("assumption").size());
    while (!why.empty() && (why.front() == ':' || why.front() == ' ')) why.erase(0, 1);
    out +=
        fmt::format("<li><code>{}</code> = {}{}{}</li>", escape_html(base.parameter_names[p]),
                    escape_html(format_fr_compact(base.parameter_values.at(p))),
                    escape_html(" " + parameter_unit_fr(base.parameter_units.at(p))),
                    why.empty() ? "" : " : <span class=\"source\">" + escape_html(why) + "</span>");
  }
  if (assumptions == 0) out += "<li>Aucune.</li>";
  out +=
      "</ul><p>Les hypothèses des interventions (coûts, taux de recours, capacités) sont "
      "écrites en commentaire dans les fichiers de scénario ci-dessus.</p>";
  return out;
}

}  // namespace

std::string method_section(const ReportContext& ctx) {
  const Comparison& c = ctx.c;
  std::string out = "<section id=\"methode\"><h2>Méthode et provenance</h2>";
  out += provenance_list(ctx);
  out += uncertainty_method(ctx);
  out += definitions(ctx);
  out += scenario_files(c);
  out += baseline_parameters(c.scenarios[0].record);
  if (c.scenarios.size() > 1) out += changed_parameters(c);
  out += assumptions_list(c.scenarios[0].record);
  return out + "</section>";
}

}  // namespace qpv::analysis::report
