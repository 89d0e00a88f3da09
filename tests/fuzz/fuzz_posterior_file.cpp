// libFuzzer target: a posterior, fed whole, in either form the tool reads. An input with the
// HDF5 signature is a posterior file (qpvsim calibrate): what `qpvsim report` and `qpvsim export`
// do with it (common.hpp report_and_export), then what `run`/`compare --posterior` do
// (io::read_posterior); any other input is its CSV export, read by io::read_posterior. A
// posterior read without error must keep read_posterior's contract (sim/io/posterior_io.hpp):
// one weight per particle, each finite and >= 0 with a positive sum, one value per parameter
// within the registry's range, and every replicate's draw a particle of it. A breach aborts.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/io/posterior_io.hpp"
#include "tests/fuzz/common.hpp"

namespace {

using qpv::model::Posterior;

[[noreturn]] void breach(const Posterior& p, const char* what) {
  std::fprintf(stderr, "qpvsim fuzz: io::read_posterior(%s) broke its contract: %s\n",
               p.file.c_str(), what);
  std::abort();
}

/// The contract of io::read_posterior, and the draws a run of 8 replicates makes from it.
void check_contract(const Posterior& p) {
  if (p.weight.empty() || p.theta.size() != p.weight.size()) breach(p, "weights and particles");
  if (p.params.size() != p.names.size()) breach(p, "names and parameters");
  double total = 0;
  for (std::size_t i = 0; i < p.weight.size(); ++i) {
    if (!(std::isfinite(p.weight[i]) && p.weight[i] >= 0)) breach(p, "a weight not finite or < 0");
    total += p.weight[i];
    if (p.theta[i].size() != p.names.size()) breach(p, "a particle's width");
    for (std::size_t k = 0; k < p.names.size(); ++k) {
      const auto& spec = qpv::model::spec(p.params[k]);
      if (!(p.theta[i][k] >= spec.min && p.theta[i][k] <= spec.max))
        breach(p, "a value outside the registry's range");
    }
  }
  if (!(total > 0 && std::isfinite(total))) breach(p, "no positive finite weight sum");
  constexpr std::uint32_t kReplicates = 8;
  for (std::uint32_t r = 0; r < kReplicates; ++r)
    if (qpv::model::draw_particle(p, 1, r) >= p.weight.size()) breach(p, "a draw out of range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qpv;
  const bool hdf5 = fuzz::is_hdf5(data, size);
  const fuzz::InputFile file(data, size, hdf5 ? ".h5" : ".csv");
  if (hdf5) fuzz::run_input([&] { fuzz::report_and_export(file.path()); });
  fuzz::run_input([&] { check_contract(io::read_posterior(file.path())); });
  return 0;
}
