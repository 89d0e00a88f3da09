// The calibration diagnostics report: built from a real posterior file of the tiny calibration
// (three generations, one target held out, a hostile note), its sections, figures and charts
// are checked against numbers computed here, and its file is written atomically.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "analysis/present/french.hpp"
#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "calibration/report.hpp"
#include "sim/core/error.hpp"
#include "sim/model/indicators.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;
using namespace qpv::calibration;

namespace {

const std::string kHostile = "<script>alert('x')</script> & \"quoted\"";

/// The tiny calibration run once for every test of this file and read back from its file.
const PosteriorRecord& record() {
  static const PosteriorRecord r = [] {
    Calibration c = load_calibration(std::string(QPVSIM_SOURCE_DIR) +
                                     "/tests/data/tiny/calibration/calibration.toml");
    c.settings.max_generations = 3;
    c.settings.name = "Tiny <b>calibration</b>";
    c.targets.at(0).note = kHostile;
    set_holdout(c, {"breast"});
    const Outcome out = run_abc_smc(c, qpv::engine::Execution{.threads = 2}, "");
    const test::TempDir dir("qpvsim-calibration-report");
    const std::string file = (dir / "posterior.h5").string();
    write_posterior_file(
        file, c, out,
        posterior_predictive(c, out.generations.back(), qpv::engine::Execution{.threads = 2}));
    return read_posterior_file(file);
  }();
  return r;
}

const std::string& html() {
  static const std::string text = calibration_report_html(record());
  return text;
}

/// The HTML from `<tr data-target="id"` to the end of that row.
std::string target_row(const std::string& id) {
  const std::string& s = html();
  const std::size_t start = s.find("<tr data-target=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  const std::size_t end = s.find("</tr>", start);
  REQUIRE(end != std::string::npos);
  return s.substr(start, end - start);
}

/// The text of the first <span class="v"> after `marker` in `text`.
std::string value_after(const std::string& text, const std::string& marker) {
  const std::size_t at = text.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string open = "<span class=\"v\">";
  const std::size_t v = text.find(open, at);
  REQUIRE(v != std::string::npos);
  const std::size_t end = text.find('<', v + open.size());
  return text.substr(v + open.size(), end - v - open.size());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("The calibration report has every section with its heading and a link to it",
          "[calibration][report]") {
  const std::string& s = html();
  CHECK(s.starts_with("<!DOCTYPE html>"));
  CHECK(s.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(s.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  const std::vector<std::pair<std::string, std::string>> sections = {
      {"ajustement", "<h1>Ajustement aux chiffres observés</h1>"},
      {"parametres", "<h2>Paramètres calibrés</h2>"},
      {"correlations", "<h2>Corrélations entre paramètres</h2>"},
      {"generations", "<h2>Déroulement (ABC-SMC)</h2>"},
      {"methode", "<h2>Méthode et provenance</h2>"},
  };
  const std::size_t main = s.find("<main>");
  REQUIRE(main != std::string::npos);
  std::size_t previous = main;
  for (const auto& [id, heading] : sections) {
    INFO(id);
    const std::size_t at = s.find("<section id=\"" + id + "\">");
    REQUIRE(at != std::string::npos);
    CHECK(at > previous);  // in order, inside <main>
    const std::size_t end = s.find("</section>", at);
    const std::size_t title = s.find(heading, at);
    CHECK(title < end);
    CHECK(s.find("<a href=\"#" + id + "\">") < main);
    previous = at;
  }
  CHECK(s.find("</main>") > previous);
  // Self-contained: nothing is fetched.
  CHECK(s.find(" src=") == std::string::npos);
  CHECK(s.find("href=\"http") == std::string::npos);
  CHECK(s.find("<script") == std::string::npos);
}

TEST_CASE("The calibration report shows every target with its posterior predictive mean",
          "[calibration][report]") {
  const PosteriorRecord& r = record();
  REQUIRE(r.targets.size() == 2);
  REQUIRE(!r.predictive.statistics.empty());
  CHECK(count(html(), "<tr data-target=") == r.targets.size());
  for (std::size_t j = 0; j < r.targets.size(); ++j) {
    const Target& t = r.targets[j];
    INFO(t.id);
    double sum = 0;
    std::size_t n = 0;
    for (const auto& row : r.predictive.statistics) {
      if (std::isnan(row[j])) continue;
      sum += row[j];
      ++n;
    }
    REQUIRE(n > 0);
    const double mean = sum / static_cast<double>(n);
    // Both tiny targets are shares with tolerances of several points: percent, one decimal.
    const std::string row = target_row(t.id);
    CHECK(value_after(row, "class=\"num pred\"") == analysis::format_fr(100 * mean, 1) + "\u202f%");
    CHECK(row.find(analysis::escape_html(model::find_indicator(t.statistic)->label_fr)) !=
          std::string::npos);
    CHECK(row.find(analysis::format_fr(100 * t.observed, 1) + "\u202f%") != std::string::npos);
    const bool within = std::fabs(mean - t.observed) <= t.tolerance;
    CHECK(row.find(within ? "<span class=\"yes\">oui</span>" : "<span class=\"no\">non</span>") !=
          std::string::npos);
  }
  // The bar chart of all targets in tolerance units.
  CHECK(html().find("de −1 à +1 : dans la tolérance") != std::string::npos);
}

TEST_CASE("The calibration report marks held-out targets", "[calibration][report]") {
  REQUIRE(record().targets.at(1).holdout);
  REQUIRE(!record().targets.at(0).holdout);
  CHECK(target_row("breast").find("non ajusté : contrôle") != std::string::npos);
  CHECK(target_row("employment").find("non ajusté : contrôle") == std::string::npos);
}

TEST_CASE("The calibration report summarises each parameter's weighted posterior",
          "[calibration][report]") {
  const PosteriorRecord& r = record();
  const Generation& g = r.outcome.generations.back();
  REQUIRE(r.parameter_names.size() == 2);
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k) {
    INFO(r.parameter_names[k]);
    double sw = 0, swx = 0;
    for (const Particle& p : g.particles) {
      sw += p.weight;
      swx += p.weight * p.theta[k];
    }
    const std::string& s = html();
    const std::size_t row = s.find("<tr data-parameter=\"" + r.parameter_names[k] + "\"");
    REQUIRE(row != std::string::npos);
    CHECK(value_after(s.substr(row), "<tr") == analysis::format_fr_compact(swx / sw));
    // The prior in French, e.g. "uniforme entre 0,05 et 0,4".
    CHECK(s.find("uniforme entre", row) < s.find("</tr>", row));
  }
  // A histogram per parameter, and the correlation matrix with its diagonal.
  CHECK(count(html(), "Loi a posteriori de ") >= 2 * r.parameter_names.size());
  CHECK(count(html(), "class=\"diagonal\"") == r.parameter_names.size());
}

TEST_CASE("Every chart of the calibration report draws data at finite coordinates",
          "[calibration][report]") {
  const std::string& s = html();
  const std::regex bad(R"(\b(nan|inf|infinity)\b)", std::regex::icase);
  CHECK(!std::regex_search(s, bad));
  const std::regex number_attribute(R"re(\b(?:x|y|cx|cy|width|height|d)="([^"]*)")re");
  const std::regex number(R"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)");
  std::size_t charts = 0;
  for (std::size_t at = s.find("<svg class=\"chart\""); at != std::string::npos;
       at = s.find("<svg class=\"chart\"", at + 1)) {
    ++charts;
    const std::size_t end = s.find("</svg>", at);
    REQUIRE(end != std::string::npos);
    const std::string chart = s.substr(at, end - at);
    INFO(chart.substr(0, 300));
    CHECK(chart.find("role=\"img\"") != std::string::npos);
    CHECK(chart.find("<title>") != std::string::npos);
    std::size_t shapes = 0;
    for (std::size_t d = chart.find("class=\"data"); d != std::string::npos;
         d = chart.find("class=\"data", d + 1)) {
      const std::size_t open = chart.rfind('<', d), close = chart.find('>', d);
      const std::string element = chart.substr(open, close - open);
      for (std::sregex_iterator a(element.begin(), element.end(), number_attribute), e; a != e;
           ++a) {
        const std::string value = (*a)[1];
        for (std::sregex_iterator n(value.begin(), value.end(), number), f; n != f; ++n)
          CHECK(std::isfinite(std::stod(n->str())));
      }
      ++shapes;
    }
    CHECK(shapes > 0);
  }
  // Targets, two histograms, the generations and their tolerances.
  CHECK(charts >= 5);
}

TEST_CASE("The calibration report escapes what the record says", "[calibration][report]") {
  const std::string& s = html();
  CHECK(s.find(kHostile) == std::string::npos);
  CHECK(s.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;") !=
        std::string::npos);
  CHECK(s.find("<b>calibration</b>") == std::string::npos);
  CHECK(s.find("Tiny &lt;b&gt;calibration&lt;/b&gt;") != std::string::npos);
  // The calibration files' texts are shown, escaped.
  for (const std::string& text : record().calibration_text)
    CHECK(s.find(analysis::escape_html(text)) != std::string::npos);
}

TEST_CASE("The calibration report is written atomically", "[calibration][report]") {
  const test::TempDir dir("qpvsim-calibration-report-file");
  const std::string path = (dir / "calibration.html").string();
  write_calibration_report(record(), path);
  CHECK(dir.read("calibration.html") == html());
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path))
    names.push_back(e.path().filename().string());
  CHECK(names == std::vector<std::string>{"calibration.html"});

  SECTION("a missing folder") {
    const std::string bad = (dir / "missing" / "calibration.html").string();
    try {
      write_calibration_report(record(), bad);
      FAIL("no error");
    } catch (const OutputError& e) {
      CHECK(std::string(e.what()).find(bad) != std::string::npos);
    }
    CHECK(!std::filesystem::exists(dir / "missing"));
  }
  SECTION("a folder at the path: the rename fails, the temporary file is removed") {
    std::filesystem::create_directory(dir / "taken");
    const std::string bad = (dir / "taken").string();
    CHECK_THROWS_AS(write_calibration_report(record(), bad), OutputError);
    CHECK(std::filesystem::is_directory(bad));
    std::size_t entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path)) {
      (void)e;
      ++entries;
    }
    CHECK(entries == 2);  // calibration.html and taken/
  }
}

TEST_CASE("The calibration report refuses a record without particles", "[calibration][report]") {
  PosteriorRecord empty;
  empty.file = "empty.h5";
  CHECK_THROWS_AS(calibration_report_html(empty), InputError);
}
