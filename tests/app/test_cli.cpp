// The qpvsim executable end to end: exit statuses, the one-line "error: file:line: ..." report
// on bad input, and no results file (final or temporary) left behind by a failed run.
//
// Each command runs through std::system from inside a fresh temp directory, so the test does
// not depend on the current directory and any stray file would land where we look for it.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kSource = QPVSIM_SOURCE_DIR;
const std::string kBinary = QPVSIM_BINARY;
const std::string kTiny = kSource + "/tests/data/tiny";

/// Single-quotes `s` for /bin/sh.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Result {
  int status = -1;  ///< exit status, or -1 if the process did not exit normally
  std::string out;
  std::string err;
};

/// A fresh working directory per test case, removed afterwards, where qpvsim runs.
struct Sandbox {
  qpv::test::TempDir tmp{"qpvsim-test-cli"};
  const fs::path& dir = tmp.path;

  void write(const std::string& name, const std::string& text) const { tmp.write(name, text); }

  /// Runs `qpvsim <args>` in the sandbox, capturing stdout and stderr.
  Result qpvsim(const std::string& args) const {
    const fs::path out = dir / ".stdout";
    const fs::path err = dir / ".stderr";
    const std::string cmd = "cd " + quoted(dir.string()) + " && " + quoted(kBinary) + " " + args +
                            " >" + quoted(out.string()) + " 2>" + quoted(err.string()) +
                            " </dev/null";
    const int raw = std::system(cmd.c_str());
    Result r;
    r.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    fs::remove(out);
    fs::remove(err);
    return r;
  }

  /// Files in the sandbox whose name starts with `prefix`.
  std::vector<std::string> files_starting_with(const std::string& prefix) const {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name.rfind(prefix, 0) == 0) found.push_back(name);
    }
    return found;
  }
};

/// The top of a hand-written scenario: the tiny territory by absolute path.
std::string header() {
  const std::string territory = "territory = '" + kTiny + "/territory'\n";
  return "# written by test_cli.cpp\n[scenario]\n" + territory;
}

}  // namespace

TEST_CASE("cli: validate accepts the tiny baseline", "[app][cli]") {
  const Sandbox box;
  const Result r = box.qpvsim("validate " + quoted(kTiny + "/baseline.toml"));
  INFO("stderr: " << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("valid"));
  CHECK_THAT(r.out, Contains("2 QPV"));
  CHECK(r.err.empty());
}

TEST_CASE("cli: run writes the results file and no temporary file", "[app][cli]") {
  const Sandbox box;
  const Result r = box.qpvsim("run " + quoted(kTiny + "/baseline.toml") +
                              " -o X.h5 --replicates 2 --threads 1 -q");
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 0);
  CHECK(fs::is_regular_file(box.dir / "X.h5"));
  CHECK(fs::file_size(box.dir / "X.h5") > 0);
  CHECK(box.files_starting_with("X.h5.tmp").empty());
  // -q: nothing but errors, and there were none.
  CHECK(r.out.empty());
  CHECK(r.err.empty());
}

