// Running and judging candidate allocations (evaluator.hpp).

#include "analysis/allocation/evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "analysis/stats.hpp"
#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/results_io.hpp"
#include "sim/io/scenario.hpp"

namespace qpv::analysis::allocation {
namespace {

constexpr std::string_view kCheckpointKind = "allocation_checkpoint";

/// Flattens a measurement: [replicates, qpvs], then per outcome its totals and per-QPV values,
/// then the spending per lever.
std::vector<double> flatten(const Measured& m) {
  const std::size_t reps = m.outcomes.empty() ? 0 : m.outcomes.front().total.size();
  const std::size_t qpvs = reps == 0 ? 0 : m.outcomes.front().by_qpv.size() / reps;
  std::vector<double> out = {static_cast<double>(reps), static_cast<double>(qpvs)};
  for (const OutcomeValues& v : m.outcomes) {
    out.insert(out.end(), v.total.begin(), v.total.end());
    out.insert(out.end(), v.by_qpv.begin(), v.by_qpv.end());
  }
  out.insert(out.end(), m.spent_eur.begin(), m.spent_eur.end());
  return out;
}

Measured unflatten(const double* v, std::size_t outcomes) {
  const auto reps = static_cast<std::size_t>(v[0]);
  const auto qpvs = static_cast<std::size_t>(v[1]);
  const double* p = v + 2;
  Measured m;
  for (std::size_t o = 0; o < outcomes; ++o) {
    OutcomeValues ov;
    ov.total.assign(p, p + reps);
    p += reps;
    ov.by_qpv.assign(p, p + reps * qpvs);
    p += reps * qpvs;
    m.outcomes.push_back(std::move(ov));
  }
  std::copy(p, p + model::kLevers, m.spent_eur.begin());
  return m;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

/// The q-quantile of `v` (type 7).
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : quantile_sorted(v, q);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

double share_better(const std::vector<double>& a, const std::vector<double>& b) {
  double wins = 0;
  for (std::size_t r = 0; r < a.size(); ++r) wins += a[r] > b[r] ? 1.0 : a[r] == b[r] ? 0.5 : 0.0;
  return a.empty() ? 0.0 : wins / static_cast<double>(a.size());
}

RunStore::RunStore(std::string path, std::string fingerprint, std::size_t outcomes, bool root)
    : path_(std::move(path)),
      fingerprint_(std::move(fingerprint)),
      outcomes_(outcomes),
      root_(root) {
  if (path_.empty() || !std::filesystem::exists(path_)) return;
  const io::Hdf5Reader h5(path_);
  if (!h5.has_attribute("/meta", "fingerprint") ||
      io::text_attribute(h5, "/meta", "kind") != kCheckpointKind)
    throw InputError(Origin{path_}, "checkpoint", "not a checkpoint of qpvsim allocate");
  if (io::text_attribute(h5, "/meta", "fingerprint") != fingerprint_)
    throw InputError(Origin{path_}, "checkpoint",
                     "written by another study (other files or settings); remove it or run "
                     "with --restart");
  const std::vector<std::string> keys = h5.strings("/runs/key");
  const std::vector<double> values = h5.doubles("/runs/values").values;
  const std::vector<std::int64_t> offsets = h5.integers("/runs/offset").values;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    runs_[keys[k]] = unflatten(values.data() + offsets[k], outcomes_);
    order_.push_back(keys[k]);
  }
  resumed_ = keys.size();
}

const Measured* RunStore::find(const std::string& key) const {
  const auto it = runs_.find(key);
  return it == runs_.end() ? nullptr : &it->second;
}

void RunStore::add(const std::string& key, Measured m) {
  runs_[key] = std::move(m);
  order_.push_back(key);
  // Every 16 runs (a few seconds of work): rewriting the file after each would cost more than
  // the runs on a large study.
  if (order_.size() % 16 == 0) save();
}

void RunStore::flush() const {
  save();
}

void RunStore::save() const {
  if (path_.empty() || !root_) return;
  std::vector<double> values;
  std::vector<std::int64_t> offsets;
  for (const std::string& key : order_) {
    offsets.push_back(static_cast<std::int64_t>(values.size()));
    const std::vector<double> flat = flatten(runs_.at(key));
    values.insert(values.end(), flat.begin(), flat.end());
  }
  io::Hdf5Sink sink(path_);
  sink.attribute("/meta", {"kind", std::string(kCheckpointKind)});
  sink.attribute("/meta", {"fingerprint", fingerprint_});
  sink.strings("/runs/key", order_);
  sink.doubles("/runs/values", {values.size()}, values);
  sink.integers("/runs/offset", {offsets.size()}, offsets);
  sink.commit();
}

// ---------------------------------------------------------------------------------------------

Runner::Runner(const AllocationConfig& c, const std::vector<Outcome>& outcomes, std::uint64_t seed,
               std::uint32_t replicates, const engine::Execution& how, RunStore& store)
    : c_(c), outcomes_(outcomes), how_(how), store_(store) {
  io::Scenario s = c.baseline;
  s.run.seed = seed;
  s.run.replicates = replicates;
  plan_ = io::plan_for(s);
  baseline_ = model::run(s.territory, s.parameters, plan_, s.interventions, how_);
  window_ = window_of(baseline_, c.first_year, c.last_year);
  for (const model::Qpv& q : s.territory.qpvs) population_.push_back(q.population);
}

Measured Runner::measure(const Allocation& a) {
  std::string key = fmt::format("{}:{}:", plan_.seed, plan_.replicates);
  for (const double v : a.capacity) key += fmt::format("{},", v);
  if (const Measured* m = store_.find(key)) return *m;

  std::vector<model::Intervention> ivs = c_.baseline.interventions;
  for (model::Intervention& i : interventions(c_, a)) ivs.push_back(std::move(i));
  const model::RunResults r =
      model::run(c_.baseline.territory, c_.baseline.parameters, plan_, ivs, how_);
  ++model_runs_;
  Measured m;
  for (const Outcome& o : outcomes_)
    m.outcomes.push_back(outcome_values(o, baseline_, r, window_, population_));
  const std::uint32_t all = r.partitions - 1;
  const int years = c_.last_year - c_.first_year + 1;
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    std::int64_t cents = 0;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      for (int y = c_.first_year; y <= c_.last_year; ++y)
        if (y >= r.first_year && static_cast<std::size_t>(y - r.first_year) < r.years)
          cents += r.spent(rep, all, l, static_cast<std::size_t>(y - r.first_year));
    m.spent_eur[l] = static_cast<double>(cents) / 100.0 / r.replicates / years;
  }
  store_.add(key, m);
  return m;
}

// ---------------------------------------------------------------------------------------------

Judge::Judge(const AllocationConfig& c, const std::vector<Outcome>& outcomes,
             const Measured& status_quo)
    : c_(c), outcomes_(outcomes), scale_(outcomes.size(), 1.0), status_quo_(status_quo) {
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    const double m = std::abs(mean(status_quo.outcomes[o].total));
    scale_[o] = m > 1e-9 ? m : 1.0;
  }
}

