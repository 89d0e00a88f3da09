#include "sim/model/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

#include "sim/engine/cluster.hpp"

namespace qpv::model {

std::uint64_t RunResults::total_events() const {
  return std::accumulate(events.begin(), events.end(), std::uint64_t{0});
}

double RunResults::indicator_mean(const IndicatorSpec& s, std::uint32_t r, std::uint32_t q,
                                  std::size_t first, std::size_t last) const {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t m = first; m <= last; ++m) {
    const double v = indicator(s, r, q, m);
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

namespace {

/// The results arrays of one scenario, sized for its plan.
RunResults empty_results(const Territory& territory, const Parameters& params,
                         const RunPlan& plan) {
  RunResults r;
  r.months = recorded_months(plan);
  r.replicates = plan.replicates;
  const auto n_qpv = static_cast<std::uint32_t>(territory.qpvs.size());
  r.partitions = n_qpv + 1;
  r.counters.assign(std::size_t{r.replicates} * r.partitions * r.months.size() * kCounterCount, 0);
  r.events.assign(std::size_t{r.replicates} * n_qpv, 0);
  r.work.assign(std::size_t{r.replicates} * n_qpv, {});
  r.first_year = plan.start.year;
  r.years = static_cast<std::size_t>(plan.end.year - plan.start.year + 1);
  r.spending.assign(std::size_t{r.replicates} * r.partitions * kLevers * r.years, 0);
  if (!plan.replicate_parameters.empty() && plan.replicate_parameters.size() != plan.replicates)
    throw std::invalid_argument("run: replicate_parameters must have one entry per replicate");
  r.particle = plan.replicate_particle;
  r.particle.resize(plan.replicates, -1);
  r.parameter_source = plan.parameter_source;
  r.parameter_source.resize(kParamCount, ParamSource::registry);
  for (std::uint32_t rep = 0; rep < plan.replicates; ++rep) {
    const Parameters& p =
        plan.replicate_parameters.empty() ? params : plan.replicate_parameters[rep];
    for (const ParamSpec& spec : param_specs()) r.parameter_values.push_back(p[spec.id]);
  }
  return r;
}

/// What synthesis reads from a QPV: two scenarios whose QPVs agree on it get the same
/// synthetic population for the same replicate.
bool same_synthesis(const Qpv& a, const Qpv& b) {
  return a.code == b.code && a.population == b.population && a.creche_places == b.creche_places &&
         a.marginals == b.marginals;
}

/// The rows of every rank merged, then the total partition: counters summed over QPVs in a
/// fixed order (integers: exact).
void finish_results(RunResults& r, engine::Cluster& cluster) {
  static_assert(std::is_trivially_copyable_v<PartitionWork> && sizeof(PartitionWork) % 8 == 0);
  cluster.merge(r.counters.data(), r.counters.size());
  cluster.merge(r.spending.data(), r.spending.size());
  cluster.merge(r.events.data(), r.events.size());
  cluster.merge(r.work.data(), r.work.size() * sizeof(PartitionWork) / 8);
  const std::uint32_t n_qpv = r.partitions - 1;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    std::int64_t* total = r.counters.data() + r.offset(rep, n_qpv, 0);
    for (std::uint32_t q = 0; q < n_qpv; ++q) {
      const std::int64_t* part = r.counters.data() + r.offset(rep, q, 0);
      for (std::size_t k = 0; k < r.months.size() * kCounterCount; ++k) total[k] += part[k];
      const std::size_t sp = r.spending_offset(rep, q), st = r.spending_offset(rep, n_qpv);
      for (std::size_t k = 0; k < kLevers * r.years; ++k) {
        if (__builtin_add_overflow(r.spending[st + k], r.spending[sp + k], &r.spending[st + k]))
          throw SpendingOverflow(static_cast<Lever>(k / r.years),
                                 r.first_year + static_cast<int>(k % r.years));
      }
    }
  }
}

}  // namespace

RunResults run(const Territory& territory, const Parameters& params, const RunPlan& plan,
               const std::vector<Intervention>& interventions, const engine::Execution& how) {
  return std::move(
      run_paired({ScenarioInput{&territory, &params, plan, &interventions}}, how).front());
}

namespace {

/// shares[k][q]: scenario k's QPV q gets the first scenario's population of that QPV (same
/// seed and start, and the same QPV data as far as synthesis reads them).
std::vector<std::vector<std::uint8_t>> shared_populations(
    const std::vector<ScenarioInput>& scenarios) {
  const ScenarioInput& first = scenarios.front();
  const std::size_t n_qpv = first.territory->qpvs.size();
  std::vector<std::vector<std::uint8_t>> shares(scenarios.size());
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    const ScenarioInput& s = scenarios[k];
    if (s.plan.replicates != first.plan.replicates || s.territory->qpvs.size() != n_qpv)
      throw std::invalid_argument("run_paired: scenarios differ in replicates or QPVs");
    const bool same_draws = s.plan.seed == first.plan.seed && s.plan.start == first.plan.start;
    shares[k].resize(n_qpv);
    for (std::size_t q = 0; q < n_qpv; ++q) {
      shares[k][q] =
          k > 0 && same_draws && same_synthesis(s.territory->qpvs[q], first.territory->qpvs[q]);
    }
  }
  return shares;
}

/// One (replicate, QPV) task of a paired run: every scenario's partition, the first
/// scenario's population kept for the scenarios that share it (a copy each: a scenario changes
/// its population as it runs).
void run_task(const std::vector<ScenarioInput>& scenarios,
              const std::vector<std::vector<std::uint8_t>>& shares, std::uint32_t rep,
              std::uint32_t q, std::vector<RunResults>& results) {
  const std::size_t task = std::size_t{rep} * (results.front().partitions - 1) + q;
  Synthesized kept;
  bool keep = false;
  for (std::size_t k = 1; k < scenarios.size(); ++k) keep = keep || shares[k][q];
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    const ScenarioInput& s = scenarios[k];
    RunResults& r = results[k];
    const Parameters& p =
        s.plan.replicate_parameters.empty() ? *s.params : s.plan.replicate_parameters[rep];
    const Synthesized* shared = nullptr;
    double synthesis_seconds = 0;  // the kept population's, counted in scenario 0
    if (k == 0 && keep) {
      const auto t0 = std::chrono::steady_clock::now();
      kept = synthesize_partition(*s.territory, q, s.plan, rep);
      synthesis_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      shared = &kept;
    } else if (shares[k][q]) {
      shared = &kept;
    }
    r.work[task] =
        simulate_partition(*s.territory, q, p, s.plan, rep, r.counters.data() + r.offset(rep, q, 0),
                           r.spending.data() + r.spending_offset(rep, q), *s.interventions, shared);
    r.work[task].seconds[static_cast<std::size_t>(Phase::synthesis)] += synthesis_seconds;
    r.events[task] = r.work[task].loop.events;
  }
}

}  // namespace

