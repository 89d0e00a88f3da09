// make_record: a scenario and its results as the record a results file holds (results_io.hpp).
#include <limits>
#include <utility>

#include "sim/core/version.hpp"
#include "sim/io/files.hpp"
#include "sim/io/results_io.hpp"

namespace qpv::io {

RunRecord make_record(const Scenario& s, model::RunResults results) {
  RunRecord rec;
  rec.qpvsim_version = std::string(version());
  rec.git_commit = std::string(git_commit());
  rec.created_utc = utc_now();
  rec.name = s.name;
  rec.description = s.description;
  rec.file = s.file;
  rec.territory = s.territory.name;
  rec.seed = s.run.seed;
  rec.start = s.run.start.to_string();
  rec.end = s.run.end.to_string();
  rec.warmup_months = s.run.warmup_months;
  for (const auto& [file, text] : s.sources) {
    rec.scenario_files.push_back(file);
    rec.scenario_toml.push_back(text);
  }
  for (const auto& [file, text] : s.territory_sources) {
    rec.territory_files.push_back(file);
    rec.territory_csv.push_back(text);
  }
  for (const auto& i : s.interventions) {
    rec.interventions.push_back(std::string(model::kind_name(i)) +
                                (i.id.empty() ? "" : " [" + i.id + "]") +
                                (i.name.empty() ? "" : ": " + i.name));
    rec.intervention_kinds.emplace_back(model::kind_name(i));
    rec.intervention_names.push_back(i.name);
    if (i.budget_per_year)
      rec.planned_budget_cents[static_cast<std::size_t>(model::lever_of(i))] +=
          i.budget_per_year->count();
  }
  rec.uncertainty = std::string(model::uncertainty_name(s.uncertainty));
  for (const auto& spec : model::param_specs()) {
    const auto i = static_cast<std::size_t>(spec.id);
    rec.parameter_names.emplace_back(spec.name);
    rec.parameter_units.emplace_back(spec.unit);
    rec.parameter_sources.emplace_back(spec.source);
    rec.parameter_priors.push_back(model::prior_text(s.priors[i].prior));
    rec.parameter_roles.emplace_back(model::role_name(spec.role));
    rec.parameter_drawn_from.emplace_back(model::source_name(results.parameter_source.at(i)));
    rec.parameter_values.push_back(s.parameters[spec.id]);
    rec.parameter_defaults.push_back(spec.default_value);
    bool set = false;
    for (const auto& [n, v] : s.overrides) set = set || n == spec.name;
    rec.parameter_overridden.push_back(set);
  }
  std::int64_t total_pop = 0, total_creche = 0;
  for (const auto& q : s.territory.qpvs) {
    rec.qpv_codes.push_back(q.code);
    rec.qpv_names.push_back(q.name);
    std::string c;
    for (const auto& x : q.communes) c += (c.empty() ? "" : ";") + x;
    rec.qpv_communes.push_back(c);
    rec.qpv_population.push_back(q.population);
    rec.qpv_creche_places.push_back(q.creche_places);
    rec.qpv_transit_access.push_back(q.transit_access);
    total_pop += q.population;
    total_creche += q.creche_places;
  }
  rec.qpv_codes.emplace_back("ALL");
  rec.qpv_names.push_back("Ensemble des " + std::to_string(s.territory.qpvs.size()) + " QPV");
  rec.qpv_communes.emplace_back("");
  rec.qpv_population.push_back(total_pop);
  rec.qpv_creche_places.push_back(total_creche);
  rec.qpv_transit_access.push_back(std::numeric_limits<double>::quiet_NaN());
  if (s.posterior && s.uncertainty != model::Uncertainty::none) {
    // The values each replicate ran with: the particle's, or the scenario's where it sets the
    // parameter itself (see plan_for).
    rec.posterior_file = s.posterior->file;
    rec.posterior_names = s.posterior->names;
    for (std::uint32_t r = 0; r < results.replicates; ++r) {
      for (const model::Param p : s.posterior->params)
        rec.posterior_values.push_back(
            results.parameter_values[std::size_t{r} * model::kParamCount +
                                     static_cast<std::size_t>(p)]);
    }
  }
  rec.results = std::move(results);
  return rec;
}

}  // namespace qpv::io
