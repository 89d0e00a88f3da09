// The HTML report that officials read (DESIGN.md §1, §8): one self-contained French page per
// comparison, with inline CSS and SVG charts, no external resource and no script library, that
// opens offline in any browser and prints one section per page.
//
// Sections, in order: "synthese" (headline cards), one "levier-<scenario id>" per alternative,
// "quartiers" (one table per QPV), "cout" (cost per result) and "methode" (provenance,
// pairing, definitions, scenario files and parameters), one file each under analysis/report/.
// Every figure is computed with the functions of analysis/comparison.hpp; nothing is typed in
// by hand. The French wording shared with the other reports is in analysis/present/french.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/comparison.hpp"

namespace qpv::analysis {

/// The French HTML report of a comparison: one self-contained file (inline CSS and SVG, no
/// external resource, opens offline in any browser, prints well). c.scenarios[0] is the
/// baseline; a comparison of the baseline alone gives the baseline pages only.
std::string report_html(const Comparison& c);

/// Writes it to `path` atomically (temporary file in the same folder, then rename); on error
/// throws qpv::OutputError naming the path and leaves nothing at `path`.
void write_report_file(const Comparison& c, const std::string& path);

/// A figure as the report writes it: the mean, and the 90 % interval "[q05 ; q95]" with the
/// same number of decimals.
struct ShownFigure {
  std::string value, interval;
};
/// A level of `spec`: shares in percent ("45,3 %"), counts in their unit ("12 enfants").
ShownFigure show_level(const model::IndicatorSpec& spec, const Distribution& d);
/// A difference of `spec` (alternative - baseline): shares in points ("+0,5 point"), counts in
/// their unit ("−3,2 enfants"); always signed. Decimals follow the size of the mean.
ShownFigure show_difference(const model::IndicatorSpec& spec, const Distribution& d);

/// How a sentence names an indicator: with its article, e.g. "le taux d'emploi des 15-64 ans".
std::string subject_fr(const model::IndicatorSpec& spec);

/// The plain-language certainty of a difference, e.g. "Dans 9 futurs sur 10, le taux d'emploi
/// des 15-64 ans est plus élevé avec ce scénario que dans la situation de référence." When its
/// 90 % interval contains zero it opens with "Effet incertain", and when published evaluations
/// of the lever include no effect (`evidence`) it says so and never writes "dans tous les
/// futurs". Empty when the indicator has no better direction (share_better is NaN).
std::string certainty_fr(const model::IndicatorSpec& spec, const Distribution& d,
                         const std::optional<PublishedEvidence>& evidence = {});

/// A QPV's name as the report and the workshop page show it: with its first commune when another
/// QPV of `names` (the territory's, in order) has the same name ("Centre Ville (Quiévrechain)").
std::string qpv_label(const std::vector<std::string>& names, std::size_t q,
                      std::string_view first_commune);
/// The same for QPV row `q` of a comparison.
std::string qpv_label(const Comparison& c, std::uint32_t q);

/// Every replicate gave exactly the same value in both scenarios (a QPV the scenario does not
/// touch): there is no difference to qualify.
bool no_difference(const Distribution& d);

/// The unit of a cost-per-result effect after a number, e.g. "années d'emploi".
std::string effect_unit_fr(Effect e, bool plural);

}  // namespace qpv::analysis
