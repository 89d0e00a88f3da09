#include "calibration/posterior.hpp"

#include <fmt/format.h>

#include <array>
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
#include "sim/io/netcdf_axes.hpp"
#include "sim/io/posterior_io.hpp"
#include "sim/model/priors.hpp"

namespace qpv::calibration {
namespace {

using io::column;
using Source = std::pair<std::string, std::string>;  // (file, text as given)

constexpr std::uint32_t kPredictiveStream = stream_id::calibration_predictive;
constexpr std::uint32_t kPredictiveSeed = stream_id::calibration_predictive_seed;

/// A generation's particles as the file stores them.
io::ParticleArrays particle_arrays(const std::vector<Particle>& particles, std::size_t n_params,
                                   std::size_t n_targets) {
  io::ParticleArrays arrays;
  arrays.theta.shape = {particles.size(), n_params};
  arrays.statistics.shape = {particles.size(), n_targets};
  for (const Particle& p : particles) {
    arrays.theta.values.insert(arrays.theta.values.end(), p.theta.begin(), p.theta.end());
    arrays.weight.push_back(p.weight);
    arrays.distance.push_back(p.distance);
    arrays.statistics.values.insert(arrays.statistics.values.end(), p.statistics.begin(),
                                    p.statistics.end());
  }
  return arrays;
}

/// The particles of arrays read back (io::read_particles).
std::vector<Particle> particles_of(const io::ParticleArrays& arrays) {
  const auto& theta = arrays.theta;
  const auto& stats = arrays.statistics;
  std::vector<Particle> out(arrays.weight.size());
  const std::size_t np = theta.shape.size() == 2 ? theta.shape[1] : 0;
  const std::size_t nt = stats.shape.size() == 2 ? stats.shape[1] : 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].weight = arrays.weight[i];
    out[i].distance = arrays.distance[i];
    out[i].theta.assign(theta.values.begin() + static_cast<std::ptrdiff_t>(i * np),
                        theta.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * np));
    out[i].statistics.assign(stats.values.begin() + static_cast<std::ptrdiff_t>(i * nt),
                             stats.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * nt));
  }
  return out;
}

/// /meta: what the file is, the settings and the files the calibration read.
void write_meta(io::ResultSink& sink, const Calibration& c, const Outcome& out,
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
  sink.strings(m + "/calibration_files", column(c.sources, &Source::first));
  sink.strings(m + "/calibration_text", column(c.sources, &Source::second));
  sink.strings(m + "/scenario_files", column(c.scenario.sources, &Source::first));
  sink.strings(m + "/scenario_toml", column(c.scenario.sources, &Source::second));
  // The lists' axes (netcdf_axes.hpp): each file list is the coordinate of its texts.
  io::describe(sink, m + "/calibration_files", "", "fichiers du calage", {});
  io::make_coordinate(sink, m + "/calibration_files");
  io::describe(sink, m + "/calibration_text", "", "texte de chaque fichier du calage",
               {"calibration_files"});
  io::describe(sink, m + "/scenario_files", "", "fichiers du scénario", {});
  io::make_coordinate(sink, m + "/scenario_files");
  io::describe(sink, m + "/scenario_toml", "", "texte de chaque fichier du scénario",
               {"scenario_files"});
}

/// A coordinate variable of strings at `path` (the names of the rows of a table).
void write_names(io::ResultSink& sink, const std::string& path,
                 const std::vector<std::string>& names, const std::string& long_name) {
  sink.strings(path, names, {{"long_name", long_name}});
  io::make_coordinate(sink, path);
}

/// A table's columns below `group`, each on the axis `axis`: (name, units, French long_name).
/// The values of parameters and targets have units of their own: their columns have none.
void describe_columns(io::ResultSink& sink, const std::string& group, std::string_view axis,
                      std::initializer_list<std::array<const char*, 3>> columns) {
  for (const auto& [name, unit, long_name] : columns)
    io::describe(sink, group + "/" + name, unit, long_name, {axis});
}

