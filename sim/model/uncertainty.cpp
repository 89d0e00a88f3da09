#include "sim/model/uncertainty.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/core/rng.hpp"

namespace qpv::model {

std::string_view uncertainty_name(Uncertainty u) {
  switch (u) {
    case Uncertainty::none:
      return "none";
    case Uncertainty::calibrated:
      return "calibrated";
    case Uncertainty::full:
      return "full";
  }
  return "?";
}

namespace {
constexpr std::array<Uncertainty, 3> kModes = {Uncertainty::none, Uncertainty::calibrated,
                                               Uncertainty::full};
}  // namespace

std::optional<Uncertainty> find_uncertainty(std::string_view name) {
  for (Uncertainty u : kModes)
    if (uncertainty_name(u) == name) return u;
  return std::nullopt;
}

const std::vector<std::string>& uncertainty_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Uncertainty u : kModes) out.emplace_back(uncertainty_name(u));
    return out;
  }();
  return names;
}

std::size_t draw_particle(const Posterior& posterior, std::uint64_t seed, std::uint32_t replicate) {
  Rng rng(StreamKey{seed, replicate, 0, static_cast<std::uint32_t>(Stream::posterior)});
  double total = 0;
  for (double w : posterior.weight) total += w;
  double u = rng.uniform() * total;
  for (std::size_t i = 0; i < posterior.weight.size(); ++i) {
    if ((u -= posterior.weight[i]) < 0) return i;
  }
  return posterior.weight.size() - 1;
}

std::array<TruncatedPrior, kParamCount> UncertaintySpec::registry_priors() {
  std::array<TruncatedPrior, kParamCount> priors;
  for (const ParamSpec& s : param_specs())
    priors[static_cast<std::size_t>(s.id)] = registry_prior(s.id);
  return priors;
}

std::array<ParamSource, kParamCount> parameter_sources(const UncertaintySpec& spec) {
  std::array<ParamSource, kParamCount> source;
  for (const ParamSpec& s : param_specs()) {
    const bool fixed = std::find(spec.fixed.begin(), spec.fixed.end(), s.id) != spec.fixed.end();
    const bool in_posterior =
        spec.posterior != nullptr &&
        std::find(spec.posterior->params.begin(), spec.posterior->params.end(), s.id) !=
            spec.posterior->params.end();
    ParamSource& to = source[static_cast<std::size_t>(s.id)];
    if (fixed) {
      to = ParamSource::scenario;
    } else if (s.role == Role::policy || spec.mode == Uncertainty::none) {
      to = ParamSource::registry;
    } else if (in_posterior) {
      to = ParamSource::posterior;
    } else {
      to = spec.mode == Uncertainty::full ? ParamSource::prior : ParamSource::registry;
    }
  }
  return source;
}

void draw_parameters(const UncertaintySpec& spec, const Parameters& base, RunPlan& plan) {
  plan.replicate_parameters.clear();
  plan.replicate_particle.clear();
  if (spec.mode != Uncertainty::none && spec.posterior == nullptr) {
    throw std::invalid_argument(std::string("uncertainty = \"") +
                                std::string(uncertainty_name(spec.mode)) +
                                "\" draws the calibrated parameters from a posterior, and none "
                                "was given");
  }
  const auto source = parameter_sources(spec);
  plan.parameter_source.assign(source.begin(), source.end());
  if (spec.mode == Uncertainty::none) return;
  // Column of each parameter in the posterior's particles.
  std::array<std::size_t, kParamCount> column{};
  for (std::size_t j = 0; j < spec.posterior->params.size(); ++j)
    column[static_cast<std::size_t>(spec.posterior->params[j])] = j;
  for (std::uint32_t r = 0; r < plan.replicates; ++r) {
    const std::size_t k = draw_particle(*spec.posterior, plan.seed, r);
    Parameters p = base;
    for (const ParamSpec& s : param_specs()) {
      const auto i = static_cast<std::size_t>(s.id);
      if (source[i] == ParamSource::posterior) {
        p.set(s.id, spec.posterior->theta[k][column[i]]);
      } else if (source[i] == ParamSource::prior) {
        // One uniform per (seed, replicate, parameter name): see the header.
        Rng rng(StreamKey{plan.seed, r, name_key(s.name),
                          static_cast<std::uint32_t>(Stream::parameters)});
        p.set(s.id, quantile(spec.priors[i], rng.uniform()));
      }
    }
    plan.replicate_parameters.push_back(p);
    plan.replicate_particle.push_back(static_cast<std::int64_t>(k));
  }
}

}  // namespace qpv::model
