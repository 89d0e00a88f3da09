// Calibration: recovery of known parameters, resumption from a checkpoint, determinism, and
// the errors of bad calibration files.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "analysis/comparison.hpp"
#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "sim/app/jobs.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;
using namespace qpv::calibration;

namespace {

/// An execution on `n` threads of this process alone.
qpv::engine::Execution threads(int n) {
  return qpv::engine::Execution{.threads = n};
}

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";

Calibration tiny() {
  return load_calibration(kTiny + "calibration/calibration.toml");
}

/// The weighted p-quantile of parameter k over a generation's particles.
double weighted_quantile(const Generation& g, std::size_t k, double p) {
  std::vector<std::pair<double, double>> v;
  for (const Particle& x : g.particles) v.emplace_back(x.theta[k], x.weight);
  std::sort(v.begin(), v.end());
  double cum = 0;
  for (const auto& [value, w] : v) {
    cum += w;
    if (cum >= p) return value;
  }
  return v.back().first;
}

void check_same(const Generation& a, const Generation& b) {
  REQUIRE(a.particles.size() == b.particles.size());
  CHECK(a.tolerance == b.tolerance);
  CHECK(a.simulations == b.simulations);
  for (std::size_t i = 0; i < a.particles.size(); ++i) {
    CHECK(a.particles[i].theta == b.particles[i].theta);
    CHECK(a.particles[i].weight == b.particles[i].weight);
    CHECK(a.particles[i].distance == b.particles[i].distance);
    CHECK(a.particles[i].statistics == b.particles[i].statistics);
  }
}

}  // namespace

TEST_CASE("ABC-SMC recovers known parameters from data simulated with them",
          "[calibration][slow]") {
  Calibration c = tiny();
  // The other parameters held at their values, as the data were made with them (under full
  // they would be drawn from their priors: a wider, marginal posterior; see below).
  c.scenario.uncertainty = model::Uncertainty::none;
  // The "observed" figures: the tiny territory simulated at known parameter values, averaged
  // over 20 replicates of another seed than any proposal's.
  const std::vector<double> truth = {0.22, 0.55};  // offer_rate, screening_uptake_breast
  c.settings.replicates_per_particle = 20;
  const std::vector<double> observed = simulate(c, truth, 987654321);
  c.settings.replicates_per_particle = 2;
  for (std::size_t k = 0; k < c.targets.size(); ++k) c.targets[k].observed = observed[k];
  c.settings.particles = 100;
  c.settings.max_generations = 8;
  c.settings.final_tolerance = 0.3;
  const Outcome out = run_abc_smc(c, threads(0), "");
  REQUIRE(!out.generations.empty());
  const Generation& posterior = out.generations.back();
  for (std::size_t k = 0; k < truth.size(); ++k) {
    const double lo = weighted_quantile(posterior, k, 0.05);
    const double hi = weighted_quantile(posterior, k, 0.95);
    WARN(c.parameters[k].name << ": truth " << truth[k] << ", posterior 90 % [" << lo << ", " << hi
                              << "]");
    CHECK(lo <= truth[k]);
    CHECK(truth[k] <= hi);
    // The data taught something: the interval is well inside the prior's range.
    CHECK(hi - lo < 0.6 * (c.parameters[k].max - c.parameters[k].min));
  }
  // Generations tighten their tolerance, and weights are normalised with a sensible ESS.
  for (std::size_t t = 1; t < out.generations.size(); ++t) {
    CHECK(out.generations[t].tolerance <= out.generations[t - 1].tolerance);
    double sum = 0;
    for (const Particle& p : out.generations[t].particles) sum += p.weight;
    CHECK(sum == Approx(1.0));
    CHECK(out.generations[t].ess > 10);
    CHECK(out.generations[t].ess <= static_cast<double>(c.settings.particles) + 1e-9);
  }
}

TEST_CASE(
    "under full each simulation draws the uncertain parameters, so the fit is marginal "
    "over them",
    "[calibration]") {
  Calibration c = tiny();
  REQUIRE(c.scenario.uncertainty == model::Uncertainty::full);
  const std::vector<double> theta = {0.2, 0.5};
  const std::vector<double> full = simulate(c, theta, 42);
  CHECK(simulate(c, theta, 42) == full);  // the draws depend on the seed only
  CHECK(simulate(c, theta, 43) != full);
  c.scenario.uncertainty = model::Uncertainty::none;
  CHECK(simulate(c, theta, 42) != full);  // held at their values: other statistics
}

