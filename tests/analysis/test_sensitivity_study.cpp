// qpvsim sensitivity: the study driver that runs the model's analyses (analysis/
// sensitivity_study.hpp) on test functions with known answers, through the same code as the
// model's (a point function per row, batches over threads and ranks, checkpoints); the
// sensitivity file's errors; and a small study of the tiny territory from file to report.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <regex>

#include "analysis/sensitivity_config.hpp"
#include "analysis/sensitivity_report.hpp"
#include "analysis/sensitivity_study.hpp"
#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/model/priors.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;
using namespace qpv::analysis;

namespace {

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";
constexpr double kPi = 3.14159265358979323846;

/// The Ishigami function (Ishigami & Homma 1990, a = 7, b = 0.1) as a study's point function:
/// factors x1..x3 uniform on [-pi, pi], a factor not in the point at its nominal value 0.
double ishigami(const std::vector<std::size_t>& columns, const double* values) {
  double x[3] = {0, 0, 0};
  for (std::size_t i = 0; i < columns.size(); ++i) x[columns[i]] = values[i];
  return std::sin(x[0]) + 7 * std::pow(std::sin(x[1]), 2) +
         0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

StudyPlan ishigami_plan(SensitivityMethod method) {
  StudyPlan plan;
  for (const char* name : {"x1", "x2", "x3"})
    plan.factors.push_back({name, [](double u) { return -kPi + 2 * kPi * u; }});
  plan.method = method;
  plan.fingerprint = "ishigami";
  plan.sobol.bootstrap.resamples = 100;
  plan.morris.bootstrap.resamples = 100;
  return plan;
}

/// Sobol's g-function on six factors: factor i matters less as a_i grows.
double g_function(const std::vector<std::size_t>& columns, const double* values) {
  static const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  std::vector<double> x(a.size(), 0.5);
  for (std::size_t i = 0; i < columns.size(); ++i) x[columns[i]] = values[i];
  double g = 1;
  for (std::size_t i = 0; i < a.size(); ++i) g *= (std::abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
  return g;
}

/// A results file as read back, made by hand for the report's tests: factors a, b, c (not in
/// the registry, so named as they are), the baseline's level of the employment rate.
SensitivityRecord hand_record() {
  SensitivityRecord r;
  r.file = "hand.h5";
  r.name = "Test";
  r.qpvsim_version = "test";
  r.created_utc = "2025-01-02T03:04:05Z";
  r.indicator = "employment_rate";
  r.qpv = "ALL";
  r.output = "level";
  r.baseline_name = "Référence";
  r.seed = 1;
  r.replicates = 4;
  r.year = 2030;
  r.factor_names = {"a", "b", "c"};
  r.factor_distributions = {"prior uniform(0, 1)", "prior uniform(0, 1)", "prior uniform(0, 1)"};
  return r;
}

/// A Morris stage of three factors with these mu* and intervals, 10 trajectories.
MorrisStage hand_morris(const std::vector<std::pair<double, gsa::Interval>>& mu_star) {
  MorrisStage m;
  m.columns = {0, 1, 2};
  for (const auto& [value, ci] : mu_star) m.result.factors.push_back({value, value, value, ci});
  m.result.trajectories = 10;
  m.result.confidence = 0.9;
  m.outputs.assign(40, 0.0);
  return m;
}

/// A Sobol' stage of factors 0 and 2 with these total indices and intervals, N = 8.
SobolStage hand_sobol(const std::vector<std::pair<double, gsa::Interval>>& st) {
  SobolStage s;
  s.columns = {0, 2};
  for (const auto& [value, ci] : st) s.result.factors.push_back({value / 2, value, ci, ci, 0, 0});
  s.result.base_rows = 8;
  s.result.variance = 1;
  s.result.confidence = 0.9;
  s.outputs.assign(32, 0.0);
  return s;
}

}  // namespace

TEST_CASE("the study's Sobol' indices of the Ishigami function match the closed form",
          "[analysis][sensitivity][study]") {
  const double pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4, a = 7, b = 0.1;
  const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8;
  const double v13 = 8 * b * b * pi8 / 225;
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const std::vector<double> s1 = {v1 / v, v2 / v, 0}, st = {(v1 + v13) / v, v2 / v, v13 / v};

  StudyPlan plan = ishigami_plan(SensitivityMethod::sobol);
  plan.sobol_columns = {0, 1, 2};
  plan.sobol.base_rows = 8192;
  const StudyResult r = run_study(plan, ishigami, qpv::engine::Execution{.threads = 2});
  REQUIRE(r.sobol);
  REQUIRE_FALSE(r.morris);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1);
    CHECK(r.sobol->result.factors[i].s1 == Approx(s1[i]).margin(0.02));
    CHECK(r.sobol->result.factors[i].st == Approx(st[i]).margin(0.02));
  }
}

