#include "sim/io/posterior_io.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "sim/core/error.hpp"
#include "sim/io/csv.hpp"
#include "sim/io/embedded.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/netcdf_axes.hpp"

namespace qpv::io {
namespace {

/// Checks particle i's values against the registry's ranges and its weight; `where` names the
/// file and line (or dataset) in errors.
void check_particle(const Posterior& p, std::size_t i, const Origin& where,
                    const std::string& key) {
  const double w = p.weight[i];
  if (!(std::isfinite(w) && w >= 0))
    throw InputError(where, key,
                     "particle " + std::to_string(i) + " has weight " + std::to_string(w) +
                         "; expected a finite weight >= 0");
  for (std::size_t k = 0; k < p.names.size(); ++k) {
    const model::ParamSpec& spec = model::spec(p.params[k]);
    if (!(p.theta[i][k] >= spec.min && p.theta[i][k] <= spec.max))
      throw InputError(where, key == "weight" ? p.names[k] : key,
                       "particle " + std::to_string(i) + " puts " + p.names[k] +
                           " outside the registry's range [" + std::to_string(spec.min) + ", " +
                           std::to_string(spec.max) + "]");
  }
}

void check_weights(const Posterior& p, const Origin& where, const std::string& key) {
  double total = 0;
  for (double w : p.weight) total += w;
  if (p.weight.empty() || !(total > 0 && std::isfinite(total)))
    throw InputError(where, key, "no particle with a positive weight");
}

model::Param registry_param(const std::string& name, const Origin& where, const std::string& key) {
  const auto param = model::find_param(name);
  if (!param)
    throw InputError(where, key,
                     "unknown parameter \"" + name + "\" (a posterior of another version?)");
  return *param;
}

Posterior read_csv(const std::string& path) {
  const CsvTable csv(path, read_text(path));
  if (csv.rows().empty()) throw InputError(Origin{path}, "", "no particle: expected one a row");
  Posterior p;
  p.file = path;
  // The header: weight, then the calibrated parameters (names the registry knows).
  for (const std::string& column : csv.header()) {
    if (column == "weight") continue;
    if (std::find(p.names.begin(), p.names.end(), column) != p.names.end())
      throw InputError(Origin{path}, column, "the column appears twice in the header");
    p.names.push_back(column);
    p.params.push_back(registry_param(column, Origin{path}, column));
  }
  std::vector<std::string> columns = p.names;
  columns.insert(columns.begin(), "weight");
  csv.require_columns(columns);  // a missing weight, a row of the wrong width
  for (const CsvRow& row : csv.rows()) {
    p.weight.push_back(csv.number(row, "weight"));
    std::vector<double> theta;
    for (const std::string& name : p.names) theta.push_back(csv.number(row, name));
    p.theta.push_back(std::move(theta));
    check_particle(p, p.weight.size() - 1, csv.origin(row), "weight");
  }
  check_weights(p, Origin{path}, "weight");
  return p;
}

Posterior read_hdf5(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(Origin{path}, "posterior", "no such file");
  const auto h5 = std::make_unique<Hdf5Reader>(path);  // ReadError names what is wrong
  if (file_kind(*h5) != kPosteriorKind || !h5->exists(kPosteriorGroup + "/theta") ||
      !h5->exists(kParameterNames))
    throw InputError(Origin{path}, "posterior",
                     "not a posterior file (expected one written by qpvsim calibrate)");
  Posterior p;
  p.file = path;
  p.names = h5->strings(kParameterNames);
  for (const std::string& name : p.names)
    p.params.push_back(registry_param(name, Origin{path}, kParameterNames));
  ParticleArrays particles = read_weighted_particles(*h5, kPosteriorGroup);
  const auto& theta = particles.theta;
  p.weight = std::move(particles.weight);
  if (theta.shape.size() != 2 || theta.shape[0] != p.weight.size() ||
      theta.shape[1] != p.names.size() || p.weight.empty())
    throw InputError(Origin{path}, "/posterior/theta", "its shape does not match the parameters");
  for (std::size_t i = 0; i < p.weight.size(); ++i) {
    const auto row = theta.values.begin() + static_cast<std::ptrdiff_t>(i * p.names.size());
    p.theta.emplace_back(row, row + static_cast<std::ptrdiff_t>(p.names.size()));
    check_particle(p, i, Origin{path}, "/posterior/theta");
  }
  check_weights(p, Origin{path}, "/posterior/weight");
  return p;
}

}  // namespace

std::string generation_group(int index) {
  return "/generations/" + std::to_string(index);
}

void write_particles(ResultSink& sink, const std::string& group, const ParticleArrays& particles,
                     const std::vector<std::string>& parameters,
                     const std::vector<std::string>& targets) {
  const std::size_t n = particles.weight.size();
  write_index_coordinate(sink, group + "/particle", n, "particule");
  sink.strings(group + "/parameter", parameters, {{"long_name", std::string("paramètre")}});
  make_coordinate(sink, group + "/parameter");
  sink.strings(group + "/target", targets, {{"long_name", std::string("cible du calage")}});
  make_coordinate(sink, group + "/target");
  // The parameters and the targets have units of their own: theta and statistics have none.
  sink.doubles(group + "/theta", particles.theta.shape, particles.theta.values,
               {{"dimensions", std::string("particle, parameter (/parameters/name)")},
                {"long_name", std::string("valeurs des paramètres")}});
  attach(sink, group + "/theta", {"particle", "parameter"});
  sink.doubles(group + "/weight", {n}, particles.weight,
               with_cf({{"description", std::string("normalised weights")}}, "1", "poids"));
  attach(sink, group + "/weight", {"particle"});
  sink.doubles(group + "/distance", {n}, particles.distance,
               with_cf({{"description", std::string("largest |model - observed| / tolerance over "
                                                    "the fitted targets")}},
                       "1", "distance aux cibles"));
  attach(sink, group + "/distance", {"particle"});
  sink.doubles(group + "/statistics", particles.statistics.shape, particles.statistics.values,
               {{"dimensions", std::string("particle, target (/targets/id)")},
                {"long_name", std::string("statistiques simulées")}});
  attach(sink, group + "/statistics", {"particle", "target"});
}

ParticleArrays read_weighted_particles(const Hdf5Reader& h5, const std::string& group) {
  ParticleArrays particles;
  particles.theta = h5.doubles(group + "/theta");
  const Hdf5Reader::DoubleArray weight = h5.doubles(group + "/weight");
  const std::size_t n = particles.theta.shape.empty() ? 0 : particles.theta.shape[0];
  const std::size_t width = particles.theta.shape.size() == 2 ? particles.theta.shape[1] : 0;
  require_shape(h5, group + "/theta", particles.theta.shape, {n, width}, "particle, parameter");
  require_shape(h5, group + "/weight", weight.shape, {n}, "one weight per particle of theta");
  particles.weight = weight.values;
  double total = 0;
  for (double w : particles.weight) {
    if (!(std::isfinite(w) && w >= 0))
      fail_reading(h5, group + "/weight",
                   "a weight is " + std::to_string(w) + "; expected finite weights >= 0");
    total += w;
  }
  if (!(total > 0 && std::isfinite(total)))
    fail_reading(h5, group + "/weight", "no particle with a positive weight");
  return particles;
}

ParticleArrays read_particles(const Hdf5Reader& h5, const std::string& group) {
  ParticleArrays particles = read_weighted_particles(h5, group);
  const std::size_t n = particles.weight.size();
  const Hdf5Reader::DoubleArray distance = h5.doubles(group + "/distance");
  require_shape(h5, group + "/distance", distance.shape, {n}, "one per particle of theta");
  particles.distance = distance.values;
  particles.statistics = h5.doubles(group + "/statistics");
  const auto& shape = particles.statistics.shape;
  require_shape(h5, group + "/statistics", shape, {n, shape.size() == 2 ? shape[1] : 0},
                "particle, target");
  return particles;
}

Posterior read_posterior(const std::string& path) {
  return path.ends_with(".csv") ? read_csv(path) : read_hdf5(path);
}

}  // namespace qpv::io
