// The layout of a results file (DESIGN.md §6), written through any ResultSink and read back.
//
// A RunRecord is what one results tree holds: the scenario's provenance and its simulated
// results. write_run() writes it, read_run() reads it back, field for field; a run file is one
// tree at the root, a comparison file one tree per scenario below /scenarios/<id>.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/task_runner.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/result_sink.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::io {

/// One results tree: provenance of the scenario that produced it, and its results.
struct RunRecord {
  std::string qpvsim_version, git_commit, created_utc;
  std::string name;         ///< [scenario] name
  std::string description;  ///< [scenario] description
  std::string file;         ///< the scenario file as given
  std::string territory;    ///< territory name
  std::uint64_t seed = 0;
  std::string start, end;  ///< YYYY-MM-DD
  std::int64_t warmup_months = 0;
  /// Every scenario file of the inheritance chain, top first, and its text as given.
  std::vector<std::string> scenario_files, scenario_toml;
  /// The territory's CSV files and their text as read.
  std::vector<std::string> territory_files, territory_csv;
  /// Each intervention as "kind [id]: name", its kind and its (French) name, in order.
  std::vector<std::string> interventions, intervention_kinds, intervention_names;
  /// Yearly budgets the interventions set, per lever (cents; 0: none).
  std::array<std::int64_t, model::kLevers> planned_budget_cents{};
  /// The parameter registry with the values used: name, value, default, unit, prior (the
  /// registry's, or the scenario's [priors]), source, role (calibrated, uncertain, policy),
  /// where the run's values come from (registry, scenario, posterior, prior), and 1 where the
  /// scenario set it.
  std::vector<std::string> parameter_names, parameter_units, parameter_priors, parameter_sources,
      parameter_roles, parameter_drawn_from;
  std::vector<double> parameter_values, parameter_defaults;
  std::vector<std::int64_t> parameter_overridden;
  /// "none", "calibrated" or "full" ([run] uncertainty or --uncertainty); each replicate's
  /// values are results.parameter_values.
  std::string uncertainty = "none";
  /// Territory rows (the last is all QPVs together, code "ALL").
  std::vector<std::string> qpv_codes, qpv_names, qpv_communes;
  std::vector<std::int64_t> qpv_population, qpv_creche_places;
  std::vector<double> qpv_transit_access;
  /// The calibrated posterior the replicates drew their parameters from ("" if none), its
  /// parameters, and per replicate the values of the particle drawn ([replicate][parameter];
  /// results.particle says which particle).
  std::string posterior_file;
  std::vector<std::string> posterior_names;
  std::vector<double> posterior_values;
  model::RunResults results;  ///< counters, spending and event counts, as simulated
};

/// The record of `scenario` run into `results` (moved in), stamped with this build's version,
/// commit and the current time.
RunRecord make_record(const Scenario& scenario, model::RunResults results);

/// A [replicate][qpv][month] array of `results`' shape holding f(replicate, qpv, month),
/// computed on `threads` threads (0: every core), a replicate per task, each into its own slice:
/// the same array for any thread count.
template <class T, class F>
std::vector<T> per_cell(const model::RunResults& results, int threads, F f) {
  const std::size_t months = results.months.size();
  const std::size_t per_replicate = std::size_t{results.partitions} * months;
  std::vector<T> v(per_replicate * results.replicates);
  engine::TaskRunner(threads).run(results.replicates, 1, [&](engine::TaskKey k) {
    T* out = v.data() + k.replicate * per_replicate;
    for (std::uint32_t q = 0; q < results.partitions; ++q)
      for (std::size_t m = 0; m < months; ++m) *out++ = f(k.replicate, q, m);
  });
  return v;
}

/// Writes the record below `prefix` ("" for a run file, "/scenarios/<id>" in a comparison):
/// provenance (meta), the territory table, the month and year axes, every indicator
/// [replicate][qpv 0..15][month] (computed from the counters), the counters, spending per
/// lever [replicate][qpv][year] in cents and event counts. Does not commit. The arrays are
/// gathered on `threads` threads (0: every core); what is written does not depend on it.
void write_run(const RunRecord& record, ResultSink& sink, const std::string& prefix = "",
               int threads = 0);
/// Same, for a scenario and its results.
void write_run(const Scenario& scenario, const model::RunResults& results, ResultSink& sink,
               const std::string& prefix = "", int threads = 0);

/// Writes the results of `scenario` to `path` atomically (temporary name, renamed when
/// complete). On any exception no file is left at `path`.
void write_run_file(const Scenario& scenario, const model::RunResults& results,
                    const std::string& path);

/// Reads the results tree below `prefix` back. Throws qpv::InputError naming the file and the
/// path if it is not a qpvsim results tree (a missing dataset or attribute, a wrong shape).
RunRecord read_run(const Hdf5Reader& file, const std::string& prefix = "");

}  // namespace qpv::io
