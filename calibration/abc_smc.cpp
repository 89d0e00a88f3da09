#include "calibration/abc_smc.hpp"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>

#include "calibration/posterior.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/io/files.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/priors.hpp"

namespace qpv::calibration {
namespace {

using io::column;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kProposalStream = stream_id::calibration_proposal;
constexpr std::uint32_t kSimulationSeed = stream_id::calibration_simulation_seed;

/// The prior of a calibrated parameter, truncated to its support.
model::TruncatedPrior truncated(const Parameter& p) {
  return {p.prior, p.min, p.max};
}

/// Density of the priors at theta, up to a constant (0 outside the support).
double prior_density(const Calibration& c, const std::vector<double>& theta) {
  double d = 1.0;
  for (std::size_t k = 0; k < theta.size(); ++k)
    d *= model::density(truncated(c.parameters[k]), theta[k]);
  return d;
}

/// A draw from the prior truncated to the support: its quantile at a uniform number, as runs
/// draw uncertain parameters (sim/model/priors.hpp).
double sample_prior(const Parameter& p, Rng& rng) {
  return model::quantile(truncated(p), rng.uniform());
}

/// Type-7 quantile of unsorted values.
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  if (std::isinf(v[hi]) || std::isinf(v[lo])) return v[hi];
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

/// The perturbation kernel: a multivariate normal of covariance twice the weighted covariance
/// of the previous generation (Beaumont et al. 2009), held as its Cholesky factor.
struct Kernel {
  Eigen::MatrixXd lower;  ///< L with L L^T = covariance

  explicit Kernel(const std::vector<Particle>& previous) {
    const auto n = static_cast<Eigen::Index>(previous.front().theta.size());
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(n);
    double sum_w2 = 0;
    for (const Particle& p : previous) {
      mean += p.weight * Eigen::Map<const Eigen::VectorXd>(p.theta.data(), n);
      sum_w2 += p.weight * p.weight;
    }
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(n, n);
    for (const Particle& p : previous) {
      const Eigen::VectorXd d = Eigen::Map<const Eigen::VectorXd>(p.theta.data(), n) - mean;
      cov += p.weight * d * d.transpose();
    }
    cov /= std::max(1e-12, 1.0 - sum_w2);
    cov *= 2.0;
    // A parameter whose particles all agree would make the matrix singular: a tiny floor
    // relative to its scale keeps the kernel proper.
    for (Eigen::Index k = 0; k < n; ++k)
      cov(k, k) = std::max(cov(k, k), 1e-12 * (1.0 + mean(k) * mean(k)));
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() != Eigen::Success) {
      cov.diagonal() *= 1.0 + 1e-6;
      llt.compute(cov);
    }
    lower = llt.matrixL();
  }
  /// exp(-|L^-1 d|^2 / 2), the unnormalised density of a move d.
  double density(const Eigen::VectorXd& d) const {
    const Eigen::VectorXd y = lower.triangularView<Eigen::Lower>().solve(d);
    return std::exp(-0.5 * y.squaredNorm());
  }
};

struct Proposal {
  bool inside = false;
  std::vector<double> theta;
  std::vector<double> stats;
  double distance = kInf;
};

/// Proposal j of generation t (t > 0: moved from a particle of `previous`; t = 0: from the
/// prior), simulated if inside the support.
Proposal propose(const Calibration& c, int t, std::size_t j, const std::vector<Particle>& previous,
                 const std::vector<double>& cumulative, const Kernel* kernel) {
  const std::uint64_t seed = c.settings.seed;
  Rng rng(StreamKey{seed, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(j),
                    kProposalStream});
  Proposal p;
  const std::size_t n = c.parameters.size();
  if (t == 0) {
    for (const Parameter& par : c.parameters) p.theta.push_back(sample_prior(par, rng));
  } else {
    const double u = rng.uniform() * cumulative.back();
    const auto parent = static_cast<std::size_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    const Particle& from = previous[std::min(parent, previous.size() - 1)];
    Eigen::VectorXd z(static_cast<Eigen::Index>(n));
    boost::random::normal_distribution<double> normal(0.0, 1.0);
    for (Eigen::Index k = 0; k < z.size(); ++k) z(k) = normal(rng);
    const Eigen::VectorXd step = kernel->lower * z;
    for (std::size_t k = 0; k < n; ++k)
      p.theta.push_back(from.theta[k] + step(static_cast<Eigen::Index>(k)));
  }
  p.inside = prior_density(c, p.theta) > 0;
  if (!p.inside) return p;
  const std::uint64_t sim_seed =
      mix_key(StreamKey{seed, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(j),
                        kSimulationSeed}) >>
      1;  // a non-negative int64, as results files store seeds
  p.stats = simulate(c, p.theta, sim_seed);
  p.distance = distance(c, p.stats);
  return p;
}

/// A batch's proposals as 64-bit words, for Cluster::merge: per proposal, inside (0 or 1),
/// theta, the statistics (zeros when outside) and the distance.
class ProposalWords {
 public:
  ProposalWords(const Calibration& c, std::size_t n)
      : params_(c.parameters.size()),
        stats_(c.targets.size()),
        width_(2 + params_ + stats_),
        words_(n * width_, 0.0) {}
  void put(std::size_t j, const Proposal& p) {
    double* w = &words_[j * width_];
    w[0] = p.inside ? 1.0 : 0.0;
    std::copy(p.theta.begin(), p.theta.end(), w + 1);
    std::copy(p.stats.begin(), p.stats.end(), w + 1 + params_);
    w[1 + params_ + stats_] = p.distance;
  }
  Proposal get(std::size_t j) const {
    const double* w = &words_[j * width_];
    Proposal p;
    p.inside = w[0] != 0.0;
    p.theta.assign(w + 1, w + 1 + params_);
    if (p.inside) p.stats.assign(w + 1 + params_, w + 1 + params_ + stats_);
    p.distance = w[1 + params_ + stats_];
    return p;
  }
  double* data() { return words_.data(); }
  std::size_t size() const { return words_.size(); }