TEST_CASE("cli: a bad scenario fails with one error line and no results", "[app][cli]") {
  const Sandbox box;
  std::string text;
  int line = 0;
  SECTION("unknown key") {
    text = header() + "[run]\nreplicate = 5\n";
    line = 5;
  }
  SECTION("malformed TOML") {
    text = header() + "\n[run\nseed = 3\n";
    line = 5;
  }
  SECTION("unknown QPV code") {
    text = header() +
           "[[intervention]]\n"
           "kind = \"creche_places\"\n"
           "increase = 0.05\n"
           "reached_by = 2025-09-01\n"
           "qpv = [\"T009\"]\n";
    line = 8;
  }
  SECTION("missing base file") {
    text = "base = 'nowhere.toml'\n";
    line = 1;
  }
  SECTION("wrong type") {
    text = header() + "[run]\nreplicates = \"ten\"\n";
    line = 5;
  }
  SECTION("end before start") {
    text = header() + "[run]\nstart = 2026-01-01\nend = 2025-12-31\n";
    line = 6;
  }
  SECTION("share above 1") {
    text = header() +
           "[[intervention]]\n"
           "kind = \"creche_places\"\n"
           "increase = 0.05\n"
           "reached_by = 2025-09-01\n"
           "avip_share = 1.5\n";
    line = 8;
  }
  SECTION("negative count") {
    text = header() +
           "[[intervention]]\n"
           "kind = \"transport_aid\"\n"
           "aid = \"transit_pass\"\n"
           "places = -3\n";
    line = 7;
  }
  box.write("bad.toml", text);
  const Result r = box.qpvsim("run bad.toml -o Y.h5 --threads 1");
  INFO("scenario:\n" << text << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 1);
  // Exactly one line, ending in a newline.
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(!r.err.empty());
  CHECK(r.err.back() == '\n');
  CHECK_THAT(r.err, StartsWith("error: "));
  CHECK_THAT(r.err, Contains("bad.toml:" + std::to_string(line) + ": "));
  CHECK_FALSE(fs::exists(box.dir / "Y.h5"));
  CHECK(box.files_starting_with("Y.h5").empty());
}

TEST_CASE("cli: a scenario that does not exist fails with status 1", "[app][cli]") {
  const Sandbox box;
  const Result r = box.qpvsim("run missing.toml -o Y.h5");
  INFO("stderr: " << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, StartsWith("error: "));
  CHECK_THAT(r.err, Contains("missing.toml"));
  CHECK(box.files_starting_with("Y.h5").empty());
}

TEST_CASE("cli: every command has --help", "[app][cli]") {
  const Sandbox box;
  for (const std::string cmd :
       {"", "run ", "validate ", "population ", "bench ", "params ", "dossier ", "compare ",
        "report ", "export ", "calibrate ", "sensitivity ", "demo ", "serve "}) {
    const Result r = box.qpvsim(cmd + "--help");
    INFO("qpvsim " << cmd << "--help\nstderr: " << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("--help"));
  }
}

TEST_CASE("cli: a bad option fails before anything runs", "[app][cli]") {
  const Sandbox box;
  SECTION("--replicates 0") {
    const Result r = box.qpvsim("run x.toml --replicates 0 -o Z.h5");
    INFO("stderr: " << r.err);
    CHECK(r.status != 0);
    CHECK_THAT(r.err, Contains("--replicates"));
  }
  SECTION("unknown option") {
    const Result r = box.qpvsim("run x.toml --replicas 2 -o Z.h5");
    CHECK(r.status != 0);
  }
  SECTION("run without a scenario") {
    const Result r = box.qpvsim("run -o Z.h5");
    CHECK(r.status != 0);
  }
  CHECK(box.files_starting_with("Z.h5").empty());
}

TEST_CASE("Ctrl-C stops a run with status 130 and no results file", "[app][cli]") {
  const Sandbox box;
  // A run far too long to finish in a second (500 replicates of the Valenciennes baseline on
  // one thread, about 20 s), sent SIGINT once it has started; the shell reports the program's
  // own exit status.
  const std::string cmd = "cd " + quoted(box.dir.string()) + " && (" + quoted(kBinary) +
                          " run embedded:valenciennes/baseline.toml"
                          " -o Z.h5 --replicates 500 --threads 1 -q 2>err.txt & pid=$!; sleep 1; "
                          "kill -INT $pid; wait $pid; echo $? > status.txt)";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(slurp(box.dir / "status.txt") == "130\n");
  CHECK_THAT(slurp(box.dir / "err.txt"), Contains("interrupted: no results file was written"));
  for (const auto& entry : fs::directory_iterator(box.dir)) {
    CHECK_THAT(entry.path().filename().string(), !StartsWith("Z.h5"));
  }
}

