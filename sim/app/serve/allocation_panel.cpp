// The workshop's allocation panel (allocation_panel.hpp).

#include "sim/app/serve/allocation_panel.hpp"

#include <fmt/format.h>

#include <cmath>

#include "analysis/allocation/outcomes.hpp"
#include "analysis/allocation/plan.hpp"
#include "analysis/allocation/search.hpp"
#include "analysis/present/french.hpp"
#include "analysis/stats.hpp"
#include "sim/core/error.hpp"

namespace qpv::app::serve {
namespace {

namespace alloc = analysis::allocation;
using nlohmann::json;

constexpr const char* kAllocationFile = "embedded:valenciennes/allocation.toml";
/// Replicates of a landscape's runs and the step of its grid of splits: enough to draw curves
/// and a frontier in a few seconds on 2 cores (the panel's runs themselves go through the
/// workshop's stages).
constexpr std::uint32_t kLandscapeReplicates = 10;
constexpr double kLandscapeStep = 0.25;
constexpr double kMinEnvelope = 10'000, kMaxEnvelope = 10'000'000;
constexpr std::size_t kMaxLandscapes = 16;

double envelope_of(const json& v, const char* key) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < kMinEnvelope ||
      v.get<double>() > kMaxEnvelope)
    throw RequestError(422,
                       fmt::format("« {} » : un montant entre 10 000 et 10 000 000 € par an est "
                                   "attendu.",
                                   key),
                       key);
  return v.get<double>();
}

json distribution_json(const std::vector<double>& values) {
  const analysis::Distribution d = analysis::distribution(values);
  return {{"mean", d.mean}, {"q05", d.q05}, {"q95", d.q95}};
}

json outcomes_json(const std::vector<alloc::Outcome>& outcomes,
                   const std::vector<alloc::OutcomeValues>& values) {
  json out = json::object();
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    json d = distribution_json(values[o].total);
    d["label"] = outcomes[o].label_fr;
    d["unit"] = outcomes[o].unit;
    out[outcomes[o].id] = std::move(d);
  }
  return out;
}

json shares_json(const alloc::AllocationConfig& c, const alloc::Allocation& a) {
  json s = json::object();
  for (const alloc::LeverConfig& l : c.levers)
    s[std::string(model::lever_name(l.lever))] = a.lever_total(l.lever) / c.envelope_eur;
  return s;
}

json landscape_json(const alloc::AllocationConfig& c, const alloc::Landscape& l) {
  json curves = json::array();
  for (const alloc::Curve& curve : l.curves) {
    json points = json::array();
    for (std::size_t k = 0; k < curve.fractions.size(); ++k) {
      const alloc::Evaluation& e = l.evaluations[curve.evaluations[k]];
      points.push_back({{"fraction", curve.fractions[k]},
                        {"eur", curve.fractions[k] * c.envelope_eur},
                        {"outcomes", outcomes_json(l.outcomes, e.outcomes)}});
    }
    curves.push_back({{"lever", model::lever_name(curve.lever)},
                      {"label", model::lever_spec(curve.lever).panel_fr},
                      {"points", std::move(points)}});
  }
  json grid = json::array();
  for (const std::size_t i : l.grid) {
    const alloc::Evaluation& e = l.evaluations[i];
    grid.push_back({{"shares", shares_json(c, e.allocation)},
                    {"outcomes", outcomes_json(l.outcomes, e.outcomes)}});
  }
  json frontier = json::array();
  for (const std::size_t i : l.frontier)
    frontier.push_back(std::find(l.grid.begin(), l.grid.end(), i) - l.grid.begin());
  return {{"status", "done"},           {"envelope_eur_per_year", c.envelope_eur},
          {"replicates", c.replicates}, {"curves", std::move(curves)},
          {"grid", std::move(grid)},    {"frontier", std::move(frontier)}};
}

}  // namespace

AllocationPanel::AllocationPanel(int threads)
    : config_(alloc::load_allocation(kAllocationFile)), threads_(threads) {
  // The need levels do not depend on the envelope: computed once, from the start, so that the
  // first split's estimate does not wait for them.
  need_ = std::async(std::launch::async, [this] {
            io::Scenario s = config_.baseline;
            s.run.replicates = kLandscapeReplicates;
            engine::Execution how;
            how.threads = threads_;
            how.cancel = &stop_;
            return alloc::need_levels(config_, model::run(s.territory, s.parameters,
                                                          io::plan_for(s), s.interventions, how));
          }).share();
}

AllocationPanel::~AllocationPanel() {
  stop_ = true;
  need_.wait();
  std::lock_guard lock(m_);
  for (auto& [key, entry] : landscapes_)
    if (entry->worker.joinable()) entry->worker.join();
}

json AllocationPanel::config() const {
  json levers = json::array();
  for (const alloc::LeverConfig& l : config_.levers) {
    levers.push_back({{"id", model::lever_name(l.lever)},
                      {"label", model::lever_spec(l.lever).panel_fr},
                      {"status_quo", config_.status_quo.shares[static_cast<std::size_t>(l.lever)]},
                      {"unit_cost_eur", alloc::unit_cost_eur(config_, l.lever)}});
  }
  return {{"name", config_.name},
          {"envelope_eur_per_year", config_.envelope_eur},
          {"first_year", config_.first_year},
          {"last_year", config_.last_year},
          {"levers", std::move(levers)},
          {"targeting", {"need", "population"}}};
}

