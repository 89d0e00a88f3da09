// Writing the allocation results file (file.hpp).

#include "analysis/allocation/file.hpp"

#include <cmath>
#include <limits>

#include "analysis/stats.hpp"
#include "sim/core/version.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_sink.hpp"

namespace qpv::analysis::allocation {
namespace {

using io::Attribute;
constexpr std::size_t kLevers = model::kLevers;

std::int64_t as_int(std::size_t v) {
  return static_cast<std::int64_t>(v);
}

/// The allocation file and every scenario file the study read, each once.
std::vector<std::pair<std::string, std::string>> study_sources(const AllocationConfig& c) {
  std::vector<std::pair<std::string, std::string>> out = c.sources;
  for (const auto& source : c.baseline.sources) {
    bool listed = false;
    for (const auto& seen : out) listed = listed || seen.first == source.first;
    if (!listed) out.push_back(source);
  }
  return out;
}

/// What the report needs to say what was optimised and what the intervals include: the
/// objective's terms, the targeting exponent, the equity rule, the search's settings, and how the
/// replicates draw the parameters (the baseline's uncertainty mode, and how many parameters each
/// source gives).
void write_settings(io::ResultSink& sink, const AllocationConfig& c) {
  const std::string m = "/meta";
  const Objective& o = c.objective;
  sink.attribute(m, {"weights", std::string(o.weights == Weights::euros ? "euros" : "shares")});
  sink.attribute(m, {"maximise", o.maximise});
  sink.attribute(m, {"quantile", o.quantile});
  sink.attribute(m, {"exponent", c.exponent});
  sink.attribute(m, {"step", c.step});
  sink.attribute(m, {"max_evaluations", as_int(c.max_evaluations)});
  sink.attribute(m, {"no_qpv_worse_off", std::int64_t{c.equity.no_qpv_worse_off ? 1 : 0}});
  sink.attribute(m, {"min_eur_per_resident", c.equity.min_eur_per_resident});
  sink.attribute(m, {"uncertainty", std::string(model::uncertainty_name(c.baseline.uncertainty))});
  std::int64_t posterior = 0, prior = 0;
  for (const model::ParamSource from : model::parameter_sources(io::uncertainty_spec(c.baseline))) {
    posterior += from == model::ParamSource::posterior ? 1 : 0;
    prior += from == model::ParamSource::prior ? 1 : 0;
  }
  sink.attribute(m, {"parameters_posterior", posterior});
  sink.attribute(m, {"parameters_prior", prior});
  sink.strings("/objective/outcome", io::column(o.terms, &ObjectiveTerm::outcome));
  sink.doubles("/objective/weight", {o.terms.size()}, io::column(o.terms, &ObjectiveTerm::weight),
               {{"unit", std::string("weights = euros: euros per unit; shares: a share")}});
  sink.doubles("/objective/floor", {o.terms.size()}, io::column(o.terms, &ObjectiveTerm::floor));
}

void write_meta(io::ResultSink& sink, const AllocationConfig& c, const Study& s, double wall) {
  const std::string m = "/meta";
  sink.attribute(m, {"kind", std::string("allocation")});
  sink.attribute(m, {"qpvsim_version", std::string(version())});
  sink.attribute(m, {"git_commit", std::string(git_commit())});
  sink.attribute(m, {"created_utc", io::utc_now()});
  sink.attribute(m, {"name", c.name});
  sink.attribute(m, {"seed", static_cast<std::int64_t>(c.seed)});
  sink.attribute(m, {"replicates", static_cast<std::int64_t>(c.replicates)});
  sink.attribute(m, {"fresh_seed", static_cast<std::int64_t>(fresh_seed(c))});
  sink.attribute(m, {"fresh_replicates", static_cast<std::int64_t>(c.fresh_replicates)});
  sink.attribute(m, {"envelope_eur_per_year", c.envelope_eur});
  sink.attribute(m, {"first_year", static_cast<std::int64_t>(c.first_year)});
  sink.attribute(m, {"last_year", static_cast<std::int64_t>(c.last_year)});
  sink.attribute(m, {"targeting", std::string(targeting_name(c.targeting))});
  sink.attribute(m, {"statistic", std::string(statistic_name(c.objective.statistic))});
  sink.attribute(
      m, {"objective",
          std::string(c.objective.kind == ObjectiveKind::weighted ? "weighted" : "floors")});
  write_settings(sink, c);
  sink.attribute(m, {"recommended", as_int(s.recommended)});
  sink.attribute(m, {"model_runs", as_int(s.model_runs)});
  sink.attribute(m, {"resumed_runs", as_int(s.resumed)});
  sink.attribute(m, {"seconds_curves", s.seconds_curves});
  sink.attribute(m, {"seconds_search", s.seconds_search});
  sink.attribute(m, {"seconds_pareto", s.seconds_pareto});
  sink.attribute(m, {"seconds_reevaluation", s.seconds_reevaluation});
  sink.attribute(m, {"wall_seconds", wall});
  const auto sources = study_sources(c);
  using Source = std::pair<std::string, std::string>;
  sink.strings(m + "/files", io::column(sources, &Source::first),
               {{"description", std::string("the allocation file, the lever scenarios' files, then "
                                            "the baseline's")}});
  sink.strings(m + "/texts", io::column(sources, &Source::second),
               {{"description", std::string("each file as given")}});
}

void write_levels(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  const auto& qpvs = c.baseline.territory.qpvs;
  std::vector<std::string> code, name;
  std::vector<std::int64_t> population;
  for (const model::Qpv& q : qpvs) {
    code.push_back(q.code);
    name.push_back(q.name);
    population.push_back(q.population);
  }
  sink.strings("/territory/qpv_code", code);
  sink.strings("/territory/qpv_name", name);
  sink.integers("/territory/population", {qpvs.size()}, population,
                {{"unit", std::string("persons")}});
  std::vector<std::string> lever, label;
  std::vector<std::int64_t> in_play;
  std::vector<double> unit_cost, need, min_eur, max_eur, committed;
  for (const model::LeverSpec& spec : model::kLeverSpecs) {
    lever.emplace_back(spec.name);
    label.emplace_back(spec.label_fr);
    const LeverConfig* played = nullptr;
    for (const LeverConfig& l : c.levers)
      if (l.lever == spec.lever) played = &l;
    in_play.push_back(played ? 1 : 0);
    min_eur.push_back(played ? played->min_eur : 0.0);
    max_eur.push_back(played ? played->max_eur : 0.0);
    committed.push_back(played ? played->committed_eur : 0.0);
    unit_cost.push_back(played ? unit_cost_eur(c, spec.lever) : 0.0);
    for (std::size_t q = 0; q < qpvs.size(); ++q)
      need.push_back(s.need[static_cast<std::size_t>(spec.lever)][q]);
  }
  sink.strings("/levers/name", lever);
  sink.strings("/levers/label_fr", label);
  sink.integers("/levers/in_play", {kLevers}, in_play);
  sink.doubles("/levers/unit_cost_eur", {kLevers}, unit_cost,
               {{"description", std::string("a year per unit of capacity: a crèche place "
                                            "(operating + investment / years), a truck passage; "
                                            "transport aid 1 (its capacity is in euros)")}});
  const io::Attribute yearly{"unit", std::string("euros a year")};
  sink.doubles("/levers/min_eur", {kLevers}, min_eur, {yearly});
  sink.doubles("/levers/max_eur", {kLevers}, max_eur, {yearly});
  sink.doubles("/levers/committed_eur", {kLevers}, committed, {yearly});
  sink.doubles("/levers/need", {kLevers, qpvs.size()}, need,
               {{"description", std::string("baseline need level the targeting rule uses")}});
  sink.strings("/outcomes/id", io::column(s.outcomes, &Outcome::id));
  sink.strings("/outcomes/label_fr", io::column(s.outcomes, &Outcome::label_fr));
  sink.strings("/outcomes/unit", io::column(s.outcomes, &Outcome::unit));
}

/// Mean, q05 and q95 over replicates of each outcome's territory total, appended per row.
void add_outcome_stats(const std::vector<OutcomeValues>& outcomes, std::vector<double>& mean,
                       std::vector<double>& q05, std::vector<double>& q95) {
  for (const OutcomeValues& v : outcomes) {
    const Distribution d = distribution(v.total);
    mean.push_back(d.mean);
    q05.push_back(d.q05);
    q95.push_back(d.q95);
  }
}

void write_candidates(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  const std::size_t n = s.evaluations.size();
  const std::size_t qpvs = c.baseline.territory.qpvs.size();
  const auto years = static_cast<std::size_t>(c.last_year - c.first_year + 1);
  const std::size_t dims = s.coordinates.size();
  const std::size_t reps = n ? s.evaluations.front().objective.size() : 0;
  std::vector<std::string> phase, label, binding;
  std::vector<double> statistic, violation, eur, capacity, planned, spent, x, mean, q05, q95,
      objective, by_qpv;
  std::vector<std::int64_t> feasible;
  for (const Evaluation& e : s.evaluations) {
    phase.emplace_back(phase_name(e.phase));
    label.push_back(e.label);
    binding.push_back(e.binding);
    statistic.push_back(e.statistic);
    violation.push_back(e.violation);
    feasible.push_back(e.feasible() ? 1 : 0);
    for (std::size_t l = 0; l < kLevers; ++l)
      for (std::size_t q = 0; q < qpvs; ++q)
        for (std::size_t y = 0; y < years; ++y) eur.push_back(e.allocation.eur[l * qpvs + q]);
    capacity.insert(capacity.end(), e.allocation.capacity.begin(), e.allocation.capacity.end());
    planned.insert(planned.end(), e.allocation.planned_eur.begin(), e.allocation.planned_eur.end());
    spent.insert(spent.end(), e.spent_eur.begin(), e.spent_eur.end());
    for (std::size_t d = 0; d < dims; ++d)
      x.push_back(e.x.empty() ? std::numeric_limits<double>::quiet_NaN() : e.x[d]);
    add_outcome_stats(e.outcomes, mean, q05, q95);
    objective.insert(objective.end(), e.objective.begin(), e.objective.end());
    by_qpv.insert(by_qpv.end(), e.objective_by_qpv.begin(), e.objective_by_qpv.end());
  }
  const std::string g = "/candidates";
  const std::size_t outcomes = s.outcomes.size();
  sink.strings(g + "/phase", phase);
  sink.strings(g + "/label", label);
  sink.strings(g + "/binding", binding,
               {{"description", std::string("the constraint missed by the most (or closest)")}});
  sink.doubles(g + "/statistic", {n}, statistic);
  sink.doubles(g + "/violation", {n}, violation,
               {{"description", std::string("<= 0: every constraint met; relative to its scale")}});
  sink.integers(g + "/feasible", {n}, feasible);
  sink.doubles(g + "/eur", {n, kLevers, qpvs, years}, eur, {{"unit", std::string("euros a year")}});
  sink.doubles(g + "/capacity", {n, kLevers, qpvs}, capacity,
               {{"unit", std::string("transport aid: euros a year; crèche: places; truck: "
                                     "passages a year")}});
  sink.doubles(g + "/planned_eur", {n, kLevers, qpvs}, planned,
               {{"unit", std::string("euros a year")}});
  sink.doubles(g + "/spent_eur", {n, kLevers}, spent,
               {{"unit", std::string("euros a year, simulated (mean over replicates)")}});
  sink.doubles(g + "/x", {n, dims}, x);
  sink.strings(g + "/coordinates", s.coordinates);
  sink.doubles(g + "/outcome_mean", {n, outcomes}, mean);
  sink.doubles(g + "/outcome_q05", {n, outcomes}, q05);
  sink.doubles(g + "/outcome_q95", {n, outcomes}, q95);
  sink.doubles(g + "/objective", {n, reps}, objective);
  sink.doubles(g + "/objective_by_qpv", {n, qpvs}, by_qpv);
}

void write_curves_and_frontier(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  std::vector<std::string> lever;
  std::vector<double> fraction;
  std::vector<std::int64_t> candidate;
  for (const Curve& curve : s.curves) {
    lever.emplace_back(model::lever_name(curve.lever));
    fraction.insert(fraction.end(), curve.fractions.begin(), curve.fractions.end());
    for (const std::size_t i : curve.evaluations) candidate.push_back(as_int(i));
  }
  const std::size_t f = c.curve_fractions.size();
  sink.strings("/curves/lever", lever);
  sink.doubles("/curves/fraction", {s.curves.size(), f}, fraction,
               {{"unit", std::string("share of the envelope")}});
  sink.integers("/curves/candidate", {s.curves.size(), f}, candidate);
  if (s.pareto.empty()) return;
  std::vector<double> epsilon;
  std::vector<std::int64_t> point, found;
  for (const ParetoPoint& p : s.pareto) {
    epsilon.insert(epsilon.end(), p.epsilon.begin(), p.epsilon.end());
    point.push_back(as_int(p.evaluation));
    found.push_back(p.found ? 1 : 0);
  }
  sink.strings("/pareto/outcomes", c.pareto.outcomes);
  sink.doubles("/pareto/epsilon", {s.pareto.size(), c.pareto.outcomes.size() - 1}, epsilon);
  sink.integers("/pareto/candidate", {s.pareto.size()}, point);
  sink.integers("/pareto/found", {s.pareto.size()}, found);
}

void write_reevaluation(io::ResultSink& sink, const Study& s) {
  const std::size_t n = s.reevaluated.size();
  const std::size_t fresh = n ? s.reevaluated.front().objective.size() : 0;
  std::vector<std::string> label;
  std::vector<std::int64_t> candidate;
  std::vector<double> statistic, objective, mean, q05, q95, spent;
  for (const Reevaluated& r : s.reevaluated) {
    label.push_back(r.label);
    candidate.push_back(as_int(r.evaluation));
    statistic.push_back(r.statistic);
    objective.insert(objective.end(), r.objective.begin(), r.objective.end());
    add_outcome_stats(r.outcomes, mean, q05, q95);
    spent.insert(spent.end(), r.spent_eur.begin(), r.spent_eur.end());
  }
  const std::string g = "/reevaluation";
  sink.strings(g + "/label", label);
  sink.integers(g + "/candidate", {n}, candidate);
  sink.doubles(g + "/statistic", {n}, statistic);
  sink.doubles(g + "/probability_better", {n}, s.probability_better,
               {{"description", std::string("P(the recommendation's objective > this row's) over "
                                            "the fresh replicates; ties count one half")}});
  sink.doubles(g + "/objective", {n, fresh}, objective);
  sink.doubles(g + "/outcome_mean", {n, s.outcomes.size()}, mean);
  sink.doubles(g + "/outcome_q05", {n, s.outcomes.size()}, q05);
  sink.doubles(g + "/outcome_q95", {n, s.outcomes.size()}, q95);
  sink.doubles(g + "/spent_eur", {n, kLevers}, spent, {{"unit", std::string("euros a year")}});
}

void write_dependence(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  std::vector<std::string> name, label;
  std::vector<double> correlation, median, low, high;
  std::vector<std::int64_t> candidate_low, candidate_high;
  for (const Dependence& d : s.dependence) {
    const model::ParamSpec& spec = model::spec(d.parameter);
    name.emplace_back(spec.name);
    label.emplace_back(spec.label_fr);
    correlation.push_back(d.correlation);
    median.push_back(d.median);
    candidate_low.push_back(as_int(d.best_low));
    candidate_high.push_back(as_int(d.best_high));
    for (const auto& [index, out] : {std::pair{d.best_low, &low}, std::pair{d.best_high, &high}})
      for (std::size_t l = 0; l < kLevers; ++l)
        out->push_back(s.evaluations[index].allocation.lever_total(static_cast<model::Lever>(l)) /
                       c.envelope_eur);
  }
  const std::string g = "/dependence";
  const std::size_t n = s.dependence.size();
  sink.strings(g + "/parameter", name);
  sink.strings(g + "/label_fr", label);
  sink.doubles(g + "/correlation", {n}, correlation,
               {{"description", std::string("Pearson, over the search's replicates, of the "
                                            "parameter's draw with the recommendation's gain "
                                            "over the status quo")}});
  sink.doubles(g + "/median", {n}, median);
  sink.integers(g + "/candidate_low", {n}, candidate_low,
                {{"description", std::string("the best candidate on the replicates where the "
                                             "parameter is at most its median")}});
  sink.integers(g + "/candidate_high", {n}, candidate_high);
  sink.doubles(g + "/shares_low", {n, kLevers}, low,
               {{"unit", std::string("share of the envelope")}});
  sink.doubles(g + "/shares_high", {n, kLevers}, high,
               {{"unit", std::string("share of the envelope")}});
}

}  // namespace

void write_allocation_file(const std::string& path, const AllocationConfig& c, const Study& s,
                           double wall_seconds) {
  io::Hdf5Sink sink(path);
  write_meta(sink, c, s, wall_seconds);
  write_levels(sink, c, s);
  write_candidates(sink, c, s);
  write_curves_and_frontier(sink, c, s);
  write_reevaluation(sink, s);
  write_dependence(sink, c, s);
  write_allocation_axes(sink, c, s);
  sink.commit();
}

}  // namespace qpv::analysis::allocation
