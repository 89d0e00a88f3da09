// The allocation report: the tiny study's file read back into a record (its key fields as the
// study had them), the French page made from it (every section, the "N futurs sur M" sentences,
// no NaN, charts that are whole SVG with titles, text from files escaped), the frontier drawn
// when there is one, and `qpvsim report` / `allocate --report` writing the same page.

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "analysis/allocation/config.hpp"
#include "analysis/allocation/file.hpp"
#include "analysis/allocation/record.hpp"
#include "analysis/allocation/report.hpp"
#include "analysis/allocation/search.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace alloc = qpv::analysis::allocation;
using Catch::Matchers::Contains;

namespace {

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";

/// The tiny allocation study, run once and written to `path`.
struct TinyStudy {
  alloc::AllocationConfig config = alloc::load_allocation(kTiny + "allocation.toml");
  alloc::Study study;
  explicit TinyStudy(const std::string& path) {
    qpv::engine::Execution how;
    how.threads = 1;
    study = alloc::run_allocation(config, how);
    alloc::write_allocation_file(path, config, study, 1.0);
  }
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// Every chart is a whole <svg role="img"> opening with a <title>.
void check_svg(const std::string& html) {
  const std::size_t charts = count(html, "<svg ");
  CHECK(charts == count(html, "</svg>"));
  CHECK(charts == count(html, "<svg class=\"chart\" role=\"img\" aria-label=\""));
  const std::regex opening("<svg [^>]*><title>[^<]+</title>");
  CHECK(static_cast<std::size_t>(std::distance(
            std::sregex_iterator(html.begin(), html.end(), opening), std::sregex_iterator())) ==
        charts);
}

int run(const std::string& command) {
  const int raw = std::system(command.c_str());
  return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("allocation report: the file read back holds the study's key fields",
          "[analysis][allocation][report]") {
  const qpv::test::TempDir dir("qpvsim-alloc-report");
  const std::string path = (dir / "a.h5").string();
  const TinyStudy tiny(path);
  const alloc::Study& s = tiny.study;
  REQUIRE(alloc::is_allocation_file(path));
  const alloc::AllocationRecord r = alloc::read_allocation_file(path);
  CHECK(r.name == tiny.config.name);
  CHECK(r.envelope_eur == tiny.config.envelope_eur);
  CHECK(r.first_year == 2025);
  CHECK(r.last_year == 2026);
  CHECK(r.replicates == tiny.config.replicates);
  CHECK(r.fresh_replicates == tiny.config.fresh_replicates);
  CHECK(r.fresh_seed == alloc::fresh_seed(tiny.config));
  CHECK(r.recommended == s.recommended);
  CHECK(r.model_runs == s.model_runs);
  CHECK(r.uncertainty ==
        std::string(qpv::model::uncertainty_name(tiny.config.baseline.uncertainty)));
  CHECK(r.weights == "euros");
  CHECK(r.objective_outcomes ==
        std::vector<std::string>{"employment_person_years", "screenings", "creche_child_years"});
  CHECK(r.qpvs() == tiny.config.baseline.territory.qpvs.size());
  REQUIRE(r.candidates.size() == s.evaluations.size());
  REQUIRE(r.outcome_ids.size() == s.outcomes.size());
  for (std::size_t i = 0; i < s.evaluations.size(); ++i) {
    const alloc::Evaluation& e = s.evaluations[i];
    CHECK(r.candidates[i].label == e.label);
    CHECK(r.candidates[i].objective == e.objective);
    CHECK(r.candidates[i].objective_by_qpv == e.objective_by_qpv);
    CHECK(r.candidates[i].feasible == e.feasible());
    for (std::size_t l = 0; l < qpv::model::kLevers; ++l)
      for (std::size_t q = 0; q < r.qpvs(); ++q)
        CHECK(r.candidates[i].eur[l * r.qpvs() + q] ==
              Approx(e.allocation.at(static_cast<qpv::model::Lever>(l), q)));
  }
  REQUIRE(r.curves.size() == s.curves.size());
  for (std::size_t k = 0; k < s.curves.size(); ++k) {
    CHECK(r.curves[k].candidates == s.curves[k].evaluations);
    CHECK(r.curves[k].fractions == s.curves[k].fractions);
    CHECK(r.lever_names[r.curves[k].lever] == qpv::model::lever_name(s.curves[k].lever));
  }
  REQUIRE(r.reevaluation.size() == s.reevaluated.size());
  for (std::size_t k = 0; k < s.reevaluated.size(); ++k) {
    CHECK(r.reevaluation[k].label == s.reevaluated[k].label);
    CHECK(r.reevaluation[k].candidate == s.reevaluated[k].evaluation);
    CHECK(r.reevaluation[k].objective == s.reevaluated[k].objective);
    CHECK(r.reevaluation[k].probability_better == s.probability_better[k]);
  }
  CHECK(r.pareto.empty());
}

TEST_CASE("allocation report: a file of another kind is refused, naming it",
          "[analysis][allocation][report]") {
  const qpv::test::TempDir dir("qpvsim-alloc-report");
  const std::string path = dir.write("not.h5", "not an HDF5 file");
  CHECK_FALSE(alloc::is_allocation_file(path));
  CHECK_THROWS_WITH(alloc::read_allocation_file(path),
                    Contains("not.h5") && Contains("allocation"));
}

TEST_CASE("allocation report: the page holds every section, the futures sentences and whole charts",
          "[analysis][allocation][report]") {
  const qpv::test::TempDir dir("qpvsim-alloc-report");
  const std::string path = (dir / "a.h5").string();
  const TinyStudy tiny(path);
  alloc::AllocationRecord r = alloc::read_allocation_file(path);
  const std::string html = alloc::allocation_report_html(r);
  for (const char* heading : {"<h2>Synthèse</h2>", "<h2>Courbes budget-réponse</h2>",
                              "<h2>La répartition recommandée</h2>", "<h2>La frontière</h2>",
                              "<h2>Gains par QPV et équité</h2>", "<h2>Méthode et provenance</h2>",
                              "<h2>Ce dont dépend la recommandation</h2>"})
    CHECK_THAT(html, Contains(heading));
  CHECK(count(html, "<section ") == 7);
  // What the recommendation depends on: a row per leading parameter, its two splits.
  CHECK(!r.dependence.empty());
  CHECK(count(html, "<code>" + r.dependence.front().parameter + "</code>") == 1);
  // One sentence per re-evaluated row but the recommendation: "Dans N futurs sur M, ..." or the
  // same result in every future.
  const std::string m = std::to_string(r.fresh_replicates);
  const std::regex sentence("Dans (\\d+ futurs? sur " + m + "|aucun des " + m +
                            " futurs), cette répartition (ne )?fait mieux que");
  const auto sentences = static_cast<std::size_t>(std::distance(
      std::sregex_iterator(html.begin(), html.end(), sentence), std::sregex_iterator()));
  const std::size_t versus = sentences + count(html, "Même résultat que");
  CHECK(versus == r.reevaluation.size() - 1);
  CHECK_THAT(html, Contains("le statu quo"));
  CHECK_THAT(html, Contains("malédiction du vainqueur"));
  CHECK_THAT(html, Contains("Ils n&#39;incluent pas"));
  CHECK_THAT(html, Contains("class=\"heat\""));
  CHECK_THAT(html, Contains("QPV le moins bien servi"));
  const std::regex not_a_number("\\b(nan|inf|NaN|Inf|infinity)\\b");
  CHECK_FALSE(std::regex_search(html, not_a_number));
  CHECK(count(html, "<svg ") >= 4 + (r.reevaluation.size() - 1));
  check_svg(html);
  CHECK_THAT(html, Contains("data-favourable="));

  SECTION("text from the file is escaped") {
    r.name = "Test <script>alert(1)</script> & co";
    r.lever_labels[0] = "Aide <b>";
    const std::string page = alloc::allocation_report_html(r);
    CHECK_THAT(page, !Contains("<script>alert"));
    CHECK_THAT(page, !Contains("Aide <b>"));
    CHECK_THAT(page, Contains("Test &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
  }
  SECTION("a frontier is drawn with the recommendation marked") {
    r.pareto_outcomes = {"employment_person_years", "screenings"};
    r.pareto = {{{0.0}, r.recommended, true}, {{1.0}, 0, true}, {{2.0}, 0, false}};
    const std::string page = alloc::allocation_report_html(r);
    CHECK_THAT(page, Contains("class=\"data recommended\""));
    CHECK(count(page, "class=\"data point frontier\"") == 2);
    CHECK_THAT(page, Contains("aucune répartition trouvée"));
    check_svg(page);
  }
}

TEST_CASE("allocation report: qpvsim report rebuilds the page that allocate --report wrote",
          "[analysis][allocation][report][cli]") {
  const qpv::test::TempDir dir("qpvsim-alloc-report");
  const std::string cd = "cd '" + dir.path.string() + "' && '" + std::string(QPVSIM_BINARY) + "' ";
  REQUIRE(run(cd + "allocate '" + kTiny + "allocation.toml' -o a.h5 --report first.html -q") == 0);
  REQUIRE(std::filesystem::exists(dir / "first.html"));
  REQUIRE(run(cd + "report a.h5 -o again.html > out.txt") == 0);
  CHECK_THAT(slurp(dir / "out.txt"), Contains("allocation report of a.h5"));
  const std::string page = slurp(dir / "again.html");
  CHECK_THAT(page, Contains("<h2>Synthèse</h2>"));
  CHECK(page == slurp(dir / "first.html"));
}