alloc::AllocationConfig AllocationPanel::with_envelope(double envelope, bool need) const {
  alloc::AllocationConfig c = config_;
  c.envelope_eur = envelope;
  c.targeting = need ? alloc::Targeting::need : alloc::Targeting::population;
  c.exponent = 1.0;
  c.tune_exponent = false;
  c.qpv_bounds.clear();
  c.equity = {};
  for (alloc::LeverConfig& l : c.levers) {
    l.min_eur = l.committed_eur = 0;
    l.max_eur = envelope;
  }
  return c;
}

const std::vector<std::vector<double>>& AllocationPanel::need() const {
  return need_.get();
}

ScenarioText AllocationPanel::scenario_text(const json& request) {
  const json& r = request.at("allocation");
  if (!r.is_object())
    throw RequestError(422, "« allocation » : un objet est attendu.", "allocation");
  const double envelope =
      envelope_of(r.value("envelope_eur_per_year", json()), "envelope_eur_per_year");
  const std::string targeting = r.value("targeting", std::string("need"));
  if (targeting != "need" && targeting != "population")
    throw RequestError(422, "« targeting » : « need » ou « population » est attendu.", "targeting");
  const alloc::AllocationConfig c = with_envelope(envelope, targeting == "need");
  const json shares = r.value("shares", json::object());
  std::array<double, model::kLevers> s{};
  double sum = 0;
  for (const alloc::LeverConfig& l : c.levers) {
    const std::string id(model::lever_name(l.lever));
    const json v = shares.value(id, json(0.0));
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
      throw RequestError(422, fmt::format("« {} » : une part entre 0 et 1 est attendue.", id),
                         "shares." + id);
    s[static_cast<std::size_t>(l.lever)] = v.get<double>();
    sum += v.get<double>();
  }
  if (std::abs(sum - 1.0) > 1e-6)
    throw RequestError(
        422,
        fmt::format("« shares » : les parts doivent faire 100 % (elles font {:.1f} %).", 100 * sum),
        "shares");
  const alloc::Space space(c, need());
  const alloc::Allocation a = space.allocate(space.point(s));
  ScenarioText text;
  text.toml = alloc::scenario_text(c, a, kBaselineFile,
                                   fmt::format("Atelier : répartir {:.0f} € par an", envelope));
  for (const model::Intervention& i : alloc::interventions(c, a)) {
    text.levers.emplace_back(model::kind_name(i));
    text.labels.push_back(std::string(model::lever_spec(model::lever_of(i)).panel_fr) + " — " +
                          i.name);
  }
  return text;
}

json AllocationPanel::outcomes(const analysis::Comparison& c) const {
  const model::RunResults& base = c.scenarios.at(0).record.results;
  const model::RunResults& alt = c.scenarios.at(1).record.results;
  const alloc::Window w = alloc::window_of(base, config_.first_year, config_.last_year);
  std::vector<std::int64_t> population;
  for (const model::Qpv& q : config_.baseline.territory.qpvs) population.push_back(q.population);
  std::vector<alloc::Outcome> outcomes;
  std::vector<alloc::OutcomeValues> values;
  for (const char* id : {"employment_person_years", "screenings", "creche_child_years"}) {
    std::string problem;
    outcomes.push_back(alloc::find_outcome(id, &problem));
    values.push_back(alloc::outcome_values(outcomes.back(), base, alt, w, population));
  }
  return outcomes_json(outcomes, values);
}

json AllocationPanel::landscape(double envelope) {
  envelope = envelope_of(json(envelope), "envelope_eur_per_year");
  const auto key = static_cast<long long>(std::llround(envelope));
  std::lock_guard lock(m_);
  auto it = landscapes_.find(key);
  if (it != landscapes_.end()) {
    if (!it->second->done) return {{"status", "computing"}};
    json result = it->second->result;
    if (result.value("status", "") == "error") {
      // Said once; the next request for this envelope computes it again.
      if (it->second->worker.joinable()) it->second->worker.join();
      landscapes_.erase(it);
    }
    return result;
  }
  std::size_t computing = 0;
  for (const auto& [k, e] : landscapes_) computing += e->done ? 0 : 1;
  if (computing >= 2)
    throw RequestError(429,
                       "Le serveur calcule déjà d'autres enveloppes ; réessayez dans un instant.");
  // Beyond kMaxLandscapes kept, the finished one of the smallest envelope makes room.
  for (auto old = landscapes_.begin();
       old != landscapes_.end() && landscapes_.size() >= kMaxLandscapes;) {
    if (!old->second->done) {
      ++old;
      continue;
    }
    if (old->second->worker.joinable()) old->second->worker.join();
    old = landscapes_.erase(old);
  }
  auto entry = std::make_unique<Entry>();
  Entry* e = entry.get();
  landscapes_[key] = std::move(entry);
  e->worker = std::thread([this, e, key] {
    try {
      alloc::AllocationConfig c = with_envelope(static_cast<double>(key), true);
      c.replicates = kLandscapeReplicates;
      engine::Execution how;
      how.threads = threads_;
      how.cancel = &stop_;
      e->result = landscape_json(c, alloc::landscape(c, kLandscapeStep, how));
    } catch (const std::exception& ex) {
      e->result = {{"status", "error"},
                   {"error", fmt::format("Le calcul a échoué : {}", ex.what())}};
    }
    e->done = true;
  });
  return {{"status", "computing"}};
}

}  // namespace qpv::app::serve
