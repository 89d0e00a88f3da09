// The French page of a funding-allocation study (`qpvsim allocate --report`, or `qpvsim report
// allocation.h5`), made from the results file read back (record.hpp), on the page shell of every
// report (analysis/present/page.hpp):
//   1. Synthèse: the recommended split per lever, what it buys and brings, and "dans N futurs sur
//      M, cette répartition fait mieux que ..." against each simple rule and the runners-up, on
//      the fresh futures, with a quantile dot plot of each difference;
//   2. the budget-response curves of each lever alone, and where each stops paying;
//   3. the recommended split as a lever x QPV heat map, and what each QPV receives;
//   4. the frontier between two outcomes, when the study has one;
//   5. the gains per QPV beside the status quo's (the worst-off QPV named), and the outcomes of
//      groups and between QPVs;
//   6. the method and the provenance.
// Every interval says which uncertainties it includes; the search's own figures are called
// optimistic (the winner's curse), which is why comparisons use the fresh futures.
#pragma once

#include <string>

#include "analysis/allocation/record.hpp"

namespace qpv::analysis::allocation {

/// The whole page. @throws InputError if the record has no recommendation re-evaluated.
std::string allocation_report_html(const AllocationRecord& r);
/// Writes the page atomically. @throws OutputError naming the file.
void write_allocation_report(const AllocationRecord& r, const std::string& path);

}  // namespace qpv::analysis::allocation
