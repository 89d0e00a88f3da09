// Reading an allocation file (config.hpp), continued: the objective, the equity rule, the status
// quo and the frontier, and whether the envelope can meet every bound at once (which binds if
// not). Helpers both halves of the loader use (config_read.hpp) are here too.

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/allocation/config_read.hpp"
#include "analysis/allocation/outcomes.hpp"
#include "analysis/allocation/plan.hpp"

namespace qpv::analysis::allocation::detail {
namespace {

using io::Reader;

/// Sums of euros and shares are compared with this slack (rounding of decimal shares).
constexpr double kSlack = 1e-6;
/// The most units (crèche places, or truck passages a year) the largest envelope the study
/// tries may buy for one lever: the most extra places a crèche intervention may open (its
/// `places`). The study writes what it buys into each QPV's intervention, passages as a schedule
/// of dates simulated one by one: a 0.01 € passage on a 30,000 € envelope ran for minutes
/// building millions of dates before any result.
constexpr double kMaxUnitsBought = 100'000;

std::string number(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

/// [[objective.outcome]]: the terms, their weights (weighted) or floors (floors).
void read_terms(const std::string& file, const Reader& r, const toml::table& table, Objective& ob) {
  const bool weighted = ob.kind == ObjectiveKind::weighted;
  const auto list = tables(file, table, "outcome", "objective.outcome");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Reader t(file, *list[k], "objective.outcome[" + std::to_string(k) + "]");
    t.allow_only(kOutcomeKeys);
    const auto id = t.string("id");
    if (!id) t.fail("id", "missing key: the outcome, e.g. \"employment_person_years\"");
    check_outcome(id->value, id->origin, id->key);
    for (const ObjectiveTerm& other : ob.terms)
      if (other.outcome == id->value) t.fail("id", "the outcome " + id->value + " is listed twice");
    ObjectiveTerm term;
    term.outcome = id->value;
    const char* wanted = weighted ? "weight" : "at_least";
    const char* refused = weighted ? "at_least" : "weight";
    if (t.find(refused) != nullptr)
      t.fail(refused, std::string("only read with objective kind = \"") +
                          (weighted ? "floors" : "weighted") + "\"");
    if (weighted) {
      const auto w = ob.weights == Weights::shares
                         ? t.share("weight")
                         : t.number("weight", 0.0, 1e12, "euros per unit of the outcome >= 0");
      if (!w) t.fail(wanted, "missing key: the outcome's weight in the objective");
      term.weight = w->value;
    } else {
      const auto f = t.number("at_least", -1e12, 1e12, "a floor in the outcome's unit");
      if (!f) t.fail(wanted, "missing key: the floor the outcome must reach");
      term.floor = f->value;
    }
    ob.terms.push_back(term);
  }
  if (weighted && ob.terms.empty())
    r.fail("outcome",
           "a weighted objective needs at least one [[objective.outcome]] with an id "
           "and a weight");
  if (weighted && ob.weights == Weights::shares) {
    double sum = 0;
    for (const ObjectiveTerm& term : ob.terms) sum += term.weight;
    if (std::abs(sum - 1.0) > kSlack)
      r.fail("weights",
             "with weights = \"shares\" the outcomes' weights must add up to 1, they "
             "add up to " +
                 number(sum));
  }
}

/// [objective] kind floors: the outcome maximised, not one of the floors.
void read_maximise(const Reader& r, Objective& ob) {
  const auto m = r.string("maximise");
  if (!m)
    r.fail("maximise",
           "missing key: with kind = \"floors\", the outcome maximised, e.g. "
           "maximise = \"employment_person_years\"");
  check_outcome(m->value, m->origin, m->key);
  for (const ObjectiveTerm& term : ob.terms)
    if (term.outcome == m->value)
      r.fail("maximise", "the outcome maximised, " + m->value +
                             ", is also listed as a floor in [[objective.outcome]]");
  ob.maximise = m->value;
}

/// The euros per lever in `c`'s order, as "transport_aid 100,000 €, ...".
template <class F>
std::string per_lever(const AllocationConfig& c, F value) {
  std::vector<std::string> parts;
  for (const LeverConfig& l : c.levers)
    parts.push_back(std::string(model::lever_name(l.lever)) + " " + eur(value(l)));
  return join(parts);
}

/// The QPVs' bounds and the equity floor per resident against the envelope and each other.
void check_qpv_budget(const AllocationConfig& c, const Origins& o) {
  const double envelope = c.envelope_eur, per = c.equity.min_eur_per_resident;
  const auto& qpvs = c.baseline.territory.qpvs;
  double population = 0, minimums = 0, floors = 0, maximums = 0;
  bool every_max = true;
  for (std::size_t q = 0; q < qpvs.size(); ++q) {
    const QpvBounds& b = c.qpv_bounds[q];
    const auto residents = static_cast<double>(qpvs[q].population);
    population += residents;
    minimums += b.min_eur;
    floors += std::max(b.min_eur, per * residents);
    every_max = every_max && std::isfinite(b.max_eur);
    if (std::isfinite(b.max_eur)) maximums += b.max_eur;
  }
  if (o.per_resident && per * population > envelope + kSlack)
    throw InputError(o.per_resident->origin, o.per_resident->key,
                     "infeasible equity rule: " + eur(per) + " per resident x " +
                         number(population) + " residents = " + eur(per * population) +
                         " a year, above the envelope " + eur(envelope) + ": the envelope binds");
  for (std::size_t q = 0; o.per_resident && q < qpvs.size(); ++q) {
    const double need = per * static_cast<double>(qpvs[q].population);
    if (need <= c.qpv_bounds[q].max_eur + kSlack) continue;
    const auto it = std::find_if(o.qpvs.begin(), o.qpvs.end(),
                                 [&](const Origins::Qpv& x) { return x.code == qpvs[q].code; });
    throw InputError(o.per_resident->origin, o.per_resident->key,
                     "infeasible equity rule: " + eur(per) + " per resident x " +
                         std::to_string(qpvs[q].population) + " residents of " + qpvs[q].code +
                         " = " + eur(need) + " a year, above its max_eur_per_year " +
                         eur(c.qpv_bounds[q].max_eur) + " (line " + std::to_string(it->max.line) +
                         "): that QPV's maximum binds");
  }
  if (minimums > envelope + kSlack)
    throw InputError(o.envelope.origin, o.envelope.key,
                     "the QPVs' minimums ([[qpv]] min_eur_per_year) add up to " + eur(minimums) +
                         ", above the envelope " + eur(envelope) + ": they bind");
  if (floors > envelope + kSlack)
    throw InputError(o.per_resident->origin, o.per_resident->key,
                     "infeasible equity rule: with the QPVs' own minimums, the floor of " +
                         eur(per) + " per resident needs " + eur(floors) +
                         " a year, above the envelope " + eur(envelope) + ": the envelope binds");
  if (every_max && maximums < envelope - kSlack)
    throw InputError(o.envelope.origin, o.envelope.key,
                     "the QPVs' maximums ([[qpv]] max_eur_per_year) add up to " + eur(maximums) +
                         ", below the envelope " + eur(envelope) +
                         ": the envelope cannot all be spent; they bind");
}

}  // namespace

std::optional<Reader> section(const std::string& file, const toml::table& root,
                              const std::string& name, const io::Keys& keys) {
  const toml::node* n = root.get(name);
  if (n == nullptr) return std::nullopt;
  Reader r(file, io::sub_table(file, *n, name), name);
  r.allow_only(keys);
  return r;
}

std::string eur(double v) {
  const auto whole = static_cast<long long>(std::llround(std::abs(v)));
  std::string digits = std::to_string(whole), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return (v < 0 ? "-" : "") + out + " €";
}

std::optional<io::Sourced<bool>> boolean(const Reader& r, const std::string& key) {
  const toml::node* n = r.find(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_boolean()) r.fail(key, "expected true or false, got " + io::type_name(*n));
  return io::Sourced<bool>{n->as_boolean()->get(), r.where(key), r.full(key)};
}

std::vector<const toml::table*> tables(const std::string& file, const toml::table& table,
                                       const std::string& key, const std::string& full_key) {
  std::vector<const toml::table*> out;
  const toml::node* n = table.get(key);
  if (n == nullptr) return out;
  if (!n->is_array_of_tables())
    throw InputError(io::origin_of(file, n->source()), full_key,
                     "expected [[" + full_key + "]] tables, got " + io::type_name(*n));
  for (const toml::node& el : *n->as_array()) out.push_back(el.as_table());
  return out;
}

void check_outcome(const std::string& id, const Origin& where, const std::string& key) {
  std::string problem;
  (void)find_outcome(id, &problem);
  if (problem.empty()) return;
  std::vector<std::string> known = outcome_ids();
  for (const auto& s : model::indicator_specs())
    if (s.better != model::Better::neither) known.emplace_back(s.id);
  throw InputError(where, key,
                   problem + did_you_mean(id, known) + "; expected one of " + join(outcome_ids()) +
                       ", an indicator id with a direction, gap:<rate indicator> or "
                       "worst_qpv:<outcome> (docs/allocation.md)");
}

void read_objective(const std::string& file, const toml::table& root, AllocationConfig& c) {
  const auto r = section(file, root, "objective", kObjectiveKeys);
  if (!r)
    throw InputError(Origin{file}, "objective",
                     "missing table [objective]: what the search maximises, e.g. kind = "
                     "\"weighted\" with [[objective.outcome]] tables");
  Objective& ob = c.objective;
  if (auto v = r->choice("kind", {"weighted", "floors"}))
    ob.kind = v->value == "weighted" ? ObjectiveKind::weighted : ObjectiveKind::floors;
  if (auto v = r->choice("statistic", {"mean", "quantile", "prob_better"}))
    ob.statistic = v->value == "mean"       ? Statistic::mean
                   : v->value == "quantile" ? Statistic::quantile
                                            : Statistic::prob_better;
  if (r->find("quantile") != nullptr && ob.statistic != Statistic::quantile)
    r->fail("quantile", "only read with statistic = \"quantile\"");
  if (auto v = r->number("quantile", 0.0, 0.5, "a low quantile")) {
    if (!(v->value > 0)) r->fail("quantile", "expected a low quantile in (0, 0.5], got 0");
    ob.quantile = v->value;
  }
  const bool weighted = ob.kind == ObjectiveKind::weighted;
  if (!weighted && r->find("weights") != nullptr)
    r->fail("weights", "only read with kind = \"weighted\" (floors are in each outcome's unit)");
  if (weighted && r->find("maximise") != nullptr)
    r->fail("maximise", "only read with kind = \"floors\"");
  if (auto v = r->choice("weights", {"euros", "shares"}))
    ob.weights = v->value == "euros" ? Weights::euros : Weights::shares;
  read_terms(file, *r, io::sub_table(file, *root.get("objective"), "objective"), ob);
  if (!weighted) read_maximise(*r, ob);
}

void read_equity(const std::string& file, const toml::table& root, AllocationConfig& c,
                 Origins& o) {
  const auto r = section(file, root, "equity", kEquityKeys);
  if (!r) return;
  if (auto v = boolean(*r, "no_qpv_worse_off")) c.equity.no_qpv_worse_off = v->value;
  if (auto v = r->unit_cost("min_eur_per_resident")) {
    c.equity.min_eur_per_resident = v->value;
    o.per_resident = *v;
  }
}

void read_status_quo(const std::string& file, const toml::table& root, AllocationConfig& c) {
  std::array<bool, model::kLevers> in_play{};
  for (const LeverConfig& l : c.levers) in_play[static_cast<std::size_t>(l.lever)] = true;
  const toml::node* n = root.get("status_quo");
  if (n == nullptr) {
    for (const LeverConfig& l : c.levers)
      c.status_quo.shares[static_cast<std::size_t>(l.lever)] =
          1.0 / static_cast<double>(c.levers.size());
    return;
  }
  io::Keys names;
  for (const auto& s : model::kLeverSpecs) names.emplace_back(s.name);
  const Reader r(file, io::sub_table(file, *n, "status_quo"), "status_quo");
  r.allow_only(names);
  double sum = 0;
  for (const auto& s : model::kLeverSpecs) {
    const auto v = r.share(s.name);
    if (!v) continue;
    const auto k = static_cast<std::size_t>(s.lever);
    if (!in_play[k] && v->value > 0)
      r.fail(s.name, "the lever " + std::string(s.name) +
                         " is not in play (no [[lever]] of this kind): its share must be 0 or "
                         "absent, got " +
                         number(v->value));
    c.status_quo.shares[k] = v->value;
    sum += v->value;
  }
  if (std::abs(sum - 1.0) > kSlack)
    throw InputError(
        io::origin_of(file, n->source()), "status_quo",
        "the status quo's shares of the envelope add up to " + number(sum) + ", expected 1");
}

void read_pareto(const std::string& file, const toml::table& root, AllocationConfig& c) {
  const auto r = section(file, root, "pareto", kParetoKeys);
  if (!r) return;
  const auto list = r->strings("outcomes");
  if (!list)
    r->fail("outcomes",
            "missing key: 2 or 3 outcomes, the first maximised, e.g. outcomes = "
            "[\"employment_person_years\", \"screenings\"]");
  if (list->size() < 2 || list->size() > 3)
    r->fail("outcomes", "expected 2 or 3 outcomes, got " + std::to_string(list->size()));
  for (const auto& s : *list) {
    check_outcome(s.value, s.origin, s.key);
    if (std::find(c.pareto.outcomes.begin(), c.pareto.outcomes.end(), s.value) !=
        c.pareto.outcomes.end())
      throw InputError(s.origin, s.key, "the outcome " + s.value + " is listed twice");
    c.pareto.outcomes.push_back(s.value);
  }
  if (auto v = r->integer("points", std::numeric_limits<std::int64_t>::min(), 1000)) {
    if (v->value < 2)
      r->fail("points",
              "expected at least 2 points on the frontier, got " + std::to_string(v->value));
    c.pareto.points = static_cast<std::size_t>(v->value);
  }
}

namespace {

/// Crèche places and truck passages are bought whole at the template's unit cost: the largest
/// envelope tried (curve_fractions) must buy at most kMaxUnitsBought of them.
void check_units_bought(const AllocationConfig& c, const Origins& o) {
  const double largest =
      c.envelope_eur * *std::max_element(c.curve_fractions.begin(), c.curve_fractions.end());
  for (const LeverConfig& l : c.levers) {
    if (l.lever == model::Lever::transport_aid) continue;  // bought in euros, not units
    const double unit = unit_cost_eur(c, l.lever);
    if (unit > 0 && largest / unit <= kMaxUnitsBought) continue;
    const std::string bought =
        unit > 0 ? "costs " + number(unit) + " €, so the largest envelope tried, " + eur(largest) +
                       " a year, would buy " + number(std::ceil(largest / unit))
                 : "costs nothing, so any envelope would buy unbounded";
    throw InputError(o.envelope.origin, o.envelope.key,
                     std::string(model::lever_name(l.lever)) + ": a unit of its template " +
                         bought + " units, more than the " + number(kMaxUnitsBought) +
                         " a study may buy; lower the envelope or check the template's costs");
  }
}

}  // namespace

void check_budget(const AllocationConfig& c, const Origins& o) {
  const double envelope = c.envelope_eur;
  double committed = 0, minimums = 0, maximums = 0;
  for (const LeverConfig& l : c.levers) {
    committed += l.committed_eur;
    minimums += std::max(l.min_eur, l.committed_eur);
    maximums += l.max_eur;
  }
  const auto blame = [&](const std::string& problem) {
    throw InputError(o.envelope.origin, o.envelope.key, problem);
  };
  if (committed > envelope + kSlack)
    blame("the envelope " + eur(envelope) +
          " a year is smaller than the commitments already "
          "made, " +
          eur(committed) + " (committed_eur_per_year: " +
          per_lever(c, [](const LeverConfig& l) { return l.committed_eur; }) + ")");
  if (minimums > envelope + kSlack)
    blame(
        "the levers' minimums (the larger of min_eur_per_year and committed_eur_per_year) add "
        "up to " +
        eur(minimums) + " (" +
        per_lever(c, [](const LeverConfig& l) { return std::max(l.min_eur, l.committed_eur); }) +
        "), above the envelope " + eur(envelope) + ": the levers' minimums bind");
  if (maximums < envelope - kSlack)
    blame("the levers' maximums (max_eur_per_year) add up to " + eur(maximums) + " (" +
          per_lever(c, [](const LeverConfig& l) { return l.max_eur; }) + "), below the envelope " +
          eur(envelope) + ": the envelope cannot all be spent; the levers' maximums bind");
  check_qpv_budget(c, o);
  check_units_bought(c, o);
}

}  // namespace qpv::analysis::allocation::detail