/// /parameters: one row per calibrated parameter.
void write_parameters(io::ResultSink& sink, const Calibration& c) {
  const auto& params = c.parameters;
  sink.strings(io::kParameterNames, column(params, &Parameter::name));
  sink.strings("/parameters/prior",
               column(params, [](const Parameter& p) { return model::prior_text(p.prior); }));
  sink.strings("/parameters/prior_source", column(params, &Parameter::prior_source));
  sink.doubles("/parameters/min", {params.size()}, column(params, &Parameter::min));
  sink.doubles("/parameters/max", {params.size()}, column(params, &Parameter::max));
  write_names(sink, "/parameters/parameter", column(params, &Parameter::name), "paramètre");
  describe_columns(sink, "/parameters", "parameter",
                   {{"name", "", "paramètre"},
                    {"prior", "", "loi a priori"},
                    {"prior_source", "", "source de la loi a priori"},
                    {"min", "", "borne basse"},
                    {"max", "", "borne haute"}});
}

/// /targets: one row per target.
void write_targets(io::ResultSink& sink, const Calibration& c) {
  const auto& targets = c.targets;
  const std::size_t n = targets.size();
  sink.strings("/targets/id", column(targets, &Target::id));
  sink.strings("/targets/statistic", column(targets, &Target::statistic));
  sink.strings("/targets/qpv", column(targets, &Target::qpv));
  sink.strings("/targets/from",
               column(targets, [](const Target& t) { return t.from.to_string(); }));
  sink.strings("/targets/to", column(targets, [](const Target& t) { return t.to.to_string(); }));
  sink.strings("/targets/source", column(targets, &Target::source));
  sink.strings("/targets/note", column(targets, &Target::note));
  sink.doubles("/targets/observed", {n}, column(targets, &Target::observed));
  sink.doubles("/targets/tolerance", {n}, column(targets, &Target::tolerance));
  sink.integers("/targets/holdout", {n},
                column(targets, [](const Target& t) { return std::int64_t{t.holdout}; }),
                {{"description", std::string("1: left out of the fit, checked after")}});
  write_names(sink, "/targets/target", column(targets, &Target::id), "cible du calage");
  describe_columns(sink, "/targets", "target",
                   {{"id", "", "cible"},
                    {"statistic", "", "statistique"},
                    {"qpv", "", "QPV"},
                    {"from", "", "début de la période"},
                    {"to", "", "fin de la période"},
                    {"source", "", "source"},
                    {"note", "", "note"},
                    {"observed", "", "valeur observée"},
                    {"tolerance", "", "tolérance"},
                    {"holdout", "1", "écartée du calage (1) ou non (0)"}});
}

/// /generations: one row per generation, and each generation's particles.
void write_generations(io::ResultSink& sink, const Calibration& c, const Outcome& out) {
  const auto& gens = out.generations;
  const std::size_t ng = gens.size();
  auto count = [&](std::size_t Generation::*field) {
    return column(gens,
                  [field](const Generation& g) { return static_cast<std::int64_t>(g.*field); });
  };
  const auto names = column(c.parameters, &Parameter::name);
  const auto ids = column(c.targets, &Target::id);
  for (const Generation& g : gens)
    io::write_particles(sink, io::generation_group(g.index),
                        particle_arrays(g.particles, c.parameters.size(), c.targets.size()), names,
                        ids);
  sink.integers("/generations/index", {ng},
                column(gens, [](const Generation& g) { return std::int64_t{g.index}; }));
  sink.integers("/generations/proposals", {ng}, count(&Generation::proposals));
  sink.integers("/generations/simulations", {ng}, count(&Generation::simulations));
  sink.integers("/generations/accepted", {ng}, count(&Generation::accepted));
  sink.doubles("/generations/tolerance", {ng}, column(gens, &Generation::tolerance),
               {{"description", std::string("accepted distance (infinite: the prior)")}});
  sink.doubles("/generations/acceptance_rate", {ng}, column(gens, &Generation::acceptance_rate));
  sink.doubles("/generations/ess", {ng}, column(gens, &Generation::ess),
               {{"description", std::string("effective sample size of the weights")}});
  sink.doubles("/generations/seconds", {ng}, column(gens, &Generation::seconds),
               {{"description", std::string("wall time (not part of the results)")}});
  sink.integers("/generations/generation", {ng},
                column(gens, [](const Generation& g) { return std::int64_t{g.index}; }),
                io::cf_attributes("1", "génération"));
  io::make_coordinate(sink, "/generations/generation");
  describe_columns(sink, "/generations", "generation",
                   {{"index", "1", "numéro de la génération"},
                    {"proposals", "1", "propositions"},
                    {"simulations", "1", "simulations"},
                    {"accepted", "1", "particules acceptées"},
                    {"tolerance", "1", "distance acceptée"},
                    {"acceptance_rate", "1", "taux d'acceptation"},
                    {"ess", "1", "taille d'échantillon effective"},
                    {"seconds", "s", "durée du calcul"}});
  if (!gens.empty())
    io::write_particles(
        sink, io::kPosteriorGroup,
        particle_arrays(gens.back().particles, c.parameters.size(), c.targets.size()), names, ids);
}

