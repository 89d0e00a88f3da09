#include "calibration/config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/io/embedded.hpp"
#include "sim/io/toml_reader.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/priors.hpp"

namespace qpv::calibration {
namespace {

using io::Keys;
using io::Reader;

const Keys kTopKeys = {"calibration"};
const Keys kSettingsKeys = {
    "name",      "scenario",        "targets",         "priors",          "end",
    "particles", "max_generations", "quantile",        "final_tolerance", "replicates_per_particle",
    "seed",      "min_acceptance",  "predictive_draws"};
const Keys kTargetKeys = {"id", "statistic", "observed", "tolerance", "from",
                          "to", "qpv",       "source",   "note"};
const Keys kParameterKeys = {"name", "prior", "a", "b", "min", "max"};

toml::table read_file(const std::string& path, Calibration& c) {
  std::string text = io::read_text(path);
  toml::table root = io::parse_file(path, text);
  c.sources.emplace_back(path, std::move(text));
  return root;
}

/// The tables of an array of tables `key` ([[key]]) of a file.
std::vector<const toml::table*> tables(const std::string& file, const toml::table& root,
                                       const std::string& key) {
  std::vector<const toml::table*> out;
  const toml::node* n = root.get(key);
  if (n == nullptr) return out;
  if (!n->is_array_of_tables())
    throw InputError(io::origin_of(file, n->source()), key,
                     "expected [[" + key + "]] tables, got " + io::type_name(*n));
  for (const toml::node& el : *n->as_array()) out.push_back(el.as_table());
  return out;
}

template <class T>
T required(const std::optional<io::Sourced<T>>& v, const Reader& r, const std::string& key,
           const std::string& what) {
  if (!v) r.fail(key, "missing key: " + what);
  return v->value;
}

void read_settings(const std::string& file, const toml::table& root, Calibration& c,
                   std::string& scenario, std::string& targets, std::string& priors,
                   std::optional<io::Sourced<Date>>& end) {
  Reader top(file, root, "");
  top.allow_only(kTopKeys);
  const toml::node* n = root.get("calibration");
  if (n == nullptr) throw InputError(Origin{file}, "calibration", "missing table [calibration]");
  const Reader r(file, io::sub_table(file, *n, "calibration"), "calibration");
  r.allow_only(kSettingsKeys);
  Settings& s = c.settings;
  if (auto v = r.string("name")) s.name = v->value;
  scenario = required(r.string("scenario"), r, "scenario",
                      "the scenario each particle simulates, e.g. scenario = "
                      "\"../../scenarios/valenciennes/baseline.toml\"");
  targets = required(r.string("targets"), r, "targets", "the targets file, e.g. \"targets.toml\"");
  priors = required(r.string("priors"), r, "priors", "the priors file, e.g. \"priors.toml\"");
  end = r.date("end");
  if (auto v = r.integer("particles", 10, 100000)) s.particles = static_cast<std::size_t>(v->value);
  if (auto v = r.integer("max_generations", 1, 1000))
    s.max_generations = static_cast<int>(v->value);
  if (auto v = r.number("quantile", 0.05, 0.95, "a quantile")) s.quantile = v->value;
  if (auto v = r.number("final_tolerance", 1e-6, 1e6, "a multiple of the targets' tolerances"))
    s.final_tolerance = v->value;
  if (auto v = r.integer("replicates_per_particle", 1, 1000))
    s.replicates_per_particle = static_cast<int>(v->value);
  if (auto v = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    s.seed = static_cast<std::uint64_t>(v->value);
  if (auto v = r.number("min_acceptance", 0.0, 1.0, "a share")) s.min_acceptance = v->value;
  if (auto v = r.integer("predictive_draws", 1, 100000))
    s.predictive_draws = static_cast<std::size_t>(v->value);
}

void read_targets(const std::string& file, const toml::table& root, Calibration& c) {
  Reader top(file, root, "");
  top.allow_only({"target"});
  const model::RunPlan& run = c.scenario.run;
  std::vector<std::string> indicators, qpvs = {"ALL"};
  for (const auto& spec : model::indicator_specs()) indicators.emplace_back(spec.id);
  for (const auto& q : c.scenario.territory.qpvs) qpvs.push_back(q.code);
  const auto list = tables(file, root, "target");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Reader r(file, *list[k], "target[" + std::to_string(k) + "]");
    r.allow_only(kTargetKeys);
    Target t;
    t.origin = r.where("id");
    t.id = required(r.string("id"), r, "id", "the figure's id, e.g. \"employment_rate_15_64\"");
    for (const Target& other : c.targets) {
      if (other.id == t.id)
        r.fail("id", "duplicate target id \"" + t.id + "\" (also at line " +
                         std::to_string(other.origin.line) + ")");
    }
    t.statistic = required(r.choice("statistic", indicators), r, "statistic",
                           "the model indicator to compare, e.g. \"employment_rate\"");
    const model::IndicatorSpec& spec = *model::find_indicator(t.statistic);
    const bool share = spec.unit == "share";
    t.observed = required(r.number("observed", share ? 0.0 : -1e12, share ? 1.0 : 1e12,
                                   share ? "a share" : "a number"),
                          r, "observed", "the observed figure");
    t.tolerance = required(r.number("tolerance", 0.0, 1e12, "a tolerance > 0"), r, "tolerance",
                           "the largest acceptable distance between model and observation, in "
                           "the indicator's unit");
    if (!(t.tolerance > 0)) r.fail("tolerance", "expected a tolerance > 0, got 0");
    t.from = required(r.date("from"), r, "from", "the first day averaged, e.g. 2024-01-01");
    t.to = required(r.date("to"), r, "to", "the last day averaged, e.g. 2024-12-31");
    if (t.to < t.from)
      r.fail("to", "the window ends (" + t.to.to_string() + ") before it starts (" +
                       t.from.to_string() + ")");
    if (t.from < run.start || t.to > run.end)
      r.fail(t.from < run.start ? "from" : "to",
             "the window " + t.from.to_string() + " to " + t.to.to_string() +
                 " is outside the simulated horizon " + run.start.to_string() + " to " +
                 run.end.to_string());
    if (auto v = r.choice("qpv", qpvs)) t.qpv = v->value;
    if (auto v = r.string("source")) t.source = v->value;
    if (auto v = r.string("note")) t.note = v->value;
    c.targets.push_back(std::move(t));
  }
  if (c.targets.empty())
    throw InputError(Origin{file}, "target", "no [[target]]: nothing to calibrate against");
}

/// A prior's parameters are valid for its kind, and it puts (almost) no mass outside the
/// parameter's admissible range (sim/model/priors.hpp).
void check_prior(const Reader& r, model::Param param, const model::Prior& p) {
  const std::string problem = model::prior_problem(param, p);
  if (problem.empty()) return;
  // Numbers that make no distribution are blamed on b; a prior too wide, on the prior itself
  // (or on the name when the registry's prior is used).
  const std::string key = !model::is_distribution(p)   ? "b"
                          : r.find("prior") != nullptr ? "prior"
                                                       : "name";
  r.fail(key, "invalid prior: " + problem);
}

void read_priors(const std::string& file, const toml::table& root, Calibration& c) {
  Reader top(file, root, "");
  top.allow_only({"parameter"});
  std::vector<std::string> names;
  for (const auto& spec : model::param_specs()) names.emplace_back(spec.name);
  const auto list = tables(file, root, "parameter");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Reader r(file, *list[k], "parameter[" + std::to_string(k) + "]");
    r.allow_only(kParameterKeys);
    const std::string name =
        required(r.choice("name", names), r, "name", "a parameter of the registry");
    const model::ParamSpec& spec = model::spec(*model::find_param(name));
    for (const Parameter& other : c.parameters) {
      if (other.name == name) r.fail("name", "parameter \"" + name + "\" is listed twice");
    }
    Parameter p;
    p.param = spec.id;
    p.name = name;
    p.prior = spec.prior;
    p.prior_source = "registry";
    if (auto kind = r.choice("prior", model::prior_kind_names())) {
      p.prior.kind = *model::find_prior_kind(kind->value);
      p.prior.a = required(r.number("a", -1e12, 1e12), r, "a", "the prior's first parameter");
      p.prior.b = required(r.number("b", -1e12, 1e12), r, "b", "the prior's second parameter");
      p.prior_source = file + ":" + std::to_string(r.where("prior").line);
    } else if (r.find("a") != nullptr || r.find("b") != nullptr) {
      r.fail(r.find("a") != nullptr ? "a" : "b",
             "a and b set the prior given by `prior` (uniform, normal, lognormal or beta): "
             "state it too");
    }
    check_prior(r, spec.id, p.prior);
    // The support: the registry's range, narrowed by min and max, and by a uniform prior.
    p.min = spec.min;
    p.max = spec.max;
    if (p.prior.kind == model::Prior::Kind::uniform) {
      p.min = std::max(p.min, p.prior.a);
      p.max = std::min(p.max, p.prior.b);
    }
    const auto min = r.number("min", spec.min, spec.max, "a value in the parameter's range");
    const auto max = r.number("max", spec.min, spec.max, "a value in the parameter's range");
    if (min) p.min = std::max(p.min, min->value);
    if (max) p.max = std::min(p.max, max->value);
    if (!(p.min < p.max))
      r.fail(max ? "max" : "min", "empty support: min (" + std::to_string(p.min) +
                                      ") must be below max (" + std::to_string(p.max) + ")");
    c.parameters.push_back(std::move(p));
  }
  if (c.parameters.empty())
    throw InputError(Origin{file}, "parameter", "no [[parameter]]: nothing to calibrate");
}

}  // namespace

