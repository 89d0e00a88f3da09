// Parameter uncertainty: roles and priors of the registry, each replicate's draws under none,
// calibrated and full (sim/model/uncertainty.hpp), the scenario keys that set them, and the
// posterior's CSV form (sim/io/posterior_io.hpp).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "calibration/config.hpp"
#include "sim/core/error.hpp"
#include "sim/io/posterior_io.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/priors.hpp"
#include "sim/model/uncertainty.hpp"
#include "tests/support/scenarios.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;
using model::Param;
using model::ParamSource;
using model::Uncertainty;

namespace {

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";

/// A two-particle posterior over offer_rate and screening_uptake_breast.
model::Posterior two_particles() {
  model::Posterior p;
  p.file = "test";
  p.names = {"offer_rate", "screening_uptake_breast"};
  p.params = {Param::offer_rate, Param::screening_uptake_breast};
  p.theta = {{0.1, 0.4}, {0.2, 0.5}};
  p.weight = {0.5, 0.5};
  return p;
}

double value(const model::RunPlan& plan, std::uint32_t r, Param p) {
  return plan.replicate_parameters.at(r)[p];
}

/// Where plan's values of p come from.
ParamSource source(const model::RunPlan& plan, Param p) {
  return plan.parameter_source.at(static_cast<std::size_t>(p));
}

}  // namespace

TEST_CASE("the registry's calibrated parameters are those the Valenciennes calibration fits",
          "[model][uncertainty]") {
  const calibration::Calibration c = calibration::load_calibration(
      std::string(QPVSIM_SOURCE_DIR) + "/calibration/valenciennes/calibration.toml");
  std::set<std::string> fitted, calibrated;
  for (const auto& p : c.parameters) fitted.insert(p.name);
  for (const auto& s : model::param_specs())
    if (s.role == model::Role::calibrated) calibrated.insert(std::string(s.name));
  CHECK(fitted == calibrated);
  CHECK(model::spec(Param::creche_priority_single_parents).role == model::Role::policy);
  CHECK(model::spec(Param::offer_needs_car).role == model::Role::uncertain);
}

TEST_CASE("every registry prior lies within its parameter's range, and its quantiles too",
          "[model][uncertainty][priors]") {
  for (const auto& s : model::param_specs()) {
    INFO(s.name);
    CHECK(model::prior_problem(s.id, s.prior).empty());
    const model::TruncatedPrior t = model::registry_prior(s.id);
    double previous = -INFINITY;
    for (double u = 0.0; u <= 1.0; u += 0.05) {
      const double x = model::quantile(t, u);
      CHECK(x >= s.min);
      CHECK(x <= s.max);
      CHECK(x >= previous);  // a quantile function never decreases
      previous = x;
    }
  }
  // Known values: the median of beta(6, 4) and the bounds of a uniform prior.
  const model::TruncatedPrior beta{{model::Prior::Kind::beta, 6.0, 4.0}, 0.0, 1.0};
  CHECK(model::quantile(beta, 0.5) == Approx(0.6069).margin(1e-3));
  // A symmetric beta's median, at exactly 1/2, where Boost.Math 1.74's quantile throws
  // (boostorg/math#1169); and just beside it, where it does not.
  const model::TruncatedPrior symmetric{{model::Prior::Kind::beta, 5.0, 5.0}, 0.0, 1.0};
  CHECK(model::quantile(symmetric, 0.5) == 0.5);
  CHECK(model::quantile(symmetric, 0.5 - 1e-9) == Approx(0.5).margin(1e-6));
  CHECK(model::quantile(symmetric, 0.75) > 0.5);
  const model::TruncatedPrior uniform{{model::Prior::Kind::uniform, 0.1, 0.5}, 0.0, 1.0};
  CHECK(model::quantile(uniform, 0.0) == 0.1);
  CHECK(model::quantile(uniform, 0.5) == Approx(0.3));
  // Truncation: a normal prior cut to [0, 1] stays inside it, with the mass renormalised.
  const model::TruncatedPrior cut{{model::Prior::Kind::normal, 0.9, 0.2}, 0.0, 1.0};
  CHECK(model::quantile(cut, 1.0) == 1.0);
  CHECK(model::quantile(cut, 0.5) < 0.9);
  CHECK(model::density(cut, 1.5) == 0.0);
}

