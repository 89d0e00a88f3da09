#include "sim/io/scenario.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include "sim/core/error.hpp"
#include "sim/core/stream_ids.hpp"
#include "sim/io/embedded.hpp"
#include "sim/io/intervention_reader.hpp"
#include "sim/io/territory_io.hpp"
#include "sim/io/toml_reader.hpp"
#include "sim/model/national_scale.hpp"
#include "sim/model/synthesis.hpp"

namespace qpv::io {
namespace {

/// The keys each table accepts. scenario_keys() exposes them so a test can check that
/// scenarios/README.md documents every one.
const Keys kTopKeys = {"base", "scenario", "run", "parameters", "priors", "intervention"};
const Keys kScenarioKeys = {"name", "description", "territory"};
const Keys kRunKeys = {"start",   "end",           "replicates", "seed",
                       "threads", "warmup_months", "posterior",  "uncertainty"};
const Keys kPriorKeys = {"prior", "a", "b"};
/// Everything the layers set, with where it was set.
struct Draft {
  std::optional<Sourced<std::string>> name, description, territory;
  std::optional<Sourced<Date>> start, end;
  std::optional<Sourced<std::int64_t>> replicates, seed, threads, warmup_months;
  std::optional<Sourced<std::string>> posterior, uncertainty;
  std::map<model::Param, Sourced<double>> parameters;
  std::map<model::Param, Sourced<model::Prior>> priors;
  std::vector<InterventionDraft> interventions;
};

/// Reads [priors]: `name = { prior = "beta", a = 6, b = 4 }` replaces the registry's prior of an
/// uncertain or calibrated parameter.
void read_priors(const std::string& file, const toml::table& tbl, Draft& draft) {
  std::vector<std::string> names;
  for (const auto& s : model::param_specs()) names.emplace_back(s.name);
  for (auto&& [k, node] : tbl) {
    const std::string key(k.str());
    const std::string full = "priors." + key;
    const Origin at = origin_of(file, k.source());
    const auto p = model::find_param(key);
    if (!p) {
      throw InputError(at, full,
                       "unknown parameter" + did_you_mean(key, names) +
                           "; see scenarios/README.md for the list");
    }
    if (model::spec(*p).role == model::Role::policy) {
      throw InputError(at, full,
                       "is a policy setting: it is never drawn, so it has no prior; set its "
                       "value in [parameters]");
    }
    const Reader r(file, sub_table(file, node, full), full);
    r.allow_only(kPriorKeys);
    const auto kind = r.choice("prior", model::prior_kind_names());
    if (!kind)
      r.fail("prior", "missing key: the distribution (uniform, normal, lognormal or beta)");
    const auto a = r.number("a", -1e12, 1e12, "the prior's first parameter");
    const auto b = r.number("b", -1e12, 1e12, "the prior's second parameter");
    if (!a || !b) r.fail(a ? "b" : "a", "missing key: the prior's parameters are a and b");
    model::Prior prior;
    prior.kind = *model::find_prior_kind(kind->value);
    prior.a = a->value;
    prior.b = b->value;
    const std::string problem = model::prior_problem(*p, prior);
    if (!problem.empty()) r.fail("prior", problem);
    draft.priors[*p] = Sourced<model::Prior>{prior, kind->origin, r.full("prior")};
  }
}

/// Reads [parameters]: `name = value` sets a parameter of the registry.
void read_parameters(const std::string& file, const toml::table& tbl, Draft& draft) {
  const Reader r(file, tbl, "parameters");
  std::vector<std::string> names;
  for (const auto& s : model::param_specs()) names.emplace_back(s.name);
  for (auto&& [k, node] : tbl) {
    const std::string key(k.str());
    const auto p = model::find_param(key);
    if (!p) {
      throw InputError(origin_of(file, k.source()), "parameters." + key,
                       "unknown parameter" + did_you_mean(key, names) +
                           "; see scenarios/README.md for the list");
    }
    const model::ParamSpec& s = model::spec(*p);
    const auto v =
        r.number(key, s.min, s.max, std::string("a number (") + std::string(s.unit) + ")");
    draft.parameters[*p] = *v;
  }
}

/// Reads one file's [[intervention]] tables into the draft: one with the id of an intervention
/// of a base replaces it, others are added.
void read_interventions(const std::string& file, const toml::array& tables, Draft& draft) {
  std::size_t index = 0;
  std::vector<std::string> ids_here;
  for (const toml::node& el : tables) {
    InterventionDraft d = read_intervention(file, el, index++);
    if (!d.intervention.id.empty()) {
      if (std::find(ids_here.begin(), ids_here.end(), d.intervention.id) != ids_here.end()) {
        throw InputError(d.origin, "intervention[" + std::to_string(index - 1) + "].id",
                         "id \"" + d.intervention.id +
                             "\" is used twice in this file; ids must be unique (a variant's id "
                             "replaces its base's)");
      }
      ids_here.push_back(d.intervention.id);
    }
    const auto same_id = std::find_if(
        draft.interventions.begin(), draft.interventions.end(), [&](const InterventionDraft& x) {
          return !d.intervention.id.empty() && x.intervention.id == d.intervention.id;
        });
    if (same_id != draft.interventions.end())
      *same_id = std::move(d);
    else
      draft.interventions.push_back(std::move(d));
  }
}

/// Applies one file's settings on top of the draft.
void apply_layer(const std::string& file, const toml::table& root, Draft& draft) {
  const Reader top(file, root, "");
  top.allow_only(kTopKeys);
  if (const toml::node* n = root.get("scenario")) {
    const Reader r(file, sub_table(file, *n, "scenario"), "scenario");
    r.allow_only(kScenarioKeys);
    if (auto v = r.string("name")) draft.name = v;
    if (auto v = r.string("description")) draft.description = v;
    if (auto v = r.string("territory")) {
      v->value = resolve_relative(file, v->value);
      draft.territory = v;
    }
  }
  if (const toml::node* n = root.get("run")) {
    const Reader r(file, sub_table(file, *n, "run"), "run");
    r.allow_only(kRunKeys);
    if (auto v = r.date("start")) draft.start = v;
    if (auto v = r.date("end")) draft.end = v;
    if (auto v = r.integer("replicates", 1, 1'000'000)) draft.replicates = v;
    if (auto v = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max())) draft.seed = v;
    if (auto v = r.integer("threads", 0, 4096)) draft.threads = v;
    if (auto v = r.integer("warmup_months", 0, 240)) draft.warmup_months = v;
    if (auto v = r.string("posterior")) {
      // Relative to the file that names it; "none": no posterior.
      if (v->value != "none") v->value = resolve_relative(file, v->value);
      draft.posterior = v;
    }
    if (auto v = r.choice("uncertainty", model::uncertainty_names())) draft.uncertainty = v;
  }
  if (const toml::node* n = root.get("parameters"))
    read_parameters(file, sub_table(file, *n, "parameters"), draft);
  if (const toml::node* n = root.get("priors"))
    read_priors(file, sub_table(file, *n, "priors"), draft);
  if (const toml::node* n = root.get("intervention")) {
    if (!n->is_array())
      throw InputError(origin_of(file, n->source()), "intervention",
                       "expected [[intervention]] tables, got " + type_name(*n));
    read_interventions(file, *n->as_array(), draft);
  }
}

}  // namespace

