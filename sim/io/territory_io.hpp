// Loading a territory folder: qpv.csv (the QPVs) and marginals.csv (synthesis targets).
// The format is documented in scenarios/territories/README.md.
#pragma once

#include <string>

#include "sim/model/territory.hpp"

namespace qpv::io {

/// Reads and validates `dir`/qpv.csv and `dir`/marginals.csv (`dir` may be an embedded path).
/// Throws qpv::InputError naming the file, line and column of the first problem.
model::Territory load_territory(const std::string& dir);

}  // namespace qpv::io
