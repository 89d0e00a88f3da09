#include "analysis/sensitivity_study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "analysis/comparison.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/model/priors.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::analysis {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// ---------------------------------------------------------------------------------------------
// Checkpoints: the outputs of the rows done so far, per stage.

struct Done {
  std::vector<double> morris, sobol;
};

Done read_checkpoint(const std::string& path, const std::string& fingerprint) {
  Done done;
  if (path.empty() || !std::filesystem::exists(path)) return done;
  const io::Hdf5Reader h5(path);
  if (!h5.has_attribute("/meta", "fingerprint") ||
      io::text_attribute(h5, "/meta", "kind") != "sensitivity_checkpoint")
    throw InputError(Origin{path}, "checkpoint", "not a checkpoint of qpvsim sensitivity");
  if (io::text_attribute(h5, "/meta", "fingerprint") != fingerprint)
    throw InputError(Origin{path}, "checkpoint",
                     "written by another study (other files or settings); remove it or run "
                     "with --restart");
  if (h5.exists("/morris/output")) done.morris = h5.doubles("/morris/output").values;
  if (h5.exists("/sobol/output")) done.sobol = h5.doubles("/sobol/output").values;
  return done;
}

/// Writes the checkpoint (rank 0 of an MPI job alone: `root`).
void write_checkpoint(const std::string& path, const std::string& fingerprint, const Done& done,
                      bool root) {
  if (path.empty() || !root) return;
  io::Hdf5Sink sink(path);
  sink.attribute("/meta", {"kind", std::string("sensitivity_checkpoint")});
  sink.attribute("/meta", {"fingerprint", fingerprint});
  sink.doubles("/morris/output", {done.morris.size()}, done.morris);
  sink.doubles("/sobol/output", {done.sobol.size()}, done.sobol);
  sink.commit();
}

/// Outputs of every row of `values` (factor values of `columns`), the first `done.size()`
/// taken from `done`. Batches of rows are shared over the ranks, a row per thread; after each
/// batch `save(outputs so far)` is called.
std::vector<double> evaluate_rows(const gsa::Points& values,
                                  const std::vector<std::size_t>& columns, const PointFunction& f,
                                  const engine::Execution& how, std::vector<double> done,
                                  const std::function<void(const std::vector<double>&)>& save,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
  const auto rows = static_cast<std::size_t>(values.rows());
  const auto k = static_cast<std::size_t>(values.cols());
  if (done.size() > rows) done.resize(rows);
  std::vector<double> outputs = std::move(done);
  const engine::TaskRunner runner(how.threads);
  engine::Cluster& cluster = *how.cluster;
  // Enough rows per batch to keep every thread of every rank busy; the batch size does not
  // change the result (outputs stored by row).
  const std::size_t batch =
      std::max<std::size_t>(16, 4 * static_cast<std::size_t>(std::max(1, runner.threads())) *
                                    static_cast<std::size_t>(cluster.size()));
  if (progress) progress(outputs.size(), rows);
  while (outputs.size() < rows) {
    if (how.cancel != nullptr && how.cancel->load()) throw Interrupted();
    const std::size_t first = outputs.size();
    const std::size_t n = std::min(batch, rows - first);
    std::vector<double> out(n, 0.0);  // zero where another rank computes (merge ORs the bits)
    cluster.share(n, static_cast<std::size_t>(runner.threads()),
                  [&](std::size_t from, std::size_t count) {
                    runner.run(static_cast<std::uint32_t>(count), 1, [&](engine::TaskKey key) {
                      const std::size_t j = from + key.replicate;
                      out[j] = f(columns, values.data() + (first + j) * k);
                    });
                  });
    cluster.merge(out.data(), n);
    for (std::size_t j = 0; j < n; ++j) {
      if (!std::isfinite(out[j]))
        throw std::invalid_argument(fmt::format(
            "the output at row {} of the design is not a number (the indicator is undefined "
            "there: an empty QPV or group?)",
            first + j));
    }
    outputs.insert(outputs.end(), out.begin(), out.end());
    save(outputs);
    if (progress) progress(outputs.size(), rows);
  }
  return outputs;
}

/// The weighted marginal of column j of a posterior's particles: its values sorted, with the
/// share of the weight up to and including each.
struct Marginal {
  std::vector<double> value, cumulative;

