// The HTML report: its sections, the headline figures against analysis/comparison.hpp, its
// charts, escaping, French number formatting and the atomic file write.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/present/french.hpp"
#include "analysis/present/svg.hpp"
#include "analysis/report.hpp"
#include "analysis/summary.hpp"
#include "sim/app/jobs.hpp"
#include "sim/core/error.hpp"
#include "sim/io/scenario.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace qpv;
using namespace qpv::analysis;
using qpv::app::run_comparison;

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny";
const std::string kNarrow = "\u202f";
const std::string kNbsp = "\u00a0";
const std::string kMinus = "\u2212";

const Comparison& tiny_comparison() {
  static const Comparison c = run_comparison(
      {io::load_scenario(kTiny + "/baseline.toml"), io::load_scenario(kTiny + "/variant.toml")});
  return c;
}

const Comparison& baseline_only() {
  static const Comparison c = run_comparison({io::load_scenario(kTiny + "/baseline.toml")});
  return c;
}

const std::string& tiny_report() {
  static const std::string html = report_html(tiny_comparison());
  return html;
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

/// The text between `from` (excluded) and the next `to`, after position `start`.
std::string between(const std::string& text, const std::string& from, const std::string& to,
                    std::size_t start = 0) {
  const std::size_t a = text.find(from, start);
  if (a == std::string::npos) return "";
  const std::size_t b = text.find(to, a + from.size());
  return text.substr(a + from.size(),
                     b == std::string::npos ? std::string::npos : b - a - from.size());
}

/// The headline card of scenario `id` (whole <article>).
std::string card_of(const std::string& html, const std::string& id) {
  return between(html, "<article class=\"headline headline-effect\" data-scenario=\"" + id + "\"",
                 "</article>");
}

/// A number written by format_fr, read back ("−1 234,5" → -1234.5); also its decimals.
double parse_fr(std::string s, int* decimals = nullptr) {
  for (const std::string& space : {kNarrow, kNbsp}) {
    for (std::size_t p = s.find(space); p != std::string::npos; p = s.find(space))
      s.erase(p, space.size());
  }
  if (s.rfind(kMinus, 0) == 0) s = "-" + s.substr(kMinus.size());
  const std::size_t comma = s.find(',');
  if (decimals) {
    std::size_t end = comma == std::string::npos ? 0 : comma + 1;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    *decimals = comma == std::string::npos ? 0 : static_cast<int>(end - comma - 1);
  }
  if (comma != std::string::npos) s[comma] = '.';
  return std::stod(s);
}

std::vector<std::string> charts_of(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t p = html.find("<svg class=\"chart\""); p != std::string::npos;
       p = html.find("<svg class=\"chart\"", p + 1)) {
    out.push_back(html.substr(p, html.find("</svg>", p) - p));
  }
  return out;
}

/// A chart draws data: a band or line with at least two points, or a bar of positive width.
bool draws_data(const std::string& svg) {
  static const std::regex path(R"re(class="data[^"]*" d="M[0-9.]+ [0-9.]+[LH][0-9.])re");
  static const std::regex rect(
      R"re(<rect class="data[^"]*" x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)")re");
  static const std::regex dot(
      R"re(<circle class="data[^"]*" cx="[0-9.]+" cy="[0-9.]+" r="[1-9])re");
  if (std::regex_search(svg, path) || std::regex_search(svg, dot)) return true;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator();
       ++it) {
    if (std::stod((*it)[1]) > 0) return true;
  }
  return false;
}

void check_no_nan(const std::string& html) {
  static const std::regex bad(R"(\b(nan|inf|infinity)\b)", std::regex::icase);
  std::smatch m;
  const bool found = std::regex_search(html, m, bad);
  INFO((found ? html.substr(static_cast<std::size_t>(std::max<long>(0, m.position(0) - 80)), 160)
              : std::string()));
  CHECK_FALSE(found);
}

const model::IndicatorSpec& indicator(std::string_view id) {
  const model::IndicatorSpec* spec = model::find_indicator(id);
  REQUIRE(spec != nullptr);
  return *spec;
}

}  // namespace