TEST_CASE("the same seed gives identical indicator arrays for 1 and 2 threads", "[app][cli]") {
  const Sandbox box;
  const std::string tiny = quoted(kTiny + "/baseline.toml");
  REQUIRE(box.qpvsim("run " + tiny + " -o one.h5 --threads 1 -q").status == 0);
  REQUIRE(box.qpvsim("run " + tiny + " -o two.h5 --threads 2 -q").status == 0);
  REQUIRE(box.qpvsim("run " + tiny + " -o other.h5 --threads 2 --seed 8 -q").status == 0);
  // h5diff compares every dataset under /indicators; exit 0 = identical, 1 = different.
  auto h5diff = [&](const std::string& a, const std::string& b) {
    const std::string cmd = "cd " + quoted(box.dir.string()) + " && h5diff -q " + a + " " + b +
                            " /indicators /indicators >/dev/null 2>&1";
    const int raw = std::system(cmd.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  };
  CHECK(h5diff("one.h5", "two.h5") == 0);
  CHECK(h5diff("one.h5", "other.h5") == 1);
}

TEST_CASE("cli: a bad territory file fails with its file and line, and no results", "[app][cli]") {
  const Sandbox box;
  fs::create_directories(box.dir / "territory");
  fs::copy(kTiny + "/territory", box.dir / "territory", fs::copy_options::recursive);
  // Drop the transit_access column from qpv.csv's header (line 2).
  std::string csv = box.tmp.read("territory/qpv.csv");
  const std::string column = "transit_access,transit_access_source,";
  csv.replace(csv.find(column), column.size(), "");
  box.write("territory/qpv.csv", csv);
  box.write("s.toml", "[scenario]\nterritory = 'territory'\n");
  const Result r = box.qpvsim("run s.toml -o Y.h5");
  INFO("stderr: " << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, StartsWith("error: "));
  CHECK_THAT(r.err, Contains("qpv.csv:2: key 'transit_access': missing column"));
  CHECK(box.files_starting_with("Y.h5").empty());
}

TEST_CASE("cli: an unwritable output path fails before simulating", "[app][cli]") {
  const Sandbox box;
  const Result r = box.qpvsim("run embedded:valenciennes/baseline.toml -o /nonexistent/x.h5");
  INFO("stderr: " << r.err);
  CHECK(r.status == 3);
  CHECK_THAT(r.err, Contains("/nonexistent/x.h5"));
  CHECK(r.out.find("replicates x") == std::string::npos);  // no run summary: nothing ran
}

TEST_CASE("cli: a seed too large for the results file is refused", "[app][cli]") {
  const Sandbox box;
  const Result r = box.qpvsim("run " + quoted(kTiny + "/baseline.toml") +
                              " -o Y.h5 --seed 18446744073709551615");
  CHECK(r.status == 2);
  CHECK(box.files_starting_with("Y.h5").empty());
}

TEST_CASE("cli: a comparison file is the same for 1 and 2 threads but for its clock times",
          "[app][cli][compare]") {
  const Sandbox box;
  const std::string pair = quoted(kTiny + "/baseline.toml") + " " + quoted(kTiny + "/variant.toml");
  REQUIRE(box.qpvsim("compare " + pair + " -o one.h5 --threads 1 -q").status == 0);
  REQUIRE(box.qpvsim("compare " + pair + " -o two.h5 --threads 2 -q").status == 0);
  // h5diff lists every dataset or attribute that differs.
  const std::string cmd = "cd " + quoted(box.dir.string()) +
                          " && h5diff one.h5 two.h5 > diff.txt 2>&1; echo $? > status.txt";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string diff = slurp(box.dir / "diff.txt");
  INFO(diff);
  std::size_t differences = 0;
  for (std::size_t at = diff.find("attribute: <"); at != std::string::npos;
       at = diff.find("attribute: <", at + 1)) {
    ++differences;
    const std::string what = diff.substr(at + 12, diff.find(' ', at + 12) - at - 12);
    CHECK((what == "<created_utc" || what == "<wall_seconds" || what == "created_utc" ||
           what == "wall_seconds"));
  }
  CHECK(differences > 0);  // the clock times do differ
  CHECK(diff.find("dataset:") == std::string::npos);
  CHECK(diff.find("differences found") != std::string::npos);
}

TEST_CASE("cli: compare writes the comparison and the report, which report and export rebuild",
          "[app][cli][compare]") {
  const Sandbox box;
  const std::string pair = quoted(kTiny + "/baseline.toml") + " " + quoted(kTiny + "/variant.toml");
  const Result r = box.qpvsim("compare " + pair + " -o C.h5 --report R.html");
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("variant - baseline"));
  CHECK_THAT(r.out, Contains("creche_coverage"));
  CHECK(fs::is_regular_file(box.dir / "C.h5"));
  CHECK(fs::is_regular_file(box.dir / "R.html"));
  CHECK(box.files_starting_with("C.h5.tmp").empty());

  // The report rebuilt from the file is the report of the run, byte for byte.
  const Result rep = box.qpvsim("report C.h5 -o again.html");
  INFO("stderr: " << rep.err);
  REQUIRE(rep.status == 0);
  CHECK(slurp(box.dir / "again.html") == slurp(box.dir / "R.html"));

  const Result ex = box.qpvsim("export C.h5 --csv tables");
  INFO("stderr: " << ex.err);
  REQUIRE(ex.status == 0);
  for (const char* name :
       {"indicators.csv", "differences.csv", "spending.csv", "cost_effectiveness.csv"}) {
    const std::string text = slurp(box.dir / "tables" / name);
    INFO(name);
    CHECK(text.find("unit") < text.find('\n'));  // a unit column in the header
    CHECK(std::count(text.begin(), text.end(), '\n') > 2);
  }
  const std::string diff = slurp(box.dir / "tables" / "differences.csv");
  CHECK_THAT(diff, Contains("variant,baseline,T001,"));
  CHECK_FALSE(fs::exists(box.dir / "tables" / "indicators_by_replicate.csv"));
}

