// libFuzzer target: a territory folder as the scenario loader reads it (io::load_territory). The
// input holds both files, qpv.csv then marginals.csv after a line "==> marginals.csv <==" (a
// leading "==> qpv.csv <==" line is allowed), written to scratch()/territory/.
#include "sim/io/territory_io.hpp"
#include "tests/fuzz/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qpv;
  static const std::vector<std::string> kFiles = {"qpv.csv", "marginals.csv"};
  const auto dir = fuzz::scratch() / "territory";
  std::filesystem::create_directories(dir);
  const std::vector<std::string> files =
      fuzz::split_files(std::string_view(reinterpret_cast<const char*>(data), size), kFiles);
  for (std::size_t k = 0; k < kFiles.size(); ++k) fuzz::write_file(dir / kFiles[k], files[k]);
  fuzz::run_input([&] { (void)io::load_territory(dir.string()); });
  return 0;
}