/// Everything but the predictive check; `kind` is "posterior" or "calibration_checkpoint".
void write_outcome(io::ResultSink& sink, const Calibration& c, const Outcome& out,
                   const std::string& kind) {
  write_meta(sink, c, out, kind);
  write_parameters(sink, c);
  write_targets(sink, c);
  write_generations(sink, c, out);
}

}  // namespace

Predictive posterior_predictive(const Calibration& c, const Generation& posterior,
                                const engine::Execution& how) {
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
  engine::Cluster alone;
  engine::Cluster& cluster = how.cluster ? *how.cluster : alone;
  const engine::TaskRunner runner(how.threads);
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

/// A column of /generations (or /targets...) that must hold one value per row.
template <class Array>
auto column(const io::Hdf5Reader& h5, const std::string& path, std::size_t rows,
            Array (io::Hdf5Reader::*read)(const std::string&) const) {
  Array a = (h5.*read)(path);
  io::require_shape(h5, path, a.shape, {rows}, "one value per row of its table");
  return a.values;
}

/// The generations written by write_generations, of particles with `parameters` values and
/// `targets` statistics each.
std::vector<Generation> read_generations(const io::Hdf5Reader& h5, std::size_t parameters,
                                         std::size_t targets) {
  const auto index = h5.integers("/generations/index").values;
  if (index.empty()) io::fail_reading(h5, "/generations/index", "no generation");
  std::vector<Generation> gens(index.size());
  const std::size_t n = gens.size();
  auto integers = [&](const char* path) { return column(h5, path, n, &io::Hdf5Reader::integers); };
  auto doubles = [&](const char* path) { return column(h5, path, n, &io::Hdf5Reader::doubles); };
  auto count = [&](const char* path, std::size_t Generation::*field) {
    io::fill_column(gens, integers(path), [field](Generation& g, std::int64_t v) {
      g.*field = static_cast<std::size_t>(v);
    });
  };
  io::fill_column(gens, integers("/generations/index"),
                  [](Generation& g, std::int64_t v) { g.index = static_cast<int>(v); });
  count("/generations/proposals", &Generation::proposals);
  count("/generations/simulations", &Generation::simulations);
  count("/generations/accepted", &Generation::accepted);
  io::fill_column(gens, doubles("/generations/tolerance"), &Generation::tolerance);
  io::fill_column(gens, doubles("/generations/acceptance_rate"), &Generation::acceptance_rate);
  io::fill_column(gens, doubles("/generations/ess"), &Generation::ess);
  io::fill_column(gens, doubles("/generations/seconds"), &Generation::seconds);
  for (Generation& g : gens) {
    const std::string group = io::generation_group(g.index);
    const io::ParticleArrays arrays = io::read_particles(h5, group);
    const std::size_t rows = arrays.weight.size();
    io::require_shape(h5, group + "/theta", arrays.theta.shape, {rows, parameters},
                      "one value per parameter of /parameters/name");
    io::require_shape(h5, group + "/statistics", arrays.statistics.shape, {rows, targets},
                      "one value per target of /targets/id");
    g.particles = particles_of(arrays);
  }
  return gens;
}

/// The targets written by write_targets (their origin is not kept).
std::vector<Target> read_targets(const io::Hdf5Reader& h5) {
  std::vector<Target> targets(h5.strings("/targets/id").size());
  for (const char* path : {"/targets/statistic", "/targets/qpv", "/targets/from", "/targets/to",
                           "/targets/source", "/targets/note"})
    io::require_shape(h5, path, {h5.strings(path).size()}, {targets.size()},
                      "one per target of /targets/id");
  for (const char* path : {"/targets/observed", "/targets/tolerance"})
    column(h5, path, targets.size(), &io::Hdf5Reader::doubles);
  column(h5, "/targets/holdout", targets.size(), &io::Hdf5Reader::integers);
  auto date = [](Date Target::*field) {
    return [field](Target& t, const std::string& v) { t.*field = Date::parse(v); };
  };
  io::fill_column(targets, h5.strings("/targets/id"), &Target::id);
  io::fill_column(targets, h5.strings("/targets/statistic"), &Target::statistic);
  io::fill_column(targets, h5.strings("/targets/qpv"), &Target::qpv);
  io::fill_column(targets, h5.strings("/targets/from"), date(&Target::from));
  io::fill_column(targets, h5.strings("/targets/to"), date(&Target::to));
  io::fill_column(targets, h5.strings("/targets/source"), &Target::source);
  io::fill_column(targets, h5.strings("/targets/note"), &Target::note);
  io::fill_column(targets, h5.doubles("/targets/observed").values, &Target::observed);
  io::fill_column(targets, h5.doubles("/targets/tolerance").values, &Target::tolerance);
  io::fill_column(targets, h5.integers("/targets/holdout").values,
                  [](Target& t, std::int64_t v) { t.holdout = v != 0; });
  return targets;
}

/// /meta and /parameters of a posterior file, into `r`.
void read_meta(const io::Hdf5Reader& h5, PosteriorRecord& r) {
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
  r.parameter_names = h5.strings(io::kParameterNames);
  r.parameter_priors = h5.strings("/parameters/prior");
  r.parameter_prior_sources = h5.strings("/parameters/prior_source");
  const std::size_t n = r.parameter_names.size();
  for (const char* path : {"/parameters/prior", "/parameters/prior_source"})
    io::require_shape(h5, path, {h5.strings(path).size()}, {n}, "one per parameter");
  r.parameter_min = column(h5, "/parameters/min", n, &io::Hdf5Reader::doubles);
  r.parameter_max = column(h5, "/parameters/max", n, &io::Hdf5Reader::doubles);
}

/// The predictive check written by write_posterior_file, for `targets` targets, drawn from a
/// posterior of `particles` particles.
Predictive read_predictive(const io::Hdf5Reader& h5, std::size_t targets, std::size_t particles) {
  Predictive predictive;
  const auto particle = h5.integers("/predictive/particle").values;
  const auto stats = h5.doubles("/predictive/statistics");
  io::require_shape(h5, "/predictive/statistics", stats.shape, {particle.size(), targets},
                    "draw (/predictive/particle), target (/targets/id)");
  for (std::int64_t k : particle)
    if (k < 0 || static_cast<std::size_t>(k) >= particles)
      io::fail_reading(h5, "/predictive/particle",
                       "particle " + std::to_string(k) + " is not one of the last generation's " +
                           std::to_string(particles));
  for (std::size_t d = 0; d < particle.size(); ++d) {
    predictive.particle.push_back(static_cast<std::size_t>(particle[d]));
    const auto row = stats.values.begin() + static_cast<std::ptrdiff_t>(d * targets);
    predictive.statistics.emplace_back(row, row + static_cast<std::ptrdiff_t>(targets));
  }
  return predictive;
}

}  // namespace

