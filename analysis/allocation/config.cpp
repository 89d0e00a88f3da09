// Reading an allocation file (config.hpp): [allocation], [targeting], the [[lever]] tables with
// their scenarios, and the [[qpv]] bounds. The objective, equity, status quo, frontier and the
// budget's feasibility are in config_checks.cpp.

#include "analysis/allocation/config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "analysis/allocation/config_read.hpp"
#include "sim/io/embedded.hpp"

namespace qpv::analysis::allocation {
namespace {

using detail::kEquityKeys;
using detail::kObjectiveKeys;
using detail::kOutcomeKeys;
using detail::kParetoKeys;
using detail::Origins;
using detail::section;
using io::Keys;
using io::Reader;

const Keys kTopKeys = {"allocation", "targeting", "lever",      "qpv",
                       "objective",  "equity",    "status_quo", "pareto"};
const Keys kAllocationKeys = {"name",
                              "baseline",
                              "envelope_eur_per_year",
                              "first_year",
                              "last_year",
                              "replicates",
                              "fresh_replicates",
                              "seed",
                              "max_evaluations",
                              "keep",
                              "step",
                              "curve_fractions"};
const Keys kLeverKeys = {
    "kind", "scenario", "mix", "min_eur_per_year", "max_eur_per_year", "committed_eur_per_year",
    "need"};
const Keys kTargetingKeys = {"rule",          "need",         "exponent",
                             "tune_exponent", "exponent_min", "exponent_max"};
const Keys kQpvKeys = {"code", "min_eur_per_year", "max_eur_per_year"};

Keys lever_names() {
  Keys names;
  for (const auto& s : model::kLeverSpecs) names.emplace_back(s.name);
  return names;
}

/// [allocation] curve_fractions: increasing fractions of the envelope in (0, 3].
std::vector<double> curve_fractions(const Reader& r) {
  const toml::node* n = r.find("curve_fractions");
  if (n == nullptr) return AllocationConfig{}.curve_fractions;
  if (!n->is_array() || n->as_array()->empty())
    r.fail("curve_fractions",
           "expected a non-empty array of fractions of the envelope, got " + io::type_name(*n));
  std::vector<double> out;
  for (const toml::node& el : *n->as_array()) {
    const auto v = el.value<double>();
    const Origin at = io::origin_of(r.file(), el.source());
    if (!v || !(*v > 0 && *v <= 3))
      throw InputError(at, r.full("curve_fractions"),
                       "expected fractions of the envelope in (0, 3], got " +
                           (v ? std::to_string(*v) : io::type_name(el)));
    if (!out.empty() && !(*v > out.back()))
      throw InputError(at, r.full("curve_fractions"),
                       "expected increasing fractions, got " + std::to_string(*v) + " after " +
                           std::to_string(out.back()));
    out.push_back(*v);
  }
  return out;
}

/// [allocation] first_year and last_year: within the baseline's run, first <= last.
void read_years(const Reader& r, AllocationConfig& c) {
  const model::RunPlan& run = c.baseline.run;
  c.first_year = run.start.year;
  c.last_year = run.end.year;
  const std::string horizon = run.start.to_string() + " to " + run.end.to_string();
  for (const char* key : {"first_year", "last_year"}) {
    const auto v = r.integer(key, 1900, 2200);
    if (!v) continue;
    if (v->value < run.start.year || v->value > run.end.year)
      r.fail(key, "the year " + std::to_string(v->value) + " is outside the baseline's run (" +
                      horizon + ", " + c.baseline.file + ")");
    (std::string(key) == "first_year" ? c.first_year : c.last_year) = static_cast<int>(v->value);
  }
  if (c.first_year > c.last_year)
    r.fail(r.find("last_year") ? "last_year" : "first_year",
           "the envelope's first year (" + std::to_string(c.first_year) +
               ") is after its last year (" + std::to_string(c.last_year) + ")");
}

/// [allocation]: the baseline, the envelope, its years and the search's settings.
void read_allocation(const std::string& path, const Reader& r, AllocationConfig& c, Origins& o) {
  if (auto v = r.string("name")) c.name = v->value;
  const auto baseline = r.string("baseline");
  if (!baseline)
    r.fail("baseline",
           "missing key: the scenario of the world without the envelope, e.g. "
           "baseline = \"baseline.toml\"");
  c.baseline = io::load_scenario(io::resolve_relative(path, baseline->value));
  const auto envelope = r.budget("envelope_eur_per_year");
  if (!envelope)
    r.fail("envelope_eur_per_year", "missing key: the euros a year to allocate, e.g. 600000");
  if (!(envelope->value > 0))
    r.fail("envelope_eur_per_year", "expected an envelope > 0 euros a year, got 0");
  c.envelope_eur = envelope->value;
  o.envelope = *envelope;
  read_years(r, c);
  if (auto v = r.integer("replicates", 1, 10000))
    c.replicates = static_cast<std::uint32_t>(v->value);
  if (auto v = r.integer("fresh_replicates", 1, 10000))
    c.fresh_replicates = static_cast<std::uint32_t>(v->value);
  c.seed = c.baseline.run.seed;
  if (auto v = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    c.seed = static_cast<std::uint64_t>(v->value);
  if (auto v = r.integer("max_evaluations", 1, 1000000))
    c.max_evaluations = static_cast<std::size_t>(v->value);
  if (auto v = r.integer("keep", 1, 1000)) c.keep = static_cast<std::size_t>(v->value);
  if (auto v = r.number("step", 0.0, 0.5, "a share of the envelope")) {
    if (!(v->value > 0)) r.fail("step", "expected a share of the envelope in (0, 0.5], got 0");
    c.step = v->value;
  }
  c.curve_fractions = curve_fractions(r);
}

/// A need indicator: one of the catalogue's, with a direction (which way is "more need").
const model::IndicatorSpec* need_indicator(const Reader& r, const std::string& key) {
  std::vector<std::string> ids;
  for (const auto& s : model::indicator_specs())
    if (s.better != model::Better::neither) ids.emplace_back(s.id);
  const auto v = r.string(key);
  if (!v) return nullptr;
  const model::IndicatorSpec* spec = model::find_indicator(v->value);
  if (spec == nullptr)
    r.fail(key, "unknown indicator \"" + v->value + "\"" + did_you_mean(v->value, ids) +
                    "; expected one of: " + join(ids));
  if (spec->better == model::Better::neither)
    r.fail(key, "the indicator \"" + v->value +
                    "\" has no direction (neither higher nor lower is better): it cannot say "
                    "which QPV needs more");
  return spec;
}

/// [targeting]: the rule and its need indicator and exponent.
void read_targeting(const std::optional<Reader>& r, AllocationConfig& c) {
  c.need = model::find_indicator("employment_rate");
  if (!r) return;
  if (auto v = r->choice("rule", {"population", "need", "free"}))
    c.targeting = v->value == "population" ? Targeting::population
                  : v->value == "need"     ? Targeting::need
                                           : Targeting::free;
  if (const auto* need = need_indicator(*r, "need")) c.need = need;
  const bool need_rule = c.targeting == Targeting::need;
  for (const char* key : {"exponent", "tune_exponent", "exponent_min", "exponent_max"})
    if (!need_rule && r->find(key) != nullptr)
      r->fail(key, "only read with rule = \"need\" (the rule is \"" +
                       std::string(targeting_name(c.targeting)) + "\")");
  if (auto v = r->number("exponent", 0.0, 10.0, "an exponent")) c.exponent = v->value;
  if (auto v = detail::boolean(*r, "tune_exponent")) c.tune_exponent = v->value;
  for (const char* key : {"exponent_min", "exponent_max"})
    if (!c.tune_exponent && r->find(key) != nullptr)
      r->fail(key, "only read with tune_exponent = true");
  if (auto v = r->number("exponent_min", 0.0, 10.0, "an exponent")) c.exponent_min = v->value;
  if (auto v = r->number("exponent_max", 0.0, 10.0, "an exponent")) c.exponent_max = v->value;
  if (c.tune_exponent && !(c.exponent_min < c.exponent_max))
    r->fail(r->find("exponent_max") ? "exponent_max" : "exponent_min",
            "expected exponent_min < exponent_max, got " + std::to_string(c.exponent_min) +
                " and " + std::to_string(c.exponent_max));
  if (c.tune_exponent && (c.exponent < c.exponent_min || c.exponent > c.exponent_max))
    r->fail(r->find("exponent") ? "exponent" : "exponent_max",
            "the starting exponent " + std::to_string(c.exponent) + " is outside [" +
                std::to_string(c.exponent_min) + ", " + std::to_string(c.exponent_max) + "]");
}

/// The lever's templates: its interventions in `s`, in file order.
std::vector<model::Intervention> templates(const Reader& r, const io::Scenario& s,
                                           const io::Scenario& baseline, model::Lever lever) {
  auto texts = [](const io::Scenario& x) {
    std::vector<std::string> t;
    for (const auto& [file, text] : x.territory_sources) t.push_back(text);
    return t;
  };
  if (texts(s) != texts(baseline) || s.territory.name != baseline.territory.name)
    r.fail("scenario", s.file + " is on territory \"" + s.territory.name + "\" (" +
                           s.territory_dir + "), the baseline on \"" + baseline.territory.name +
                           "\" (" + baseline.territory_dir +
                           "): a lever's templates must be "
                           "on the baseline's territory");
  std::vector<model::Intervention> out;
  for (const auto& i : s.interventions)
    if (model::lever_of(i) == lever) out.push_back(i);
  if (out.empty())
    r.fail("scenario", s.file + " has no intervention of kind \"" +
                           std::string(model::lever_name(lever)) +
                           "\": a lever needs at least one as its template");
  return out;
}

/// [[lever]] mix: each template's share of the lever's euros, by template id; equal shares
/// if absent.
std::vector<double> mix(const Reader& r, const LeverConfig& l) {
  const std::size_t n = l.templates.size();
  const toml::node* node = r.find("mix");
  if (node == nullptr) return std::vector<double>(n, 1.0 / static_cast<double>(n));
  Keys ids;
  for (const auto& t : l.templates) {
    if (t.id.empty())
      r.fail("mix", "an intervention of kind \"" + std::string(model::lever_name(l.lever)) +
                        "\" in " + l.scenario +
                        " has no id: give each one an `id` to share "
                        "the lever's euros between them");
    ids.push_back(t.id);
  }
  const Reader m(r.file(), io::sub_table(r.file(), *node, r.full("mix")), r.full("mix"));
  m.allow_only(ids);
  std::vector<double> out;
  double sum = 0;
  for (const std::string& id : ids) {
    const auto v = m.share(id);
    if (!v)
      r.fail("mix", "missing share for template \"" + id + "\": name every one of " + join(ids));
    out.push_back(v->value);
    sum += v->value;
  }
  if (std::abs(sum - 1.0) > 1e-6)
    r.fail("mix", "the shares add up to " + std::to_string(sum) + ", expected 1");
  return out;
}

/// [[lever]] bounds: min, max (default the envelope) and the commitments, in euros a year.
void lever_bounds(const Reader& r, LeverConfig& l, const AllocationConfig& c) {
  l.max_eur = c.envelope_eur;
  if (auto v = r.budget("min_eur_per_year")) l.min_eur = v->value;
  if (auto v = r.budget("max_eur_per_year")) l.max_eur = v->value;
  if (auto v = r.budget("committed_eur_per_year")) l.committed_eur = v->value;
  const std::string name(model::lever_name(l.lever));
  if (l.min_eur > l.max_eur)
    r.fail("min_eur_per_year", name + ": the minimum " + detail::eur(l.min_eur) +
                                   " is above the maximum " + detail::eur(l.max_eur));
  if (l.committed_eur > l.max_eur)
    r.fail("committed_eur_per_year", name + ": the commitments " + detail::eur(l.committed_eur) +
                                         " are above the maximum " + detail::eur(l.max_eur));
}

/// The [[lever]] tables: kind, scenario (loaded once per file), mix, bounds and need.
void read_levers(const std::string& path, const toml::table& root, AllocationConfig& c) {
  std::map<std::string, io::Scenario> loaded;
  const auto list = detail::tables(path, root, "lever", "lever");
  if (list.empty())
    throw InputError(Origin{path}, "lever", "no [[lever]]: name at least one lever in play");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Reader r(path, *list[k], "lever[" + std::to_string(k) + "]");
    r.allow_only(kLeverKeys);
    const auto kind = r.choice("kind", lever_names());
    if (!kind) r.fail("kind", "missing key: the lever, one of " + join(lever_names()));
    LeverConfig l;
    l.lever = *model::find_lever(kind->value);
    for (const LeverConfig& other : c.levers)
      if (other.lever == l.lever) r.fail("kind", "the lever " + kind->value + " is listed twice");
    const auto scenario = r.string("scenario");
    if (!scenario)
      r.fail("scenario", "missing key: the scenario whose " + kind->value +
                             " interventions are the templates, e.g. \"transport_aid.toml\"");
    l.scenario = scenario->value;
    const std::string file = io::resolve_relative(path, scenario->value);
    if (!loaded.contains(file)) {
      loaded.emplace(file, io::load_scenario(file));
      // Provenance: the lever scenario's files (its bases too), each once.
      for (const auto& source : loaded.at(file).sources) {
        bool listed = false;
        for (const auto& seen : c.sources) listed = listed || seen.first == source.first;
        if (!listed) c.sources.push_back(source);
      }
    }
    l.templates = templates(r, loaded.at(file), c.baseline, l.lever);
    l.mix = mix(r, l);
    lever_bounds(r, l, c);
    l.need = c.need;
    if (const auto* need = need_indicator(r, "need")) l.need = need;
    c.levers.push_back(std::move(l));
  }
  std::stable_sort(c.levers.begin(), c.levers.end(),
                   [](const LeverConfig& a, const LeverConfig& b) { return a.lever < b.lever; });
}

/// The [[qpv]] tables: bounds of QPVs of the baseline's territory. c.qpv_bounds holds one entry
/// per QPV of the territory, in its order (min 0 and max +inf for those not named).
void read_qpvs(const std::string& path, const toml::table& root, AllocationConfig& c, Origins& o) {
  Keys codes;
  for (const auto& q : c.baseline.territory.qpvs) {
    codes.push_back(q.code);
    c.qpv_bounds.push_back({q.code, 0.0, std::numeric_limits<double>::infinity()});
  }
  const auto list = detail::tables(path, root, "qpv", "qpv");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Reader r(path, *list[k], "qpv[" + std::to_string(k) + "]");
    r.allow_only(kQpvKeys);
    const auto code = r.choice("code", codes);
    if (!code) r.fail("code", "missing key: the QPV's code, e.g. \"" + codes.front() + "\"");
    for (const auto& other : o.qpvs)
      if (other.code == code->value) r.fail("code", "the QPV " + code->value + " is listed twice");
    QpvBounds& b = c.qpv_bounds[static_cast<std::size_t>(
        std::find(codes.begin(), codes.end(), code->value) - codes.begin())];
    if (auto v = r.budget("min_eur_per_year")) b.min_eur = v->value;
    if (auto v = r.budget("max_eur_per_year")) b.max_eur = v->value;
    if (b.min_eur > b.max_eur)
      r.fail("min_eur_per_year", code->value + ": the minimum " + detail::eur(b.min_eur) +
                                     " is above the maximum " + detail::eur(b.max_eur));
    o.qpvs.push_back({code->value, r.where("max_eur_per_year")});
  }
}

}  // namespace