void check_uncertainty(const Scenario& s, model::Uncertainty mode, const Origin& origin,
                       const std::string& key) {
  if (mode != model::Uncertainty::none && !s.posterior) {
    throw InputError(origin, key,
                     "uncertainty = \"" + std::string(model::uncertainty_name(mode)) +
                         "\" draws the calibrated parameters from a posterior, but posterior = "
                         "\"none\"; name one ([run] posterior or --posterior) or use "
                         "uncertainty = \"none\"");
  }
}

void draw_as(const Scenario& base, Scenario& s) {
  s.uncertainty = base.uncertainty;
  s.uncertainty_origin = base.uncertainty_origin;
  s.posterior = base.posterior;
  s.priors = base.priors;
}

model::UncertaintySpec uncertainty_spec(const Scenario& s) {
  model::UncertaintySpec spec;
  spec.mode = s.uncertainty;
  spec.posterior = s.posterior ? &*s.posterior : nullptr;
  spec.priors = s.priors;
  for (const auto& [name, value] : s.overrides) spec.fixed.push_back(*model::find_param(name));
  return spec;
}

void scale_scenario(Scenario& s, std::uint32_t n) {
  for (const auto& i : s.interventions) {
    if (!model::selection(i).empty())
      throw InputError(Origin{s.file},
                       "intervention." + std::string(model::kind_name(i)) +
                           (i.id.empty() ? std::string() : " '" + i.id + "'") + ".qpv",
                       "targets QPVs by code, which the synthetic QPVs of --scale do not have; "
                       "give --scale a scenario whose interventions cover every QPV");
  }
  s.territory = model::scale_territory(s.territory, n, s.run.seed);
}

