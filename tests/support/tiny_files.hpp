// Small results files of the tiny scenario (tests/data/tiny) that tests damage or rewrite: a
// posterior of its calibration and a run of its baseline, each made once per test process.
#pragma once

#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "sim/app/cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace qpv::test {

/// A posterior file of the tiny calibration: two generations, four predictive draws.
inline const std::string& tiny_posterior_file() {
  static const TempDir dir("qpvsim-tiny-posterior");
  static const std::string file = [] {
    calibration::Calibration c = calibration::load_calibration(
        std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/calibration/calibration.toml");
    c.settings.max_generations = 2;
    c.settings.predictive_draws = 4;
    const engine::Execution how{
        .threads = 2, .cluster = nullptr, .progress = {}, .cancel = nullptr};
    const calibration::Outcome out = calibration::run_abc_smc(c, how, "");
    const std::string path = (dir / "posterior.h5").string();
    calibration::write_posterior_file(
        path, c, out, calibration::posterior_predictive(c, out.generations.back(), how));
    return path;
  }();
  return file;
}

/// `qpvsim ARGS...` in this process; its exit status.
inline int qpvsim_in_process(std::vector<std::string> args) {
  args.insert(args.begin(), "qpvsim");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return app::run_cli(static_cast<int>(argv.size()), argv.data());
}

/// A run file of the tiny baseline with two replicates.
inline const std::string& tiny_run_file() {
  static const TempDir dir("qpvsim-tiny-run");
  static const std::string file = [] {
    const std::string path = (dir / "run.h5").string();
    REQUIRE(
        qpvsim_in_process({"run", std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/baseline.toml",
                           "--replicates", "2", "-o", path, "-q"}) == 0);
    return path;
  }();
  return file;
}

}  // namespace qpv::test