Calibration load_calibration(const std::string& path) {
  Calibration c;
  c.file = path;
  const toml::table root = read_file(path, c);
  std::string scenario, targets, priors;
  std::optional<io::Sourced<Date>> end;
  read_settings(path, root, c, scenario, targets, priors, end);
  c.scenario = io::load_scenario(io::resolve_relative(path, scenario));
  if (end) {
    if (end->value < c.scenario.run.start)
      throw InputError(end->origin, end->key,
                       "the calibration's end is before the scenario's start " +
                           c.scenario.run.start.to_string());
    c.scenario.run.end = end->value;
  }
  const std::string targets_file = io::resolve_relative(path, targets);
  read_targets(targets_file, read_file(targets_file, c), c);
  const std::string priors_file = io::resolve_relative(path, priors);
  read_priors(priors_file, read_file(priors_file, c), c);
  return c;
}

void set_holdout(Calibration& c, const std::vector<std::string>& ids) {
  std::vector<std::string> known;
  for (const Target& t : c.targets) known.push_back(t.id);
  for (const std::string& id : ids) {
    auto it = std::find_if(c.targets.begin(), c.targets.end(),
                           [&](const Target& t) { return t.id == id; });
    if (it == c.targets.end())
      throw InputError(Origin{c.file}, "--holdout",
                       "unknown target \"" + id + "\"" + did_you_mean(id, known) +
                           "; expected one of: " + join(known));
    it->holdout = true;
  }
  if (std::all_of(c.targets.begin(), c.targets.end(), [](const Target& t) { return t.holdout; }))
    throw InputError(Origin{c.file}, "--holdout",
                     "every target is held out: nothing is left to fit");
}

std::vector<std::string> calibration_keys() {
  return io::dotted_keys(
      {{"calibration", kSettingsKeys}, {"target", kTargetKeys}, {"parameter", kParameterKeys}});
}

}  // namespace qpv::calibration
