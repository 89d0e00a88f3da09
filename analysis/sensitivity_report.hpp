// The French page of a sensitivity analysis (`qpvsim sensitivity --report`, or `qpvsim report
// sensibilite.h5`), on the page shell of every report (analysis/present/page.hpp): which
// assumptions an effect (or a level) depends on, in a sentence per lever; the Morris chart of mu*
// against sigma; Sobol' indices with their intervals and their convergence; the method, the
// factors' distributions and the provenance.
#pragma once

#include <string>

#include "analysis/sensitivity_study.hpp"

namespace qpv::analysis {

/// The sentence(s) that open the page: per lever of the alternative, "L'effet de l'aide à la
/// mobilité sur le taux d'emploi des 15-64 ans en 2030 dépend d'abord de ..., puis de ... et de
/// ..." (the factors ranked by their total Sobol' index, or by Morris's mu* without Sobol').
/// When the leading factor's interval overlaps the next ones', they are named together as
/// factors the analysis cannot tell apart ("dépend surtout des hypothèses ... et ..., que
/// l'analyse ne départage pas").
std::vector<std::string> sensitivity_sentences_fr(const SensitivityRecord& r);

std::string sensitivity_report_html(const SensitivityRecord& r);
/// Writes the page atomically. @throws OutputError naming the file.
void write_sensitivity_report(const SensitivityRecord& r, const std::string& path);

}  // namespace qpv::analysis
