// The diagnostics report of a calibration, for the analysts who check it before runs and
// comparisons draw their parameters from its posterior: one self-contained French HTML page
// (inline CSS and SVG, no external resource, no script library) that opens offline and prints
// one section per page, with the look of the comparison report (analysis/report.hpp).
//
// Sections, in order: "ajustement" (every target beside the posterior predictive check, in
// units of its tolerance), "parametres" (prior, support and weighted posterior summaries with a
// histogram per parameter), "correlations" (weighted Pearson correlations of the posterior),
// "generations" (the ABC-SMC run generation by generation) and "methode" (the algorithm in
// words, the settings, provenance and every calibration file). Every number comes from the
// posterior file; nothing is typed in by hand.
//
// Conventions: shares are shown in percent (tolerances in points) with one decimal, or two when
// the target's tolerance is below one point; predictive means and intervals are over the
// predictive draws with NaN skipped (5 % and 95 % quantiles, type 7, as analysis::distribution).
// Weighted posterior quantiles are the smallest particle value whose cumulative normalised
// weight reaches p.
#pragma once

#include <string>

#include "calibration/posterior.hpp"

namespace qpv::calibration {

/// The French HTML diagnostics report of a calibration: one self-contained file (inline CSS and
/// SVG, no external resource, no script library), read from a posterior file.
/// @throws InputError if the record has no generation or no particle to report.
std::string calibration_report_html(const PosteriorRecord& r);

/// Writes it atomically (temporary file in the same folder, then rename).
/// @throws OutputError naming the path (nothing is left at the path, nor a temporary file);
/// InputError as calibration_report_html.
void write_calibration_report(const PosteriorRecord& r, const std::string& path);

}  // namespace qpv::calibration
