#include "sim/io/scenario.hpp"

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
const Keys kTransportAidKeys = {"kind",
                                "id",
                                "name",
                                "budget_eur_per_year",
                                "aid",
                                "eligibility",
                                "places",
                                "take_up",
                                "start",
                                "end",
                                "qpv",
                                "cost_per_beneficiary_month_eur",
                                "cost_per_licence_eur"};
const Keys kCrecheKeys = {"kind",
                          "id",
                          "name",
                          "budget_eur_per_year",
                          "increase",
                          "places",
                          "start",
                          "reached_by",
                          "ramp",
                          "qpv",
                          "avip_share",
                          "cost_per_place_year_eur",
                          "investment_per_place_eur"};
const Keys kTruckKeys = {
    "kind",  "id",         "name", "budget_eur_per_year", "passages_per_year",
    "dates", "qpv_share",  "mode", "mammography_from",    "capacity_per_passage",
    "reach", "conversion", "qpv",  "cost_per_passage_eur"};

/// Checks deferred until every layer is read (run dates, territory codes).
struct DeferredChecks {
  std::vector<Sourced<Date>> dates;  ///< must lie within the run horizon
  std::vector<Sourced<std::string>> qpv_codes;
  std::optional<Sourced<Date>> mammography_from;
};

struct InterventionDraft {
  model::Intervention intervention;
  DeferredChecks checks;
  Origin origin;
  bool has_start = false, has_end = false;  // transport aid / crèche: default to the run's
};

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

model::QpvSelection read_qpv(const Reader& r, DeferredChecks& checks) {
  auto list = r.strings("qpv");
  if (!list || (list->size() == 1 && (*list)[0].value == "all")) return {};
  model::QpvSelection sel;
  for (auto& s : *list) {
    checks.qpv_codes.push_back(s);
    sel.push_back(s.value);
  }
  return sel;
}

void read_transport_aid(const Reader& r, InterventionDraft& d) {
  r.allow_only(kTransportAidKeys);
  model::TransportAid a;
  const auto aid = r.choice("aid", {"transit_pass", "driving_licence", "car_rental"});
  if (!aid)
    r.fail("aid", "missing key: the aid type (transit_pass, driving_licence or car_rental)");
  a.aid = aid->value == "transit_pass"      ? model::AidType::transit_pass
          : aid->value == "driving_licence" ? model::AidType::driving_licence
                                            : model::AidType::car_rental;
  if (auto el = r.strings("eligibility")) {
    for (const auto& e : *el) {
      static const std::vector<std::string> kOptions = {"job_seekers", "youth",
                                                        "long_term_unemployed"};
      if (std::find(kOptions.begin(), kOptions.end(), e.value) == kOptions.end()) {
        throw InputError(e.origin, r.full("eligibility"),
                         "unknown eligibility \"" + e.value + "\"" +
                             did_you_mean(e.value, kOptions) +
                             "; expected one of: " + join(kOptions));
      }
      a.eligibility.push_back(e.value == "job_seekers" ? model::Eligibility::job_seekers
                              : e.value == "youth"     ? model::Eligibility::youth
                                                       : model::Eligibility::long_term_unemployed);
    }
  } else {
    a.eligibility = {model::Eligibility::job_seekers};
  }
  if (auto v = r.integer("places", 0, 10'000'000)) a.places = v->value;
  if (!a.places && !d.intervention.budget_per_year)
    r.fail("places", "missing key: give places (beneficiaries at a time) or budget_eur_per_year");
  if (auto v = r.share("take_up")) a.take_up = v->value;
  if (auto v = r.date("start")) {
    a.start = v->value;
    d.checks.dates.push_back(*v);
    d.has_start = true;
  }
  if (auto v = r.date("end")) {
    a.end = v->value;
    d.checks.dates.push_back(*v);
    d.has_end = true;
  }
  if (d.has_start && d.has_end && a.end < a.start)
    r.fail("end", "end " + a.end.to_string() + " is before start " + a.start.to_string());
  a.qpv = read_qpv(r, d.checks);
  if (auto v = r.euros("cost_per_beneficiary_month_eur"))
    a.cost_per_beneficiary_month = Cents::from_euros(v->value);
  if (auto v = r.euros("cost_per_licence_eur")) a.cost_per_licence = Cents::from_euros(v->value);
  d.intervention.detail = a;
}

