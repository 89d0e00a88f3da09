// The allocation study: curves, search, pruning, frontier, re-evaluation (search.hpp).

#include "analysis/allocation/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "analysis/allocation/evaluator.hpp"
#include "analysis/allocation/optimise.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/io/files.hpp"

namespace qpv::analysis::allocation {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// The objective's outcomes, the frontier's, then those every report shows (the three levers'
/// results, the groups', the equity indicators).
std::vector<Outcome> study_outcomes(const AllocationConfig& c) {
  std::vector<std::string> ids;
  for (const ObjectiveTerm& t : c.objective.terms) ids.push_back(t.outcome);
  if (!c.objective.maximise.empty()) ids.push_back(c.objective.maximise);
  for (const std::string& id : c.pareto.outcomes) ids.push_back(id);
  for (const char* id :
       {"employment_person_years", "screenings", "creche_child_years",
        "employment_person_years_women", "employment_person_years_single_parents",
        "employment_person_years_15_24", "employment_person_years_no_diploma",
        "job_seekers_no_licence_or_car", "gap:employment_rate", "gap:screening_breast",
        "gap:creche_coverage", "worst_qpv:employment_person_years"})
    ids.emplace_back(id);
  std::vector<Outcome> out;
  for (const std::string& id : ids) {
    if (std::any_of(out.begin(), out.end(), [&](const Outcome& o) { return o.id == id; })) continue;
    std::string problem;
    out.push_back(find_outcome(id, &problem));
    if (!problem.empty()) throw std::logic_error("allocation: " + problem);
  }
  return out;
}

std::string study_fingerprint(const AllocationConfig& c) {
  io::Fingerprint f;
  for (const auto& [file, text] : c.sources) f.add(text);
  auto scenario = [&](const io::Scenario& s) {
    for (const auto& [file, text] : s.sources) f.add(text);
    for (const auto& [file, text] : s.territory_sources) f.add(text);
  };
  scenario(c.baseline);
  if (const auto& p = c.baseline.posterior) {
    f.add(p->file);
    for (std::size_t i = 0; i < p->theta.size(); ++i) {
      f.add(fmt::format("{}", p->weight[i]));
      for (const double v : p->theta[i]) f.add(fmt::format("{}", v));
    }
  }
  for (const LeverConfig& l : c.levers) f.add(l.scenario);
  f.add(version());
  f.add(git_commit());
  return f.hex();
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

std::string percent(double v) {
  return fmt::format("{:.0f} %", 100.0 * v);
}

/// The simple rules, the status quo first, with their French names.
constexpr std::pair<Space::Rule, const char*> kRules[] = {
    {Space::Rule::status_quo, "statu quo"},
    {Space::Rule::population, "proportionnel à la population"},
    {Space::Rule::need, "proportionnel au besoin"}};

/// The study in progress: its candidates, the runner on the search's replicates and the judge.
class StudyRun {
 public:
  StudyRun(const AllocationConfig& c, const engine::Execution& how, const std::string& checkpoint)
      : c_(c),
        how_(how),
        quiet_(quiet(how)),
        outcomes_(study_outcomes(c)),
        store_(checkpoint, study_fingerprint(c), outcomes_.size(),
               how.cluster == nullptr || how.cluster->root()),
        saa_(c, outcomes_, c.seed, c.replicates, quiet_, store_),
        need_(need_levels(c, saa_.baseline())),
        space_(c, need_) {}

  Study run();

 private:
  static engine::Execution quiet(engine::Execution how) {
    how.progress = {};
    return how;
  }
  std::size_t evaluate(Phase phase, std::string label, std::vector<double> x, Allocation a);
  std::size_t evaluate_point(Phase phase, const std::vector<double>& x);
  std::size_t best_feasible(const Judge& judge, std::size_t from = 0) const;
  std::size_t least_violating(std::size_t first) const;
  void curves();
  void grid();
  void refine(const Judge& judge, Phase phase, std::size_t start, std::size_t budget);
  void prune();
  void frontier();
  void reevaluate();
  void report_progress();

  const AllocationConfig& c_;
  const engine::Execution& how_;
  engine::Execution quiet_;
  std::vector<Outcome> outcomes_;
  RunStore store_;
  Runner saa_;
  std::vector<std::vector<double>> need_;
  Space space_;
  std::optional<Judge> judge_;
  Study st_;
  std::map<std::vector<double>, std::size_t> by_point_;
  std::size_t expected_ = 1;
};

std::size_t StudyRun::evaluate(Phase phase, std::string label, std::vector<double> x,
                               Allocation a) {
  Evaluation e;
  e.phase = phase;
  e.label = std::move(label);
  e.x = std::move(x);
  const Measured m = saa_.measure(a);
  e.allocation = std::move(a);
  e.outcomes = m.outcomes;
  e.spent_eur = m.spent_eur;
  if (judge_) judge_->judge(e);
  st_.evaluations.push_back(std::move(e));
  report_progress();
  return st_.evaluations.size() - 1;
}

std::size_t StudyRun::evaluate_point(Phase phase, const std::vector<double>& x) {
  const auto it = by_point_.find(x);
  if (it != by_point_.end()) return it->second;
  const std::array<double, model::kLevers> s = space_.shares(x);
  std::string label;
  for (const LeverConfig& l : c_.levers)
    label += fmt::format("{}{} {}", label.empty() ? "" : ", ", model::lever_name(l.lever),
                         percent(s[static_cast<std::size_t>(l.lever)]));
  const std::size_t i = evaluate(phase, label, x, space_.allocate(x));
  by_point_[x] = i;
  return i;
}

void StudyRun::report_progress() {
  if (!how_.progress) return;
  expected_ = std::max(expected_, st_.evaluations.size() + 1);
  how_.progress(st_.evaluations.size(), expected_);
}

/// The candidate of the search (grid, search, prune, frontier) with the best statistic under
/// `judge` among those that meet every constraint, from index `from`; npos if none.
std::size_t StudyRun::best_feasible(const Judge& judge, std::size_t from) const {
  std::size_t best = std::string::npos;
  double value = -std::numeric_limits<double>::infinity();
  for (std::size_t i = from; i < st_.evaluations.size(); ++i) {
    Evaluation e = st_.evaluations[i];
    if (e.phase == Phase::rule || e.phase == Phase::curve) continue;
    judge.judge(e);
    if (e.feasible() && e.statistic > value) {
      value = e.statistic;
      best = i;
    }
  }
  return best;
}

/// The candidate from index `first` whose worst constraint is missed by the least.
std::size_t StudyRun::least_violating(std::size_t first) const {
  std::size_t least = first;
  for (std::size_t i = first; i < st_.evaluations.size(); ++i)
    if (st_.evaluations[i].violation < st_.evaluations[least].violation) least = i;
  return least;
}

void StudyRun::curves() {
  const auto t = Clock::now();
  for (const LeverConfig& l : c_.levers) {
    Curve curve{l.lever, c_.curve_fractions, {}};
    for (const double f : c_.curve_fractions) {
      curve.evaluations.push_back(
          evaluate(Phase::curve, fmt::format("{} {}", model::lever_name(l.lever), percent(f)), {},
                   space_.lever_alone(l.lever, f)));
    }
    st_.curves.push_back(std::move(curve));
  }
  st_.seconds_curves = since(t);
}

void StudyRun::grid() {
  const int n = std::max(1, static_cast<int>(std::lround(1.0 / c_.step)));
  for (const std::vector<double>& shares : simplex_grid(c_.levers.size(), n)) {
    std::array<double, model::kLevers> s{};
    for (std::size_t i = 0; i < c_.levers.size(); ++i)
      s[static_cast<std::size_t>(c_.levers[i].lever)] = shares[i];
    evaluate_point(Phase::grid, space_.point(s));
  }
}

/// COBYLA from candidate `start` under `judge`, within `budget` evaluations.
void StudyRun::refine(const Judge& judge, Phase phase, std::size_t start, std::size_t budget) {
  Cobyla settings;
  settings.lower = space_.lower();
  settings.upper = space_.upper();
  settings.max_evaluations = budget;
  for (const std::string& name : space_.names()) {
    const bool share = name.rfind("share:", 0) == 0;
    const bool exponent = name == "exponent";
    const double range = exponent ? c_.exponent_max - c_.exponent_min : 1.0;
    settings.initial_step.push_back(share ? c_.step : range / 4);
    settings.x_tolerance.push_back(share ? c_.step / 20 : range / 50);
  }
  maximise(settings, st_.evaluations[start].x, [&](const std::vector<double>& x) {
    Evaluation e = st_.evaluations[evaluate_point(phase, x)];
    judge.judge(e);
    return std::pair{e.statistic, e.violation};
  });
}

/// A lever whose money can go to the others without lowering the objective gets none: the
/// candidate without it is kept if it meets the constraints and either the lever's euros bought
/// nothing (not one crèche place or truck passage) or its objective is at least as good.
void StudyRun::prune() {
  std::size_t best = st_.recommended;
  for (std::size_t i = 0; i < c_.levers.size(); ++i) {
    std::vector<double> x = st_.evaluations[best].x;
    if (x[i] <= 0) continue;
    x[i] = 0;
    const std::size_t k = evaluate_point(Phase::prune, x);
    const Evaluation& without = st_.evaluations[k];
    const Evaluation& with = st_.evaluations[best];
    double capacity = 0;
    const auto row = static_cast<std::size_t>(c_.levers[i].lever) * with.allocation.qpvs;
    for (std::size_t q = 0; q < with.allocation.qpvs; ++q)
      capacity += with.allocation.capacity[row + q];
    if (without.feasible() && (capacity <= 0 || without.statistic >= with.statistic)) best = k;
  }
  st_.recommended = best;
}

void StudyRun::frontier() {
  if (c_.pareto.outcomes.size() < 2) return;
  const auto t = Clock::now();
  const std::size_t first = judge_->outcome_index(c_.pareto.outcomes[0]);
  std::vector<std::size_t> floors;
  std::vector<std::pair<double, double>> range;
  for (std::size_t k = 1; k < c_.pareto.outcomes.size(); ++k) {
    const std::size_t o = judge_->outcome_index(c_.pareto.outcomes[k]);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Evaluation& e : st_.evaluations) {
      if (e.phase != Phase::grid && e.phase != Phase::search) continue;
      const double m = mean_of(e.outcomes[o].total);
      lo = std::min(lo, m);
      hi = std::max(hi, m);
    }
    floors.push_back(o);
    range.emplace_back(lo, hi);
  }
  // Every combination of levels (points per floor outcome).
  std::size_t combos = 1;
  for (std::size_t k = 0; k < floors.size(); ++k) combos *= c_.pareto.points;
  for (std::size_t combo = 0; combo < combos; ++combo) {
    Judge judge = *judge_;
    judge.maximise = first;
    ParetoPoint p;
    std::size_t rest = combo;
    for (std::size_t k = 0; k < floors.size(); ++k) {
      const std::size_t level = rest % c_.pareto.points;
      rest /= c_.pareto.points;
      const auto [lo, hi] = range[k];
      const double eps =
          lo + (hi - lo) * static_cast<double>(level) / static_cast<double>(c_.pareto.points - 1);
      p.epsilon.push_back(eps);
      judge.extra_floors.emplace_back(floors[k], eps);
    }
    const std::size_t start = best_feasible(judge);
    if (start != std::string::npos) {
      refine(judge, Phase::pareto, start, std::max<std::size_t>(10, c_.max_evaluations / 2));
      p.evaluation = best_feasible(judge);
      p.found = true;
    }
    st_.pareto.push_back(std::move(p));
  }
  st_.seconds_pareto = since(t);
}

/// The recommendation, the next best distinct candidates and the simple rules, run again on
/// fresh replicates.
void StudyRun::reevaluate() {
  const auto t = Clock::now();
  Runner fresh(c_, outcomes_, fresh_seed(c_), c_.fresh_replicates, quiet_, store_);
  std::vector<std::pair<std::string, std::size_t>> chosen = {{"recommandation", st_.recommended}};
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < st_.evaluations.size(); ++i) {
    const Evaluation& e = st_.evaluations[i];
    if (e.phase != Phase::rule && e.phase != Phase::curve && e.feasible()) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return st_.evaluations[a].statistic > st_.evaluations[b].statistic;
  });
  for (const std::size_t i : order) {
    if (chosen.size() >= c_.keep) break;
    const bool same = std::any_of(chosen.begin(), chosen.end(), [&](const auto& ch) {
      return st_.evaluations[ch.second].allocation.capacity ==
             st_.evaluations[i].allocation.capacity;
    });
    if (!same) chosen.emplace_back(fmt::format("candidat n° {}", chosen.size() + 1), i);
  }
  for (std::size_t i = 0; i < st_.evaluations.size(); ++i)
    if (st_.evaluations[i].phase == Phase::rule) chosen.emplace_back(st_.evaluations[i].label, i);

  for (const auto& [label, i] : chosen) {
    Reevaluated r;
    r.label = label;
    r.evaluation = i;
    const Measured m = fresh.measure(st_.evaluations[i].allocation);
    r.outcomes = m.outcomes;
    r.spent_eur = m.spent_eur;
    r.objective = judge_->objective(r.outcomes);
    st_.reevaluated.push_back(std::move(r));
  }
  // The status quo (the first rule) is the reference of prob_better.
  const std::size_t status_quo = chosen.size() - std::size(kRules);
  for (Reevaluated& r : st_.reevaluated)
    r.statistic = judge_->statistic(r.objective, st_.reevaluated[status_quo].objective);
  const std::vector<double>& best = st_.reevaluated.front().objective;
  for (const Reevaluated& r : st_.reevaluated)
    st_.probability_better.push_back(share_better(best, r.objective));
  st_.model_runs += fresh.model_runs();
  st_.seconds_reevaluation = since(t);
}

