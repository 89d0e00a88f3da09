// The page every report of qpvsim is built on (the comparison report, the calibration
// diagnostics, the sensitivity analysis): one HTML shell and one stylesheet, so that they look
// alike and a change to either is made once. A page is self-contained: no request leaves it
// (a Content-Security-Policy forbids any), it opens offline and prints.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qpv::analysis::page {

/// A section of a page: its anchor and its French title.
struct SectionRef {
  std::string_view id, title;
};
/// The opening of a section with its title: `<section id="..."><h2>...</h2>`.
std::string section_heading(const SectionRef& section);

/// The navigation bar: a link per (anchor id, French title) and a print button.
std::string nav(const std::vector<std::pair<std::string, std::string>>& links);

/// A whole report page.
struct Shell {
  std::string title;    ///< the <title> (plain text; escaped here)
  std::string version;  ///< qpvsim's, for the generator meta tag (escaped here)
  std::string nav;      ///< HTML, e.g. from nav()
  std::string main;     ///< HTML: the sections
  std::string footer;   ///< HTML of the footer's line
};
std::string html(const Shell& shell);

}  // namespace qpv::analysis::page
