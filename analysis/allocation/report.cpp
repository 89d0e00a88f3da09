// The allocation report's page: its sections (report_*.cpp) in the shell of every report.

#include "analysis/allocation/report.hpp"

#include <fmt/format.h>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/french.hpp"
#include "analysis/present/page.hpp"
#include "sim/core/error.hpp"
#include "sim/io/files.hpp"

namespace qpv::analysis::allocation {

std::string allocation_report_html(const AllocationRecord& r) {
  if (r.reevaluation.empty() || r.candidates.empty())
    throw InputError(Origin{r.file}, "report", "the allocation file has no re-evaluated candidate");
  std::vector<std::pair<std::string, std::string>> links;
  // The page's order: the dependence (kSections' last) before the method.
  for (const std::size_t k : {0, 1, 2, 3, 4, 6, 5})
    links.emplace_back(report::kSections[k].id, report::kSections[k].title);
  std::string main = report::summary_section(r);
  main += report::curves_section(r);
  main += report::split_section(r);
  main += report::frontier_section(r);
  main += report::equity_section(r);
  main += report::dependence_section(r);
  main += report::method_section(r);
  page::Shell shell;
  shell.title = "Répartition d'une enveloppe : " + r.name;
  shell.version = r.qpvsim_version;
  shell.nav = page::nav(links);
  shell.main = main;
  shell.footer = fmt::format("Rapport produit par qpvsim {} à partir de {}, étude du {}.",
                             escape_html(r.qpvsim_version), escape_html(r.file),
                             escape_html(timestamp_fr(r.created_utc)));
  return page::html(shell);
}

void write_allocation_report(const AllocationRecord& r, const std::string& path) {
  io::write_file_atomically(path, allocation_report_html(r), "allocation report");
}

}  // namespace qpv::analysis::allocation
