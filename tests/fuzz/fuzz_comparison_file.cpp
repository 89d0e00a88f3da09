// libFuzzer target: a comparison file (qpvsim compare), fed whole: read by
// analysis::read_comparison_file, reported and exported as `qpvsim report` and `qpvsim export` do
// (common.hpp report_and_export). The bytes are written to scratch()/input.h5, since the HDF5
// reader opens a path.
#include "tests/fuzz/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const qpv::fuzz::InputFile file(data, size);
  qpv::fuzz::run_input([&] { qpv::fuzz::report_and_export(file.path()); });
  return 0;
}
