// The comparison report's page: its navigation and its sections in order (analysis/report/).
#include "analysis/report.hpp"

#include <fmt/format.h>

#include "analysis/present/french.hpp"
#include "analysis/present/page.hpp"
#include "analysis/report/parts.hpp"
#include "sim/core/error.hpp"
#include "sim/io/files.hpp"

namespace qpv::analysis {
namespace {

using report::ReportContext;

std::string nav(const ReportContext& ctx) {
  std::vector<std::pair<std::string, std::string>> links = {{"synthese", "Synthèse"}};
  for (std::size_t s = 1; s < ctx.c.scenarios.size(); ++s)
    links.emplace_back("levier-" + ctx.c.scenarios[s].id, ctx.name(s));
  links.emplace_back("emploi", "Emploi");
  links.emplace_back("quartiers", "Par quartier");
  if (ctx.alternatives() > 0) links.emplace_back("cout", "Coût par résultat");
  links.emplace_back("methode", "Méthode et provenance");
  return page::nav(links);
}

}  // namespace

std::string report_html(const Comparison& c) {
  if (c.scenarios.empty() || c.months.empty() || c.qpv_codes.empty())
    throw InputError(Origin{}, "report", "the comparison has no scenario, month or QPV to report");
  const ReportContext ctx(c);
  page::Shell shell;
  shell.title = fmt::format(
      "{} : Contrat Quartiers 2030, {} ({})", report::territory_title(c.territory),
      ctx.alternatives() == 0 ? "situation de référence" : "comparaison de scénarios", ctx.horizon);
  shell.version = c.qpvsim_version;
  shell.nav = nav(ctx);
  shell.main = report::summary_section(ctx);
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) shell.main += report::lever_section(ctx, s);
  shell.main += report::labour_market_section(ctx);
  shell.main += report::neighbourhoods_section(ctx);
  if (ctx.alternatives() > 0) shell.main += report::cost_section(ctx);
  shell.main += report::method_section(ctx);
  shell.footer = fmt::format("Rapport produit par qpvsim {} le {}.", escape_html(c.qpvsim_version),
                             escape_html(timestamp_fr(c.created_utc)));
  return page::html(shell);
}

void write_report_file(const Comparison& c, const std::string& path) {
  io::write_file_atomically(path, report_html(c), "report");
}

}  // namespace qpv::analysis