std::vector<RunResults> run_paired(const std::vector<ScenarioInput>& scenarios,
                                   const engine::Execution& how) {
  const auto start = std::chrono::steady_clock::now();
  if (scenarios.empty()) return {};
  const std::vector<std::vector<std::uint8_t>> shares = shared_populations(scenarios);
  std::vector<RunResults> results;
  for (const ScenarioInput& s : scenarios)
    results.push_back(empty_results(*s.territory, *s.params, s.plan));
  const std::uint32_t n_qpv = results.front().partitions - 1;

  const engine::TaskRunner runner(how.threads);
  engine::ProgressFn per_unit;
  if (how.progress) {
    per_unit = [&](std::size_t done, std::size_t total) {
      how.progress(done * scenarios.size(), total * scenarios.size());
    };
  }
  // With an MPI job, replicates go to the ranks in chunks of one per thread, as they ask; each
  // rank fills its replicates' rows only and merge() copies every row from the rank that
  // computed it (engine/cluster.hpp). Alone, one chunk holds every replicate.
  engine::Cluster alone;
  engine::Cluster& cluster = how.cluster ? *how.cluster : alone;
  cluster.share(scenarios.front().plan.replicates, static_cast<std::size_t>(runner.threads()),
                [&](std::size_t chunk_first, std::size_t count) {
                  runner.run(
                      static_cast<std::uint32_t>(count), n_qpv,
                      [&](engine::TaskKey key) {
                        const auto rep = static_cast<std::uint32_t>(chunk_first + key.replicate);
                        run_task(scenarios, shares, rep, key.partition, results);
                      },
                      cluster.distributed() ? engine::ProgressFn{} : per_unit, how.cancel);
                });
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (RunResults& r : results) {
    finish_results(r, cluster);
    r.wall_seconds = wall;
  }
  return results;
}

}  // namespace qpv::model