TEST_CASE("a calibration stopped after a generation resumes to the same posterior",
          "[calibration]") {
  const Calibration c = tiny();
  const Outcome whole = run_abc_smc(c, threads(2), "");
  REQUIRE(whole.generations.size() == 4);

  qpv::test::TempDir dir;
  const std::string checkpoint = (dir.path / "posterior.h5.checkpoint").string();
  const Outcome first = run_abc_smc(c, threads(2), checkpoint, {}, 1);  // as if killed here
  REQUIRE(first.generations.size() == 2);
  REQUIRE(std::filesystem::exists(checkpoint));
  const Outcome resumed = run_abc_smc(c, threads(1), checkpoint);  // another thread count, too
  CHECK(resumed.resumed_from == 1);
  REQUIRE(resumed.generations.size() == whole.generations.size());
  for (std::size_t t = 0; t < whole.generations.size(); ++t)
    check_same(whole.generations[t], resumed.generations[t]);

  // A checkpoint of another calibration is refused.
  Calibration other = c;
  set_holdout(other, {"breast"});
  CHECK_THROWS_AS(run_abc_smc(other, threads(1), checkpoint), InputError);
}

TEST_CASE("the posterior is the same for 1 and 2 threads", "[calibration]") {
  Calibration c = tiny();
  c.settings.max_generations = 3;
  const Outcome one = run_abc_smc(c, threads(1), "");
  const Outcome two = run_abc_smc(c, threads(2), "");
  REQUIRE(one.generations.size() == two.generations.size());
  check_same(one.generations.back(), two.generations.back());
}

TEST_CASE("a held-out target is left out of the distance and checked after", "[calibration]") {
  Calibration c = tiny();
  const std::vector<double> s = {c.targets[0].observed, c.targets[1].observed + 10.0};
  CHECK(distance(c, s) == Approx(10.0 / c.targets[1].tolerance));
  set_holdout(c, {"breast"});
  CHECK(distance(c, s) == 0.0);
  CHECK_THROWS_WITH(set_holdout(c, {"breats"}), Catch::Contains("did you mean 'breast'"));
  CHECK_THROWS_WITH(set_holdout(c, {"employment", "breast"}), Catch::Contains("nothing is left"));
}

TEST_CASE("bad calibration files give an error naming the file, line and key", "[calibration]") {
  qpv::test::TempDir dir;
  const std::string scenario = kTiny + "baseline.toml";
  auto calibration_file = [&](const std::string& extra = "") {
    return "[calibration]\nscenario = '" + scenario +
           "'\ntargets = 'targets.toml'\npriors = 'priors.toml'\n" + extra;
  };
  const std::string good_target =
      "[[target]]\nid = 'e'\nstatistic = 'employment_rate'\nobserved = 0.4\ntolerance = 0.02\n"
      "from = 2024-01-01\nto = 2024-12-31\n";
  const std::string good_prior = "[[parameter]]\nname = 'offer_rate'\n";
  std::string calibration = calibration_file(), targets = good_target, priors = good_prior;
  std::string file, key, message;
  int line = 0;
  SECTION("unknown indicator") {
    targets =
        "[[target]]\nid = 'e'\nstatistic = 'employmnt_rate'\nobserved = 0.4\n"
        "tolerance = 0.02\nfrom = 2024-01-01\nto = 2024-12-31\n";
    file = "targets.toml", key = "target[0].statistic", line = 3, message = "employment_rate";
  }
  SECTION("tolerance of zero") {
    targets = good_target;
    targets.replace(targets.find("tolerance = 0.02"), 16, "tolerance = 0");
    file = "targets.toml", key = "target[0].tolerance", line = 5, message = "tolerance > 0";
  }
  SECTION("negative tolerance") {
    targets = good_target;
    targets.replace(targets.find("tolerance = 0.02"), 16, "tolerance = -1");
    file = "targets.toml", key = "target[0].tolerance", line = 5, message = "tolerance > 0";
  }
  SECTION("a share above 1") {
    targets = good_target;
    targets.replace(targets.find("observed = 0.4"), 14, "observed = 40");
    file = "targets.toml", key = "target[0].observed", line = 4, message = "a share";
  }
  SECTION("a window outside the horizon") {
    targets = good_target;
    targets.replace(targets.find("to = 2024-12-31"), 15, "to = 2031-12-31");
    file = "targets.toml", key = "target[0].to", line = 7,
    message = "outside the simulated horizon";
  }
  SECTION("a prior with min above max") {
    priors = "[[parameter]]\nname = 'offer_rate'\nmin = 0.3\nmax = 0.1\n";
    file = "priors.toml", key = "parameter[0].max", line = 4, message = "min";
  }
  SECTION("a uniform prior with a above b") {
    priors = "[[parameter]]\nname = 'offer_rate'\nprior = 'uniform'\na = 0.5\nb = 0.1\n";
    file = "priors.toml", key = "parameter[0].b", line = 5, message = "a < b";
  }
  SECTION("a prior with its mass outside the parameter's range") {
    priors = "[[parameter]]\nname = 'offer_rate'\nprior = 'normal'\na = 0\nb = 1\n";
    file = "priors.toml", key = "parameter[0].prior", line = 3, message = "outside the range";
  }
  SECTION("an unknown parameter") {
    priors = "[[parameter]]\nname = 'offer_rat'\n";
    file = "priors.toml", key = "parameter[0].name", line = 2, message = "offer_rate";
  }
  SECTION("an unknown key") {
    calibration = calibration_file("particle = 100\n");
    file = "calibration.toml", key = "calibration.particle", line = 5, message = "particles";
  }
  dir.write("calibration.toml", calibration);
  dir.write("targets.toml", targets);
  dir.write("priors.toml", priors);
  try {
    (void)load_calibration((dir.path / "calibration.toml").string());
    FAIL("the bad file was accepted");
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(e.origin().file.ends_with(file));
    CHECK(e.origin().line == line);
    CHECK(e.key() == key);
    CHECK_THAT(std::string(e.what()), Catch::Contains(message));
  }
}

