#include "analysis/present/page.hpp"

#include <fmt/format.h>

#include "analysis/present/french.hpp"

namespace qpv::analysis::page {
namespace {

/// The one stylesheet of every report. The first section of a page opens it: no rule above it,
/// no page break before it.
constexpr std::string_view kStylesheet =
    R"(:root{--ink:#1d1d1f;--muted:#595959;--rule:#d6d6d6;--accent:#0b4f8a}
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:var(--ink);line-height:1.45;background:#fff;font-size:15px}
nav.toc{position:sticky;top:0;z-index:1;background:#f2f5f9;border-bottom:1px solid var(--rule);padding:.5rem 1.2rem;display:flex;flex-wrap:wrap;align-items:center;gap:.3rem 1.1rem;font-size:.88rem}
nav.toc a{color:var(--accent);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
nav.toc button{margin-left:auto;font:inherit;padding:.2rem .7rem;cursor:pointer}
main{max-width:1140px;margin:0 auto;padding:0 1.2rem 3rem}
section{margin-top:2.2rem;padding-top:1rem;border-top:3px solid var(--rule)}
main>section:first-child{border-top:none;margin-top:0}
h1{font-size:1.75rem;margin:1.2rem 0 .3rem}
h2{font-size:1.45rem;color:var(--accent);margin:.4rem 0 .6rem}
h3{font-size:1.12rem;margin:1.6rem 0 .5rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
.kicker{color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-size:.8rem;margin:1rem 0 0}
.subtitle{font-size:1.05rem;margin:.2rem 0 .8rem}
.reading{background:#f7f7f2;border-left:4px solid #c9b458;padding:.5rem .8rem}
.included{font-size:.92rem;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:1rem;margin:1.2rem 0}
.headline{border:1px solid var(--rule);border-top:6px solid var(--c);border-radius:6px;padding:.8rem 1rem;break-inside:avoid;page-break-inside:avoid}
.headline h3{margin:0 0 .3rem;font-size:1rem}
.headline p{margin:.25rem 0}
.headline .indicator{color:var(--muted);font-size:.88rem}
.headline .value{font-size:2rem;font-weight:bold;margin:.3rem 0 0;white-space:nowrap}
.headline .interval{color:var(--muted);white-space:nowrap}
.headline .certainty{font-size:.92rem}
.headline .spending,.headline .cost{font-size:.9rem}
.headline a{font-size:.88rem;color:var(--accent)}
.verdict{font-weight:600}
.verdict.ok{color:#1f6b3a}
.verdict.ko{color:#9b2c00}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0 1rem}
table.spending,table.cost{width:auto;min-width:60%}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding:.2rem 0}
th,td{border-bottom:1px solid var(--rule);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f2f5f9;font-weight:600}
td.num,th.num{text-align:right}
tbody th[scope=row]{min-width:11rem}
.v{white-space:nowrap;font-weight:600}
.ci,.effect,.sub{display:block;color:var(--muted);font-size:.85em}
.ci{white-space:nowrap}
.nowrap{white-space:nowrap}
.futures{display:block;font-size:.82em;color:#2f5d2f}
.uncertain{color:#8a4b00;font-weight:normal}
.yes{color:#1f6b3a;font-weight:600}
.no{color:#9b2c00;font-weight:600}
.holdout{display:inline-block;background:#fff4d6;border:1px solid #c9b458;border-radius:3px;padding:0 .3rem;font-size:.85em;white-space:nowrap}
tr.holdout-row{background:#fffbef}
tr.overridden td:first-child{font-weight:600}
td.source{font-size:.8rem;color:var(--muted);max-width:28rem}
td.source details{border:none;padding:0;margin:.2rem 0 0}
td.source summary{font-weight:normal;color:var(--accent)}
td.source details p{margin:.3rem 0;color:var(--ink)}
table.correlations{width:auto}
table.correlations td{text-align:center;min-width:4.2rem;font-variant-numeric:tabular-nums;-webkit-print-color-adjust:exact;print-color-adjust:exact}
table.correlations td.diagonal{font-weight:600}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:.8rem 1.4rem}
.figures figure.wide{grid-column:1/-1}
figure{margin:0;break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:.85rem;color:var(--muted);margin:.2rem 0 .4rem}
svg.chart{max-width:100%;height:auto;display:block}
.qpv{break-inside:avoid;page-break-inside:avoid}
.qpv .communes{color:var(--muted);font-size:.85rem;margin:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0}
details{margin:.4rem 0;border:1px solid var(--rule);border-radius:4px;padding:.3rem .6rem}
summary{cursor:pointer;font-weight:600}
pre{background:#f6f6f6;padding:.6rem;font-size:.8rem;white-space:pre-wrap;overflow-wrap:anywhere}
code{font-size:.9em;overflow-wrap:break-word}
@media print{
 body{font-size:10pt}
 nav.toc{display:none}
 main{max-width:none;padding:0}
 section{page-break-before:always;break-before:page;border-top:none;margin-top:0}
 main>section:first-child{page-break-before:auto;break-before:auto}
 a{color:inherit;text-decoration:none}
 .figures{grid-template-columns:1fr 1fr}
 .cards{grid-template-columns:1fr 1fr}
 .headline .value{font-size:1.6rem}
 tr{break-inside:avoid;page-break-inside:avoid}
}
)";

}  // namespace

std::string nav(const std::vector<std::pair<std::string, std::string>>& links) {
  std::string out = "<nav class=\"toc\" aria-label=\"Sommaire\">";
  for (const auto& [id, title] : links)
    out += fmt::format("<a href=\"#{}\">{}</a>", escape_html(id), escape_html(title));
  return out + "<button type=\"button\" onclick=\"window.print()\">Imprimer</button></nav>";
}

std::string html(const Shell& s) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">";
  // No request may leave the page: everything is inline.
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<link rel=\"icon\" href=\"data:,\">";
  out += fmt::format("<meta name=\"generator\" content=\"qpvsim {}\">", escape_html(s.version));
  out += fmt::format("<title>{}</title>", escape_html(s.title));
  out += "<style>" + std::string(kStylesheet) + "</style></head><body>";
  out += s.nav + "<main>" + s.main + "</main>";
  out += fmt::format(
      "<footer><p class=\"kicker\" style=\"text-align:center\">{}</p></footer></body></html>\n",
      s.footer);
  return out;
}

std::string section_heading(const SectionRef& section) {
  return fmt::format("<section id=\"{}\"><h2>{}</h2>", section.id, section.title);
}

}  // namespace qpv::analysis::page
