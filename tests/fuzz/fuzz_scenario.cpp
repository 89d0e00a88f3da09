// libFuzzer target: a scenario file as `qpvsim validate FILE` reads it (sim/app/file_commands.cpp
// cmd_validate): loaded with its bases and territory, its uncertainty mode checked, its summary
// line formatted. The input is written to scratch()/scenarios/valenciennes/input.toml, beside
// copies of the Valenciennes scenarios and of the tiny territory (common.hpp).
#include <fmt/format.h>

#include "sim/io/scenario.hpp"
#include "tests/fuzz/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qpv;
  const auto path = fuzz::scratch() / "scenarios/valenciennes/input.toml";
  fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::run_input([&] {
    const io::Scenario s = io::load_scenario(path.string());
    io::check_uncertainty(s, s.uncertainty, s.uncertainty_origin, "run.uncertainty");
    std::int64_t residents = 0;
    for (const auto& q : s.territory.qpvs) residents += q.population;
    (void)fmt::format("{} {} {} {} {} {} {} {} {} {} {}", s.name, s.territory.name,
                      s.territory.qpvs.size(), residents, s.run.start.to_string(),
                      s.run.end.to_string(), s.run.replicates, s.run.seed, s.overrides.size(),
                      s.interventions.size(), path.string());
  });
  return 0;
}
