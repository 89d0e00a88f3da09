// libFuzzer target: a run file (qpvsim run), fed whole: read back by io::read_run, then what
// `qpvsim report` and `qpvsim export` do with it (common.hpp report_and_export). The bytes are
// written to scratch()/input.h5, since the HDF5 reader opens a path.
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/results_io.hpp"
#include "tests/fuzz/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qpv;
  const fuzz::InputFile file(data, size);
  fuzz::run_input([&] {
    const io::Hdf5Reader h5(file.path());
    (void)io::read_run(h5);
  });
  fuzz::run_input([&] { fuzz::report_and_export(file.path()); });
  return 0;
}
