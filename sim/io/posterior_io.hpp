// Posterior files: the layout of their particles, the one place that names those datasets
// (the calibration writes them, calibration/posterior.hpp; runs and reports read them), and
// reading a calibrated posterior for runs: from a posterior file (HDF5, qpvsim calibrate) or
// from its CSV export (`qpvsim export posterior.h5 --csv DIR` writes DIR/posterior.csv), the
// form the default Valenciennes posterior is embedded in.
//
// The CSV: '#' lines of provenance, a header `weight,<parameter>,...`, then one particle a row.
// Weights must be finite and non-negative, with a positive sum; values must lie in the
// registry's range. How runs draw from it: sim/model/uncertainty.hpp.
#pragma once

#include <string>
#include <vector>

#include "sim/io/hdf5_reader.hpp"
#include "sim/io/result_sink.hpp"
#include "sim/model/uncertainty.hpp"

namespace qpv::io {

using Posterior = model::Posterior;

/// /meta kind of a posterior file (file_kind).
inline const std::string kPosteriorKind = "posterior";
/// The calibrated parameters' names, in the order of the particles' columns.
inline const std::string kParameterNames = "/parameters/name";
/// The group of the posterior's particles (the last generation's).
inline const std::string kPosteriorGroup = "/posterior";
/// The group of generation `index`'s particles: "/generations/<index>".
std::string generation_group(int index);

/// Weighted particles as a posterior file stores them below a group.
struct ParticleArrays {
  Hdf5Reader::DoubleArray theta;       ///< [particle][parameter (kParameterNames)]
  std::vector<double> weight;          ///< normalised
  std::vector<double> distance;        ///< to the fitted targets
  Hdf5Reader::DoubleArray statistics;  ///< [particle][target (/targets/id)]
};

/// Writes `particles` below `group` (theta, weight, distance, statistics), with the coordinate
/// variables of their axes (netcdf_axes.hpp): particle (0..n-1), parameter (`parameters`, the
/// names of theta's columns) and target (`targets`, the ids of the statistics' columns). Does
/// not commit.
void write_particles(ResultSink& sink, const std::string& group, const ParticleArrays& particles,
                     const std::vector<std::string>& parameters,
                     const std::vector<std::string>& targets);
/// Reads back what write_particles wrote below `group`. Throws ReadError if a dataset is
/// missing, if the arrays' lengths disagree or if a weight is not finite and >= 0 (or all are 0).
ParticleArrays read_particles(const Hdf5Reader& h5, const std::string& group);
/// Only theta and weight (what runs draw from); distance and statistics are left empty.
ParticleArrays read_weighted_particles(const Hdf5Reader& h5, const std::string& group);

/// Reads the posterior of a posterior file (.h5) or of its CSV export (.csv, on disk or
/// "embedded:"). @throws InputError naming the file (and line) if it is not a qpvsim posterior,
/// names a parameter the registry does not know, puts a value outside the registry's range or
/// has unusable weights.
Posterior read_posterior(const std::string& path);

}  // namespace qpv::io