model::RunPlan plan_for(const Scenario& s) {
  check_uncertainty(s, s.uncertainty, s.uncertainty_origin, "run.uncertainty");
  model::RunPlan plan = s.run;
  model::draw_parameters(uncertainty_spec(s), s.parameters, plan);
  return plan;
}

void check_results_memory(const Scenario& s, std::size_t scenarios, const Origin& origin) {
  const double bytes = 8.0 * s.run.replicates * static_cast<double>(scenarios) *
                       static_cast<double>(s.territory.qpvs.size() + 1) *
                       static_cast<double>(model::recorded_months(s.run).size()) *
                       model::kCounterCount;
  if (bytes > kMaxResultsBytes) {
    throw InputError(origin, "run.replicates",
                     fmt::format("{} scenario(s) x {} replicates would need {:.1f} GiB of memory "
                                 "for results (limit {:.0f} GiB); use fewer replicates",
                                 scenarios, s.run.replicates, bytes / (1ULL << 30),
                                 kMaxResultsBytes / (1ULL << 30)));
  }
}

std::vector<std::string> scenario_keys() {
  std::vector<std::pair<std::string, Keys>> tables = {
      {"", kTopKeys}, {"scenario", kScenarioKeys}, {"run", kRunKeys}, {"priors", kPriorKeys}};
  for (auto& kind : intervention_keys()) tables.push_back(std::move(kind));
  return dotted_keys(tables);
}