std::size_t Judge::outcome_index(const std::string& id) const {
  for (std::size_t o = 0; o < outcomes_.size(); ++o)
    if (outcomes_[o].id == id) return o;
  throw std::logic_error("allocation: outcome not evaluated: " + id);
}

std::vector<std::pair<std::size_t, double>> Judge::terms() const {
  if (maximise != std::string::npos) return {{maximise, 1.0}};
  if (c_.objective.kind == ObjectiveKind::floors)
    return {{outcome_index(c_.objective.maximise), 1.0}};
  std::vector<std::pair<std::size_t, double>> out;
  for (const ObjectiveTerm& t : c_.objective.terms) {
    const std::size_t o = outcome_index(t.outcome);
    out.emplace_back(o, c_.objective.weights == Weights::euros ? t.weight : t.weight / scale_[o]);
  }
  return out;
}

std::vector<double> Judge::objective(const std::vector<OutcomeValues>& outcomes) const {
  std::vector<double> j(outcomes.front().total.size(), 0.0);
  for (const auto& [o, weight] : terms())
    for (std::size_t r = 0; r < j.size(); ++r) j[r] += weight * outcomes[o].total[r];
  return j;
}

std::vector<double> Judge::by_qpv(const std::vector<OutcomeValues>& outcomes) const {
  std::vector<double> j(outcomes.front().by_qpv.size(), 0.0);
  for (const auto& [o, weight] : terms())
    for (std::size_t k = 0; k < j.size(); ++k) j[k] += weight * outcomes[o].by_qpv[k];
  return j;
}

