#include "calibration/report.hpp"

#include <fmt/format.h>

#include "analysis/present/french.hpp"
#include "analysis/present/page.hpp"
#include "calibration/report/parts.hpp"
#include "sim/core/error.hpp"
#include "sim/io/files.hpp"

namespace qpv::calibration {
namespace {

std::string nav() {
  std::vector<std::pair<std::string, std::string>> links;
  for (const report::SectionRef& s : report::kSections) links.emplace_back(s.id, s.title);
  return analysis::page::nav(links);
}

}  // namespace

std::string calibration_report_html(const PosteriorRecord& r) {
  if (r.outcome.generations.empty() || r.outcome.generations.back().particles.empty())
    throw InputError(Origin{r.file}, "report",
                     "the posterior file has no generation or no particle to report");
  const std::vector<report::TargetView> views = report::target_views(r);
  std::vector<report::ParameterSummary> summaries;
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k)
    summaries.push_back(report::summarise_parameter(r.outcome.generations.back(), k));

  analysis::page::Shell shell;
  shell.title = fmt::format("Calibration « {} » : diagnostic", report::calibration_title(r));
  shell.version = r.qpvsim_version;
  shell.nav = nav();
  shell.main = report::fit_section(r, views) + report::parameters_section(r, summaries) +
               report::correlations_section(r, summaries) + report::generations_section(r) +
               report::method_section(r);
  shell.footer = fmt::format("Rapport produit par qpvsim {} à partir de la calibration du {}.",
                             analysis::escape_html(r.qpvsim_version),
                             analysis::escape_html(analysis::timestamp_fr(r.created_utc)));
  return analysis::page::html(shell);
}

void write_calibration_report(const PosteriorRecord& r, const std::string& path) {
  io::write_file_atomically(path, calibration_report_html(r), "calibration report");
}

}  // namespace qpv::calibration