TEST_CASE("cli: what cannot be compared fails clearly and writes nothing", "[app][cli][compare]") {
  const Sandbox box;
  SECTION("different horizons") {
    const Result r = box.qpvsim("compare " + quoted(kTiny + "/baseline.toml") + " " +
                                quoted(kTiny + "/later_end.toml") + " -o X.h5 --report X.html");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Contains("later_end.toml"));
    CHECK_THAT(r.err, Contains("horizon"));
  }
  SECTION("different territories") {
    const Result r = box.qpvsim("compare " + quoted(kTiny + "/baseline.toml") +
                                " embedded:valenciennes/transport_aid.toml -o X.h5");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Contains("territory"));
  }
  SECTION("a results file that is not qpvsim's") {
    box.write("X.h5", "plain text\n");
    const Result r = box.qpvsim("report X.h5 -o X.html");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Contains("X.h5"));
    CHECK_THAT(r.err, Contains("qpvsim results file"));
    fs::remove(box.dir / "X.h5");
  }
  CHECK(box.files_starting_with("X.").empty());
}

TEST_CASE("cli: a calibration killed mid-run resumes from its checkpoint to the same posterior",
          "[app][cli][calibration]") {
  const Sandbox box;
  // The tiny calibration made long enough to be killed in the middle (6 generations of 100
  // particles; its final tolerance is never reached).
  box.write("cal.toml", "[calibration]\nscenario = '" + kTiny + "/baseline.toml'\ntargets = '" +
                            kTiny + "/calibration/targets.toml'\npriors = '" + kTiny +
                            "/calibration/priors.toml'\nend = 2024-12-31\nparticles = 100\n"
                            "max_generations = 6\nfinal_tolerance = 0.01\n"
                            "replicates_per_particle = 1\nseed = 5\npredictive_draws = 10\n");
  REQUIRE(box.qpvsim("calibrate cal.toml -o whole.h5 --threads 2 -q").status == 0);
  // Killed (SIGKILL: no chance to clean up) once the first checkpoint exists.
  const std::string cmd =
      "cd " + quoted(box.dir.string()) + " && (" + quoted(kBinary) +
      " calibrate cal.toml -o cut.h5 --threads 2 -q & pid=$!; "
      "for i in $(seq 1 400); do [ -e cut.h5.checkpoint ] && break; sleep 0.02; done; "
      "kill -KILL $pid; wait $pid; echo $? > status.txt)";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(slurp(box.dir / "status.txt") == "137\n");  // killed
  CHECK_FALSE(fs::exists(box.dir / "cut.h5"));
  REQUIRE(fs::exists(box.dir / "cut.h5.checkpoint"));
  const Result resumed = box.qpvsim("calibrate cal.toml -o cut.h5 --threads 1");
  INFO("stdout: " << resumed.out << "\nstderr: " << resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK_THAT(resumed.out, Contains("resuming from the checkpoint"));
  CHECK_FALSE(fs::exists(box.dir / "cut.h5.checkpoint"));
  // The same posterior and predictive check, value for value.
  for (const char* path :
       {"/posterior/theta", "/posterior/weight", "/posterior/distance", "/posterior/statistics",
        "/predictive/statistics", "/generations/tolerance", "/generations/simulations"}) {
    const std::string diff = "cd " + quoted(box.dir.string()) + " && h5diff -q whole.h5 cut.h5 " +
                             path + " " + path + " >/dev/null 2>&1";
    const int raw = std::system(diff.c_str());
    INFO(path);
    CHECK((WIFEXITED(raw) && WEXITSTATUS(raw) == 0));
  }
}

TEST_CASE("cli: calibrate --report writes diagnostics, which report rebuilds from the posterior",
          "[app][cli][calibration]") {
  const Sandbox box;
  box.write("cal.toml", "[calibration]\nscenario = '" + kTiny + "/baseline.toml'\ntargets = '" +
                            kTiny + "/calibration/targets.toml'\npriors = '" + kTiny +
                            "/calibration/priors.toml'\nend = 2024-12-31\nparticles = 30\n"
                            "max_generations = 2\nfinal_tolerance = 0.01\n"
                            "replicates_per_particle = 1\nseed = 3\npredictive_draws = 5\n");
  const Result r = box.qpvsim("calibrate cal.toml -o post.h5 --report diag.html --threads 2");
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("report: diag.html"));
  const std::string html = slurp(box.dir / "diag.html");
  CHECK_THAT(html, StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(html, Contains("lang=\"fr\""));
  // `report` on the posterior file gives the same page, byte for byte.
  const Result again = box.qpvsim("report post.h5 -o again.html");
  INFO("stdout: " << again.out << "\nstderr: " << again.err);
  REQUIRE(again.status == 0);
  CHECK_THAT(again.out, Contains("calibration report of post.h5"));
  CHECK(slurp(box.dir / "again.html") == html);
  // Its default name follows the posterior file's.
  REQUIRE(box.qpvsim("report post.h5").status == 0);
  CHECK(fs::exists(box.dir / "post.html"));
  // An unwritable report path fails before any simulation, and leaves no posterior.
  const Result bad = box.qpvsim("calibrate cal.toml -o other.h5 --report /nonexistent/d.html");
  CHECK(bad.status != 0);
  CHECK_THAT(bad.err, Contains("/nonexistent/d.html"));
  CHECK_FALSE(fs::exists(box.dir / "other.h5"));
  CHECK_FALSE(fs::exists(box.dir / "other.h5.checkpoint"));
}

TEST_CASE("cli: bench prints every figure of the suite on the tiny territory",
          "[app][cli][bench]") {
  const Sandbox box;
  const Result r =
      box.qpvsim("bench " + quoted(kTiny + "/baseline.toml") + " --replicates 2 --repeat 3");
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  for (const char* figure :
       {"time per replicate, synthesis included", "lowest of 3 runs", "events per second",
        "person-days per second", "random draws per replicate", "floor: a bare event loop",
        "model throughput / floor, events step alone", "1 thread", "2 threads",
        "results identical: yes", "2 threads, lowest of 3 runs", "speed-up of the lowest times",
        "workshop's first answer", "peak memory"})
    CHECK_THAT(r.out, Contains(figure));
  CHECK(box.files_starting_with("").empty());  // a benchmark writes no file
}

TEST_CASE("cli: --scale makes N synthetic QPV, and refuses interventions aimed at QPV codes",
          "[app][cli][bench]") {
  const Sandbox box;
  const Result r = box.qpvsim("bench " + quoted(kTiny + "/baseline.toml") + " --scale 6");
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("6 synthetic QPV"));
  CHECK_THAT(r.out, Contains("peak memory (resident set)"));

  box.write("aimed.toml", header() + R"([run]
start = 2024-01-01
end = 2025-12-31
replicates = 1

[[intervention]]
kind = "creche_places"
id = "plus"
name = "Plus de places"
increase = 0.05
start = 2024-06-01
reached_by = 2025-01-01
qpv = ["T001"]
cost_per_place_year_eur = 10000
)");
  const Result refused = box.qpvsim("run aimed.toml --scale 4 -o A.h5");
  INFO("stderr: " << refused.err);
  CHECK(refused.status == 1);
  CHECK_THAT(refused.err, Contains("aimed.toml"));
  CHECK_THAT(refused.err, Contains("'plus'.qpv"));
  CHECK_THAT(refused.err, Contains("--scale"));
  CHECK(box.files_starting_with("A.h5").empty());
}

