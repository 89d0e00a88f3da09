#include "calibration/posterior.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/model/priors.hpp"

namespace qpv::calibration {
namespace {

using io::Attribute;

constexpr std::uint32_t kPredictiveStream = stream_id::calibration_predictive;
constexpr std::uint32_t kPredictiveSeed = stream_id::calibration_predictive_seed;

/// [rows][cols] flattened row-major.
std::vector<double> matrix(const std::vector<Particle>& particles, bool statistics) {
  std::vector<double> out;
  for (const Particle& p : particles) {
    const auto& row = statistics ? p.statistics : p.theta;
    out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

void write_particles(io::ResultSink& sink, const std::string& g,
                     const std::vector<Particle>& particles, std::size_t n_params,
                     std::size_t n_targets) {
  std::vector<double> weight, dist;
  for (const Particle& p : particles) {
    weight.push_back(p.weight);
    dist.push_back(p.distance);
  }
  const std::size_t n = particles.size();
  sink.doubles(g + "/theta", {n, n_params}, matrix(particles, false),
               {{"dimensions", std::string("particle, parameter (/parameters/name)")}});
  sink.doubles(g + "/weight", {n}, weight, {{"description", std::string("normalised weights")}});
  sink.doubles(g + "/distance", {n}, dist,
               {{"description", std::string("largest |model - observed| / tolerance over the "
                                            "fitted targets")}});
  sink.doubles(g + "/statistics", {n, n_targets}, matrix(particles, true),
               {{"dimensions", std::string("particle, target (/targets/id)")}});
}

/// Everything but the predictive check; `kind` is "posterior" or "calibration_checkpoint".
void write_outcome(io::ResultSink& sink, const Calibration& c, const Outcome& out,
                   const std::string& kind) {
  const std::string m = "/meta";
  sink.attribute(m, {"kind", kind});
  sink.attribute(m, {"qpvsim_version", std::string(version())});
  sink.attribute(m, {"git_commit", std::string(git_commit())});
  sink.attribute(m, {"created_utc", io::utc_now()});
  sink.attribute(m, {"fingerprint", fingerprint(c)});
  sink.attribute(m, {"name", c.settings.name});
  sink.attribute(m, {"seed", static_cast<std::int64_t>(c.settings.seed)});
  sink.attribute(m, {"particles", static_cast<std::int64_t>(c.settings.particles)});
  sink.attribute(m, {"replicates_per_particle",
                     static_cast<std::int64_t>(c.settings.replicates_per_particle)});
  sink.attribute(m, {"reached", static_cast<std::int64_t>(out.reached)});
  sink.attribute(m, {"stop", out.stop});
  sink.attribute(m, {"scenario_file", c.scenario.file});
  std::vector<std::string> files, texts;
  for (const auto& [f, t] : c.sources) {
    files.push_back(f);
    texts.push_back(t);
  }
  sink.strings(m + "/calibration_files", files);
  sink.strings(m + "/calibration_text", texts);
  files.clear();
  texts.clear();
  for (const auto& [f, t] : c.scenario.sources) {
    files.push_back(f);
    texts.push_back(t);
  }
  sink.strings(m + "/scenario_files", files);
  sink.strings(m + "/scenario_toml", texts);

  std::vector<std::string> names, priors, prior_sources;
  std::vector<double> mins, maxs;
  for (const Parameter& p : c.parameters) {
    names.push_back(p.name);
    priors.push_back(model::prior_text(p.prior));
    prior_sources.push_back(p.prior_source);
    mins.push_back(p.min);
    maxs.push_back(p.max);
  }
  sink.strings("/parameters/name", names);
  sink.strings("/parameters/prior", priors);
  sink.strings("/parameters/prior_source", prior_sources);
  sink.doubles("/parameters/min", {mins.size()}, mins);
  sink.doubles("/parameters/max", {maxs.size()}, maxs);

  std::vector<std::string> ids, stats, qpvs, froms, tos, sources, notes;
  std::vector<double> observed, tolerance;
  std::vector<std::int64_t> holdout;
  for (const Target& t : c.targets) {
    ids.push_back(t.id);
    stats.push_back(t.statistic);
    qpvs.push_back(t.qpv);
    froms.push_back(t.from.to_string());
    tos.push_back(t.to.to_string());
    sources.push_back(t.source);
    notes.push_back(t.note);
    observed.push_back(t.observed);
    tolerance.push_back(t.tolerance);
    holdout.push_back(t.holdout);
  }
  sink.strings("/targets/id", ids);
  sink.strings("/targets/statistic", stats);
  sink.strings("/targets/qpv", qpvs);
  sink.strings("/targets/from", froms);
  sink.strings("/targets/to", tos);
  sink.strings("/targets/source", sources);
  sink.strings("/targets/note", notes);
  sink.doubles("/targets/observed", {observed.size()}, observed);
  sink.doubles("/targets/tolerance", {tolerance.size()}, tolerance);
  sink.integers("/targets/holdout", {holdout.size()}, holdout,
                {{"description", std::string("1: left out of the fit, checked after")}});

  std::vector<std::int64_t> index, proposals, simulations, accepted;
  std::vector<double> tol, rate, ess, seconds;
  for (const Generation& g : out.generations) {
    index.push_back(g.index);
    proposals.push_back(static_cast<std::int64_t>(g.proposals));
    simulations.push_back(static_cast<std::int64_t>(g.simulations));
    accepted.push_back(static_cast<std::int64_t>(g.accepted));
    tol.push_back(g.tolerance);
    rate.push_back(g.acceptance_rate);
    ess.push_back(g.ess);
    seconds.push_back(g.seconds);
    write_particles(sink, fmt::format("/generations/{}", g.index), g.particles, names.size(),
                    ids.size());
  }
  const std::size_t ng = index.size();
  sink.integers("/generations/index", {ng}, index);
  sink.integers("/generations/proposals", {ng}, proposals);
  sink.integers("/generations/simulations", {ng}, simulations);
  sink.integers("/generations/accepted", {ng}, accepted);
  sink.doubles("/generations/tolerance", {ng}, tol,
               {{"description", std::string("accepted distance (infinite: the prior)")}});
  sink.doubles("/generations/acceptance_rate", {ng}, rate);
  sink.doubles("/generations/ess", {ng}, ess,
               {{"description", std::string("effective sample size of the weights")}});
  sink.doubles("/generations/seconds", {ng}, seconds,
               {{"description", std::string("wall time (not part of the results)")}});
  if (!out.generations.empty())
    write_particles(sink, "/posterior", out.generations.back().particles, names.size(), ids.size());
}

std::vector<Particle> read_particles(const io::Hdf5Reader& h5, const std::string& g) {
  const auto theta = h5.doubles(g + "/theta");
  const auto weight = h5.doubles(g + "/weight").values;
  const auto dist = h5.doubles(g + "/distance").values;
  const auto stats = h5.doubles(g + "/statistics");
  std::vector<Particle> out(weight.size());
  const std::size_t np = theta.shape.size() == 2 ? theta.shape[1] : 0;
  const std::size_t nt = stats.shape.size() == 2 ? stats.shape[1] : 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].weight = weight[i];
    out[i].distance = dist[i];
    out[i].theta.assign(theta.values.begin() + static_cast<std::ptrdiff_t>(i * np),
                        theta.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * np));
    out[i].statistics.assign(stats.values.begin() + static_cast<std::ptrdiff_t>(i * nt),
                             stats.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * nt));
  }
  return out;
}

}  // namespace