TEST_CASE("French numbers: comma, narrow no-break spaces, minus sign, euros",
          "[analysis][report]") {
  CHECK(format_fr(262000, 0) == "262" + kNarrow + "000");
  CHECK(format_fr(0.5, 1, true) == "+0,5");
  CHECK(format_fr(-1234.56, 1) == kMinus + "1" + kNarrow + "234,6");
  CHECK(format_fr(1234567.0, 0) == "1" + kNarrow + "234" + kNarrow + "567");
  CHECK(format_fr(999.0, 0) == "999");
  CHECK(format_fr(-0.01, 1, true) == "0,0");  // rounds to zero: no sign
  CHECK(format_fr(std::numeric_limits<double>::quiet_NaN(), 1) == "—");
  CHECK(format_fr(std::numeric_limits<double>::infinity(), 1) == "—");
  CHECK(format_euros_fr(261834) == "262" + kNarrow + "000" + kNbsp + "€");
  CHECK(format_euros_fr(55012.3) == "55" + kNarrow + "000" + kNbsp + "€");
  CHECK(format_euros_fr(950.4) == "950" + kNbsp + "€");
  CHECK(format_euros_fr(1500, true) == "+1" + kNarrow + "500" + kNbsp + "€");
  CHECK(format_fr_compact(0.0035) == "0,0035");
  CHECK(format_fr_compact(0.115) == "0,115");
  CHECK(format_fr_compact(17) == "17");
  CHECK(format_fr_compact(20240101) == "20" + kNarrow + "240" + kNarrow + "101");

  const model::IndicatorSpec& employment = indicator("employment_rate");
  Distribution d;
  d.mean = 0.005;
  d.q05 = 0.003;
  d.q95 = 0.007;
  ShownFigure shown = show_difference(employment, d);
  CHECK(shown.value == "+0,5" + kNbsp + "point");
  CHECK(shown.interval == "[+0,3" + kNarrow + "; +0,7]");
  d.mean = 0.025;
  CHECK(show_difference(employment, d).value == "+2,5" + kNbsp + "points");
  d.mean = 0.0004;  // a small effect is not written 0
  CHECK(show_difference(employment, d).value == "+0,04" + kNbsp + "point");
  d.mean = 0.3961;
  d.q05 = 0.379;
  d.q95 = 0.417;
  shown = show_level(employment, d);
  CHECK(shown.value == "39,6" + kNarrow + "%");
  CHECK(shown.interval == "[37,9" + kNarrow + "; 41,7]");

  const model::IndicatorSpec& waitlist = indicator("creche_waitlist");
  d.mean = -3.2;
  d.q05 = -5;
  d.q95 = -1.26;
  shown = show_difference(waitlist, d);
  CHECK(shown.value == kMinus + "3,2" + kNbsp + "enfants");
  CHECK(shown.interval == "[" + kMinus + "5,0" + kNarrow + "; " + kMinus + "1,3]");
  d.mean = std::numeric_limits<double>::quiet_NaN();
  CHECK(show_difference(waitlist, d).value == "—");
}

