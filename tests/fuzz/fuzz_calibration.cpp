// libFuzzer target: a calibration as `qpvsim calibrate FILE` loads it before fitting
// (calibration::load_calibration): calibration.toml, then targets.toml and priors.toml after
// lines "==> targets.toml <==" and "==> priors.toml <==", written to
// scratch()/calibration/valenciennes/. The scenario it names resolves as in the source tree:
// "../../scenarios/valenciennes/baseline.toml" (Valenciennes) or "../baseline.toml" (tiny).
#include "calibration/config.hpp"
#include "tests/fuzz/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qpv;
  static const std::vector<std::string> kFiles = {"calibration.toml", "targets.toml",
                                                  "priors.toml"};
  const auto dir = fuzz::scratch() / "calibration/valenciennes";
  const std::vector<std::string> files =
      fuzz::split_files(std::string_view(reinterpret_cast<const char*>(data), size), kFiles);
  for (std::size_t k = 0; k < kFiles.size(); ++k) fuzz::write_file(dir / kFiles[k], files[k]);
  fuzz::run_input([&] { (void)calibration::load_calibration((dir / kFiles[0]).string()); });
  return 0;
}