Study StudyRun::run() {
  const std::size_t grid_points =
      simplex_grid(c_.levers.size(), std::max(1, static_cast<int>(std::lround(1.0 / c_.step))))
          .size();
  expected_ = 3 + c_.levers.size() * c_.curve_fractions.size() + grid_points + c_.max_evaluations +
              c_.levers.size();
  st_.outcomes = outcomes_;
  st_.coordinates = space_.names();
  st_.need = need_;
  // The simple rules first: the status quo is the reference of the objective's judge.
  for (const auto& [rule, label] : kRules) evaluate(Phase::rule, label, {}, space_.rule(rule));
  {
    Measured sq{st_.evaluations.front().outcomes, st_.evaluations.front().spent_eur};
    judge_.emplace(c_, outcomes_, sq);
    for (Evaluation& e : st_.evaluations) judge_->judge(e);
  }
  curves();
  const auto t = Clock::now();
  const std::size_t first = st_.evaluations.size();
  grid();
  std::size_t start = best_feasible(*judge_, first);
  // No grid point meets the constraints: start from the one that misses them least.
  if (start == std::string::npos) start = least_violating(first);
  refine(*judge_, Phase::search, start, c_.max_evaluations);
  st_.recommended = best_feasible(*judge_, first);
  if (st_.recommended == std::string::npos) {
    const Evaluation& e = st_.evaluations[least_violating(first)];
    store_.flush();
    throw InputError(Origin{c_.file}, e.binding.rfind("equity", 0) == 0 ? "equity" : "objective",
                     "no allocation searched meets every constraint: the one that binds is " +
                         e.binding +
                         fmt::format(" (missed by {:.3g} of its scale at best)", e.violation));
  }
  prune();
  st_.dependence = dependence(st_, saa_.baseline(), 3);
  st_.seconds_search = since(t);
  frontier();
  reevaluate();
  st_.model_runs += saa_.model_runs();
  st_.resumed = store_.resumed();
  store_.flush();
  return std::move(st_);
}

}  // namespace

