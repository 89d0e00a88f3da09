#include "analysis/sensitivity_config.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include "analysis/comparison.hpp"
#include "sim/core/error.hpp"
#include "sim/io/embedded.hpp"
#include "sim/io/toml_reader.hpp"

namespace qpv::analysis {
namespace {

using io::Keys;
using io::Reader;

const Keys kTopKeys = {"sensitivity", "morris", "sobol"};
const Keys kStudyKeys = {"name", "baseline",   "alternative", "indicator", "qpv",
                         "year", "replicates", "seed",        "method",    "parameters"};
const Keys kMorrisKeys = {"trajectories", "levels"};
const Keys kSobolKeys = {"base_samples", "keep", "parameters", "bootstrap", "confidence"};
const std::vector<std::string> kMethods = {"morris", "sobol", "morris+sobol"};

/// Checks that `name` (from key `key` of r) can be a factor: a known parameter, drawn under
/// uncertainty (not a policy setting), and set by neither scenario.
model::Param factor(const Reader& r, const std::string& key, const io::Sourced<std::string>& name,
                    const SensitivityConfig& c) {
  std::vector<std::string> names;
  for (const auto& s : model::param_specs()) names.emplace_back(s.name);
  const auto p = model::find_param(name.value);
  if (!p)
    throw InputError(name.origin, r.full(key),
                     "unknown parameter \"" + name.value + "\"" + did_you_mean(name.value, names) +
                         "; see `qpvsim params` for the list");
  if (model::spec(*p).role == model::Role::policy)
    throw InputError(name.origin, r.full(key),
                     name.value +
                         " is a policy setting: a choice, not an uncertainty; it cannot "
                         "be a factor");
  auto fixed_by = [&](const io::Scenario& s) {
    for (const auto& [n, v] : s.overrides)
      if (n == name.value) return true;
    return false;
  };
  const io::Scenario* set = fixed_by(c.baseline)                        ? &c.baseline
                            : c.alternative && fixed_by(*c.alternative) ? &*c.alternative
                                                                        : nullptr;
  if (set != nullptr)
    throw InputError(name.origin, r.full(key),
                     name.value + " is set in [parameters] by " + set->file +
                         ": a value the scenario fixes cannot vary");
  return *p;
}

std::vector<model::Param> factor_list(const Reader& r, const std::string& key,
                                      const SensitivityConfig& c) {
  std::vector<model::Param> out;
  const auto list = r.strings(key);
  if (!list) return out;
  for (const auto& name : *list) {
    const model::Param p = factor(r, key, name, c);
    if (std::find(out.begin(), out.end(), p) != out.end())
      throw InputError(name.origin, r.full(key), name.value + " is listed twice");
    out.push_back(p);
  }
  if (out.empty()) r.fail(key, "an empty list: name at least one parameter, or leave it out");
  return out;
}

/// The powers of two around n, for the error of a base_samples that is not one.
std::string nearest_powers(std::int64_t n) {
  const auto u = static_cast<std::uint64_t>(std::max<std::int64_t>(n, 4));
  const std::uint64_t below = std::bit_floor(u), above = std::bit_ceil(u);
  return below == above
             ? std::to_string(below)
             : std::to_string(std::max<std::uint64_t>(below, 4)) + " or " + std::to_string(above);
}

}  // namespace

std::string_view method_name(SensitivityMethod m) {
  switch (m) {
    case SensitivityMethod::morris:
      return "morris";
    case SensitivityMethod::sobol:
      return "sobol";
    case SensitivityMethod::morris_then_sobol:
      return "morris+sobol";
  }
  return "?";
}

namespace {

/// [sensitivity] baseline and alternative: the scenarios, loaded and checked comparable.
void read_scenarios(const Reader& r, const std::string& path, SensitivityConfig& c) {
  const auto baseline = r.string("baseline");
  if (!baseline)
    r.fail("baseline",
           "missing key: the scenario whose parameters vary, e.g. baseline = "
           "\"../../scenarios/valenciennes/baseline.toml\"");
  c.baseline = io::load_scenario(io::resolve_relative(path, baseline->value));
  if (auto v = r.string("alternative")) {
    c.alternative = io::load_scenario(io::resolve_relative(path, v->value));
    try {
      check_comparable({c.baseline, *c.alternative});
    } catch (const InputError& e) {
      r.fail("alternative", "cannot be compared with the baseline: " + e.problem());
    }
  }
}

/// [sensitivity] indicator, qpv and year: the output studied.
void read_output(const Reader& r, SensitivityConfig& c) {
  std::vector<std::string> indicators;
  for (const auto& spec : model::indicator_specs()) indicators.emplace_back(spec.id);
  const auto indicator = r.choice("indicator", indicators);
  if (!indicator)
    r.fail("indicator", "missing key: the indicator studied, e.g. \"employment_rate\"");
  c.indicator = model::find_indicator(indicator->value);

  std::vector<std::string> qpvs = {"ALL"};
  for (const auto& q : c.baseline.territory.qpvs) qpvs.push_back(q.code);
  if (auto v = r.choice("qpv", qpvs)) c.qpv = v->value;

  const model::RunPlan& run = c.baseline.run;
  c.year = run.end.year;
  if (auto v = r.integer("year", run.start.year, run.end.year)) c.year = static_cast<int>(v->value);
}

/// [sensitivity] replicates, seed and method.
void read_runs(const Reader& r, SensitivityConfig& c) {
  if (auto v = r.integer("replicates", 1, 1000))
    c.replicates = static_cast<std::uint32_t>(v->value);
  c.seed = c.baseline.run.seed;
  if (auto v = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    c.seed = static_cast<std::uint64_t>(v->value);
  if (auto v = r.choice("method", kMethods)) {
    c.method = v->value == "morris"  ? SensitivityMethod::morris
               : v->value == "sobol" ? SensitivityMethod::sobol
                                     : SensitivityMethod::morris_then_sobol;
  }
}

/// [sensitivity] parameters: Morris's factors; by default every parameter a run under `full`
/// draws, but those the scenarios fix.
void read_factors(const Reader& r, SensitivityConfig& c) {
  c.factors = factor_list(r, "parameters", c);
  if (!c.factors.empty()) return;
  for (const auto& s : model::param_specs()) {
    if (s.role == model::Role::policy) continue;
    bool fixed = false;
    for (const io::Scenario* sc : {&c.baseline, c.alternative ? &*c.alternative : nullptr}) {
      if (sc == nullptr) continue;
      for (const auto& [name, v] : sc->overrides) fixed = fixed || name == s.name;
    }
    if (!fixed) c.factors.push_back(s.id);
  }
}

/// [morris]: trajectories and levels.
void read_morris(const Reader& mr, SensitivityConfig& c) {
  mr.allow_only(kMorrisKeys);
  if (auto v = mr.integer("trajectories", std::numeric_limits<std::int64_t>::min(), 100000)) {
    if (v->value < 2)
      mr.fail("trajectories",
              "expected at least 2 trajectories (r >= 2: the spread sigma of "
              "a factor's effects needs two of them), got " +
                  std::to_string(v->value));
    c.trajectories = static_cast<std::size_t>(v->value);
  }
  if (auto v = mr.integer("levels", std::numeric_limits<std::int64_t>::min(), 1000)) {
    if (v->value < 2 || v->value % 2 != 0)
      mr.fail("levels",
              "expected an even number of levels >= 2 (a step of p/2 levels keeps "
              "every point on the grid), got " +
                  std::to_string(v->value));
    c.levels = static_cast<std::size_t>(v->value);
  }
}

/// [sobol]: base samples, keep, its own factors, bootstrap and confidence.
void read_sobol(const Reader& sr, SensitivityConfig& c) {
  sr.allow_only(kSobolKeys);
  if (auto v = sr.integer("base_samples", std::numeric_limits<std::int64_t>::min(),
                          std::int64_t{1} << 20)) {
    if (v->value < 4 || !std::has_single_bit(static_cast<std::uint64_t>(v->value)))
      sr.fail("base_samples",
              "expected a power of two >= 4 (the first 2^m points of a Sobol' sequence are "
              "balanced), got " +
                  std::to_string(v->value) + "; use " + nearest_powers(v->value));
    c.base_samples = static_cast<std::size_t>(v->value);
  }
  if (auto v = sr.integer("keep", 1, 1000)) c.keep = static_cast<std::size_t>(v->value);
  c.sobol_factors = factor_list(sr, "parameters", c);
  if (auto v = sr.integer("bootstrap", 1, 100000)) c.bootstrap = static_cast<std::size_t>(v->value);
  if (auto v = sr.number("confidence", 0.5, 0.999, "a confidence level")) c.confidence = v->value;
}

}  // namespace

SensitivityConfig load_sensitivity(const std::string& path) {
  SensitivityConfig c;
  c.file = path;
  std::string text = io::read_text(path);
  const toml::table root = io::parse_file(path, text);
  c.sources.emplace_back(path, std::move(text));
  const Reader top(path, root, "");
  top.allow_only(kTopKeys);
  const toml::node* n = root.get("sensitivity");
  if (n == nullptr) throw InputError(Origin{path}, "sensitivity", "missing table [sensitivity]");
  const Reader r(path, io::sub_table(path, *n, "sensitivity"), "sensitivity");
  r.allow_only(kStudyKeys);

  if (auto v = r.string("name")) c.name = v->value;
  read_scenarios(r, path, c);
  read_output(r, c);
  read_runs(r, c);
  read_factors(r, c);
  if (const toml::node* m = root.get("morris"))
    read_morris(Reader(path, io::sub_table(path, *m, "morris"), "morris"), c);
  if (const toml::node* s = root.get("sobol"))
    read_sobol(Reader(path, io::sub_table(path, *s, "sobol"), "sobol"), c);
  if (c.method == SensitivityMethod::sobol && c.sobol_factors.empty()) c.sobol_factors = c.factors;
  c.keep = std::min(c.keep, c.factors.size());
  return c;
}

std::vector<std::string> sensitivity_keys() {
  return io::dotted_keys(
      {{"sensitivity", kStudyKeys}, {"morris", kMorrisKeys}, {"sobol", kSobolKeys}});
}

}  // namespace qpv::analysis
