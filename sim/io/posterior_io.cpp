#include "sim/io/posterior_io.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace qpv::io {

Posterior read_posterior(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(Origin{path}, "posterior", "no such file");
  std::unique_ptr<Hdf5Reader> h5;
  try {
    h5 = std::make_unique<Hdf5Reader>(path);
  } catch (const OutputError&) {
    throw InputError(Origin{path}, "posterior", "not an HDF5 file (expected a qpvsim posterior)");
  }
  const bool posterior = h5->exists("/meta") && h5->has_attribute("/meta", "kind") && [&] {
    const auto kind = h5->attribute("/meta", "kind");
    const auto* s = std::get_if<std::string>(&kind);
    return s != nullptr && *s == "posterior";
  }();
  if (!posterior || !h5->exists("/posterior/theta") || !h5->exists("/parameters/name"))
    throw InputError(Origin{path}, "posterior",
                     "not a posterior file (expected one written by qpvsim calibrate)");
  Posterior p;
  p.file = path;
  p.names = h5->strings("/parameters/name");
  for (const std::string& name : p.names) {
    const auto param = model::find_param(name);
    if (!param)
      throw InputError(Origin{path}, "/parameters/name",
                       "unknown parameter \"" + name + "\" (a posterior of another version?)");
    p.params.push_back(*param);
  }
  const auto theta = h5->doubles("/posterior/theta");
  p.weight = h5->doubles("/posterior/weight").values;
  if (theta.shape.size() != 2 || theta.shape[0] != p.weight.size() ||
      theta.shape[1] != p.names.size() || p.weight.empty())
    throw InputError(Origin{path}, "/posterior/theta", "its shape does not match the parameters");
  for (std::size_t i = 0; i < p.weight.size(); ++i) {
    const auto row = theta.values.begin() + static_cast<std::ptrdiff_t>(i * p.names.size());
    p.theta.emplace_back(row, row + static_cast<std::ptrdiff_t>(p.names.size()));
    for (std::size_t k = 0; k < p.names.size(); ++k) {
      const model::ParamSpec& spec = model::spec(p.params[k]);
      if (!(p.theta[i][k] >= spec.min && p.theta[i][k] <= spec.max))
        throw InputError(Origin{path}, "/posterior/theta",
                         "particle " + std::to_string(i) + " puts " + p.names[k] +
                             " outside the registry's range");
    }
  }
  return p;
}

std::size_t draw_particle(const Posterior& posterior, std::uint64_t seed, std::uint32_t replicate) {
  Rng rng(StreamKey{seed, replicate, 0, static_cast<std::uint32_t>(model::Stream::posterior)});
  double total = 0;
  for (double w : posterior.weight) total += w;
  double u = rng.uniform() * total;
  for (std::size_t i = 0; i < posterior.weight.size(); ++i) {
    if ((u -= posterior.weight[i]) < 0) return i;
  }
  return posterior.weight.size() - 1;
}

void apply_posterior(const Posterior& posterior, const model::Parameters& base,
                     const std::vector<model::Param>& keep, model::RunPlan& plan) {
  plan.replicate_parameters.clear();
  plan.replicate_particle.clear();
  for (std::uint32_t r = 0; r < plan.replicates; ++r) {
    const std::size_t k = draw_particle(posterior, plan.seed, r);
    model::Parameters p = base;
    for (std::size_t j = 0; j < posterior.params.size(); ++j) {
      if (std::find(keep.begin(), keep.end(), posterior.params[j]) == keep.end())
        p.set(posterior.params[j], posterior.theta[k][j]);
    }
    plan.replicate_parameters.push_back(p);
    plan.replicate_particle.push_back(static_cast<std::int64_t>(k));
  }
}

}  // namespace qpv::io