  /// The inverse cumulative distribution, a step function: the first value whose cumulative
  /// share reaches u (at 0.5, the weighted median).
  double quantile(double u) const {
    const auto at = std::lower_bound(cumulative.begin(), cumulative.end(), u);
    return value[std::min(static_cast<std::size_t>(at - cumulative.begin()), value.size() - 1)];
  }
};

Marginal marginal(const model::Posterior& p, std::size_t j) {
  std::vector<std::pair<double, double>> points;  // value, weight
  double total = 0;
  for (std::size_t i = 0; i < p.theta.size(); ++i) {
    points.emplace_back(p.theta[i][j], p.weight[i]);
    total += p.weight[i];
  }
  std::sort(points.begin(), points.end());
  Marginal m;
  double sum = 0;
  for (const auto& [v, w] : points) {
    m.value.push_back(v);
    m.cumulative.push_back((sum += w) / total);
  }
  return m;
}

/// How parameter `p` varies as a factor of a study of scenario `s` (see study_factors): the
/// marginal of the posterior for a calibrated parameter it holds, else the truncated prior.
StudyFactor factor_of(const io::Scenario& s, model::Param p) {
  StudyFactor f;
  f.param = p;
  f.factor.name = std::string(model::spec(p).name);
  std::optional<std::size_t> column;  // of p in the posterior's particles
  if (s.posterior && model::spec(p).role == model::Role::calibrated) {
    const std::vector<model::Param>& held = s.posterior->params;
    const auto at = std::find(held.begin(), held.end(), p);
    if (at != held.end()) column = static_cast<std::size_t>(at - held.begin());
  }
  if (column) {
    Marginal m = marginal(*s.posterior, *column);
    f.distribution = fmt::format("posterior marginal ({} particles)", m.value.size());
    f.factor.from_unit = [m = std::move(m)](double u) { return m.quantile(u); };
  } else {
    const model::TruncatedPrior prior = s.priors[static_cast<std::size_t>(p)];
    f.distribution = "prior " + model::prior_text(prior.prior);
    f.factor.from_unit = [prior](double u) { return model::quantile(prior, u); };
  }
  return f;
}

std::vector<gsa::Factor> subset(const std::vector<gsa::Factor>& all,
                                const std::vector<std::size_t>& columns) {
  std::vector<gsa::Factor> out;
  for (std::size_t c : columns) out.push_back(all.at(c));
  return out;
}

/// Runs the baseline at `base` and, if the study has an alternative, the alternative at `alt`,
/// paired (the same futures in the same replicate): the one place a study runs the model.
std::vector<model::RunResults> run_point(const SensitivityConfig& c, const model::Parameters& base,
                                         const model::Parameters* alt) {
  model::RunPlan plan = c.baseline.run;
  plan.replicates = c.replicates;
  plan.seed = c.seed;  // the same futures at every point: common random numbers
  plan.replicate_parameters.clear();
  plan.replicate_particle.clear();
  plan.parameter_source.clear();
  std::vector<model::ScenarioInput> inputs = {
      {&c.baseline.territory, &base, plan, &c.baseline.interventions}};
  if (alt != nullptr)
    inputs.push_back({&c.alternative->territory, alt, plan, &c.alternative->interventions});
  // One thread: the points run in parallel, each on one.
  return model::run_paired(inputs, engine::Execution{.threads = 1});
}

/// The study's output from a point's runs (run_point): the indicator for the QPV, averaged over
/// the months of the year and over the replicates, of the baseline or of the difference.
double point_output(const SensitivityConfig& c, const std::vector<model::RunResults>& r) {
  std::uint32_t q = r[0].partitions - 1;
  for (std::uint32_t k = 0; k + 1 < r[0].partitions; ++k)
    if (c.baseline.territory.qpvs[k].code == c.qpv) q = k;
  double sum = 0;
  for (std::uint32_t rep = 0; rep < c.replicates; ++rep) {
    // The year's monthly values averaged, in each scenario; then the difference.
    auto year_mean = [&](const model::RunResults& run) {
      double total = 0;
      int months = 0;
      for (std::size_t m = 0; m < run.months.size(); ++m) {
        if (run.months[m].year != c.year) continue;
        total += run.indicator(*c.indicator, rep, q, m);
        ++months;
      }
      return total / months;
    };
    sum += c.alternative ? year_mean(r[1]) - year_mean(r[0]) : year_mean(r[0]);
  }
  return sum / c.replicates;
}

