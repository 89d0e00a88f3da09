#include "sim/model/parameters.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "sim/model/parameters/childcare.hpp"
#include "sim/model/parameters/demography.hpp"
#include "sim/model/parameters/labour_market.hpp"
#include "sim/model/parameters/screening.hpp"
#include "sim/model/parameters/transport_aid.hpp"

namespace qpv::model {
namespace {

/// The tables one after the other, in one array.
template <std::size_t... N>
constexpr std::array<ParamSpec, (N + ...)> join(const ParamSpec (&... tables)[N]) {
  std::array<ParamSpec, (N + ...)> all{};
  std::size_t next = 0;
  auto append = [&](const auto& table) {
    for (const ParamSpec& spec : table) all[next++] = spec;
  };
  (append(tables), ...);
  return all;
}

// The registry: each process's parameters (sim/model/parameters/), in the order of Param.
// Defaults are first guesses; runs draw calibrated parameters from the calibrated posterior and
// uncertain ones from their priors (sim/model/uncertainty.hpp). Where no source is given the
// number is an assumption, and the source field says so and why. Priors of the levers'
// mechanisms reach "no effect" where the literature does (shared interventions_reference.csv).
constexpr std::array<ParamSpec, kParamCount> kSpecs =
    join(kLabourMarketParams, kScreeningParams, kTransportAidParams, kChildcareParams,
         kDemographyParams);

constexpr bool registry_in_enum_order() {
  for (std::size_t i = 0; i < kSpecs.size(); ++i) {
    if (static_cast<std::size_t>(kSpecs[i].id) != i) return false;
    if (!(kSpecs[i].min <= kSpecs[i].default_value && kSpecs[i].default_value <= kSpecs[i].max))
      return false;
  }
  return true;
}
static_assert(registry_in_enum_order(),
              "parameter table out of enum order or default out of range");

}  // namespace

const std::array<ParamSpec, kParamCount>& param_specs() {
  return kSpecs;
}

std::optional<Param> find_param(std::string_view name) {
  for (const auto& s : kSpecs) {
    if (s.name == name) return s.id;
  }
  return std::nullopt;
}

std::string_view role_name(Role r) {
  switch (r) {
    case Role::calibrated:
      return "calibrated";
    case Role::uncertain:
      return "uncertain";
    case Role::policy:
      return "policy";
  }
  return "?";
}

std::string_view source_name(ParamSource s) {
  switch (s) {
    case ParamSource::registry:
      return "registry";
    case ParamSource::scenario:
      return "scenario";
    case ParamSource::posterior:
      return "posterior";
    case ParamSource::prior:
      return "prior";
  }
  return "?";
}

std::string_view prior_kind_name(Prior::Kind k) {
  switch (k) {
    case Prior::Kind::uniform:
      return "uniform";
    case Prior::Kind::normal:
      return "normal";
    case Prior::Kind::lognormal:
      return "lognormal";
    case Prior::Kind::beta:
      return "beta";
  }
  return "?";
}

const std::vector<std::string>& prior_kind_names() {
  static const std::vector<std::string> names = {
      std::string(prior_kind_name(Prior::Kind::uniform)),
      std::string(prior_kind_name(Prior::Kind::normal)),
      std::string(prior_kind_name(Prior::Kind::lognormal)),
      std::string(prior_kind_name(Prior::Kind::beta))};
  return names;
}

std::optional<Prior::Kind> find_prior_kind(std::string_view name) {
  for (Prior::Kind k :
       {Prior::Kind::uniform, Prior::Kind::normal, Prior::Kind::lognormal, Prior::Kind::beta})
    if (prior_kind_name(k) == name) return k;
  return std::nullopt;
}

Parameters::Parameters() {
  for (const auto& s : kSpecs) values_[static_cast<std::size_t>(s.id)] = s.default_value;
}

void Parameters::set(Param p, double value) {
  const ParamSpec& s = spec(p);
  if (!(value >= s.min && value <= s.max)) {
    throw std::out_of_range(
        fmt::format("{} must be in [{}, {}] {}, got {}", s.name, s.min, s.max, s.unit, value));
  }
  values_[static_cast<std::size_t>(p)] = value;
}

}  // namespace qpv::model