double Judge::statistic(const std::vector<double>& j, const std::vector<double>& reference) const {
  switch (c_.objective.statistic) {
    case Statistic::mean:
      return mean(j);
    case Statistic::quantile:
      return quantile(j, c_.objective.quantile);
    case Statistic::prob_better:
      return share_better(j, reference);
  }
  return 0.0;
}

void Judge::judge(Evaluation& e) const {
  e.objective = objective(e.outcomes);
  const std::vector<double> per_qpv = by_qpv(e.outcomes);  // [replicate][qpv]
  const std::size_t reps = e.objective.size();
  const std::size_t qpvs = per_qpv.size() / std::max<std::size_t>(1, reps);
  e.objective_by_qpv.assign(qpvs, 0.0);
  for (std::size_t k = 0; k < per_qpv.size(); ++k)
    e.objective_by_qpv[k % qpvs] += per_qpv[k] / static_cast<double>(reps);
  e.statistic = statistic(e.objective, status_quo_objective());
  double worst = -std::numeric_limits<double>::infinity();
  std::string binding;
  auto consider = [&](double v, std::string what) {
    if (v > worst) {
      worst = v;
      binding = std::move(what);
    }
  };
  consider(e.allocation.violation_eur / c_.envelope_eur, "bounds");
  const bool quantile_floors = c_.objective.statistic == Statistic::quantile;
  if (c_.objective.kind == ObjectiveKind::floors && maximise == std::string::npos) {
    for (const ObjectiveTerm& t : c_.objective.terms) {
      const std::vector<double>& y = e.outcomes[outcome_index(t.outcome)].total;
      const double level = quantile_floors ? quantile(y, c_.objective.quantile) : mean(y);
      consider((t.floor - level) / std::max(1.0, std::abs(t.floor)),
               "objective floor " + t.outcome);
    }
  }
  for (const auto& [o, level] : extra_floors) {
    consider((level - mean(e.outcomes[o].total)) / std::max(1.0, std::abs(level)),
             "frontier floor " + outcomes_[o].id);
  }
  if (c_.equity.no_qpv_worse_off) {
    // Each QPV's objective against the status quo's, paired by replicate: a QPV is worse off if
    // its mean loss exceeds two standard errors of the paired difference (what the replicates
    // can tell from noise), relative to the largest status-quo value of a QPV.
    const std::vector<double> reference = by_qpv(status_quo_.outcomes);
    double scale = 0;
    for (const double v : reference) scale = std::max(scale, std::abs(v));
    if (scale <= 1e-9) scale = 1.0;
    const auto& names = c_.baseline.territory.qpvs;
    for (std::size_t q = 0; q < qpvs; ++q) {
      std::vector<double> gain;
      for (std::size_t r = 0; r < reps; ++r)
        gain.push_back(per_qpv[r * qpvs + q] - reference[r * qpvs + q]);
      const double mean_gain = mean(gain);
      consider((-mean_gain - 2 * standard_error(gain)) / scale,
               "equity no_qpv_worse_off: " + names[q].code + " (" + names[q].name + ")");
    }
  }
  e.violation = worst;
  e.binding = binding;
}

}  // namespace qpv::analysis::allocation
