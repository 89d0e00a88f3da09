// Comparison with a simple model (ISPOR-SMDM cross validation, docs/validation.md): where the
// agent-based labour market should reduce to a textbook model, it must agree with it.
//
// With every barrier lifted (no offer needs a car, every offer reachable by transit, fares a
// barrier to nobody, informal care in every household, a health limitation stopping nobody) and
// one offer rate for every profile, a person of working age moves between four states, permanent
// job (P), fixed-term job (F), job search (S) and inactivity (I), at constant rates: a
// continuous-time Markov chain. Its quarterly transition probabilities are exp(3 Q)[a, b] for
// the generator Q built below from the same registry parameters, by a formula that shares no
// code with the simulation. The agent-based model's quarterly transition indicators (people
// 15-64 in a state at the start of a quarter, and in another at its end) must match them within
// their sampling error (four standard errors, plus 0.1 point for what the chain leaves out:
// ageing, deaths and retirements; moves out are turned off). Measured at 60 replicates: job
// seekers employed a quarter later 0.2708 against the chain's 0.2690 (standard error 0.0030);
// permanent to job search 0.00735 / 0.00732; fixed-term to job search 0.0694 / 0.0687;
// inactive to employed 0.0091 / 0.0094. With the barriers on: 0.134.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <unsupported/Eigen/MatrixFunctions>

#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

enum State : int { kP = 0, kF, kS, kI };

/// The tiny territory, 3 years, with one offer rate for every profile (multipliers 1) and no
/// moves out; `lifted`: every barrier lifted too.
io::Scenario chain_like_scenario(bool lifted) {
  std::string toml =
      "base = \"baseline.toml\"\n[run]\nreplicates = 60\n[parameters]\n"
      "offer_mult_no_diploma = 1\noffer_mult_bac = 1\noffer_mult_higher = 1\n"
      "offer_mult_under_25 = 1\noffer_mult_50_plus = 1\noffer_mult_long_term = 1\n"
      "search_exit_mult_childcare = 1\nsearch_exit_mult_health = 1\n"
      "search_entry_mult_childcare = 1\nsearch_entry_mult_health = 1\nmove_out_rate = 0\n";
  if (lifted) toml += "offer_needs_car = 0\noffer_atypical_hours = 0\nhealth_acceptance = 1\n";
  io::Scenario s = io::load_scenario_text(
      toml, std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/simple_model.toml");
  if (lifted) {
    for (Qpv& qpv : s.territory.qpvs) {
      qpv.transit_access = 1;
      qpv.marginals.transit_unaffordable = 0;
      qpv.marginals.informal_care = 1;
    }
  }
  return s;
}

/// The chain's generator, per month, from the registry parameters as the labour-market page
/// states them (docs/model/labour_market.md).
Eigen::Matrix4d generator(const Parameters& q) {
  const double offers = q[Param::offer_rate];
  const double ft_share = q[Param::fixed_term_share_of_hires];
  const double exit = q[Param::search_exit_rate];
  const double entry = q[Param::search_entry_rate];
  const double to_inactive = q[Param::job_end_to_inactive];
  const double loss = q[Param::permanent_loss_rate];
  // A chain of renewals ends after an exponential wait of mean m / (1 - r), made permanent with
  // probability c / (1 - r), else the job ends.
  const double renewal = q[Param::fixed_term_renewal];
  const double ft_end = (1 - renewal) / q[Param::fixed_term_mean_months];
  const double made_permanent = q[Param::fixed_term_to_permanent] / (1 - renewal);
  Eigen::Matrix4d Q = Eigen::Matrix4d::Zero();
  Q(kS, kF) = offers * ft_share;
  Q(kS, kP) = offers * (1 - ft_share);
  Q(kS, kI) = exit;
  Q(kF, kP) = ft_end * made_permanent;
  Q(kF, kI) = ft_end * (1 - made_permanent) * to_inactive;
  Q(kF, kS) = ft_end * (1 - made_permanent) * (1 - to_inactive);
  Q(kP, kI) = loss * to_inactive;
  Q(kP, kS) = loss * (1 - to_inactive);
  Q(kI, kS) = entry;
  for (int a = 0; a < 4; ++a) Q(a, a) = -Q.row(a).sum();
  return Q;
}

/// A quarterly transition share of the agent-based model: `to` over `from`, summed over every
/// replicate and quarter of the all-QPV partition.
struct Share {
  double value = 0;
  double n = 0;  ///< people-quarters at risk
  /// Its binomial standard error (people-quarters taken as independent; a person counts in
  /// several quarters, so the true error is a little larger: the tolerance allows for it).
  double se() const { return std::sqrt(value * (1 - value) / n); }
};

Share share(const RunResults& r, Counter to, Counter from) {
  double num = 0, den = 0;
  const std::uint32_t all = r.partitions - 1;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    for (std::size_t m = 0; m < r.months.size(); ++m) {
      num += static_cast<double>(r.row(rep, all, m)[static_cast<std::size_t>(to)]);
      den += static_cast<double>(r.row(rep, all, m)[static_cast<std::size_t>(from)]);
    }
  }
  return {num / den, den};
}

}  // namespace

TEST_CASE("the labour market agrees with a four-state Markov chain when no barrier binds",
          "[model][simple-model]") {
  const io::Scenario s = chain_like_scenario(true);
  const RunResults r = run(s.territory, s.parameters, s.run, s.interventions);
  const Eigen::Matrix4d M = (3.0 * generator(s.parameters)).exp();  // one quarter

  struct Check {
    const char* what;
    Share abm;
    double chain;
  };
  const Check checks[] = {
      {"job seekers employed a quarter later",
       share(r, Counter::quarter_job_seekers_to_employed, Counter::quarter_job_seekers),
       M(kS, kP) + M(kS, kF)},
      {"permanent employees job seekers a quarter later",
       share(r, Counter::quarter_permanent_to_job_seeker, Counter::quarter_permanent), M(kP, kS)},
      {"fixed-term employees job seekers a quarter later",
       share(r, Counter::quarter_fixed_term_to_job_seeker, Counter::quarter_fixed_term), M(kF, kS)},
      {"inactive people employed a quarter later",
       share(r, Counter::quarter_inactive_to_employed, Counter::quarter_inactive),
       M(kI, kP) + M(kI, kF)},
  };
  for (const Check& c : checks) {
    INFO(c.what << ": agent-based " << c.abm.value << " (" << c.abm.n
                << " people-quarters, standard error " << c.abm.se() << "), chain " << c.chain);
    REQUIRE(c.abm.n > 1000);  // enough people at risk for the comparison to mean something
    CHECK(std::abs(c.abm.value - c.chain) < 4 * c.abm.se() + 0.001);
  }

  // The comparison can tell: with the tiny territory's barriers on, job seekers refuse offers
  // and are hired well below the chain's rate.
  const io::Scenario barriers = chain_like_scenario(false);
  const Share with_barriers =
      share(run(barriers.territory, barriers.parameters, barriers.run, barriers.interventions),
            Counter::quarter_job_seekers_to_employed, Counter::quarter_job_seekers);
  INFO("with barriers: agent-based " << with_barriers.value << ", chain " << checks[0].chain);
  CHECK(with_barriers.value < checks[0].chain - 4 * with_barriers.se() - 0.001);
}