namespace {

/// The files of the inheritance chain, top first: (path, parsed table). The top file is `path`,
/// its text read from `path` or given as `top_text`; every text read goes to `sources`.
std::vector<std::pair<std::string, toml::table>> read_chain(
    const std::string& path, const std::optional<std::string>& top_text,
    std::vector<std::pair<std::string, std::string>>& sources) {
  std::vector<std::pair<std::string, toml::table>> chain;
  std::string current = path;
  Origin base_line;  // where the current file was named as a base
  while (true) {
    for (const auto& [seen, _] : chain) {
      if (seen == current) {
        std::string cycle;
        for (const auto& [f, t] : chain) cycle += f + " -> ";
        throw InputError(base_line, "base", "inheritance cycle: " + cycle + current);
      }
    }
    std::string text = chain.empty() && top_text ? *top_text : read_text(current);
    toml::table root = parse_file(current, text);
    sources.emplace_back(current, std::move(text));
    std::optional<std::string> base;
    if (const toml::node* b = root.get("base")) {
      if (!b->is_string())
        throw InputError(origin_of(current, b->source()), "base",
                         "expected the path of the base scenario (a string), got " + type_name(*b));
      base = resolve_relative(current, b->as_string()->get());
      base_line = origin_of(current, b->source());
      try {
        (void)read_text(*base);
      } catch (const InputError& e) {
        throw InputError(origin_of(current, b->source()), "base",
                         "cannot read the base scenario " + *base + ": " + e.problem());
      }
    }
    chain.emplace_back(current, std::move(root));
    if (!base) break;
    current = *base;
  }
  return chain;
}

/// [run] start to warmup_months; an end before the start blames whichever of the two was set in
/// the file nearest the top of the chain.
void apply_run(const Draft& draft, Scenario& s) {
  model::RunPlan& run = s.run;
  if (draft.start) run.start = draft.start->value;
  if (draft.end) run.end = draft.end->value;
  if (run.end < run.start) {
    auto depth = [&](const Origin& o) {
      for (std::size_t i = 0; i < s.sources.size(); ++i) {
        if (s.sources[i].first == o.file) return i;
      }
      return s.sources.size();
    };
    const bool blame_start =
        draft.start && (!draft.end || depth(draft.start->origin) < depth(draft.end->origin));
    throw InputError(blame_start ? draft.start->origin : draft.end->origin,
                     blame_start ? "run.start" : "run.end",
                     "end " + run.end.to_string() + " is before start " + run.start.to_string());
  }
  if (draft.replicates) run.replicates = static_cast<std::uint32_t>(draft.replicates->value);
  if (draft.seed) run.seed = static_cast<std::uint64_t>(draft.seed->value);
  if (draft.threads) s.threads = static_cast<int>(draft.threads->value);
  if (draft.warmup_months) run.warmup_months = static_cast<int>(draft.warmup_months->value);
}

/// [run] posterior and uncertainty. Whether the mode can run with the posterior is checked
/// where the scenario runs (plan_for) or is validated, not here: the command line may still set
/// either (--uncertainty, --posterior), and a comparison's alternatives draw as its baseline.
void apply_uncertainty(const Draft& draft, Scenario& s) {
  if (!draft.posterior) {
    s.posterior = read_posterior(kDefaultPosterior);
  } else if (draft.posterior->value != "none") {
    try {
      s.posterior = read_posterior(draft.posterior->value);
    } catch (const InputError& e) {
      throw InputError(draft.posterior->origin, draft.posterior->key,
                       "cannot use the posterior " + draft.posterior->value + ": " + e.problem());
    }
  }
  s.uncertainty_origin = Origin{s.file};
  if (draft.uncertainty) {
    s.uncertainty = *model::find_uncertainty(draft.uncertainty->value);
    s.uncertainty_origin = draft.uncertainty->origin;
  }
}

/// [priors]: refused for a parameter the scenario sets or the posterior holds (never drawn
/// from its prior).
void apply_priors(const Draft& draft, Scenario& s) {
  for (const auto& [p, prior] : draft.priors) {
    if (draft.parameters.count(p) != 0) {
      throw InputError(prior.origin, prior.key,
                       "the scenario sets " + std::string(model::spec(p).name) +
                           " in [parameters] (" + draft.parameters.at(p).origin.file + " line " +
                           std::to_string(draft.parameters.at(p).origin.line) +
                           "), so it is never drawn and its prior is never used");
    }
    if (s.posterior && std::find(s.posterior->params.begin(), s.posterior->params.end(), p) !=
                           s.posterior->params.end()) {
      throw InputError(prior.origin, prior.key,
                       std::string(model::spec(p).name) + " is calibrated: replicates draw it " +
                           "from the posterior " + s.posterior->file +
                           ", so its prior is never used (remove it, or set posterior = "
                           "\"none\")");
    }
    s.priors[static_cast<std::size_t>(p)].prior = prior.value;
  }
}

/// [parameters], checked together.
void apply_parameters(const Draft& draft, Scenario& s) {
  for (const auto& [p, v] : draft.parameters) {
    s.parameters.set(p, v.value);
    s.overrides.emplace_back(std::string(model::spec(p).name), v.value);
  }
  // A fixed-term contract's end is renewed, made permanent, or ended: the first two share one
  // probability budget.
  if (s.parameters[model::Param::fixed_term_renewal] +
          s.parameters[model::Param::fixed_term_to_permanent] >
      1.0) {
    const auto it = draft.parameters.find(model::Param::fixed_term_to_permanent);
    const auto& where = it != draft.parameters.end()
                            ? it->second
                            : draft.parameters.at(model::Param::fixed_term_renewal);
    throw InputError(where.origin, where.key,
                     "fixed_term_renewal + fixed_term_to_permanent must not exceed 1 (they are "
                     "shares of the same contract ends)");
  }
}

/// The territory folder [scenario] territory names, loaded and checked.
void load_checked_territory(const Draft& draft, Scenario& s) {
  try {
    (void)read_text(s.territory_dir + "/qpv.csv");
  } catch (const InputError& e) {
    throw InputError(draft.territory->origin, "scenario.territory",
                     "cannot read " + s.territory_dir + "/qpv.csv (" + e.problem() +
                         "): expected a territory folder holding qpv.csv and marginals.csv");
  }
  s.territory = load_territory(s.territory_dir);
  // Marginals that are each valid can still be impossible together (say, more students than
  // young people): a trial synthesis of every QPV finds out before anything runs.
  for (const auto& qpv : s.territory.qpvs) {
    try {
      Rng rng(StreamKey{0, 0, 0, stream_id::outside_runs});
      (void)model::synthesize(qpv, s.run.start, rng);
    } catch (const std::exception& e) {
      throw InputError(Origin{s.territory_dir + "/marginals.csv"}, "",
                       "QPV " + qpv.code + ": the population cannot be synthesised: " + e.what());
    }
  }
  s.territory_sources = {
      {s.territory_dir + "/qpv.csv", read_text(s.territory_dir + "/qpv.csv")},
      {s.territory_dir + "/marginals.csv", read_text(s.territory_dir + "/marginals.csv")}};
}

/// The interventions, once their deferred checks (dates within the run, QPV codes of the
/// territory) pass; open-ended dates default to the run horizon.
void apply_interventions(Draft& draft, Scenario& s) {
  const model::RunPlan& run = s.run;
  for (auto& d : draft.interventions) {
    if (d.checks.mammography_from && d.checks.mammography_from->value < run.start) {
      throw InputError(d.checks.mammography_from->origin, d.checks.mammography_from->key,
                       "mammography date is before the run start " + run.start.to_string());
    }
    for (const auto& sd : d.checks.dates) {
      if (sd.value < run.start || sd.value > run.end) {
        throw InputError(sd.origin, sd.key,
                         "date " + sd.value.to_string() + " is outside the run horizon " +
                             run.start.to_string() + " to " + run.end.to_string());
      }
    }
    std::vector<std::string> codes;
    for (const auto& q : s.territory.qpvs) codes.push_back(q.code);
    for (const auto& c : d.checks.qpv_codes) {
      if (s.territory.index_of(c.value) < 0) {
        throw InputError(c.origin, c.key,
                         "unknown QPV code \"" + c.value + "\"" + did_you_mean(c.value, codes) +
                             "; expected \"all\" or codes of " + s.territory_dir + "/qpv.csv");
      }
    }
    std::visit(
        [&](auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, model::TransportAid>) {
            if (!d.has_start) x.start = run.start;
            if (!d.has_end) x.end = run.end;
          } else if constexpr (std::is_same_v<T, model::CrechePlaces>) {
            if (!d.has_start) x.start = run.start;
          }
        },
        d.intervention.detail);
    s.interventions.push_back(std::move(d.intervention));
  }
}

