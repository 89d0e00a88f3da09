// sim/io/files: text inputs are read only from regular files of bounded size, outputs are
// checked before any work, and the temporaries of killed writers are removed, never those of
// live ones.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/error.hpp"
#include "sim/io/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

/// The problem read_text_file reports for `path` ("" if it reads it).
std::string read_problem(const std::string& path) {
  try {
    (void)qpv::io::read_text_file(path);
  } catch (const qpv::InputError& e) {
    CHECK(e.origin().file == path);
    return e.problem();
  }
  return "";
}

/// The message prepare_output gives for `path` ("" if it accepts it).
std::string output_problem(const std::string& path) {
  try {
    qpv::io::prepare_output(path, "results file");
  } catch (const qpv::OutputError& e) {
    return e.what();
  }
  return "";
}

/// A PID no process can have: /proc/sys/kernel/pid_max is one above the largest.
long impossible_pid() {
  std::ifstream in("/proc/sys/kernel/pid_max");
  long pid_max = 0;
  in >> pid_max;
  REQUIRE(pid_max > 1);
  return pid_max;
}

}  // namespace

TEST_CASE("read_text_file reads regular files only, of bounded size", "[io][files]") {
  const qpv::test::TempDir dir("qpvsim-test-files");
  CHECK(qpv::io::read_text_file(dir.write("a.toml", "x = 1\n")) == "x = 1\n");
  CHECK_THAT(read_problem((dir / "missing.toml").string()), Contains("does it exist?"));
  CHECK_THAT(read_problem(dir.path.string()), Contains("is a directory"));
  // /dev/zero was read until memory ran out; a pipe with no writer made open() wait forever.
  CHECK_THAT(read_problem("/dev/zero"), Contains("not a regular file"));
  const std::string fifo = (dir / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THAT(read_problem(fifo), Contains("not a regular file"));
  // A sparse file one byte over the bound: refused before reading it.
  const std::string big = dir.write("big.csv", "");
  fs::resize_file(big, qpv::io::kMaxTextFileBytes + 1);
  CHECK_THAT(read_problem(big), Contains("more than the 64 MiB"));
}

TEST_CASE("prepare_output refuses folders, devices and missing folders", "[io][files]") {
  const qpv::test::TempDir dir("qpvsim-test-files");
  CHECK(output_problem((dir / "x.h5").string()).empty());
  CHECK(output_problem(dir.write("old.h5", "old")).empty());  // replaced when written
  CHECK_THAT(output_problem(dir.path.string()), Contains("it is a folder"));
  CHECK_THAT(output_problem(dir.path.string() + "/"), Contains("it is a folder"));
  CHECK_THAT(output_problem("/dev/null"), Contains("not a regular file"));
  CHECK_THAT(output_problem((dir / "no/such/x.h5").string()),
             Contains("cannot write the results file '") && Contains("does not exist"));
}

TEST_CASE("prepare_output removes the temporaries of dead writers only", "[io][files]") {
  const qpv::test::TempDir dir("qpvsim-test-files");
  const std::string out = (dir / "x.h5").string();
  const std::string dead = dir.write("x.h5.tmp-" + std::to_string(impossible_pid()), "killed");
  const std::string live = dir.write("x.h5.tmp-" + std::to_string(::getppid()), "running");
  const std::string mine = dir.write("x.h5.tmp-" + std::to_string(::getpid()), "ours");
  // Not temporaries of x.h5: another file's, a PID not written as a writer writes it, group 0.
  const std::string other = dir.write("y.h5.tmp-" + std::to_string(impossible_pid()), "y");
  const std::string padded = dir.write("x.h5.tmp-0" + std::to_string(impossible_pid()), "p");
  const std::string group = dir.write("x.h5.tmp-0", "0");
  qpv::io::prepare_output(out, "results file");
  CHECK_FALSE(fs::exists(dead));
  for (const std::string& kept : {live, mine, other, padded, group}) {
    INFO(kept);
    CHECK(fs::exists(kept));
  }
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("write_file_atomically removes a dead writer's temporary of the same path",
          "[io][files]") {
  const qpv::test::TempDir dir("qpvsim-test-files");
  const std::string out = (dir / "rapport.html").string();
  const std::string dead =
      dir.write("rapport.html.tmp-" + std::to_string(impossible_pid()), "killed");
  qpv::io::write_file_atomically(out, "<p>ok</p>", "report");
  CHECK(dir.read("rapport.html") == "<p>ok</p>");
  CHECK_FALSE(fs::exists(dead));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}