void read_creche_places(const Reader& r, InterventionDraft& d) {
  r.allow_only(kCrecheKeys);
  model::CrechePlaces c;
  if (auto v = r.number("increase", 0.0, 10.0, "a relative increase (0.05 = +5 %)"))
    c.increase = v->value;
  if (auto v = r.integer("places", 0, 100'000)) c.places = v->value;
  if (c.increase.has_value() == c.places.has_value())
    r.fail("increase", "give exactly one of increase (relative) or places (absolute)");
  if (auto v = r.date("start")) {
    c.start = v->value;
    d.checks.dates.push_back(*v);
    d.has_start = true;
  }
  const auto reached = r.date("reached_by");
  if (!reached)
    r.fail("reached_by", "missing key: the date the new places are all open (YYYY-MM-DD)");
  c.reached_by = reached->value;
  d.checks.dates.push_back(*reached);
  if (d.has_start && c.reached_by < c.start)
    r.fail("reached_by",
           "reached_by " + c.reached_by.to_string() + " is before start " + c.start.to_string());
  if (auto v = r.choice("ramp", {"linear", "step"}))
    c.ramp = v->value == "step" ? model::Ramp::step : model::Ramp::linear;
  c.qpv = read_qpv(r, d.checks);
  if (auto v = r.share("avip_share")) c.avip_share = v->value;
  if (auto v = r.euros("cost_per_place_year_eur"))
    c.cost_per_place_year = Cents::from_euros(v->value);
  if (auto v = r.euros("investment_per_place_eur"))
    c.investment_per_place = Cents::from_euros(v->value);
  d.intervention.detail = c;
}

void read_screening_truck(const Reader& r, InterventionDraft& d) {
  r.allow_only(kTruckKeys);
  model::ScreeningTruck t;
  if (auto v = r.integer("passages_per_year", 0, 366)) t.passages_per_year = v->value;
  if (const toml::node* n = r.find("dates")) {
    if (!n->is_array()) r.fail("dates", "expected an array of dates, got " + type_name(*n));
    for (const toml::node& el : *n->as_array()) {
      const auto sd = Reader::date_of(r.file(), el, r.full("dates"));
      d.checks.dates.push_back(sd);
      t.dates.push_back(sd.value);
    }
  }
  if (t.passages_per_year.has_value() == !t.dates.empty())
    r.fail("passages_per_year",
           "give exactly one of passages_per_year or dates (an explicit schedule)");
  if (auto v = r.share("qpv_share")) t.qpv_share = v->value;
  if (auto v = r.choice("mode", {"awareness", "mammography"}))
    t.mode =
        v->value == "mammography" ? model::TruckMode::mammography : model::TruckMode::awareness;
  if (auto v = r.date("mammography_from")) {
    t.mammography_from = v->value;
    d.checks.mammography_from = *v;
    d.checks.dates.push_back(*v);
  }
  if (t.mode == model::TruckMode::mammography && !t.mammography_from)
    r.fail("mammography_from",
           "missing key: mode = \"mammography\" needs the date mammography starts on the truck");
  if (auto v = r.integer("capacity_per_passage", 0, 100'000)) t.capacity_per_passage = v->value;
  if (auto v = r.share("reach")) t.reach = v->value;
  if (auto v = r.share("conversion")) t.conversion = v->value;
  t.qpv = read_qpv(r, d.checks);
  if (auto v = r.euros("cost_per_passage_eur")) t.cost_per_passage = Cents::from_euros(v->value);
  d.intervention.detail = t;
}

InterventionDraft read_intervention(const std::string& file, const toml::node& node,
                                    std::size_t index) {
  const std::string prefix = "intervention[" + std::to_string(index) + "]";
  const toml::table& tbl = sub_table(file, node, prefix);
  const Reader r(file, tbl, prefix);
  InterventionDraft d;
  d.origin = origin_of(file, tbl.source());
  const auto kind = r.choice("kind", {"transport_aid", "creche_places", "screening_truck"});
  if (!kind)
    throw InputError(d.origin, prefix + ".kind",
                     "missing key: kind (transport_aid, creche_places or screening_truck)");
  if (auto v = r.string("id")) d.intervention.id = v->value;
  if (auto v = r.string("name")) d.intervention.name = v->value;
  if (auto v = r.euros("budget_eur_per_year"))
    d.intervention.budget_per_year = Cents::from_euros(v->value);
  if (kind->value == "transport_aid")
    read_transport_aid(r, d);
  else if (kind->value == "creche_places")
    read_creche_places(r, d);
  else
    read_screening_truck(r, d);
  return d;
}

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
  if (const toml::node* n = root.get("parameters")) {
    const toml::table& tbl = sub_table(file, *n, "parameters");
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
  if (const toml::node* n = root.get("priors"))
    read_priors(file, sub_table(file, *n, "priors"), draft);
  if (const toml::node* n = root.get("intervention")) {
    if (!n->is_array())
      throw InputError(origin_of(file, n->source()), "intervention",
                       "expected [[intervention]] tables, got " + type_name(*n));
    std::size_t index = 0;
    std::vector<std::string> ids_here;
    for (const toml::node& el : *n->as_array()) {
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

std::vector<std::string> scenario_keys() {
  std::vector<std::string> keys;
  auto add = [&](const std::string& prefix, const Keys& list) {
    for (const auto& k : list) keys.push_back(prefix + k);
  };
  add("", kTopKeys);
  add("scenario.", kScenarioKeys);
  add("run.", kRunKeys);
  add("priors.", kPriorKeys);
  add("transport_aid.", kTransportAidKeys);
  add("creche_places.", kCrecheKeys);
  add("screening_truck.", kTruckKeys);
  return keys;
}

namespace {

/// load_scenario and load_scenario_text: the top file is `path`, its text read from `path` or
/// given as `top_text`.
Scenario load_chain(const std::string& path, const std::optional<std::string>& top_text) {
  Scenario s;
  s.file = path;
  // Read the chain top -> base -> base's base ..., then apply it from the bottom up.
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
    s.sources.emplace_back(current, std::move(text));
    std::optional<std::string> base;
    if (const toml::node* b = root.get("base")) {
      if (!b->is_string())
        throw InputError(origin_of(current, b->source()), "base",
                         "expected the path of the base scenario (a string), got " + type_name(*b));
      base = resolve_relative(current, b->as_string()->get());
      base_line = origin_of(current, b->source());
      try {
        (void)read_text(*base);
      } catch (const InputError&) {
        throw InputError(origin_of(current, b->source()), "base",
                         "cannot read the base scenario " + *base);
      }
    }
    chain.emplace_back(current, std::move(root));
    if (!base) break;
    current = *base;
  }
  Draft draft;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    apply_layer(it->first, it->second, draft);

  const std::string top = path;
  s.name = draft.name ? draft.name->value : std::filesystem::path(path).stem().string();
  if (draft.description) s.description = draft.description->value;
  if (!draft.territory)
    throw InputError(
        Origin{top}, "scenario.territory",
        "missing key: the territory folder, e.g. territory = \"../territories/valenciennes\"");
  s.territory_dir = draft.territory->value;

  model::RunPlan& run = s.run;
  if (draft.start) run.start = draft.start->value;
  if (draft.end) run.end = draft.end->value;
  if (run.end < run.start) {
    // Blame whichever of the two was set in the file nearest the top of the chain.
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
  s.uncertainty_origin = Origin{top};
  if (draft.uncertainty) {
    s.uncertainty = *model::find_uncertainty(draft.uncertainty->value);
    s.uncertainty_origin = draft.uncertainty->origin;
  }
  // Whether the mode can run with the posterior is checked where the scenario runs (plan_for)
  // or is validated, not here: the command line may still set either (--uncertainty,
  // --posterior), and a comparison's alternatives draw as its baseline.
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

  try {
    (void)read_text(s.territory_dir + "/qpv.csv");
  } catch (const InputError&) {
    throw InputError(draft.territory->origin, "scenario.territory",
                     "cannot read " + s.territory_dir +
                         "/qpv.csv: expected a territory folder holding qpv.csv and marginals.csv");
  }
  s.territory = load_territory(s.territory_dir);
  // Marginals that are each valid can still be impossible together (say, more students than
  // young people): a trial synthesis of every QPV finds out before anything runs.
  for (const auto& qpv : s.territory.qpvs) {
    try {
      Rng rng(StreamKey{0, 0, 0, stream_id::outside_runs});
      (void)model::synthesize(qpv, run.start, rng);
    } catch (const std::exception& e) {
      throw InputError(Origin{s.territory_dir + "/marginals.csv"}, "",
                       "QPV " + qpv.code + ": the population cannot be synthesised: " + e.what());
    }
  }
  s.territory_sources = {
      {s.territory_dir + "/qpv.csv", read_text(s.territory_dir + "/qpv.csv")},
      {s.territory_dir + "/marginals.csv", read_text(s.territory_dir + "/marginals.csv")}};

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
    // Open-ended dates default to the run horizon.
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