std::string_view targeting_name(Targeting t) {
  switch (t) {
    case Targeting::population:
      return "population";
    case Targeting::need:
      return "need";
    case Targeting::free:
      return "free";
  }
  return "?";
}

std::string_view statistic_name(Statistic s) {
  switch (s) {
    case Statistic::mean:
      return "mean";
    case Statistic::quantile:
      return "quantile";
    case Statistic::prob_better:
      return "prob_better";
  }
  return "?";
}

AllocationConfig load_allocation(const std::string& path) {
  AllocationConfig c;
  c.file = path;
  std::string text = io::read_text(path);
  const toml::table root = io::parse_file(path, text);
  c.sources.emplace_back(path, std::move(text));
  Reader(path, root, "").allow_only(kTopKeys);
  const auto allocation = section(path, root, "allocation", kAllocationKeys);
  if (!allocation) throw InputError(Origin{path}, "allocation", "missing table [allocation]");
  Origins o;
  read_allocation(path, *allocation, c, o);
  read_targeting(section(path, root, "targeting", kTargetingKeys), c);
  read_levers(path, root, c);
  read_qpvs(path, root, c, o);
  detail::read_objective(path, root, c);
  detail::read_equity(path, root, c, o);
  detail::read_status_quo(path, root, c);
  detail::read_pareto(path, root, c);
  detail::check_budget(c, o);
  return c;
}

std::vector<std::string> allocation_keys() {
  return io::dotted_keys({{"", kTopKeys},
                          {"allocation", kAllocationKeys},
                          {"targeting", kTargetingKeys},
                          {"lever", kLeverKeys},
                          {"qpv", kQpvKeys},
                          {"objective", kObjectiveKeys},
                          {"objective.outcome", kOutcomeKeys},
                          {"equity", kEquityKeys},
                          {"status_quo", lever_names()},
                          {"pareto", kParetoKeys}});
}

}  // namespace qpv::analysis::allocation
