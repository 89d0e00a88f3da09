#include "sim/app/console.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "analysis/sensitivity_report.hpp"
#include "analysis/stats.hpp"
#include "sim/core/error.hpp"
#include "sim/engine/cluster.hpp"
#include "sim/io/files.hpp"
#include "sim/model/uncertainty.hpp"

namespace qpv::app {

Progress::Progress(std::string what) : what_(std::move(what)), tty_(isatty(STDERR_FILENO) != 0) {}

void Progress::operator()(std::size_t done, std::size_t total) {
  if (!tty_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double left =
      done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
  fmt::print(stderr, "\r{}: {}/{} ({:.0f} %), {:.1f} s elapsed, about {:.1f} s left   ", what_,
             done, total, 100.0 * static_cast<double>(done) / static_cast<double>(total), elapsed,
             left);
  if (done == total) fmt::print(stderr, "\n");
}

std::string uncertainty_line(const io::Scenario& s) {
  if (s.uncertainty == model::Uncertainty::none)
    return "uncertainty: none: every replicate runs with the scenario's parameter values";
  const auto sources = model::parameter_sources(io::uncertainty_spec(s));
  std::size_t from_posterior = 0, from_prior = 0;
  for (const auto src : sources) {
    from_posterior += src == model::ParamSource::posterior;
    from_prior += src == model::ParamSource::prior;
  }
  return fmt::format(
      "uncertainty: {}: each replicate draws {} calibrated parameters from the posterior {} ({} "
      "particles){}; parameters the scenario sets keep their values",
      model::uncertainty_name(s.uncertainty), from_posterior, s.posterior->file,
      s.posterior->weight.size(),
      from_prior > 0 ? fmt::format(" and {} uncertain ones from their priors", from_prior) : "");
}

std::string predictive_table(const calibration::Calibration& c, const calibration::Predictive& p) {
  std::string out = fmt::format("{:<44}{:>10}{:>11}{:>30}  {}\n", "target", "observed", "tolerance",
                                "posterior predictive [90 %]", "");
  for (std::size_t k = 0; k < c.targets.size(); ++k) {
    const calibration::Target& t = c.targets[k];
    std::vector<double> v;
    for (const auto& row : p.statistics) v.push_back(row[k]);
    const analysis::Distribution s = analysis::distribution(v);
    const bool within = std::abs(s.mean - t.observed) <= t.tolerance;
    out += fmt::format("{:<44}{:>10.4f}{:>11.4f}{:>30}  {}\n", t.id, t.observed, t.tolerance,
                       fmt::format("{:.4f} [{:.4f}, {:.4f}]", s.mean, s.q05, s.q95),
                       std::string(t.holdout ? "held out, " : "") +
                           (within ? "within tolerance" : "OUTSIDE tolerance"));
  }
  return out;
}

std::string sensitivity_table(const analysis::SensitivityRecord& r) {
  std::string out;
  const bool share = model::find_indicator(r.indicator)->unit == "share";
  const double k = share ? 100.0 : 1.0;
  if (r.morris) {
    const analysis::MorrisStage& m = *r.morris;
    out += fmt::format(
        "Morris ({} trajectories; mu* and sigma in {} per unit of the quantile "
        "scale: a half-range move changes the output by mu*/2){:>22}{:>10}{:>10}\n",
        m.result.trajectories, share ? "points" : "the indicator's unit", "mu*", "sigma", "mu");
    const auto order = analysis::leading_factors(m.result, 12);
    for (std::size_t i : order) {
      const auto& e = m.result.factors[i];
      out += fmt::format("  {:<60}{:>10.4f}{:>10.4f}{:>10.4f}\n", r.factor_names[m.columns[i]],
                         k * e.mu_star, k * e.sigma, k * e.mu);
    }
  }
  if (r.sobol) {
    const analysis::SobolStage& s = *r.sobol;
    out += fmt::format("Sobol' (N = {}; {:.0f} % intervals){:>30}{:>30}\n", s.result.base_rows,
                       100 * s.result.confidence, "total [interval]", "first order [interval]");
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
      const auto& e = s.result.factors[i];
      out += fmt::format("  {:<40}{:>30}{:>30}\n", r.factor_names[s.columns[i]],
                         fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.st, e.st_ci.low, e.st_ci.high),
                         fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.s1, e.s1_ci.low, e.s1_ci.high));
    }
  }
  return out;
}

void print_marginals(const model::MeasuredMarginals& measured,
                     const model::MeasuredMarginals& target, std::int64_t target_population) {
  const model::Marginals got = measured.shares();
  const model::Marginals want = target.shares();
  fmt::print("{:<36}{:>12}{:>12}\n", "marginal", "target", "synthetic");
  fmt::print("{:<36}{:>12}{:>12}\n", "persons", target_population, measured.persons);
  fmt::print("{:<36}{:>12}{:>12}\n", "households", "-", measured.households);
  auto row = [](const std::string& name, double t, double g) {
    fmt::print("{:<36}{:>11.1f}%{:>11.1f}%\n", name, 100 * t, 100 * g);
  };
  for (std::size_t i = 0; i < model::kAgeBands; ++i)
    row(fmt::format("age {}", model::kAgeBandNames[i]), want.age[i], got.age[i]);
  for (std::size_t i = 0; i < model::kHouseholdTypes; ++i)
    row(fmt::format("household {}", model::kHouseholdTypeNames[i]), want.household_type[i],
        got.household_type[i]);
  for (std::size_t i = 0; i < model::kDiplomas; ++i)
    row(fmt::format("diploma (15+) {}", model::kDiplomaNames[i]), want.diploma[i], got.diploma[i]);
  for (std::size_t i = 0; i < model::kActivities; ++i)
    row(fmt::format("activity (15-64) {}", model::kActivityNames[i]), want.activity[i],
        got.activity[i]);
  row("households with a car", want.car, got.car);
  row("licence holders (18+)", want.licence, got.licence);
  row("health limitation (15-64)", want.health_15_64, got.health_15_64);
  row("health limitation (65+)", want.health_65_plus, got.health_65_plus);
  row("fixed-term (employed)", want.fixed_term, got.fixed_term);
  row("single parents: women", want.single_parent_female, got.single_parent_female);
  row("informal care (families)", want.informal_care, got.informal_care);
  row("transit unaffordable (15-64)", want.transit_unaffordable, got.transit_unaffordable);
  fmt::print("{:<36}{:>12}{:>12}\n", "crèche places held / children < 3", "-",
             fmt::format("{}/{}", measured.creche_places_held, measured.children_under_3));
}

void check_writable(const std::string& path, const char* what) {
  io::prepare_output(path, what);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string prepare_checkpoint(const std::string& output, const char* what,
                               const std::string& report, bool restart) {
  check_writable(output, what);
  if (!report.empty()) check_writable(report, "report");
  const std::string checkpoint = output + ".checkpoint";
  engine::Cluster& cluster = engine::Cluster::get();
  if (cluster.root()) {
    // A checkpoint is written through a temporary too: a killed job may have left one.
    io::remove_stale_temporaries(checkpoint);
    if (restart) std::filesystem::remove(checkpoint);
  }
  cluster.barrier();
  return checkpoint;
}

}  // namespace qpv::app
