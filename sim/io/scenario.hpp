// Scenario files (TOML): loading, `base` inheritance and validation.
//
// A scenario names its territory, its run settings, parameter overrides and interventions;
// `base = "other.toml"` makes it a variant that states only what differs (tables merge key
// by key; an [[intervention]] with the `id` of one in the base replaces it, others are added).
// Every key is checked before anything runs; errors name the file, line and key. The keys are
// documented in scenarios/README.md.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/posterior_io.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/territory.hpp"

namespace qpv::io {

/// A loaded, validated scenario: read-only once built.
struct Scenario {
  std::string file;  ///< the file given by the user
  /// Every file read, top first: (path, text as given). Recorded in results for provenance.
  std::vector<std::pair<std::string, std::string>> sources;
  std::string name;
  std::string description;
  std::string territory_dir;
  model::RunPlan run;
  model::Parameters parameters;
  /// Parameters set by the scenario (name, value), in registry order.
  std::vector<std::pair<std::string, double>> overrides;
  std::vector<model::Intervention> interventions;
  model::Territory territory;
  /// The territory's CSV files: (path, text as read). Recorded in results for provenance.
  std::vector<std::pair<std::string, std::string>> territory_sources;
  /// The calibrated posterior the replicates draw their parameters from ([run] posterior).
  std::optional<Posterior> posterior;
};

/// Loads `path` (a file, or an "embedded:" name), its bases and its territory.
/// Throws qpv::InputError on the first problem found.
Scenario load_scenario(const std::string& path);

/// Loads a scenario given as TOML `text` rather than read from a file, with the same rules as
/// load_scenario: `origin` stands for the file name in errors and provenance (Scenario::file,
/// Scenario::sources) and is the folder its relative `base` and `territory` are resolved
/// against (an "embedded:" name resolves them among the embedded files). Nothing is read from
/// `origin` itself. Throws qpv::InputError on the first problem found.
Scenario load_scenario_text(const std::string& text, const std::string& origin);

/// The run plan of `s` for a run that draws its parameters from `posterior` (if any): each
/// replicate takes the particle io::draw_particle gives for the plan's seed, so every scenario
/// run with that seed uses the same particle in the same replicate; parameters the scenario
/// sets in [parameters] keep the scenario's values.
model::RunPlan plan_with_posterior(const Scenario& s, const std::optional<Posterior>& posterior);

/// Every key a scenario file accepts, as "table.key" (interventions as "<kind>.key"), for the
/// documentation test.
std::vector<std::string> scenario_keys();

}  // namespace qpv::io