TEST_CASE("cli: dossier writes docs/validation.md and --check refuses a stale copy",
          "[app][cli][docs]") {
  const Sandbox box;
  const Result written = box.qpvsim("dossier -o validation.md");
  REQUIRE(written.status == 0);
  const std::string text = slurp(box.dir / "validation.md");
  CHECK_THAT(text, StartsWith("# Validation dossier"));
  CHECK(box.qpvsim("dossier").out == text);  // the same text on standard output, and again
  CHECK(box.qpvsim("dossier --check validation.md").status == 0);

  box.write("stale.md", text + "A line added by hand.\n");
  const Result stale = box.qpvsim("dossier --check stale.md");
  CHECK(stale.status == 1);
  CHECK_THAT(stale.err, Contains("stale.md is stale") && Contains("qpvsim dossier -o stale.md"));
  CHECK(box.qpvsim("dossier --check missing.md").status == 1);
  const Result no_tests = box.qpvsim("dossier --tests nowhere/qpvsim_tests");
  CHECK(no_tests.status == 1);
  CHECK_THAT(no_tests.err, Contains("no test executable at 'nowhere/qpvsim_tests'"));
  CHECK(box.qpvsim("dossier -o a.md --check validation.md").status == 2);
}

TEST_CASE("cli: a file without a posterior under full runs with --uncertainty none",
          "[app][cli][uncertainty]") {
  const Sandbox box;
  box.write("nopost.toml", "base = " + quoted(kTiny + "/baseline.toml") +
                               "\n[run]\nposterior = \"none\"\nreplicates = 1\n");
  // As written (uncertainty defaults to full), it cannot run: validate and run say where.
  const Result validate = box.qpvsim("validate nopost.toml");
  CHECK(validate.status == 1);
  CHECK_THAT(validate.err, Contains("nopost.toml") && Contains("run.uncertainty") &&
                               Contains("posterior = \"none\""));
  CHECK(box.qpvsim("run nopost.toml -o a.h5").status == 1);
  CHECK(box.files_starting_with("a.h5").empty());
  // The command line rescues it, either way.
  CHECK(box.qpvsim("run nopost.toml --uncertainty none -o b.h5 -q").status == 0);
  CHECK(box.qpvsim("run nopost.toml --posterior embedded:calibration/valenciennes/posterior.csv "
                   "-o c.h5 -q")
            .status == 0);
}