/// Every composition of `levers` shares that are multiples of 1/n and sum to 1, in
/// lexicographic order.
std::vector<std::vector<double>> simplex_grid(std::size_t levers, int n) {
  std::vector<std::vector<double>> out;
  std::vector<int> k(levers, 0);
  auto rec = [&](auto&& self, std::size_t i, int left) -> void {
    if (i + 1 == levers) {
      k[i] = left;
      std::vector<double> s;
      for (const int v : k) s.push_back(static_cast<double>(v) / n);
      out.push_back(std::move(s));
      return;
    }
    for (int v = 0; v <= left; ++v) {
      k[i] = v;
      self(self, i + 1, left - v);
    }
  };
  if (levers > 0) rec(rec, 0, n);
  return out;
}

Study run_allocation(const AllocationConfig& c, const engine::Execution& how,
                     const std::string& checkpoint) {
  StudyRun study(c, how, checkpoint);
  return study.run();
}

std::string_view phase_name(Phase p) {
  switch (p) {
    case Phase::rule:
      return "rule";
    case Phase::curve:
      return "curve";
    case Phase::grid:
      return "grid";
    case Phase::search:
      return "search";
    case Phase::prune:
      return "prune";
    case Phase::pareto:
      return "pareto";
  }
  return "?";
}

}  // namespace qpv::analysis::allocation