 private:
  std::size_t params_, stats_, width_;
  std::vector<double> words_;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// True if the calibration is done: its last generation reached the final tolerance, or the
/// generations allowed are done (out.stop then says which).
bool finished(const Settings& s, Outcome& out) {
  if (out.generations.empty()) return false;
  const Generation& last = out.generations.back();
  if (last.tolerance <= s.final_tolerance) {
    out.reached = true;
    out.stop = fmt::format("every fitted target within {} tolerance(s) at generation {}",
                           s.final_tolerance, last.index);
    return true;
  }
  if (static_cast<int>(out.generations.size()) >= s.max_generations) {
    out.stop = fmt::format(
        "the {} generations allowed are done (tolerance {:.3g} reached, {} "
        "wanted)",
        s.max_generations, last.tolerance, s.final_tolerance);
    return true;
  }
  return false;
}

/// Where a generation's proposals move from: generation t-1's particles (none for generation
/// 0, which draws from the prior), their cumulative weights and the kernel.
struct Moves {
  const std::vector<Particle>* previous = nullptr;
  std::vector<double> cumulative;
  std::unique_ptr<Kernel> kernel;

  explicit Moves(const std::vector<Particle>* from) : previous(from) {
    if (previous == nullptr) return;
    double sum = 0;
    for (const Particle& p : *previous) cumulative.push_back(sum += p.weight);
    kernel = std::make_unique<Kernel>(*previous);
  }
};

/// Proposals first .. first + count - 1 of generation t, in parallel: shared over the ranks of
/// an MPI job in chunks (engine/cluster.hpp), so that every rank then holds every result, bit
/// for bit, and runs the same acceptance.
std::vector<Proposal> propose_batch(const Calibration& c, const engine::TaskRunner& runner,
                                    engine::Cluster& cluster, int t, std::size_t first,
                                    std::size_t count, const Moves& moves) {
  std::vector<Proposal> results(count, Proposal{});
  ProposalWords words(c, count);
  cluster.share(
      count, static_cast<std::size_t>(runner.threads()), [&](std::size_t from, std::size_t n) {
        runner.run(static_cast<std::uint32_t>(n), 1, [&](engine::TaskKey k) {
          const std::size_t j = from + k.replicate;
          results[j] =
              propose(c, t, first + j, moves.previous ? *moves.previous : std::vector<Particle>{},
                      moves.cumulative, moves.kernel.get());
          if (cluster.distributed()) words.put(j, results[j]);
        });
      });
  if (cluster.distributed()) {
    cluster.merge(words.data(), words.size());
    for (std::size_t j = 0; j < count; ++j) results[j] = words.get(j);
  }
  return results;
}

/// Proposes in index order, in parallel batches, until `particles` are accepted into g (those
/// within g.tolerance). False if the generation gives up: fewer than `min_acceptance` of its
/// simulations accepted. @throws Interrupted if `cancel` is set.
bool fill_generation(const Calibration& c, const engine::TaskRunner& runner,
                     engine::Cluster& cluster, const Moves& moves, Generation& g,
                     const ProgressFn& progress, const std::atomic<bool>* cancel) {
  const Settings& s = c.settings;
  const std::size_t wanted = s.particles;
  // Enough proposals per batch to keep every thread of every rank busy; the batch size does
  // not change the result (acceptance in index order).
  const std::size_t batch =
      std::max<std::size_t>(16, 4 * static_cast<std::size_t>(std::max(1, runner.threads())) *
                                    static_cast<std::size_t>(cluster.size()));
  const auto give_up = static_cast<std::size_t>(
      std::ceil(static_cast<double>(wanted) / std::max(s.min_acceptance, 1e-9)));
  while (g.particles.size() < wanted) {
    if (cancel != nullptr && cancel->load()) throw Interrupted();
    if (g.simulations >= give_up) return false;
    for (Proposal& p : propose_batch(c, runner, cluster, g.index, g.proposals, batch, moves)) {
      if (g.particles.size() >= wanted) break;
      ++g.proposals;
      if (!p.inside) continue;
      ++g.simulations;
      if (!(p.distance <= g.tolerance)) continue;
      Particle accepted;
      accepted.theta = std::move(p.theta);
      accepted.statistics = std::move(p.stats);
      accepted.distance = p.distance;
      g.particles.push_back(std::move(accepted));
    }
    if (progress) progress(g.index, g.particles.size(), wanted);
  }
  return true;
}

/// Importance weights of g's particles: prior / kernel mixture over the previous generation
/// (1 in generation 0), normalised; and the effective sample size.
void weigh(const Calibration& c, const Moves& moves, Generation& g) {
  const auto n = static_cast<Eigen::Index>(c.parameters.size());
  double total = 0;
  for (Particle& p : g.particles) {
    if (moves.previous == nullptr) {
      p.weight = 1.0;
    } else {
      const Eigen::Map<const Eigen::VectorXd> x(p.theta.data(), n);
      double mixture = 0;
      for (const Particle& q : *moves.previous)
        mixture += q.weight *
                   moves.kernel->density(x - Eigen::Map<const Eigen::VectorXd>(q.theta.data(), n));
      p.weight = mixture > 0 ? prior_density(c, p.theta) / mixture : 0.0;
    }
    total += p.weight;
  }
  double sum_w2 = 0;
  for (Particle& p : g.particles) {
    p.weight = total > 0 ? p.weight / total : 1.0 / static_cast<double>(g.particles.size());
    sum_w2 += p.weight * p.weight;
  }
  g.ess = sum_w2 > 0 ? 1.0 / sum_w2 : 0.0;
}

}  // namespace

std::vector<double> statistics(const Calibration& c, const model::RunResults& r) {
  std::vector<double> out;
  for (const Target& t : c.targets) {
    const model::IndicatorSpec& spec = *model::find_indicator(t.statistic);
    std::uint32_t q = r.partitions - 1;
    for (std::uint32_t k = 0; k + 1 < r.partitions; ++k) {
      if (c.scenario.territory.qpvs[k].code == t.qpv) q = k;
    }
    // The recorded months from t.from to t.to (contiguous).
    std::size_t first = 0;
    while (first < r.months.size() && r.months[first] < t.from) ++first;
    std::size_t end = first;
    while (end < r.months.size() && !(r.months[end] > t.to)) ++end;
    double sum = 0;
    std::size_t n = 0;
    for (std::uint32_t rep = 0; rep < r.replicates && end > first; ++rep) {
      const double v = r.indicator_mean(spec, rep, q, first, end - 1);
      if (std::isnan(v)) continue;
      sum += v;
      ++n;
    }
    out.push_back(n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN());
  }
  return out;
}

double distance(const Calibration& c, const std::vector<double>& s) {
  double d = 0;
  for (std::size_t k = 0; k < c.targets.size(); ++k) {
    const Target& t = c.targets[k];
    if (t.holdout) continue;
    if (std::isnan(s[k])) return kInf;
    d = std::max(d, std::abs(s[k] - t.observed) / t.tolerance);
  }
  return d;
}

model::Parameters parameters_at(const Calibration& c, const std::vector<double>& theta) {
  model::Parameters p = c.scenario.parameters;
  for (std::size_t k = 0; k < c.parameters.size(); ++k) p.set(c.parameters[k].param, theta[k]);
  return p;
}

std::vector<double> simulate(const Calibration& c, const std::vector<double>& theta,
                             std::uint64_t seed) {
  model::RunPlan plan = c.scenario.run;
  plan.seed = seed;
  plan.replicates = static_cast<std::uint32_t>(c.settings.replicates_per_particle);
  const model::Parameters at = parameters_at(c, theta);
  if (c.scenario.uncertainty == model::Uncertainty::full) {
    // Every uncertain parameter is drawn from its prior, as runs under `full` draw it, so the
    // posterior of the calibrated ones is marginal over them: what fits the targets on average
    // over the mechanisms we are unsure of. The calibrated ones are theta, a one-particle
    // "posterior" (those the calibration leaves out are drawn from their priors too).
    model::Posterior point;
    for (const Parameter& p : c.parameters) {
      point.names.push_back(p.name);
      point.params.push_back(p.param);
    }
    point.theta = {theta};
    point.weight = {1.0};
    model::UncertaintySpec spec = io::uncertainty_spec(c.scenario);
    spec.posterior = &point;
    model::draw_parameters(spec, at, plan);
  }
  // One thread: the particles run in parallel, each on one.
  const model::RunResults r = model::run(c.scenario.territory, at, plan, c.scenario.interventions,
                                         engine::Execution{.threads = 1});
  return statistics(c, r);
}

std::string fingerprint(const Calibration& c) {
  io::Fingerprint f;
  for (const auto& [file, text] : c.sources) f.add(text);
  for (const auto& [file, text] : c.scenario.sources) f.add(text);
  for (const auto& [file, text] : c.scenario.territory_sources) f.add(text);
  for (const Target& t : c.targets) f.add(t.holdout ? t.id + " held out" : t.id);
  return f.hex();
}

Outcome run_abc_smc(const Calibration& c, const engine::Execution& how,
                    const std::string& checkpoint, const ProgressFn& progress, int stop_after) {
  const Settings& s = c.settings;
  Outcome out;
  if (!checkpoint.empty() && std::filesystem::exists(checkpoint)) {
    out = read_checkpoint(checkpoint, c);
    out.resumed_from = out.generations.empty() ? -1 : out.generations.back().index;
  }
  const engine::TaskRunner runner(how.threads);
  engine::Cluster alone;
  engine::Cluster& cluster = how.cluster ? *how.cluster : alone;
  while (!finished(s, out)) {
    const auto start = std::chrono::steady_clock::now();
    const int t = static_cast<int>(out.generations.size());
    const std::vector<Particle>* previous = t > 0 ? &out.generations.back().particles : nullptr;
    const Moves moves(previous);
    Generation g;
    g.index = t;
    g.tolerance = previous == nullptr
                      ? kInf
                      : std::max(s.final_tolerance,
                                 quantile(column(*previous, &Particle::distance), s.quantile));
    if (!fill_generation(c, runner, cluster, moves, g, progress, how.cancel)) {
      out.stop = fmt::format(
          "generation {} accepted {} of {} simulations, below the minimum acceptance {}; the "
          "posterior is generation {}",
          t, g.particles.size(), g.simulations, s.min_acceptance, t - 1);
      break;
    }
    g.accepted = g.particles.size();
    g.acceptance_rate = static_cast<double>(g.accepted) /
                        static_cast<double>(std::max<std::size_t>(1, g.simulations));
    weigh(c, moves, g);
    g.seconds = seconds_since(start);
    out.generations.push_back(std::move(g));
    if (!checkpoint.empty() && cluster.root()) write_checkpoint(checkpoint, c, out);
    if (stop_after >= 0 && t >= stop_after) {
      out.stop = fmt::format("stopped after generation {} as asked", t);
      break;
    }
  }
  return out;
}

}  // namespace qpv::calibration