TEST_CASE(
    "the study's Morris screening ranks the g-function's factors, and Sobol' takes the "
    "first",
    "[analysis][sensitivity][study]") {
  StudyPlan plan;
  for (const char* name : {"g1", "g2", "g3", "g4", "g5", "g6"})
    plan.factors.push_back({name, [](double u) { return u; }});
  plan.method = SensitivityMethod::morris_then_sobol;
  plan.morris.trajectories = 20;
  plan.sobol.base_rows = 256;
  plan.keep = 3;
  plan.fingerprint = "g";
  const StudyResult r = run_study(plan, g_function);
  REQUIRE(r.morris);
  REQUIRE(r.sobol);
  const auto& f = r.morris->result.factors;
  CHECK(f[0].mu_star > f[1].mu_star);
  CHECK(f[1].mu_star > f[2].mu_star);
  CHECK(f[2].mu_star > f[3].mu_star);
  CHECK(f[3].mu_star > f[4].mu_star);
  CHECK(r.sobol->columns == std::vector<std::size_t>{0, 1, 2});  // Morris's three first
  CHECK(leading_factors(r.morris->result, 2) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("a study gives the same bits on 1 and 2 threads, and resumes from its checkpoint",
          "[analysis][sensitivity][study]") {
  StudyPlan plan = ishigami_plan(SensitivityMethod::morris_then_sobol);
  plan.morris.trajectories = 10;
  plan.sobol.base_rows = 64;
  plan.keep = 2;
  const StudyResult one = run_study(plan, ishigami, qpv::engine::Execution{.threads = 1});
  const StudyResult two = run_study(plan, ishigami, qpv::engine::Execution{.threads = 2});
  CHECK(one.morris->outputs == two.morris->outputs);
  CHECK(one.morris->result == two.morris->result);
  CHECK(one.sobol->outputs == two.sobol->outputs);
  CHECK(one.sobol->result == two.sobol->result);

  // Interrupted after a few batches (the cancel flag, as Ctrl-C sets it), then run again: the
  // rows done come from the checkpoint and the result is the same.
  const test::TempDir dir;
  plan.checkpoint = (dir.path / "study.checkpoint").string();
  std::atomic<bool> cancel{false};
  qpv::engine::Execution cancellable;
  cancellable.cancel = &cancel;
  CHECK_THROWS_AS(run_study(plan, ishigami, cancellable,
                            [&](std::string_view stage, std::size_t done, std::size_t) {
                              if (stage == "sobol" && done > 0) cancel = true;
                            }),
                  Interrupted);
  REQUIRE(std::filesystem::exists(plan.checkpoint));
  const StudyResult resumed = run_study(plan, ishigami);
  CHECK(resumed.resumed_rows > static_cast<int>(one.morris->outputs.size()));
  CHECK(resumed.morris->outputs == one.morris->outputs);
  CHECK(resumed.sobol->outputs == one.sobol->outputs);
  CHECK(resumed.sobol->result == one.sobol->result);
  // Another study's checkpoint is refused.
  plan.fingerprint = "another";
  CHECK_THROWS_AS(run_study(plan, ishigami), InputError);
}

TEST_CASE("sensitivity files: errors name the file, line and key", "[analysis][sensitivity]") {
  const test::TempDir dir;
  const std::string head = "[sensitivity]\nbaseline = '" + kTiny +
                           "baseline.toml'\nalternative = '" + kTiny +
                           "levers.toml'\nindicator = 'employment_rate'\n";
  struct Case {
    std::string text, key, message;
    int line;
  };
  const std::vector<Case> cases = {
      {head + "parameters = ['offer_need_car']\n", "sensitivity.parameters", "offer_needs_car", 5},
      {head + "parameters = ['creche_priority_job_seekers']\n", "sensitivity.parameters",
       "policy setting", 5},
      {head + "indicator2 = 'x'\n", "sensitivity.indicator2", "unknown key", 5},
      {head + "[morris]\ntrajectories = 1\n", "morris.trajectories", "at least 2", 6},
      {head + "[morris]\nlevels = 3\n", "morris.levels", "even", 6},
      {head + "[sobol]\nbase_samples = 500\n", "sobol.base_samples", "use 256 or 512", 6},
      {head + "year = 2031\n", "sensitivity.year", "", 5},
      {"[sensitivity]\nbaseline = '" + kTiny + "baseline.toml'\nindicator = 'employment'\n",
       "sensitivity.indicator", "employment_rate", 3},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    try {
      (void)load_sensitivity(dir.write("s.toml", c.text));
      FAIL("accepted");
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(e.origin().file.ends_with("s.toml"));
      CHECK(e.origin().line == c.line);
      CHECK(e.key() == c.key);
      CHECK_THAT(e.problem(), Catch::Contains(c.message));
    }
  }
  // A parameter the scenario fixes cannot vary.
  const std::string fixed = dir.write(
      "fixed.toml", "base = '" + kTiny + "baseline.toml'\n[parameters]\noffer_rate = 0.2\n");
  try {
    (void)load_sensitivity(
        dir.write("s.toml", "[sensitivity]\nbaseline = '" + fixed +
                                "'\nindicator = 'employment_rate'\nparameters = ['offer_rate']\n"));
    FAIL("accepted a fixed parameter");
  } catch (const InputError& e) {
    CHECK_THAT(e.problem(), Catch::Contains("set in [parameters]"));
  }
}

TEST_CASE("a small study of the tiny territory, from its file to its report",
          "[analysis][sensitivity][study]") {
  const SensitivityConfig c = load_sensitivity(kTiny + "sensitivity.toml");
  REQUIRE(c.alternative);
  REQUIRE(c.factors.size() == 5);
  const std::vector<StudyFactor> factors = study_factors(c);
  CHECK(factors[1].distribution.starts_with("posterior marginal"));  // offer_rate: calibrated
  CHECK(factors[0].distribution == "prior beta(3, 9)");              // offer_needs_car
  const test::TempDir dir;
  const StudyResult one = run_study(study_plan(c, factors, ""), model_point_function(c, factors),
                                    qpv::engine::Execution{.threads = 1});
  const StudyResult two = run_study(study_plan(c, factors, ""), model_point_function(c, factors),
                                    qpv::engine::Execution{.threads = 2});
  CHECK(one.morris->outputs == two.morris->outputs);  // the same bits on 1 and 2 threads
  CHECK(one.sobol->outputs == two.sobol->outputs);
  // The point function's output is the paired effect: the same point twice gives the same
  // number (common random numbers), another point another.
  const PointFunction f = model_point_function(c, factors);
  const double at[] = {0.1, 0.2};
  const double other[] = {0.4, 0.2};
  CHECK(f({0, 1}, at) == f({0, 1}, at));
  CHECK(f({0, 1}, at) != f({0, 1}, other));

  const std::string file = (dir.path / "s.h5").string();
  write_sensitivity_file(file, c, factors, one);
  const SensitivityRecord r = read_sensitivity_file(file);
  CHECK(r.factor_names.size() == 5);
  CHECK(r.output == "difference");
  CHECK(r.morris->outputs == one.morris->outputs);
  CHECK(r.morris->result.factors == one.morris->result.factors);
  CHECK(r.sobol->columns == one.sobol->columns);
  CHECK(r.sobol->result.factors == one.sobol->result.factors);

  // mu* is stored as computed, per unit of the quantile scale, and described so.
  const io::Hdf5Reader h5(file);
  CHECK_THAT(std::get<std::string>(h5.attribute("/morris/mu_star", "description")),
             Catch::Contains("mu_star/2"));

  // The report: a sentence naming the factor with the largest total index, alone if its
  // interval does not overlap the second's (sensitivity_sentences_fr's tests below).
  const std::vector<std::string> sentences = sensitivity_sentences_fr(r);
  REQUIRE(sentences.size() == 1);
  std::size_t best = 0;
  for (std::size_t i = 1; i < r.sobol->columns.size(); ++i)
    if (r.sobol->result.factors[i].st > r.sobol->result.factors[best].st) best = i;
  const model::ParamSpec& top =
      model::spec(*model::find_param(r.factor_names[r.sobol->columns[best]]));
  CHECK_THAT(sentences[0], Catch::StartsWith("L'effet des 3 leviers de"));
  const gsa::Interval lead = r.sobol->result.factors[best].st_ci,
                      next = r.sobol->result.factors[1 - best].st_ci;  // keep = 2
  const bool apart = lead.low > next.high || next.low > lead.high;
  CHECK_THAT(sentences[0], Catch::Contains((apart ? "dépend d'abord de l'hypothèse « "
                                                  : "dépend surtout des hypothèses « ") +
                                           std::string(top.label_fr) + " »"));
  const std::string html = sensitivity_report_html(r);
  for (const char* id : {"synthese", "criblage", "sobol", "methode"})
    CHECK(html.find(std::string("<section id=\"") + id + "\"") != std::string::npos);
  CHECK(html.find("<circle class=\"data point\"") != std::string::npos);
  CHECK_FALSE(std::regex_search(html, std::regex("[^a-z](nan|inf)[^a-z]")));
  CHECK_FALSE(is_sensitivity_file(kTiny + "baseline.toml"));
}

TEST_CASE("a study's fingerprint changes with the posterior's file, weights and values",
          "[analysis][sensitivity]") {
  const SensitivityConfig c = load_sensitivity(kTiny + "sensitivity.toml");
  REQUIRE(c.baseline.posterior);
  REQUIRE(c.baseline.posterior->theta.size() >= 2);
  const std::string fingerprint = study_fingerprint(c);
  CHECK(study_fingerprint(c) == fingerprint);
  {
    SensitivityConfig refit = c;  // a refit: the same texts, other particles
    refit.baseline.posterior->theta[1][0] *= 1.0 + 1e-12;
    CHECK(study_fingerprint(refit) != fingerprint);
  }
  {
    SensitivityConfig reweighted = c;
    std::swap(reweighted.baseline.posterior->weight[0], reweighted.baseline.posterior->weight[1]);
    if (reweighted.baseline.posterior->weight[0] == c.baseline.posterior->weight[0])
      reweighted.baseline.posterior->weight[0] *= 1.0 + 1e-12;
    CHECK(study_fingerprint(reweighted) != fingerprint);
  }
  {
    SensitivityConfig other = c;
    other.baseline.posterior->file = "posterior_refit.csv";
    CHECK(study_fingerprint(other) != fingerprint);
  }
  {
    SensitivityConfig none = c;
    none.baseline.posterior.reset();
    CHECK(study_fingerprint(none) != fingerprint);
  }
}

TEST_CASE("a study of Sobol' alone without its factors is refused before anything runs",
          "[analysis][sensitivity][study]") {
  StudyPlan plan = ishigami_plan(SensitivityMethod::sobol);
  int calls = 0;
  const PointFunction counted = [&](const std::vector<std::size_t>& columns, const double* v) {
    ++calls;
    return ishigami(columns, v);
  };
  CHECK_THROWS_AS(run_study(plan, counted), std::invalid_argument);
  CHECK_THROWS_WITH(run_study(plan, counted), Catch::Contains("method = sobol"));
  plan.sobol_columns = {0, 3};
  CHECK_THROWS_WITH(run_study(plan, counted), Catch::Contains("Sobol's column 3"));
  plan.method = SensitivityMethod::morris;
  plan.sobol_columns.clear();
  plan.morris_columns = {5};
  CHECK_THROWS_WITH(run_study(plan, counted), Catch::Contains("Morris's column 5"));
  CHECK(calls == 0);
}

TEST_CASE("Morris screens [sensitivity] parameters only, not those only Sobol' names",
          "[analysis][sensitivity][study]") {
  const test::TempDir dir;
  const SensitivityConfig c = load_sensitivity(dir.write(
      "s.toml", "[sensitivity]\nbaseline = '" + kTiny + "baseline.toml'\nalternative = '" + kTiny +
                    "levers.toml'\nindicator = 'employment_rate'\nyear = 2026\n"
                    "parameters = ['offer_needs_car', 'truck_reach']\n"
                    "[morris]\ntrajectories = 4\n"
                    "[sobol]\nbase_samples = 4\nbootstrap = 10\n"
                    "parameters = ['licence_pass_probability', 'offer_needs_car']\n"));
  const std::vector<StudyFactor> factors = study_factors(c);
  REQUIRE(factors.size() == 3);
  CHECK(factors[2].factor.name == "licence_pass_probability");
  const StudyPlan plan = study_plan(c, factors, "");
  CHECK(plan.morris_columns == std::vector<std::size_t>{0, 1});
  CHECK(plan.sobol_columns == std::vector<std::size_t>{2, 0});
  // A cheap point function in place of the model: a weighted sum of the point's values.
  const StudyResult r =
      run_study(plan, [&](const std::vector<std::size_t>& columns, const double* values) {
        double sum = 0;
        for (std::size_t i = 0; i < columns.size(); ++i)
          sum += static_cast<double>(1 + columns[i]) * values[i];
        return sum;
      });
  REQUIRE(r.morris);
  CHECK(r.morris->columns == std::vector<std::size_t>{0, 1});
  CHECK(r.morris->result.factors.size() == 2);
  CHECK(r.morris->design.factors() == 2);
  REQUIRE(r.sobol);
  CHECK(r.sobol->columns == std::vector<std::size_t>{2, 0});
}

TEST_CASE("parameters outside a point keep the scenario's value or their distribution's median",
          "[analysis][sensitivity]") {
  const test::TempDir dir;
  const io::Scenario s = io::load_scenario(dir.write(
      "fixed.toml", "base = '" + kTiny + "baseline.toml'\n[parameters]\noffer_rate = 0.2\n"));
  const model::Parameters p = nominal_parameters(s);
  // Set by the scenario: kept.
  CHECK(p[model::Param::offer_rate] == 0.2);
  // Uncertain, not set: the median of its prior, uniform(6, 12), not the registry's 12.
  REQUIRE(model::spec(model::Param::transit_pass_months).role == model::Role::uncertain);
  CHECK(model::Parameters()[model::Param::transit_pass_months] == 12.0);
  CHECK(p[model::Param::transit_pass_months] == Approx(9.0));
  // Uncertain with a symmetric prior, beta(5, 5), whose median Boost.Math's quantile cannot
  // compute at exactly 1/2: 1/2 all the same.
  REQUIRE(s.priors[static_cast<std::size_t>(model::Param::health_acceptance)].prior.a ==
          s.priors[static_cast<std::size_t>(model::Param::health_acceptance)].prior.b);
  CHECK(p[model::Param::health_acceptance] == Approx(0.5).margin(1e-12));
  // Calibrated, held by the posterior, not set: the posterior's weighted median.
  REQUIRE(s.posterior);
  const model::Posterior& post = *s.posterior;
  for (std::size_t j = 0; j < post.params.size(); ++j) {
    if (post.params[j] == model::Param::offer_rate ||
        model::spec(post.params[j]).role != model::Role::calibrated)
      continue;
    std::vector<std::pair<double, double>> points;
    double total = 0;
    for (std::size_t i = 0; i < post.theta.size(); ++i) {
      points.emplace_back(post.theta[i][j], post.weight[i]);
      total += post.weight[i];
    }
    std::sort(points.begin(), points.end());
    double sum = 0, median = points.back().first;
    for (const auto& [v, w] : points) {
      if ((sum += w) >= total / 2) {
        median = v;
        break;
      }
    }
    INFO(post.names[j]);
    CHECK(p[post.params[j]] == median);
  }
  // A policy setting keeps the registry's value.
  CHECK(p[model::Param::creche_priority_job_seekers] ==
        model::Parameters()[model::Param::creche_priority_job_seekers]);
}

TEST_CASE("the report's sentence names the leading factors together when their intervals overlap",
          "[analysis][sensitivity]") {
  SensitivityRecord r = hand_record();
  r.method = "morris";
  // Apart: a's interval is above b's.
  r.morris = hand_morris({{0.5, {0.4, 0.6}}, {0.2, {0.1, 0.3}}, {0.1, {0.05, 0.15}}});
  std::vector<std::string> sentences = sensitivity_sentences_fr(r);
  REQUIRE(sentences.size() == 1);
  CHECK_THAT(sentences[0], Catch::Contains("dépend d'abord de l'hypothèse « a »"));
  CHECK_THAT(sentences[0], Catch::Contains(", puis de « b »"));
  CHECK_THAT(sentences[0], !Catch::Contains("départage"));

  // b's interval reaches a's: they are named together; c comes next.
  r.morris = hand_morris({{0.5, {0.4, 0.6}}, {0.45, {0.35, 0.55}}, {0.1, {0.05, 0.15}}});
  sentences = sensitivity_sentences_fr(r);
  CHECK_THAT(sentences[0],
             Catch::Contains("dépend surtout des hypothèses « a » (μ* = ") &&
                 Catch::Contains(") et « b » (μ* = ") &&
                 Catch::Contains(", que l'analyse ne départage pas ; vient ensuite l'hypothèse "
                                 "« c »"));
  CHECK_THAT(sentences[0], !Catch::Contains("d'abord"));
  // Four that overlap: three named, the fourth counted.
  r.factor_names.push_back("d");
  r.factor_distributions.push_back("prior uniform(0, 1)");
  r.morris->columns.push_back(3);
  r.morris->result.factors[2] = {0.42, 0.42, 0.42, {0.3, 0.5}};
  r.morris->result.factors.push_back({0.41, 0.41, 0.41, {0.3, 0.45}});
  CHECK_THAT(sensitivity_sentences_fr(r)[0],
             Catch::Contains(") et d'une autre, que l'analyse ne départage pas."));

  // Sobol' shown: its total indices' intervals decide, whatever Morris's say.
  r.method = "morris+sobol";
  r.morris = hand_morris({{0.5, {0.4, 0.6}}, {0.2, {0.1, 0.3}}, {0.1, {0.05, 0.15}}});
  r.sobol = hand_sobol({{0.6, {0.5, 0.7}}, {0.55, {0.45, 0.65}}});
  sentences = sensitivity_sentences_fr(r);
  CHECK_THAT(sentences[0], Catch::Contains("dépend surtout des hypothèses « a » (indice total "
                                           "0,60) et « c » (indice total 0,55), que l'analyse ne "
                                           "départage pas."));
  r.sobol = hand_sobol({{0.6, {0.5, 0.7}}, {0.2, {0.1, 0.3}}});
  CHECK_THAT(sensitivity_sentences_fr(r)[0],
             Catch::Contains("dépend d'abord de l'hypothèse « a » (indice total 0,60), puis de "
                             "« c »"));
}

TEST_CASE("the report says which methods ran, on what output, and how many simulations",
          "[analysis][sensitivity]") {
  SensitivityRecord r = hand_record();
  r.method = "morris";
  r.morris = hand_morris({{0.5, {0.4, 0.6}}, {0.2, {0.1, 0.3}}, {0.1, {0.05, 0.15}}});
  std::string html = sensitivity_report_html(r);
  // Morris alone, on a level.
  CHECK_THAT(html, Catch::Contains("mesure ce qui change le niveau étudié : par un criblage des "
                                   "3 hypothèses (méthode de Morris)."));
  CHECK_THAT(html, !Catch::Contains("Sobol' des"));
  CHECK_THAT(html, !Catch::Contains("change l'effet"));
  CHECK_THAT(html, !Catch::Contains("change à l'effet"));
  // 40 parameter sets of 4 futures each.
  CHECK_THAT(html, Catch::Contains("40 jeux d'hypothèses de 4 futurs, soit 160 simulations du "
                                   "scénario"));
  // mu* is per unit of the quantile scale: twice the effect of a move of half of it.
  CHECK_THAT(html, Catch::Contains("soit le double de l'effet moyen d'un déplacement"));
  CHECK_THAT(html, !Catch::Contains("l'effet moyen d'un tel déplacement"));
  // The noise is reduced, not removed.
  CHECK_THAT(html, Catch::Contains("réduit, non supprimé"));
  CHECK_THAT(html, !Catch::Contains("non le bruit"));

  // Sobol' alone, on an effect.
  r.method = "sobol";
  r.morris.reset();
  r.sobol = hand_sobol({{0.6, {0.5, 0.7}}, {0.2, {0.1, 0.3}}});
  r.output = "difference";
  r.alternative_name = "Leviers";
  r.alternative_kinds = {"transport_aid"};
  html = sensitivity_report_html(r);
  CHECK_THAT(html, Catch::Contains("mesure quelle part de la variance de l'effet revient à chacune "
                                   "et ce qui change l'effet : par les indices de Sobol' des 2 "
                                   "hypothèses."));
  CHECK_THAT(html, !Catch::Contains("criblage"));
  CHECK_THAT(html, Catch::Contains("32 jeux d'hypothèses de 4 futurs, soit 128 simulations de "
                                   "chaque scénario"));

  // Both, Sobol' on Morris's first two (a and c here), then on two others named.
  r.method = "morris+sobol";
  r.morris = hand_morris({{0.5, {0.4, 0.6}}, {0.1, {0.05, 0.15}}, {0.2, {0.1, 0.3}}});
  html = sensitivity_report_html(r);
  CHECK_THAT(html, Catch::Contains(": d'abord par un criblage des 3 hypothèses (méthode de "
                                   "Morris), puis par les indices de Sobol' des 2 plus "
                                   "influentes."));
  r.sobol->columns = {1, 2};
  html = sensitivity_report_html(r);
  CHECK_THAT(html, Catch::Contains("puis par les indices de Sobol' de 2 hypothèses choisies."));
}

TEST_CASE("a factor with a symmetric beta prior has a value on the first row of a Sobol' design",
          "[analysis][sensitivity]") {
  const test::TempDir dir;
  const SensitivityConfig c = load_sensitivity(
      dir.write("s.toml", "[sensitivity]\nbaseline = '" + kTiny +
                              "baseline.toml'\nindicator = 'employment_rate'\nmethod = 'sobol'\n"
                              "parameters = ['health_acceptance']\n"));
  const std::vector<StudyFactor> factors = study_factors(c);
  REQUIRE(factors.size() == 1);
  CHECK(factors[0].distribution == "prior beta(5, 5)");
  gsa::SobolSettings settings;
  settings.base_rows = 4;
  const gsa::SobolDesign design = gsa::sobol_design(1, settings);
  REQUIRE(design.unit(0, 0) == 0.5);  // Boost.Math's beta(5, 5) quantile throws there
  const gsa::Points values = gsa::to_factor_values({factors[0].factor}, design.unit);
  CHECK(values(0, 0) == Approx(0.5).margin(1e-12));
}
