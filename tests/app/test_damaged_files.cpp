// Damaged files: single-byte corruptions at random offsets (fixed seed) of a run, a comparison
// and a posterior file, each given to `qpvsim report` and `qpvsim export` as the command line
// calls them. Every one must end in a clean error that names the file, or in the very report and
// tables of the undamaged file: never a crash, a sanitizer report or another exception.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "sim/app/commands.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_files.hpp"

namespace {

namespace fs = std::filesystem;
using namespace qpv;

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny";
constexpr int kCorruptions = 500;

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

int qpvsim(std::vector<std::string> args) {
  return test::qpvsim_in_process(std::move(args));
}

/// What `report` and `export` make of `file`: the HTML, then every CSV file with its name.
std::string outputs(const fs::path& file, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string all;
  app::cmd_report(file.string(), (dir / "report.html").string());
  all += read_bytes(dir / "report.html");
  app::cmd_export(file.string(), (dir / "csv").string(), false);
  std::vector<fs::path> tables;
  for (const auto& entry : fs::directory_iterator(dir / "csv")) tables.push_back(entry.path());
  std::sort(tables.begin(), tables.end());
  for (const fs::path& t : tables) all += t.filename().string() + "\n" + read_bytes(t);
  return all;
}

struct Tally {
  int clean_errors = 0;
  int same_outputs = 0;
};

/// Corrupts one byte of `original` at a time, kCorruptions times, and checks each outcome.
Tally corrupt(const fs::path& original, std::uint64_t seed) {
  const test::TempDir dir("qpvsim-damage");
  const fs::path file = dir / "damaged.h5";  // one name: the outputs may mention it
  const std::string bytes = read_bytes(original);
  REQUIRE(bytes.size() > 1000);
  write_bytes(file, bytes);
  const std::string expected = outputs(file, dir / "out");
  std::mt19937_64 rng(seed);
  Tally tally;
  for (int k = 0; k < kCorruptions; ++k) {
    std::string damaged = bytes;
    const std::size_t offset = rng() % damaged.size();
    damaged[offset] = static_cast<char>(damaged[offset] ^ static_cast<char>(1 + rng() % 255));
    write_bytes(file, damaged);
    INFO("byte " << offset << " of " << original.filename().string() << " changed");
    try {
      const std::string got = outputs(file, dir / "out");  // outside CHECK, which catches
      CHECK(got == expected);
      ++tally.same_outputs;
    } catch (const ReadError& e) {
      CHECK_THAT(e.what(), Catch::Contains(file.string()));
      ++tally.clean_errors;
    } catch (const InputError& e) {
      CHECK_THAT(e.what(), Catch::Contains(file.string()));
      ++tally.clean_errors;
    }  // anything else escapes and fails the test case
  }
  std::cout << "damage: " << original.filename().string() << " (" << bytes.size() << " bytes), "
            << kCorruptions << " single-byte corruptions: " << tally.clean_errors
            << " clean errors, " << tally.same_outputs << " the same report and tables\n";
  return tally;
}

}  // namespace

TEST_CASE("Damaged run and comparison files give a clean error or the same report",
          "[app][damage]") {
  const test::TempDir dir("qpvsim-damage-sources");
  const std::string run = (dir / "run.h5").string(), comparison = (dir / "comparison.h5").string();
  REQUIRE(qpvsim({"run", kTiny + "/baseline.toml", "--replicates", "2", "-o", run, "-q"}) == 0);
  REQUIRE(qpvsim({"compare", kTiny + "/baseline.toml", kTiny + "/variant.toml", "--replicates", "2",
                  "-o", comparison, "--report", (dir / "c.html").string(), "-q"}) == 0);
  const Tally run_tally = corrupt(run, 20261207);
  const Tally comparison_tally = corrupt(comparison, 20261208);
  CHECK(run_tally.clean_errors + run_tally.same_outputs == kCorruptions);
  CHECK(comparison_tally.clean_errors + comparison_tally.same_outputs == kCorruptions);
}

TEST_CASE("A damaged file given to report is an error reading it with status 1", "[app][damage]") {
  const test::TempDir dir("qpvsim-damage-cli");
  const fs::path run = dir / "run.h5";
  REQUIRE(qpvsim({"run", kTiny + "/baseline.toml", "--replicates", "2", "-o", run.string(),
                  "-q"}) == 0);
  std::string bytes = read_bytes(run);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0xFF);
  write_bytes(run, bytes);
  const fs::path err = dir / "stderr.txt";
  const int status =
      std::system((std::string(QPVSIM_BINARY) + " report '" + run.string() + "' -o '" +
                   (dir / "r.html").string() + "' 2> '" + err.string() + "'")
                      .c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  const std::string message = read_bytes(err);
  CHECK_THAT(message, Catch::StartsWith("error: reading '" + run.string() + "'"));
  CHECK_THAT(message, !Catch::Contains("writing"));
  CHECK(!fs::exists(dir / "r.html"));
}

TEST_CASE("Damaged posterior files give a clean error or the same report", "[app][damage]") {
  const std::string& posterior = test::tiny_posterior_file();
  const Tally tally = corrupt(posterior, 20261209);
  CHECK(tally.clean_errors + tally.same_outputs == kCorruptions);
}