TEST_CASE("Certainty sentences are French and agree", "[analysis][report]") {
  // A difference whose 90 % interval lies on the better side, with this share better.
  auto sure = [](double share) {
    Distribution d;
    d.mean = 1;
    d.q05 = 0.5;
    d.q95 = 2;
    d.share_better = share;
    return d;
  };
  // Indicator, share of futures that do better, the sentence.
  const std::vector<std::tuple<std::string, double, std::string>> sentences = {
      {"employment_rate", 0.9,
       "Dans 9 futurs sur 10, le taux d'emploi des 15-64 ans est plus élevé avec ce scénario que "
       "dans la situation de référence."},
      {"creche_coverage", 1.0,
       "Dans tous les futurs simulés, la part des enfants de moins de 3 ans accueillis en crèche "
       "est plus élevée avec ce scénario que dans la situation de référence."},
      {"creche_waitlist", 0.0,
       "Dans aucun des futurs simulés, le nombre d'enfants en attente d'une place en crèche n'est "
       "plus faible avec ce scénario que dans la situation de référence."},
      {"employment_rate_single_parents", 0.1,
       "Dans 1 futur sur 10, le taux d'emploi des parents isolés est plus élevé avec ce scénario "
       "que dans la situation de référence."},
      {"employment_rate_15_24", 0.8,
       "Dans 8 futurs sur 10, le taux d'emploi des 15-24 ans est plus élevé avec ce scénario que "
       "dans la situation de référence."},
      {"job_seekers_no_licence_or_car", 0.7,
       "Dans 7 futurs sur 10, la part des demandeurs d'emploi sans permis de conduire ou sans "
       "voiture est plus faible avec ce scénario que dans la situation de référence."},
      {"refusal_mobility_search_share", 1.0,
       "Dans tous les futurs simulés, la part des demandeurs d'emploi ayant refusé une offre pour "
       "raison de mobilité depuis le début de leur recherche est plus faible avec ce scénario que "
       "dans la situation de référence."},
  };
  for (const auto& [id, share, sentence] : sentences) {
    INFO(id);
    CHECK(certainty_fr(indicator(id), sure(share)) == sentence);
  }
  CHECK(certainty_fr(indicator("population"), sure(0.5)).empty());  // no better direction
  CHECK(certainty_fr(indicator("employment_rate"), sure(std::nan(""))).empty());

  // An interval that contains zero says the effect is uncertain, first.
  Distribution mixed = sure(0.6);
  mixed.q05 = -0.2;
  CHECK_THAT(certainty_fr(indicator("employment_rate"), mixed),
             Catch::StartsWith("Effet incertain : selon les futurs, l'écart est favorable ou "
                               "défavorable. Dans 6 futurs sur 10,"));
  // Published evaluations that include no effect: never "dans tous les futurs", and said.
  const PublishedEvidence none_found{true, "Abebe et al., 2021"};
  const std::string hedged = certainty_fr(indicator("employment_rate"), sure(1.0), none_found);
  CHECK_THAT(hedged, Catch::StartsWith("Dans 10 futurs simulés sur 10, le taux d'emploi"));
  CHECK_THAT(hedged, Catch::EndsWith("Des évaluations publiées n'ont pas trouvé d'effet (Abebe "
                                     "et al., 2021) : l'effet réel peut être nul."));
  CHECK(hedged.find("tous les futurs") == std::string::npos);
}

TEST_CASE("HTML escaping and chart ticks", "[analysis][report]") {
  CHECK(escape_html("<b>A & B</b> \"l'été\"") ==
        "&lt;b&gt;A &amp; B&lt;/b&gt; &quot;l&#39;été&quot;");
  CHECK(svg::nice_ticks(0, 10, 5) == std::vector<double>{0, 2, 4, 6, 8, 10});
  CHECK(svg::nice_ticks(-0.3, 0.7, 4) == std::vector<double>{-0.25, 0, 0.25, 0.5});
}

