// Reading the [[intervention]] tables of a scenario file (sim/io/scenario.hpp): each kind's
// keys, checked as they are read; the checks that need the whole scenario (dates within the
// run, QPV codes of the territory) are deferred to the loader.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/toml_reader.hpp"
#include "sim/model/interventions.hpp"

namespace qpv::io {

/// Checks deferred until every layer is read (run dates, territory codes).
struct DeferredChecks {
  std::vector<Sourced<Date>> dates;  ///< must lie within the run horizon
  std::vector<Sourced<std::string>> qpv_codes;
  std::optional<Sourced<Date>> mammography_from;
};

/// One [[intervention]] as read, with the checks left for when the whole scenario is known.
struct InterventionDraft {
  model::Intervention intervention;
  DeferredChecks checks;
  Origin origin;
  bool has_start = false, has_end = false;  // transport aid / crèche: default to the run's
};

/// Reads the table `node`, the `index`-th [[intervention]] of `file`. @throws InputError naming
/// the file, line and key of the first problem.
InterventionDraft read_intervention(const std::string& file, const toml::node& node,
                                    std::size_t index);

/// Each kind of intervention with the keys its table accepts, for scenario_keys().
std::vector<std::pair<std::string, Keys>> intervention_keys();

}  // namespace qpv::io
