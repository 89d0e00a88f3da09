#include "analysis/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "analysis/comparison.hpp"

namespace qpv::analysis {

std::string summary_table(const model::RunResults& r,
                          const std::array<std::int64_t, model::kLevers>& planned) {
  if (r.months.empty()) return {};
  std::vector<std::size_t> cols = {0};
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    if (r.months[m].year == 2027 && r.months[m].month == 1 && m != 0) cols.push_back(m);
  }
  if (cols.back() != r.months.size() - 1) cols.push_back(r.months.size() - 1);

  const std::uint32_t total = r.partitions - 1;
  std::string out = fmt::format("{:<32}", "indicator (all QPVs)");
  for (auto m : cols)
    out += fmt::format("{:>28}", fmt::format("{:04}-{:02}", r.months[m].year, r.months[m].month));
  out += fmt::format("\n{:<32}", "");
  for (std::size_t i = 0; i < cols.size(); ++i)
    out += fmt::format("{:>28}", "mean [90 % interval]");
  out += '\n';
  for (const auto& spec : model::indicator_specs()) {
    const bool share = spec.unit == "share";
    out += fmt::format("{:<32}", spec.id);
    for (auto m : cols) {
      std::vector<double> v;
      for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
        v.push_back(r.indicator(spec, rep, total, m));
      const Distribution s = distribution(v);
      out += share ? fmt::format("{:>28}", fmt::format("{:.1f} % [{:.1f}, {:.1f}]", 100 * s.mean,
                                                       100 * s.q05, 100 * s.q95))
                   : fmt::format("{:>28}",
                                 fmt::format("{:.0f} [{:.0f}, {:.0f}]", s.mean, s.q05, s.q95));
    }
    out += '\n';
  }
  // Spending of each lever that spent anything: euros per year, all QPVs, mean [90 %].
  bool header = false;
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    std::vector<double> per_year;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
      std::int64_t cents = 0;
      for (std::size_t y = 0; y < r.years; ++y) cents += r.spent(rep, total, l, y);
      per_year.push_back(static_cast<double>(cents) / 100.0 / static_cast<double>(r.years));
    }
    const Distribution sp = distribution(per_year);
    if (!(sp.mean > 0)) continue;
    if (!header) {
      out += fmt::format("\n{:<32}{:>28}{:>20}\n", "spending (all QPVs)", "euros per year [90 %]",
                         "budgets set per year");
      header = true;
    }
    out +=
        fmt::format("{:<32}{:>28}{:>20}\n", model::lever_name(static_cast<model::Lever>(l)),
                    fmt::format("{:.0f} [{:.0f}, {:.0f}]", sp.mean, sp.q05, sp.q95),
                    planned[l] > 0 ? fmt::format("{:.0f}", static_cast<double>(planned[l]) / 100.0)
                                   : std::string("-"));
  }
  return out;
}

std::string comparison_table(const Comparison& c) {
  if (c.scenarios.size() < 2 || c.months.empty()) return {};
  const int last_year = c.months.back().year;
  const MonthRange year = months_of_year(c, last_year);
  const std::uint32_t all = c.all_qpvs();
  std::string out =
      fmt::format("{:<34}{:>30}{:>16}\n", fmt::format("difference in {} (all QPVs)", last_year),
                  "mean [90 % interval]", "better in");
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    const ScenarioRun& alt = c.scenarios[s];
    out += fmt::format("{} - {}\n", alt.id, c.scenarios[0].id);
    for (const model::IndicatorSpec* spec : key_indicators(alt)) {
      const Distribution d = distribution(paired_differences(c, s, *spec, all, year), spec->better);
      const bool share = spec->unit == "share";
      const double k = share ? 100.0 : 1.0;
      out +=
          fmt::format("  {:<32}{:>30}{:>16}\n", spec->id,
                      fmt::format("{:+.2f} [{:+.2f}, {:+.2f}]{}", k * d.mean, k * d.q05, k * d.q95,
                                  share ? " pt" : ""),
                      std::isnan(d.share_better) ? std::string("-")
                                                 : fmt::format("{:.0f} %", 100 * d.share_better));
    }
    const Distribution spent = distribution(spending_euros(c, s, all, last_year));
    out += fmt::format("  {:<32}{:>30}\n", fmt::format("spending in {} (euros)", last_year),
                       fmt::format("{:.0f} [{:.0f}, {:.0f}]", spent.mean, spent.q05, spent.q95));
    if (is_package(alt)) {
      // Several levers, each buying its own results: costs and consequences side by side.
      const Distribution cost = cost_effectiveness(c, s, Effect::employment, all).extra_cost;
      out += fmt::format("  {:<32}{:>30}\n", "extra cost over the run (euros)",
                         fmt::format("{:.0f} [{:.0f}, {:.0f}]", cost.mean, cost.q05, cost.q95));
      for (Effect e : kEffects) {
        const Distribution d = cost_effectiveness(c, s, e, all).extra_effect;
        out += fmt::format("  {:<32}{:>30}\n", fmt::format("extra {} over the run", effect_id(e)),
                           fmt::format("{:+.1f} [{:+.1f}, {:+.1f}]", d.mean, d.q05, d.q95));
      }
      out += "  (several levers: no single cost per result)\n";
      continue;
    }
    for (Effect e : key_effects(alt)) {
      const CostEffectiveness ce = cost_effectiveness(c, s, e, all);
      out += fmt::format(
          "  {:<32}{:>30}\n", fmt::format("euros per extra {}", effect_id(e)),
          ce.interval ? fmt::format("{:.0f} [{:.0f}, {:.0f}]", ce.euros_per_unit, ce.q05, ce.q95)
                      : std::string("effect too uncertain"));
    }
  }
  return out;
}

std::string width_ratio_table(const Comparison& full, const Comparison& calibrated) {
  if (full.scenarios.size() < 2 || full.months.empty()) return {};
  if (calibrated.scenarios.size() != full.scenarios.size() || calibrated.months != full.months)
    throw std::invalid_argument("width_ratio_table: the two comparisons differ in shape");
  const int last_year = full.months.back().year;
  const std::uint32_t all = full.all_qpvs();
  std::string out =
      fmt::format("{:<46}{:>26}{:>26}{:>8}\n",
                  fmt::format("width of the 90 % interval in {} (all QPVs)", last_year),
                  "uncertainty = full", "uncertainty = calibrated", "ratio");
  for (std::size_t s = 1; s < full.scenarios.size(); ++s) {
    const model::IndicatorSpec& spec = *key_indicators(full.scenarios[s]).front();
    const bool share = spec.unit == "share";
    const double k = share ? 100.0 : 1.0;
    auto interval = [&](const Comparison& c) {
      return distribution(paired_differences(c, s, spec, all, months_of_year(c, last_year)),
                          spec.better);
    };
    const Distribution f = interval(full), c = interval(calibrated);
    auto text = [&](const Distribution& d) {
      return fmt::format("[{:+.2f}, {:+.2f}]{}", k * d.q05, k * d.q95, share ? " pt" : "");
    };
    const double width = c.q95 - c.q05;  // 0 when the lever changes nothing under calibrated
    out += fmt::format(
        "{:<46}{:>26}{:>26}{:>8}\n",
        fmt::format("{} - {}: {}", full.scenarios[s].id, full.scenarios[0].id, spec.id), text(f),
        text(c), width > 0 ? fmt::format("{:.2f}", (f.q95 - f.q05) / width) : std::string("-"));
  }
  return out;
}

}  // namespace qpv::analysis