TEST_CASE("The report has its sections in order, each in the navigation bar",
          "[analysis][report]") {
  const std::string& html = tiny_report();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(html, "<html lang=\"fr\">"));
  CHECK(contains(html, "Contrat Quartiers 2030"));
  CHECK(contains(html,
                 "Chaque chiffre est la moyenne de 4 futurs simulés ; entre crochets, "
                 "l'intervalle où se trouvent 9 futurs sur 10."));
  std::size_t last = 0;
  for (const std::string id :
       {"synthese", "levier-variant", "emploi", "quartiers", "cout", "methode"}) {
    INFO(id);
    const std::size_t at = html.find("<section id=\"" + id + "\"");
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
    CHECK(contains(html, "<a href=\"#" + id + "\">"));
  }
  CHECK(contains(html, "page-break-before:always"));
  // Nothing to fetch: no external URL in a src or href.
  CHECK_FALSE(std::regex_search(html, std::regex(R"((src|href)="(https?:)?//)")));
  CHECK(html.size() < 400'000);
}

TEST_CASE("A headline card per alternative shows the figures of comparison.hpp",
          "[analysis][report]") {
  const Comparison& c = tiny_comparison();
  const std::string& html = tiny_report();
  const int last_year = c.months.back().year;
  const MonthRange year = months_of_year(c, last_year);
  const std::string synthesis = between(html, "<section id=\"synthese\"", "</section>");
  const std::regex card_start("<article class=\"headline");
  const auto cards = static_cast<std::size_t>(
      std::distance(std::sregex_iterator(synthesis.begin(), synthesis.end(), card_start),
                    std::sregex_iterator()));
  CHECK(cards >= 3);
  CHECK(cards <= 5);

  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    const ScenarioRun& run = c.scenarios[s];
    INFO(run.id);
    const std::string card = card_of(html, run.id);
    REQUIRE_FALSE(card.empty());
    const model::IndicatorSpec& spec = *key_indicators(run).front();
    CHECK(contains(card, "data-indicator=\"" + std::string(spec.id) + "\""));
    const Distribution d =
        distribution(paired_differences(c, s, spec, c.all_qpvs(), year), spec.better);
    const ShownFigure shown = show_difference(spec, d);
    const std::string value = between(card, "<p class=\"value\">", "</p>");
    CHECK(value == escape_html(shown.value));
    // The figure read back is the mean (in points for a share), to the decimals written.
    int decimals = 0;
    const double read = parse_fr(value.substr(0, value.find(kNbsp)), &decimals);
    const double k = spec.unit == "share" ? 100.0 : 1.0;
    CHECK(std::fabs(read - k * d.mean) <= 0.5 * std::pow(10.0, -decimals) + 1e-9);
    CHECK(between(card, "<p class=\"interval\">", "</p>") == escape_html(shown.interval));
    CHECK(contains(card, escape_html(certainty_fr(spec, d, published_evidence(run, spec)))));
    const Distribution spent = distribution(spending_euros(c, s, c.all_qpvs(), last_year));
    CHECK(contains(card, escape_html(format_euros_fr(spent.mean))));
    // The 20-dot quantile plot: 20 dots, as many filled as the caption counts.
    const std::string dots = between(card, "<figure class=\"dots\"", "</figure>");
    REQUIRE_FALSE(dots.empty());
    const auto count = [&](const std::string& what) {
      std::size_t n = 0;
      for (std::size_t at = dots.find(what); at != std::string::npos; at = dots.find(what, at + 1))
        ++n;
      return n;
    };
    CHECK(count("<circle class=\"data dot") == 20);
    const std::size_t filled = count("<circle class=\"data dot better\"");
    CHECK(contains(dots, "data-favourable=\"" + std::to_string(filled) + "\""));
    if (spec.better != model::Better::neither)
      CHECK(contains(dots, std::to_string(filled) + " sur 20 du côté favorable"));
  }
}

TEST_CASE("Cost per result: every alternative and effect, a figure or 'trop incertain'",
          "[analysis][report]") {
  const Comparison& c = tiny_comparison();
  const std::string cost = between(tiny_report(), "<section id=\"cout\"", "</section>");
  REQUIRE_FALSE(cost.empty());
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    const std::string row =
        between(cost, "<a href=\"#levier-" + c.scenarios[s].id + "\">", "</tr>");
    REQUIRE_FALSE(row.empty());
    std::size_t at = 0;
    for (Effect e : kEffects) {
      const CostEffectiveness ce = cost_effectiveness(c, s, e, c.all_qpvs());
      const std::string expected = ce.interval && std::isfinite(ce.euros_per_unit)
                                       ? escape_html(format_euros_fr(ce.euros_per_unit))
                                       : "effet trop incertain";
      at = row.find(expected, at);
      CHECK(at != std::string::npos);
    }
  }
}

TEST_CASE("The Emploi section shows the labour-market indicators, levels and differences",
          "[analysis][report]") {
  const Comparison& c = tiny_comparison();
  const std::string section = between(tiny_report(), "<section id=\"emploi\"", "</section>");
  REQUIRE_FALSE(section.empty());
  CHECK(contains(section, "<h2>Emploi et recherche d'emploi</h2>"));
  const int first = c.months.front().year, last = c.months.back().year;
  CHECK(contains(section, "<th class=\"num\">Référence " + std::to_string(first) + "</th>"));
  CHECK(contains(section, "<th class=\"num\">Référence " + std::to_string(last) + "</th>"));
  for (const std::string id :
       {"employment_rate", "employment_rate_15_24", "employment_rate_50_64",
        "employment_rate_no_diploma", "job_seekers", "job_seekers_no_licence_or_car",
        "refusal_mobility_share", "refusal_mobility_search_share"}) {
    INFO(id);
    const model::IndicatorSpec& spec = indicator(id);
    const std::string row = between(section, "<tr data-indicator=\"" + id + "\">", "</tr>");
    REQUIRE_FALSE(row.empty());
    CHECK(contains(row, "<th scope=\"row\">" + escape_html(spec.label_fr) + "</th>"));
    // The cells in order: the baseline in the first year, in the last, then the variant's
    // difference in the last year.
    const Distribution at_first =
        distribution(indicator_values(c, 0, spec, c.all_qpvs(), months_of_year(c, first)));
    const Distribution at_last =
        distribution(indicator_values(c, 0, spec, c.all_qpvs(), months_of_year(c, last)));
    const Distribution d = distribution(
        paired_differences(c, 1, spec, c.all_qpvs(), months_of_year(c, last)), spec.better);
    std::size_t at = 0;
    for (const std::string& value :
         {show_level(spec, at_first).value, show_level(spec, at_last).value,
          show_difference(spec, d).value}) {
      at = row.find("<span class=\"v\">" + escape_html(value) + "</span>", at);
      CHECK(at != std::string::npos);
    }
  }
  // The baseline alone: levels, no differences.
  const std::string alone =
      between(report_html(baseline_only()), "<section id=\"emploi\"", "</section>");
  CHECK(contains(alone, "data-indicator=\"employment_rate_no_diploma\""));
  CHECK_FALSE(contains(alone, "Écart"));
}

TEST_CASE("One table per QPV, without the all-QPV row", "[analysis][report]") {
  const Comparison& c = tiny_comparison();
  const std::string quartiers = between(tiny_report(), "<section id=\"quartiers\"", "</section>");
  for (std::uint32_t q = 0; q < c.all_qpvs(); ++q) {
    CHECK(contains(quartiers, "id=\"qpv-" + c.qpv_codes[q] + "\""));
    CHECK(contains(quartiers, escape_html(c.qpv_names[q])));
  }
  CHECK_FALSE(contains(quartiers, "id=\"qpv-ALL\""));
}

TEST_CASE("No nan or inf text, and every chart draws its data", "[analysis][report]") {
  const std::string& html = tiny_report();
  check_no_nan(html);
  const std::vector<std::string> charts = charts_of(html);
  // Per key indicator of the variant: levels, difference, by QPV; and the headline's dots.
  CHECK(charts.size() == 3 * key_indicators(tiny_comparison().scenarios[1]).size() + 1);
  for (const std::string& svg : charts) {
    INFO(svg.substr(0, 300));
    CHECK(contains(svg, "role=\"img\""));
    CHECK(std::regex_search(svg, std::regex(R"(aria-label="[^"]{10,}")")));
    CHECK(contains(svg, "<title>"));
    CHECK(draws_data(svg));
  }
}

TEST_CASE("Text from scenarios and territories is escaped", "[analysis][report]") {
  Comparison c = tiny_comparison();
  c.scenarios[1].record.name = "Crèches <b>\"A&B\"</b> l'été";
  c.scenarios[1].record.description = "<script>alert(1)</script>";
  c.qpv_names[0] = "Nord <i>&</i>";
  const std::string html = report_html(c);
  CHECK_FALSE(contains(html, "<b>\"A&B\""));
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK_FALSE(contains(html, "Nord <i>"));
  CHECK(contains(html, "Crèches &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; l&#39;été"));
  CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(contains(html, "Nord &lt;i&gt;&amp;&lt;/i&gt;"));
  CHECK(contains(html, "base = &quot;baseline.toml&quot;"));  // the TOML text in <pre>
}

TEST_CASE("A comparison of the baseline alone gives the baseline pages", "[analysis][report]") {
  const Comparison& c = baseline_only();
  const std::string html = report_html(c);
  for (const std::string id : {"synthese", "quartiers", "methode"})
    CHECK(contains(html, "<section id=\"" + id + "\""));
  CHECK_FALSE(contains(html, "levier-"));
  CHECK_FALSE(contains(html, "id=\"cout\""));
  CHECK_FALSE(contains(html, "headline-effect"));
  const MonthRange year = months_of_year(c, c.months.back().year);
  for (const std::string id : {"employment_rate", "creche_coverage", "screening_breast"}) {
    INFO(id);
    const std::string card = between(html, "data-indicator=\"" + id + "\"", "</article>");
    REQUIRE_FALSE(card.empty());
    const model::IndicatorSpec& spec = indicator(id);
    const Distribution d = distribution(indicator_values(c, 0, spec, c.all_qpvs(), year));
    CHECK(between(card, "<p class=\"value\">", "</p>") == escape_html(show_level(spec, d).value));
  }
  check_no_nan(html);
  const std::vector<std::string> charts = charts_of(html);
  CHECK(charts.size() == 3);
  for (const std::string& svg : charts) CHECK(draws_data(svg));
}

TEST_CASE("write_report_file writes atomically and fails cleanly", "[analysis][report]") {
  const Comparison& c = tiny_comparison();
  test::TempDir dir("qpvsim-report");
  auto entries = [&] {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir.path))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };

  const std::string path = (dir / "rapport.html").string();
  write_report_file(c, path);
  CHECK(dir.read("rapport.html") == report_html(c));
  write_report_file(c, path);  // replaces it
  CHECK(entries() == std::vector<std::string>{"rapport.html"});

  SECTION("a missing folder") {
    const std::string bad = (dir / "missing" / "rapport.html").string();
    try {
      write_report_file(c, bad);
      FAIL("no error");
    } catch (const OutputError& e) {
      CHECK(contains(e.what(), bad));
    }
    CHECK_FALSE(std::filesystem::exists(bad));
    CHECK(entries() == std::vector<std::string>{"rapport.html"});
  }
  SECTION("a folder in the way") {
    std::filesystem::create_directory(dir / "dossier");
    const std::string bad = (dir / "dossier").string();
    CHECK_THROWS_AS(write_report_file(c, bad), OutputError);
    CHECK(std::filesystem::is_empty(dir / "dossier"));
    CHECK(entries() == std::vector<std::string>{"dossier", "rapport.html"});
  }
}

TEST_CASE("The report says what its intervals include and what they leave out",
          "[analysis][report][uncertainty]") {
  const Comparison& c = tiny_comparison();
  const io::RunRecord& base = c.scenarios[0].record;
  REQUIRE(base.uncertainty == "full");
  std::size_t posterior = 0, prior = 0;
  for (const std::string& from : base.parameter_drawn_from) {
    posterior += from == "posterior";
    prior += from == "prior";
  }
  REQUIRE(posterior > 0);
  REQUIRE(prior > 0);
  const std::string synthese = between(tiny_report(), "<section id=\"synthese\"", "</section>");
  const std::string line = between(synthese, "<p class=\"included\">", "</p>");
  CHECK(contains(line, fmt::format("l&#39;incertitude des {} paramètres calés", posterior)));
  CHECK(contains(line, fmt::format("celle de {} hypothèses", prior)));
  CHECK(contains(line, "Ils n'incluent pas les choix de structure du modèle"));
  // The methods list every drawn parameter with its prior, and name the structural choices.
  const std::string methode = between(tiny_report(), "<section id=\"methode\"", "</section>");
  const std::string drawn = between(methode, "<h3 id=\"incertitudes\">", "</ul>");
  for (std::size_t p = 0; p < base.parameter_names.size(); ++p) {
    const bool is_drawn =
        base.parameter_drawn_from[p] == "posterior" || base.parameter_drawn_from[p] == "prior";
    CHECK(contains(drawn, "<code>" + base.parameter_names[p] + "</code>") == is_drawn);
  }
  CHECK(contains(drawn, "indépendamment les uns des autres"));
  // The tiny territory's QPVs have 300 and 250 residents: no equal split to name.
  CHECK(contains(drawn, "La population de chaque QPV vient des données du territoire"));
  CHECK(!contains(drawn, "part égale"));

  // Under none, the line says the parameters' uncertainty is left out.
  io::Scenario fixed = io::load_scenario(kTiny + "/baseline.toml");
  fixed.uncertainty = model::Uncertainty::none;
  const std::string none_line =
      between(report_html(run_comparison({fixed})), "<p class=\"included\">", "</p>");
  CHECK(contains(none_line, "Ces intervalles incluent l&#39;aléa des futurs simulés."));
  CHECK(contains(none_line, "n'incluent pas l&#39;incertitude des paramètres calés"));

  // QPVs of equal populations (as Valenciennes' 15 of 2,980) are named as an equal split; and
  // without drawn parameters, the calibration and the priors are not among the choices.
  for (model::Qpv& q : fixed.territory.qpvs) q.population = 275;
  const std::string equal = report_html(run_comparison({fixed}));
  CHECK(contains(equal, "part égale des 550 habitants des 2 QPV"));
  CHECK(!contains(equal, "Les paramètres calés l&#39;ont été"));
  CHECK(!contains(equal, "Les lois a priori des hypothèses"));
  CHECK(contains(drawn, "Les paramètres calés l&#39;ont été"));
}

TEST_CASE(
    "A scenario of several levers gets costs and consequences side by side, not a cost "
    "per result",
    "[analysis][report]") {
  const Comparison c = run_comparison(
      {io::load_scenario(kTiny + "/baseline.toml"), io::load_scenario(kTiny + "/levers.toml")});
  REQUIRE(is_package(c.scenarios[1]));
  const std::string html = report_html(c);
  const std::string cost = between(html, "<section id=\"cout\"", "</section>");
  CHECK(contains(cost, "plusieurs leviers : voir ci-dessous"));
  const std::string table = between(cost, "<table class=\"cost consequences\">", "</table>");
  REQUIRE_FALSE(table.empty());
  for (Effect e : kEffects) {
    const Distribution d = cost_effectiveness(c, 1, e, c.all_qpvs()).extra_effect;
    const int dec = std::fabs(d.mean) >= 10 ? 0 : 1;
    CHECK(contains(table, escape_html(format_fr(d.mean, dec, true))));
  }
  CHECK_FALSE(contains(between(html, "<article class=\"headline headline-effect\"", "</article>"),
                       " par année d"));
  // The command line's table: the extra cost beside each extra result, no ratio.
  const std::string text = comparison_table(c);
  CHECK(contains(text, "extra cost over the run (euros)"));
  CHECK(contains(text, "several levers: no single cost per result"));
  CHECK_FALSE(contains(text, "euros per extra"));
}