namespace {

/// A PID no process can have: /proc/sys/kernel/pid_max is one above the largest.
std::string impossible_pid() {
  std::ifstream in("/proc/sys/kernel/pid_max");
  long pid_max = 0;
  in >> pid_max;
  REQUIRE(pid_max > 1);
  return std::to_string(pid_max);
}

}  // namespace

TEST_CASE("cli: an output path naming a folder fails at once, for every verb that writes",
          "[app][cli]") {
  const Sandbox box;
  fs::create_directories(box.dir / "out");
  const std::string tiny = quoted(kTiny + "/baseline.toml");
  const std::string pair = tiny + " " + quoted(kTiny + "/variant.toml");
  for (const std::string& args :
       {"run " + tiny + " -o", "compare " + pair + " -o", "compare " + pair + " -o C.h5 --report",
        "calibrate " + quoted(kTiny + "/calibration/calibration.toml") + " -o",
        "sensitivity " + quoted(kTiny + "/sensitivity.toml") + " -o",
        "allocate " + quoted(kTiny + "/allocation.toml") + " -o",
        "allocate " + quoted(kTiny + "/allocation.toml") + " -o A.h5 --scenario"}) {
    const Result r = box.qpvsim(args + " out -q");
    INFO(args << "\nstderr: " << r.err);
    CHECK(r.status == 3);
    // Before any work: the HDF5 writer's rename failed only once the simulation was done.
    CHECK_THAT(r.err, Contains("'out': it is a folder"));
  }
  CHECK(std::distance(fs::directory_iterator(box.dir), fs::directory_iterator()) == 1);
}