TEST_CASE("a prior with mass outside the parameter's range, or no distribution, is refused",
          "[model][uncertainty][priors]") {
  using K = model::Prior::Kind;
  CHECK_THAT(model::prior_problem(Param::offer_needs_car, {K::uniform, -0.2, 0.5}),
             Catch::Contains("of its mass outside the range of offer_needs_car"));
  CHECK_THAT(model::prior_problem(Param::offer_needs_car, {K::normal, 0.5, 0.5}),
             Catch::Contains("outside the range"));
  CHECK_THAT(model::prior_problem(Param::offer_needs_car, {K::beta, 0.0, 2.0}),
             Catch::Contains("is not a distribution"));
  CHECK(model::prior_problem(Param::offer_needs_car, {K::beta, 2.0, 2.0}).empty());
}

TEST_CASE("under none every replicate runs with the scenario's values", "[model][uncertainty]") {
  const model::Posterior posterior = two_particles();
  model::RunPlan plan;
  plan.replicates = 5;
  model::draw_parameters({Uncertainty::none, &posterior, {}, {}}, model::Parameters{}, plan);
  CHECK(plan.replicate_parameters.empty());
  for (const auto& s : model::param_specs()) CHECK(source(plan, s.id) == ParamSource::registry);
}

TEST_CASE("under calibrated the posterior's parameters take the particle's values",
          "[model][uncertainty]") {
  const model::Posterior posterior = two_particles();
  model::RunPlan plan;
  plan.replicates = 50;
  plan.seed = 3;
  model::UncertaintySpec spec{Uncertainty::calibrated, &posterior, {}, {}};
  spec.priors = model::UncertaintySpec::registry_priors();
  const model::Parameters base;
  model::draw_parameters(spec, base, plan);
  REQUIRE(plan.replicate_parameters.size() == 50);
  std::set<std::int64_t> particles;
  for (std::uint32_t r = 0; r < plan.replicates; ++r) {
    const auto k = static_cast<std::size_t>(plan.replicate_particle[r]);
    particles.insert(plan.replicate_particle[r]);
    CHECK(k == model::draw_particle(posterior, plan.seed, r));
    CHECK(value(plan, r, Param::offer_rate) == posterior.theta[k][0]);
    CHECK(value(plan, r, Param::screening_uptake_breast) == posterior.theta[k][1]);
    CHECK(value(plan, r, Param::offer_needs_car) == base[Param::offer_needs_car]);
  }
  CHECK(particles.size() == 2);
  CHECK(source(plan, Param::offer_rate) == ParamSource::posterior);
  CHECK(source(plan, Param::offer_needs_car) == ParamSource::registry);
}