Predictive posterior_predictive(const Calibration& c, const Generation& posterior, int threads) {
  Predictive p;
  const std::size_t draws = c.settings.predictive_draws;
  std::vector<double> cumulative;
  double sum = 0;
  for (const Particle& q : posterior.particles) cumulative.push_back(sum += q.weight);
  Rng rng(StreamKey{c.settings.seed, 0, 0, kPredictiveStream});
  for (std::size_t d = 0; d < draws; ++d) {
    const double u = rng.uniform() * sum;
    const auto k = static_cast<std::size_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    p.particle.push_back(std::min(k, posterior.particles.size() - 1));
  }
  p.statistics.assign(draws, {});
  // In an MPI job, the draws go to the ranks in chunks and their statistics are merged, so that
  // every rank holds them all (engine/cluster.hpp).
  engine::Cluster& cluster = engine::Cluster::get();
  const engine::TaskRunner runner(threads);
  const std::size_t width = c.targets.size();
  std::vector<double> words(cluster.distributed() ? draws * width : 0, 0.0);
  cluster.share(draws, static_cast<std::size_t>(runner.threads()),
                [&](std::size_t first, std::size_t count) {
                  runner.run(static_cast<std::uint32_t>(count), 1, [&](engine::TaskKey key) {
                    const auto d = static_cast<std::uint32_t>(first + key.replicate);
                    const std::uint64_t seed =
                        mix_key(StreamKey{c.settings.seed, d, 0, kPredictiveSeed}) >> 1;
                    p.statistics[d] = simulate(c, posterior.particles[p.particle[d]].theta, seed);
                    if (!words.empty())
                      std::copy(p.statistics[d].begin(), p.statistics[d].end(),
                                words.begin() + static_cast<std::ptrdiff_t>(d * width));
                  });
                });
  if (cluster.distributed()) {
    cluster.merge(words.data(), words.size());
    for (std::size_t d = 0; d < draws; ++d)
      p.statistics[d].assign(words.begin() + static_cast<std::ptrdiff_t>(d * width),
                             words.begin() + static_cast<std::ptrdiff_t>((d + 1) * width));
  }
  return p;
}

