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

#include "sim/core/error.hpp"
#include "sim/io/posterior_io.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/territory.hpp"
#include "sim/model/uncertainty.hpp"

namespace qpv::io {

/// A loaded, validated scenario: read-only once built.
struct Scenario {
  std::string file;  ///< the file given by the user
  /// Every file read, top first: (path, text as given). Recorded in results for provenance.
  std::vector<std::pair<std::string, std::string>> sources;
  std::string name;
  std::string description;
  std::string territory_dir;
  model::RunPlan run;  ///< what to run ([run])
  int threads = 0;     ///< how: worker threads ([run] threads; 0 = every core)
  model::Parameters parameters;
  /// Parameters set by the scenario (name, value), in registry order.
  std::vector<std::pair<std::string, double>> overrides;
  std::vector<model::Intervention> interventions;
  model::Territory territory;
  /// The territory's CSV files: (path, text as read). Recorded in results for provenance.
  std::vector<std::pair<std::string, std::string>> territory_sources;
  /// Which parameters each replicate draws ([run] uncertainty; default full).
  model::Uncertainty uncertainty = model::Uncertainty::full;
  /// The calibrated posterior the replicates draw the calibrated parameters from ([run]
  /// posterior; default the embedded Valenciennes posterior, kDefaultPosterior; none if the
  /// scenario says posterior = "none").
  std::optional<Posterior> posterior;
  /// Each parameter's prior: the registry's, or the one [priors] gives.
  std::array<model::TruncatedPrior, model::kParamCount> priors =
      model::UncertaintySpec::registry_priors();
  /// Where [run] uncertainty was set (for errors about it), or the top file.
  Origin uncertainty_origin;
};

/// The posterior runs use unless a scenario or the command line names another: the
/// Valenciennes calibration's (calibration/valenciennes/posterior.csv, embedded in the binary).
inline const std::string kDefaultPosterior = "embedded:calibration/valenciennes/posterior.csv";

/// Loads `path` (a file, or an "embedded:" name), its bases and its territory.
/// Throws qpv::InputError on the first problem found.
Scenario load_scenario(const std::string& path);

/// Loads a scenario given as TOML `text` rather than read from a file, with the same rules as
/// load_scenario: `origin` stands for the file name in errors and provenance (Scenario::file,
/// Scenario::sources) and is the folder its relative `base` and `territory` are resolved
/// against (an "embedded:" name resolves them among the embedded files). Nothing is read from
/// `origin` itself. Throws qpv::InputError on the first problem found.
Scenario load_scenario_text(const std::string& text, const std::string& origin);

/// The run plan of `s` with each replicate's parameters drawn under s.uncertainty from
/// s.posterior and s.priors (model::draw_parameters): every scenario run with the same seed gets
/// the same draws in the same replicate; parameters the scenario sets in [parameters] keep the
/// scenario's values. @throws InputError naming the uncertainty key if the mode needs a
/// posterior and the scenario has none.
model::RunPlan plan_for(const Scenario& s);
/// What plan_for draws: s.uncertainty from s.posterior and s.priors, the parameters s sets in
/// [parameters] fixed.
model::UncertaintySpec uncertainty_spec(const Scenario& s);

/// Replaces the scenario's territory by `n` synthetic QPV modelled on its own
/// (model::scale_territory, seeded by the scenario's seed): `run --scale` and `bench --scale`.
/// @throws InputError if an intervention targets QPVs by code (the synthetic ones have others).
void scale_scenario(Scenario& s, std::uint32_t n);

/// Makes `s` draw as `base` does (its uncertainty mode, posterior and priors): the scenarios of
/// a comparison then get the same parameter values in the same replicate.
void draw_as(const Scenario& base, Scenario& s);

/// Checks that `mode` can run with the scenario's posterior, naming `origin` and `key` in the
/// error (the scenario's [run] uncertainty, or a command-line option).
void check_uncertainty(const Scenario& s, model::Uncertainty mode, const Origin& origin,
                       const std::string& key);

/// The most memory the results of one command's runs may take, in bytes: 8 GiB. Results are
/// held in memory until written (8 bytes per counter, replicate, QPV and the total, and recorded
/// month), so a run that cannot fit is refused before it starts rather than failing half-way.
inline constexpr double kMaxResultsBytes = 8.0 * (1ULL << 30);

/// Refuses `scenarios` scenarios run like `s` (replicates, horizon, QPVs) whose results would
/// take more than kMaxResultsBytes, naming `origin` and run.replicates. The loader checks each
/// scenario as its file states it (so `validate` refuses what `run` would), and run and compare
/// again once the command line has had its say. @throws InputError.
void check_results_memory(const Scenario& s, std::size_t scenarios, const Origin& origin);

/// Every key a scenario file accepts, as "table.key" (interventions as "<kind>.key"), for the
/// documentation test.
std::vector<std::string> scenario_keys();

}  // namespace qpv::io
