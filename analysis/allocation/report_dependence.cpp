// The allocation report's section on what the recommendation depends on (report_parts.hpp).

#include <fmt/format.h>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/french.hpp"

namespace qpv::analysis::allocation::report {

std::string dependence_section(const AllocationRecord& r) {
  std::string out = section_heading(kSections[6]);
  if (r.dependence.empty())
    return out +
           "<p>Aucun paramètre n'a été tiré au hasard d'un futur à l'autre dans cette étude : "
           "elle ne dit pas ce dont dépend la recommandation.</p></section>";
  out += fmt::format(
      "<p>La recommandation repose sur des hypothèses incertaines. Voici les paramètres dont la "
      "valeur tirée dans chaque futur va le plus avec le gain de la recommandation sur le statu "
      "quo (corrélation sur les {} futurs de la recherche), et, pour chacun, la meilleure "
      "répartition parmi celles déjà simulées quand on ne garde que les futurs où il est bas (au "
      "plus sa médiane), puis ceux où il est haut. Si les deux répartitions diffèrent, le choix "
      "dépend de ce que l'on suppose de ce paramètre. Chaque moitié ne compte que {} futurs : "
      "c'est une indication, pas une preuve.</p>",
      r.replicates, r.replicates / 2);
  out +=
      "<table class=\"dependence\"><caption>Les paramètres qui pèsent le plus sur le gain, et la "
      "meilleure répartition selon leur valeur.</caption><thead><tr><th>Paramètre</th>"
      "<th class=\"num\">Corrélation avec le gain</th><th>S'il est bas</th><th>S'il est "
      "haut</th><th>Le choix change-t-il ?</th></tr></thead><tbody>";
  for (const DependenceRecord& d : r.dependence) {
    const CandidateRecord& low = r.candidates.at(d.candidate_low);
    const CandidateRecord& high = r.candidates.at(d.candidate_high);
    const std::string low_text = shares_fr(r, low), high_text = shares_fr(r, high);
    out += fmt::format(
        "<tr><td>{} <code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>",
        escape_html(d.label_fr), escape_html(d.parameter),
        escape_html(format_fr(d.correlation, 2, true)), escape_html(low_text),
        escape_html(high_text), low_text == high_text ? "non, au pas de la grille près" : "oui");
  }
  return out + "</tbody></table></section>";
}

}  // namespace qpv::analysis::allocation::report