void write_checkpoint(const std::string& path, const Calibration& c, const Outcome& out) {
  io::Hdf5Sink sink(path);
  write_outcome(sink, c, out, "calibration_checkpoint");
  sink.commit();
}

namespace {

std::string meta_text(const io::Hdf5Reader& h5, const std::string& name) {
  if (!h5.exists("/meta") || !h5.has_attribute("/meta", name)) return {};
  const auto v = h5.attribute("/meta", name);
  const auto* s = std::get_if<std::string>(&v);
  return s ? *s : std::string();
}

std::int64_t meta_integer(const io::Hdf5Reader& h5, const std::string& name) {
  if (!h5.exists("/meta") || !h5.has_attribute("/meta", name)) return 0;
  const auto v = h5.attribute("/meta", name);
  const auto* i = std::get_if<std::int64_t>(&v);
  return i ? *i : 0;
}

/// The generations written by write_outcome.
std::vector<Generation> read_generations(const io::Hdf5Reader& h5) {
  std::vector<Generation> out;
  const auto index = h5.integers("/generations/index").values;
  const auto proposals = h5.integers("/generations/proposals").values;
  const auto simulations = h5.integers("/generations/simulations").values;
  const auto accepted = h5.integers("/generations/accepted").values;
  const auto tol = h5.doubles("/generations/tolerance").values;
  const auto rate = h5.doubles("/generations/acceptance_rate").values;
  const auto ess = h5.doubles("/generations/ess").values;
  const auto seconds = h5.doubles("/generations/seconds").values;
  for (std::size_t k = 0; k < index.size(); ++k) {
    Generation g;
    g.index = static_cast<int>(index[k]);
    g.proposals = static_cast<std::size_t>(proposals[k]);
    g.simulations = static_cast<std::size_t>(simulations[k]);
    g.accepted = static_cast<std::size_t>(accepted[k]);
    g.tolerance = tol[k];
    g.acceptance_rate = rate[k];
    g.ess = ess[k];
    g.seconds = seconds[k];
    g.particles = read_particles(h5, fmt::format("/generations/{}", g.index));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Outcome read_checkpoint(const std::string& path, const Calibration& c) {
  const io::Hdf5Reader h5(path);
  if (meta_text(h5, "kind") != "calibration_checkpoint")
    throw InputError(Origin{path}, "checkpoint",
                     "not a calibration checkpoint: remove it or choose another output file");
  if (meta_text(h5, "fingerprint") != fingerprint(c))
    throw InputError(Origin{path}, "checkpoint",
                     "written by another calibration (other files, settings or holdouts): "
                     "remove it to start again (or use --restart)");
  Outcome out;
  out.generations = read_generations(h5);
  return out;
}

bool is_posterior_file(const std::string& path) {
  try {
    const io::Hdf5Reader h5(path);
    return meta_text(h5, "kind") == "posterior";
  } catch (const std::exception&) {
    return false;
  }
}

PosteriorRecord read_posterior_file(const std::string& path) {
  if (!is_posterior_file(path))
    throw InputError(Origin{path}, "posterior",
                     "not a posterior file (expected one written by qpvsim calibrate)");
  const io::Hdf5Reader h5(path);
  PosteriorRecord r;
  r.file = path;
  r.name = meta_text(h5, "name");
  r.qpvsim_version = meta_text(h5, "qpvsim_version");
  r.git_commit = meta_text(h5, "git_commit");
  r.created_utc = meta_text(h5, "created_utc");
  r.stop = meta_text(h5, "stop");
  r.scenario_file = meta_text(h5, "scenario_file");
  r.seed = meta_integer(h5, "seed");
  r.particles = meta_integer(h5, "particles");
  r.replicates_per_particle = meta_integer(h5, "replicates_per_particle");
  r.reached = meta_integer(h5, "reached") != 0;
  r.calibration_files = h5.strings("/meta/calibration_files");
  r.calibration_text = h5.strings("/meta/calibration_text");
  r.parameter_names = h5.strings("/parameters/name");
  r.parameter_priors = h5.strings("/parameters/prior");
  r.parameter_prior_sources = h5.strings("/parameters/prior_source");
  r.parameter_min = h5.doubles("/parameters/min").values;
  r.parameter_max = h5.doubles("/parameters/max").values;
  const auto ids = h5.strings("/targets/id");
  const auto stats = h5.strings("/targets/statistic");
  const auto qpvs = h5.strings("/targets/qpv");
  const auto froms = h5.strings("/targets/from");
  const auto tos = h5.strings("/targets/to");
  const auto sources = h5.strings("/targets/source");
  const auto notes = h5.strings("/targets/note");
  const auto observed = h5.doubles("/targets/observed").values;
  const auto tolerance = h5.doubles("/targets/tolerance").values;
  const auto holdout = h5.integers("/targets/holdout").values;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    Target t;
    t.id = ids[k];
    t.statistic = stats[k];
    t.qpv = qpvs[k];
    t.from = Date::parse(froms[k]);
    t.to = Date::parse(tos[k]);
    t.source = sources[k];
    t.note = notes[k];
    t.observed = observed[k];
    t.tolerance = tolerance[k];
    t.holdout = holdout[k] != 0;
    r.targets.push_back(std::move(t));
  }
  r.outcome.generations = read_generations(h5);
  r.outcome.reached = r.reached;
  r.outcome.stop = r.stop;
  const auto particle = h5.integers("/predictive/particle").values;
  const auto pstats = h5.doubles("/predictive/statistics");
  for (std::size_t d = 0; d < particle.size(); ++d) {
    r.predictive.particle.push_back(static_cast<std::size_t>(particle[d]));
    const auto row = pstats.values.begin() + static_cast<std::ptrdiff_t>(d * ids.size());
    r.predictive.statistics.emplace_back(row, row + static_cast<std::ptrdiff_t>(ids.size()));
  }
  return r;
}

void write_posterior_file(const std::string& path, const Calibration& c, const Outcome& out,
                          const Predictive& predictive) {
  io::Hdf5Sink sink(path);
  write_outcome(sink, c, out, "posterior");
  std::vector<std::int64_t> particle(predictive.particle.begin(), predictive.particle.end());
  std::vector<double> stats;
  for (const auto& row : predictive.statistics) stats.insert(stats.end(), row.begin(), row.end());
  sink.integers("/predictive/particle", {particle.size()}, particle,
                {{"description", std::string("posterior particle drawn by weight")}});
  sink.doubles("/predictive/statistics", {particle.size(), c.targets.size()}, stats,
               {{"description", std::string("the particle simulated again with a new seed")},
                {"dimensions", std::string("draw, target (/targets/id)")}});
  sink.commit();
}

std::string posterior_csv(const PosteriorRecord& r) {
  // Read back by io::read_posterior: '#' lines, the header, one particle a row.
  std::string out = fmt::format(
      "# The calibrated posterior of \"{}\": one particle a row, with its weight.\n"
      "# Written by `qpvsim export {} --csv DIR` from a posterior made by qpvsim {} (commit {}) "
      "on {}:\n# calibration seed {}, {} particles, {} generation(s), stopped: {}.\n",
      r.name, std::filesystem::path(r.file).filename().string(), r.qpvsim_version, r.git_commit,
      r.created_utc, r.seed, r.particles, r.outcome.generations.size(), r.stop);
  out += "weight";
  for (const std::string& name : r.parameter_names) out += "," + name;
  out += "\n";
  for (const Particle& p : r.outcome.generations.back().particles) {
    out += fmt::format("{}", p.weight);
    for (double v : p.theta) out += fmt::format(",{}", v);
    out += "\n";
  }
  return out;
}

}  // namespace qpv::calibration
