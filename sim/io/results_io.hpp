// The layout of a results file (DESIGN.md §6), written through any ResultSink.
#pragma once

#include <string>

#include "sim/engine/result_sink.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::io {

/// Writes provenance (/meta), the territory table, the month axis, every indicator
/// [replicate][qpv 0..15][month], the raw counters and event counts; does not commit.
void write_run(const Scenario& scenario, const model::RunResults& results,
               engine::ResultSink& sink);

/// Writes the results of `scenario` to `path` atomically (temporary name, renamed when
/// complete). On any exception no file is left at `path`.
void write_run_file(const Scenario& scenario, const model::RunResults& results,
                    const std::string& path);

}  // namespace qpv::io