TEST_CASE(
    "under full uncertain parameters are drawn from their priors, the same in every "
    "scenario",
    "[model][uncertainty]") {
  const model::Posterior posterior = two_particles();
  model::RunPlan plan;
  plan.replicates = 2000;
  plan.seed = 11;
  model::UncertaintySpec spec{Uncertainty::full, &posterior, {}, {Param::licence_pass_probability}};
  spec.priors = model::UncertaintySpec::registry_priors();
  model::Parameters base;
  base.set(Param::licence_pass_probability, 0.9);
  model::draw_parameters(spec, base, plan);
  // A calibrated parameter the posterior lacks is drawn from its prior; a policy setting and a
  // parameter the scenario sets are never drawn.
  CHECK(source(plan, Param::offer_rate) == ParamSource::posterior);
  CHECK(source(plan, Param::permanent_loss_rate) == ParamSource::prior);
  CHECK(source(plan, Param::truck_conversion) == ParamSource::prior);
  CHECK(source(plan, Param::creche_priority_job_seekers) == ParamSource::registry);
  CHECK(source(plan, Param::licence_pass_probability) == ParamSource::scenario);
  double sum = 0, sum_beta = 0;
  for (std::uint32_t r = 0; r < plan.replicates; ++r) {
    const double conversion = value(plan, r, Param::truck_conversion);  // uniform(0.1, 0.5)
    CHECK(conversion >= 0.1);
    CHECK(conversion <= 0.5);
    sum += conversion;
    sum_beta += value(plan, r, Param::offer_needs_car);  // beta(3, 9): mean 0.25
    CHECK(value(plan, r, Param::licence_pass_probability) == 0.9);
    CHECK(value(plan, r, Param::creche_priority_job_seekers) ==
          base[Param::creche_priority_job_seekers]);
  }
  CHECK(sum / plan.replicates == Approx(0.3).margin(0.01));
  CHECK(sum_beta / plan.replicates == Approx(0.25).margin(0.01));

  // Another scenario that sets something else gets the same draws for everything it does not
  // set (common random numbers); another seed gets other draws.
  model::RunPlan other = plan;
  model::UncertaintySpec other_spec = spec;
  other_spec.fixed = {Param::truck_reach};
  model::Parameters other_base;
  other_base.set(Param::truck_reach, 0.9);
  model::draw_parameters(other_spec, other_base, other);
  model::RunPlan reseeded = plan;
  reseeded.seed = 12;
  model::draw_parameters(spec, base, reseeded);
  for (std::uint32_t r = 0; r < 20; ++r) {
    CHECK(value(other, r, Param::truck_conversion) == value(plan, r, Param::truck_conversion));
    CHECK(value(other, r, Param::offer_rate) == value(plan, r, Param::offer_rate));
    CHECK(value(other, r, Param::truck_reach) == 0.9);
    CHECK(value(other, r, Param::licence_pass_probability) !=
          value(plan, r, Param::licence_pass_probability));
  }
  CHECK(value(reseeded, 0, Param::truck_conversion) != value(plan, 0, Param::truck_conversion));

  // A mode that draws from a posterior needs one.
  model::RunPlan none_given;
  CHECK_THROWS_AS(model::draw_parameters({Uncertainty::full, nullptr, {}, {}}, base, none_given),
                  std::invalid_argument);
}

TEST_CASE(
    "scenarios set the uncertainty mode, the posterior and priors, with errors that say "
    "where",
    "[model][uncertainty][io]") {
  const test::TempDir dir;
  auto load = [&](const std::string& text) {
    return io::load_scenario(dir.write("s.toml", "base = '" + kTiny + "baseline.toml'\n" + text));
  };
  auto error = [&](const std::string& text) -> InputError {
    try {
      (void)load(text);
    } catch (const InputError& e) {
      return e;
    }
    FAIL("accepted: " << text);
    return InputError(Origin{}, "", "");
  };
  // Defaults: full, with the embedded Valenciennes posterior.
  const io::Scenario plain = load("");
  CHECK(plain.uncertainty == Uncertainty::full);
  REQUIRE(plain.posterior);
  CHECK(plain.posterior->file == io::kDefaultPosterior);
  CHECK(plain.posterior->weight.size() >= 100);

  const io::Scenario calibrated = load("[run]\nuncertainty = 'calibrated'\n");
  CHECK(calibrated.uncertainty == Uncertainty::calibrated);
  const io::Scenario with_prior =
      load("[priors]\noffer_needs_car = { prior = 'beta', a = 2, b = 8 }\n");
  CHECK(with_prior.priors[static_cast<std::size_t>(Param::offer_needs_car)].prior.a == 2.0);

  // A mode that needs a posterior, without one: the file loads (the command line may still
  // set --uncertainty or --posterior), and running it is refused, naming the line.
  io::Scenario without = load("[run]\nposterior = 'none'\nuncertainty = 'full'\n");
  CHECK(!without.posterior);
  InputError e(Origin{}, "", "");
  try {
    (void)io::plan_for(without);
    FAIL("plan_for ran uncertainty = 'full' without a posterior");
  } catch (const InputError& caught) {
    e = caught;
  }
  CHECK(e.key() == "run.uncertainty");
  CHECK(e.origin().line == 4);
  CHECK_THAT(e.problem(), Catch::Contains("posterior = \"none\""));
  without.uncertainty = Uncertainty::none;  // as --uncertainty none sets it
  CHECK(io::plan_for(without).replicate_parameters.empty());
  CHECK(load("[run]\nposterior = 'none'\nuncertainty = 'none'\n").posterior == std::nullopt);

  e = error("[run]\nuncertainty = 'some'\n");
  CHECK(e.key() == "run.uncertainty");
  e = error("[priors]\noffer_need_car = { prior = 'beta', a = 2, b = 8 }\n");
  CHECK(e.key() == "priors.offer_need_car");
  CHECK_THAT(e.problem(), Catch::Contains("offer_needs_car"));
  e = error("[priors]\noffer_needs_car = { prior = 'uniform', a = -1, b = 0.5 }\n");
  CHECK(e.key() == "priors.offer_needs_car.prior");
  CHECK(e.origin().line == 3);
  CHECK_THAT(e.problem(), Catch::Contains("outside the range of offer_needs_car"));
  e = error("[priors]\ncreche_priority_job_seekers = { prior = 'uniform', a = 0, b = 1 }\n");
  CHECK_THAT(e.problem(), Catch::Contains("policy setting"));
  e = error(
      "[parameters]\noffer_needs_car = 0.3\n[priors]\n"
      "offer_needs_car = { prior = 'beta', a = 2, b = 8 }\n");
  CHECK_THAT(e.problem(), Catch::Contains("never drawn"));
  e = error("[priors]\noffer_needs_car = { prior = 'beta', a = 2 }\n");
  CHECK(e.key() == "priors.offer_needs_car.b");
  // A prior for a parameter the posterior holds would never be used.
  e = error("[priors]\noffer_rate = { prior = 'uniform', a = 0.02, b = 0.08 }\n");
  CHECK_THAT(e.key(), Catch::StartsWith("priors.offer_rate"));
  CHECK_THAT(e.problem(), Catch::Contains("is calibrated") && Catch::Contains("never used"));
  CHECK(load("[run]\nposterior = 'none'\nuncertainty = 'none'\n[priors]\n"
             "offer_rate = { prior = 'uniform', a = 0.02, b = 0.08 }\n")
            .priors[static_cast<std::size_t>(Param::offer_rate)]
            .prior.b == 0.08);
}

