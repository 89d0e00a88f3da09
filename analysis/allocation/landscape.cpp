// The workshop panel's landscape of an envelope: curves and a grid of splits (search.hpp).

#include <fmt/format.h>

#include "analysis/allocation/evaluator.hpp"
#include "analysis/allocation/search.hpp"
#include "analysis/stats.hpp"

namespace qpv::analysis::allocation {

Landscape landscape(const AllocationConfig& c, double grid_step, const engine::Execution& how) {
  Landscape out;
  for (const char* id : {"employment_person_years", "screenings", "creche_child_years"}) {
    std::string problem;
    out.outcomes.push_back(find_outcome(id, &problem));
  }
  RunStore store("", "", out.outcomes.size(), false);
  Runner runner(c, out.outcomes, c.seed, c.replicates, how, store);
  const Space space(c, need_levels(c, runner.baseline()));
  auto add = [&](Phase phase, std::string label, Allocation a) {
    Evaluation e;
    e.phase = phase;
    e.label = std::move(label);
    const Measured m = runner.measure(a);
    e.allocation = std::move(a);
    e.outcomes = m.outcomes;
    e.spent_eur = m.spent_eur;
    out.evaluations.push_back(std::move(e));
    return out.evaluations.size() - 1;
  };
  for (const LeverConfig& l : c.levers) {
    Curve curve{l.lever, c.curve_fractions, {}};
    for (const double f : c.curve_fractions)
      curve.evaluations.push_back(add(Phase::curve,
                                      fmt::format("{} {}", model::lever_name(l.lever), f),
                                      space.lever_alone(l.lever, f)));
    out.curves.push_back(std::move(curve));
  }
  const int n = std::max(1, static_cast<int>(std::lround(1.0 / grid_step)));
  for (const std::vector<double>& shares : simplex_grid(c.levers.size(), n)) {
    std::array<double, model::kLevers> s{};
    for (std::size_t i = 0; i < c.levers.size(); ++i)
      s[static_cast<std::size_t>(c.levers[i].lever)] = shares[i];
    out.grid.push_back(add(Phase::grid, "", space.allocate(space.point(s))));
  }
  // The frontier: grid splits no other beats on both employment and screenings.
  auto mean_of = [&](std::size_t i, std::size_t o) {
    return distribution(out.evaluations[i].outcomes[o].total).mean;
  };
  for (const std::size_t i : out.grid) {
    bool dominated = false;
    for (const std::size_t j : out.grid) {
      const bool no_worse = mean_of(j, 0) >= mean_of(i, 0) && mean_of(j, 1) >= mean_of(i, 1);
      const bool better = mean_of(j, 0) > mean_of(i, 0) || mean_of(j, 1) > mean_of(i, 1);
      dominated = dominated || (no_worse && better);
    }
    if (!dominated) out.frontier.push_back(i);
  }
  std::sort(out.frontier.begin(), out.frontier.end(),
            [&](std::size_t a, std::size_t b) { return mean_of(a, 0) < mean_of(b, 0); });
  return out;
}

}  // namespace qpv::analysis::allocation