TEST_CASE("runs and comparisons draw each replicate's parameters from the posterior",
          "[calibration][posterior]") {
  // A posterior of the tiny calibration, written as qpvsim calibrate writes it.
  Calibration c = tiny();
  c.settings.max_generations = 2;
  c.settings.predictive_draws = 4;
  const Outcome out = run_abc_smc(c, threads(2), "");
  qpv::test::TempDir dir;
  const std::string file = (dir.path / "posterior.h5").string();
  write_posterior_file(file, c, out, posterior_predictive(c, out.generations.back(), threads(2)));
  const io::Posterior posterior = io::read_posterior(file);
  REQUIRE(posterior.weight.size() == c.settings.particles);
  CHECK(posterior.names == std::vector<std::string>{"offer_rate", "screening_uptake_breast"});

  io::Scenario base = io::load_scenario(kTiny + "baseline.toml");
  base.posterior = posterior;
  base.uncertainty = model::Uncertainty::calibrated;
  const model::RunPlan plan = io::plan_for(base);
  REQUIRE(plan.replicate_particle.size() == base.run.replicates);
  for (std::uint32_t r = 0; r < base.run.replicates; ++r) {
    const auto k = static_cast<std::size_t>(plan.replicate_particle[r]);
    CHECK(k == model::draw_particle(posterior, base.run.seed, r));
    CHECK(plan.replicate_parameters[r][model::Param::offer_rate] == posterior.theta[k][0]);
  }
  // Replicates draw different particles: their parameters differ.
  CHECK(plan.replicate_particle[0] != plan.replicate_particle[1]);

  // In a comparison, replicate r of every scenario uses the same particle; a scenario
  // identical to the baseline still differs by exactly zero; a scenario that sets a calibrated
  // parameter itself keeps its value.
  const analysis::Comparison cmp = app::run_comparison(
      {base, io::load_scenario(kTiny + "same.toml"), io::load_scenario(kTiny + "variant.toml")});
  for (std::size_t s = 0; s < 3; ++s) {
    CHECK(cmp.results(s).particle == plan.replicate_particle);
    CHECK(cmp.scenarios[s].record.posterior_file == file);
  }
  CHECK(cmp.results(0).counters == cmp.results(1).counters);
  const auto& variant = cmp.scenarios[2].record;
  for (std::uint32_t r = 0; r < cmp.replicates; ++r) {
    CHECK(variant.posterior_values[r * 2] == 0.2);  // the variant's own offer_rate
    CHECK(variant.posterior_values[r * 2 + 1] ==
          posterior.theta[static_cast<std::size_t>(plan.replicate_particle[r])][1]);
  }
  // Without the posterior the baseline runs on its own parameters, and gives other results.
  io::Scenario plain = io::load_scenario(kTiny + "baseline.toml");
  const auto without =
      model::run(plain.territory, plain.parameters, plain.run, plain.interventions);
  CHECK(without.counters != cmp.results(0).counters);
  CHECK(without.particle == std::vector<std::int64_t>(plain.run.replicates, -1));
}

TEST_CASE("a posterior that is not one is refused where it is named", "[calibration][posterior]") {
  qpv::test::TempDir dir;
  const io::Scenario s = io::load_scenario(kTiny + "baseline.toml");
  const std::string run_file = (dir.path / "run.h5").string();
  io::write_run_file(s, model::run(s.territory, s.parameters, s.run, s.interventions), run_file);
  CHECK_THROWS_WITH(io::read_posterior(run_file), Catch::Contains("not a posterior file"));
  const std::string scenario = dir.write(
      "with_posterior.toml", "base = '" + kTiny + "baseline.toml'\n[run]\nposterior = 'run.h5'\n");
  try {
    (void)io::load_scenario(scenario);
    FAIL("a run file was accepted as a posterior");
  } catch (const InputError& e) {
    CHECK(e.origin().line == 3);
    CHECK(e.key() == "run.posterior");
    CHECK_THAT(std::string(e.what()), Catch::Contains("run.h5"));
  }
}