/// load_scenario and load_scenario_text: the top file is `path`, its text read from `path` or
/// given as `top_text`.
Scenario load_chain(const std::string& path, const std::optional<std::string>& top_text) {
  Scenario s;
  s.file = path;
  // Read the chain top -> base -> base's base ..., then apply it from the bottom up.
  const auto chain = read_chain(path, top_text, s.sources);
  Draft draft;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    apply_layer(it->first, it->second, draft);

  s.name = draft.name ? draft.name->value : std::filesystem::path(path).stem().string();
  if (draft.description) s.description = draft.description->value;
  if (!draft.territory)
    throw InputError(
        Origin{path}, "scenario.territory",
        "missing key: the territory folder, e.g. territory = \"../territories/valenciennes\"");
  s.territory_dir = draft.territory->value;
  apply_run(draft, s);
  apply_uncertainty(draft, s);
  apply_priors(draft, s);
  apply_parameters(draft, s);
  load_checked_territory(draft, s);
  apply_interventions(draft, s);
  check_results_memory(s, 1, draft.replicates ? draft.replicates->origin : Origin{path});
  return s;
}

}  // namespace

Scenario load_scenario(const std::string& path) {
  return load_chain(path, std::nullopt);
}

Scenario load_scenario_text(const std::string& text, const std::string& origin) {
  return load_chain(origin, text);
}

}  // namespace qpv::io