/// Checked before anything runs, so that a bad plan does not fail after Morris's hours.
void check_plan(const StudyPlan& plan) {
  if (plan.method == SensitivityMethod::sobol && plan.sobol_columns.empty())
    throw std::invalid_argument(
        "Sobol' alone (method = sobol) needs its factors named (StudyPlan::sobol_columns): "
        "without Morris there is no ranking to take the first `keep` from");
  for (const auto* columns : {&plan.morris_columns, &plan.sobol_columns}) {
    for (const std::size_t c : *columns)
      if (c >= plan.factors.size())
        throw std::invalid_argument(fmt::format(
            "{} column {} is not one of the plan's {} factors",
            columns == &plan.morris_columns ? "Morris's" : "Sobol's", c, plan.factors.size()));
  }
}

/// One method over the plan's factors `columns`: its design (make_design), the outputs at its
/// rows (outputs(factor values, columns)) and its indices (estimate), timed.
template <class Stage, class MakeDesign, class Estimate, class Settings, class Outputs>
Stage run_stage(const StudyPlan& plan, std::vector<std::size_t> columns, MakeDesign make_design,
                Estimate estimate, const Settings& settings, Outputs outputs) {
  const auto start = std::chrono::steady_clock::now();
  Stage s;
  s.columns = std::move(columns);
  s.design = make_design(s.columns.size(), settings);
  s.outputs =
      outputs(gsa::to_factor_values(subset(plan.factors, s.columns), s.design.unit), s.columns);
  s.result = estimate(s.design, s.outputs, settings);
  s.seconds = seconds_since(start);
  return s;
}

}  // namespace

std::vector<std::size_t> leading_factors(const gsa::MorrisResult& morris, std::size_t keep) {
  std::vector<std::size_t> order(morris.factors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return morris.factors[a].mu_star > morris.factors[b].mu_star;
  });
  order.resize(std::min(keep, order.size()));
  return order;
}

StudyResult run_study(const StudyPlan& plan, const PointFunction& f, const engine::Execution& how,
                      const StudyProgress& progress) {
  check_plan(plan);
  engine::Cluster alone;
  engine::Execution on = how;  // on this process alone unless `how` names an MPI job
  if (on.cluster == nullptr) on.cluster = &alone;
  StudyResult r;
  Done done = read_checkpoint(plan.checkpoint, plan.fingerprint);
  r.resumed_rows = static_cast<int>(done.morris.size() + done.sobol.size());
  // A stage's outputs: its rows evaluated after those its checkpoint holds (`so_far`, kept up
  // to date for the next checkpoint).
  auto outputs = [&](std::string_view stage, const gsa::Points& values,
                     const std::vector<std::size_t>& columns, std::vector<double>& so_far) {
    return evaluate_rows(
        values, columns, f, on, so_far,
        [&](const std::vector<double>& rows) {
          so_far = rows;
          write_checkpoint(plan.checkpoint, plan.fingerprint, done, on.cluster->root());
        },
        [&](std::size_t d, std::size_t total) {
          if (progress) progress(stage, d, total);
        });
  };

  if (plan.method != SensitivityMethod::sobol) {
    std::vector<std::size_t> columns = plan.morris_columns;
    if (columns.empty()) {
      columns.resize(plan.factors.size());
      std::iota(columns.begin(), columns.end(), std::size_t{0});
    }
    r.morris = run_stage<MorrisStage>(
        plan, std::move(columns), gsa::morris_design, gsa::morris_indices, plan.morris,
        [&](const gsa::Points& values, const std::vector<std::size_t>& stage_columns) {
          return outputs("morris", values, stage_columns, done.morris);
        });
  }
  if (plan.method != SensitivityMethod::morris) {
    std::vector<std::size_t> columns = plan.sobol_columns;
    if (columns.empty()) {  // Morris ran (checked above): its first `keep`, as plan columns
      for (const std::size_t i : leading_factors(r.morris->result, plan.keep))
        columns.push_back(r.morris->columns[i]);
    }
    r.sobol = run_stage<SobolStage>(
        plan, std::move(columns), gsa::sobol_design, gsa::sobol_indices, plan.sobol,
        [&](const gsa::Points& values, const std::vector<std::size_t>& stage_columns) {
          return outputs("sobol", values, stage_columns, done.sobol);
        });
  }
  return r;
}