TEST_CASE("a posterior's CSV form is read as its HDF5 form is, and bad files are refused",
          "[model][uncertainty][io]") {
  const test::TempDir dir;
  const std::string good =
      "# a comment\nweight,offer_rate,screening_uptake_breast\n0.25,0.1,0.4\n0.75,0.2,0.5\n";
  const model::Posterior p = io::read_posterior(dir.write("p.csv", good));
  CHECK(p.names == std::vector<std::string>{"offer_rate", "screening_uptake_breast"});
  CHECK(p.theta == std::vector<std::vector<double>>{{0.1, 0.4}, {0.2, 0.5}});
  CHECK(p.weight == std::vector<double>{0.25, 0.75});

  auto refused = [&](const std::string& text, const std::string& key, int line,
                     const std::string& message) {
    try {
      (void)io::read_posterior(dir.write("bad.csv", text));
      FAIL("accepted: " << text);
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(e.key() == key);
      CHECK(e.origin().line == line);
      CHECK_THAT(e.problem(), Catch::Contains(message));
    }
  };
  refused("weight,offer_rat\n1,0.1\n", "offer_rat", 0, "unknown parameter");
  refused("weight,offer_rate\nnan,0.1\n", "weight", 2, "expected a number");
  refused("weight,offer_rate\n-1,0.1\n", "weight", 2, "a finite weight >= 0");
  refused("weight,offer_rate\n0,0.1\n0,0.2\n", "weight", 0, "no particle with a positive weight");
  refused("weight,offer_rate\n1,7\n", "offer_rate", 2, "outside the registry's range");
  refused("weight,offer_rate,offer_rate\n1,0.1,0.1\n", "offer_rate", 0, "twice");
  refused("offer_rate\n0.1\n", "weight", 1, "missing column");

  // The embedded default: every value within range, positive total weight (read_posterior
  // checks both), over the registry's calibrated parameters.
  const model::Posterior embedded = io::read_posterior(io::kDefaultPosterior);
  for (const Param q : embedded.params) CHECK(model::spec(q).role == model::Role::calibrated);
}