TEST_CASE("cli: a temporary left by a killed run is removed by the next write to its path",
          "[app][cli]") {
  const Sandbox box;
  // SIGKILL once the results file's temporary exists: the run cannot clean up.
  const std::string cmd =
      "cd " + quoted(box.dir.string()) + " && (" + quoted(kBinary) +
      " run embedded:valenciennes/baseline.toml --replicates 50 --threads 1 -q -o X.h5 & "
      "pid=$!; for i in $(seq 1 500); do [ -e X.h5.tmp-$pid ] && break; sleep 0.02; done; "
      "kill -KILL $pid; wait $pid; echo $? > status.txt) 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  REQUIRE(slurp(box.dir / "status.txt") == "137\n");
  REQUIRE(box.files_starting_with("X.h5.tmp-").size() == 1);
  // Temporaries of dead writers of a comparison, its report and an export.
  for (const std::string name : {"C.h5", "R.html", "tables/indicators.csv"}) {
    fs::create_directories((box.dir / name).parent_path());
    box.write(name + ".tmp-" + impossible_pid(), "killed");
  }
  const std::string tiny = quoted(kTiny + "/baseline.toml");
  REQUIRE(box.qpvsim("run " + tiny + " --replicates 1 -q -o X.h5").status == 0);
  CHECK(box.files_starting_with("X.h5.tmp-").empty());
  REQUIRE(box.qpvsim("compare " + tiny + " " + quoted(kTiny + "/variant.toml") +
                     " --replicates 1 -q -o C.h5 --report R.html")
              .status == 0);
  CHECK(box.files_starting_with("C.h5.tmp-").empty());
  CHECK(box.files_starting_with("R.html.tmp-").empty());
  REQUIRE(box.qpvsim("export C.h5 --csv tables").status == 0);
  for (const auto& e : fs::directory_iterator(box.dir / "tables"))
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}
