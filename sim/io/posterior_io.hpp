// Reading a calibrated posterior for runs: from a posterior file (HDF5, qpvsim calibrate,
// calibration/posterior.hpp) or from its CSV export (`qpvsim export posterior.h5 --csv DIR`
// writes DIR/posterior.csv), the form the default Valenciennes posterior is embedded in.
//
// The CSV: '#' lines of provenance, a header `weight,<parameter>,...`, then one particle a row.
// Weights must be finite and non-negative, with a positive sum; values must lie in the
// registry's range. How runs draw from it: sim/model/uncertainty.hpp.
#pragma once

#include <string>

#include "sim/model/uncertainty.hpp"

namespace qpv::io {

using Posterior = model::Posterior;

/// Reads the posterior of a posterior file (.h5) or of its CSV export (.csv, on disk or
/// "embedded:"). @throws InputError naming the file (and line) if it is not a qpvsim posterior,
/// names a parameter the registry does not know, puts a value outside the registry's range or
/// has unusable weights.
Posterior read_posterior(const std::string& path);

}  // namespace qpv::io