std::vector<StudyFactor> study_factors(const SensitivityConfig& c) {
  std::vector<model::Param> params = c.factors;
  for (model::Param p : c.sobol_factors)
    if (std::find(params.begin(), params.end(), p) == params.end()) params.push_back(p);
  std::vector<StudyFactor> out;
  for (model::Param p : params) out.push_back(factor_of(c.baseline, p));
  return out;
}

model::Parameters nominal_parameters(const io::Scenario& s) {
  model::Parameters p = s.parameters;
  for (const model::ParamSpec& q : model::param_specs()) {
    if (q.role == model::Role::policy) continue;
    bool fixed = false;
    for (const auto& [name, v] : s.overrides) fixed = fixed || name == q.name;
    // The centre of what the parameter would vary over as a factor, not the registry's
    // default, which need not be near it (transit_pass_months: 12, the top of uniform(6, 12)).
    if (!fixed) p.set(q.id, factor_of(s, q.id).factor.from_unit(0.5));
  }
  return p;
}

PointFunction model_point_function(const SensitivityConfig& c,
                                   const std::vector<StudyFactor>& factors) {
  // Parameters outside the point keep these values; the alternative draws as the baseline does.
  const model::Parameters base_nominal = nominal_parameters(c.baseline);
  std::optional<model::Parameters> alt_nominal;
  if (c.alternative) {
    io::Scenario alt = *c.alternative;
    io::draw_as(c.baseline, alt);
    alt_nominal = nominal_parameters(alt);
  }
  return [&c, &factors, base_nominal, alt_nominal](const std::vector<std::size_t>& columns,
                                                   const double* values) {
    auto at = [&](const model::Parameters& start) {
      model::Parameters p = start;
      for (std::size_t i = 0; i < columns.size(); ++i)
        p.set(factors.at(columns[i]).param, values[i]);
      return p;
    };
    const model::Parameters base = at(base_nominal);
    std::optional<model::Parameters> alt;
    if (c.alternative) alt = at(*alt_nominal);
    return point_output(c, run_point(c, base, alt ? &*alt : nullptr));
  };
}

std::string study_fingerprint(const SensitivityConfig& c) {
  io::Fingerprint f;
  for (const auto& [file, text] : c.sources) f.add(text);
  for (const io::Scenario* s : {&c.baseline, c.alternative ? &*c.alternative : nullptr}) {
    if (s == nullptr) continue;
    for (const auto& [file, text] : s->sources) f.add(text);
    for (const auto& [file, text] : s->territory_sources) f.add(text);
  }
  f.add(version());
  f.add(git_commit());
  // The posterior both scenarios draw from (the alternative draws as the baseline does): a
  // refit changes its particles, not necessarily any text above (an embedded posterior, or a
  // CSV outside the scenarios' sources).
  if (const auto& p = c.baseline.posterior) {
    f.add(p->file);
    for (const std::string& name : p->names) f.add(name);
    for (std::size_t i = 0; i < p->theta.size(); ++i) {
      f.add(fmt::format("{}", p->weight[i]));
      for (const double v : p->theta[i]) f.add(fmt::format("{}", v));
    }
  }
  return f.hex();
}

StudyPlan study_plan(const SensitivityConfig& c, const std::vector<StudyFactor>& factors,
                     const std::string& checkpoint) {
  StudyPlan plan;
  for (const StudyFactor& f : factors) plan.factors.push_back(f.factor);
  plan.method = c.method;
  plan.morris.trajectories = c.trajectories;
  plan.morris.levels = c.levels;
  plan.morris.seed = c.seed;
  plan.morris.bootstrap = {c.bootstrap, c.confidence};
  plan.sobol.base_rows = c.base_samples;
  plan.sobol.seed = c.seed;
  plan.sobol.bootstrap = {c.bootstrap, c.confidence};
  plan.keep = c.keep;
  auto columns_of = [&](const std::vector<model::Param>& params) {
    std::vector<std::size_t> columns;
    for (model::Param p : params) {
      for (std::size_t i = 0; i < factors.size(); ++i)
        if (factors[i].param == p) columns.push_back(i);
    }
    return columns;
  };
  // Morris screens [sensitivity] parameters only; a factor named only in [sobol] parameters
  // is one of the study's factors for Sobol' alone.
  plan.morris_columns = columns_of(c.factors);
  plan.sobol_columns = columns_of(c.sobol_factors);
  plan.checkpoint = checkpoint;
  plan.fingerprint = study_fingerprint(c);
  return plan;
}

}  // namespace qpv::analysis