Outcome read_checkpoint(const std::string& path, const Calibration& c) {
  const io::Hdf5Reader h5(path);
  if (io::file_kind(h5) != "calibration_checkpoint")
    throw InputError(Origin{path}, "checkpoint",
                     "not a calibration checkpoint: remove it or choose another output file");
  if (meta_text(h5, "fingerprint") != fingerprint(c))
    throw InputError(Origin{path}, "checkpoint",
                     "written by another calibration (other files, settings or holdouts): "
                     "remove it to start again (or use --restart)");
  Outcome out;
  out.generations = read_generations(h5, c.parameters.size(), c.targets.size());
  return out;
}

bool is_posterior_file(const std::string& path) {
  return io::file_kind(path) == io::kPosteriorKind;
}

PosteriorRecord read_posterior_file(const std::string& path) {
  if (!is_posterior_file(path))
    throw InputError(Origin{path}, "posterior",
                     "not a posterior file (expected one written by qpvsim calibrate)");
  const io::Hdf5Reader h5(path);
  PosteriorRecord r;
  r.file = path;
  read_meta(h5, r);
  r.targets = read_targets(h5);
  r.outcome.generations = read_generations(h5, r.parameter_names.size(), r.targets.size());
  r.outcome.reached = r.reached;
  r.outcome.stop = r.stop;
  r.predictive =
      read_predictive(h5, r.targets.size(), r.outcome.generations.back().particles.size());
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
  io::write_index_coordinate(sink, "/predictive/draw", particle.size(), "tirage");
  write_names(sink, "/predictive/target", column(c.targets, &Target::id), "cible du calage");
  io::describe(sink, "/predictive/particle", "1", "particule tirée", {"draw"});
  io::describe(sink, "/predictive/statistics", "", "statistiques simulées à nouveau",
               {"draw", "target"});
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
