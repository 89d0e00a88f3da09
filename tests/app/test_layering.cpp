// tests/check_layering.cmake, the ctest entry tests.layering: it passes on this tree (ctest runs
// it), and here it must fail on a tree with an include against the layering, and pass on one
// without.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace {

/// Runs the layering check on `root`; its exit status.
int check_layering(const std::string& root) {
  const std::string command = std::string("'") + QPVSIM_CMAKE + "' -DSOURCE_DIR='" + root +
                              "' -P '" + QPVSIM_SOURCE_DIR +
                              "/tests/check_layering.cmake' >/dev/null 2>&1";
  const int raw = std::system(command.c_str());
  return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

}  // namespace

TEST_CASE("the layering check fails on an include against the layering, and only then",
          "[app][structure]") {
  const qpv::test::TempDir tree("qpvsim-layering");
  for (const char* dir : {"sim/model", "analysis", "sim/app"})
    std::filesystem::create_directories(tree.path / dir);
  tree.write("sim/model/process.hpp", "#include \"sim/core/rng.hpp\"\n#include <vector>\n");
  tree.write("analysis/report.cpp", "#include \"calibration/posterior.hpp\"\n");  // one level
  tree.write("sim/app/cli.cpp", "#include \"analysis/report.hpp\"\n");
  CHECK(check_layering(tree.path.string()) == 0);
  for (const char* against : {"#include \"sim/io/scenario.hpp\"\n",  // model -> io
                              "  #  include \"sim/app/cli.hpp\"  // a comment\n"}) {
    INFO(against);
    tree.write("sim/model/process.hpp", against);
    CHECK(check_layering(tree.path.string()) != 0);
  }
}
