// The funding-allocation study on the tiny territory: bounds that hold for any point and any
// allocation file, a lever with no effect left unfunded, the optimiser against a brute-force
// grid, determinism, checkpoints, and the recommendation rerun by `qpvsim compare`.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <random>

#include "analysis/allocation/config.hpp"
#include "analysis/allocation/plan.hpp"
#include "analysis/allocation/search.hpp"
#include "analysis/comparison_file.hpp"
#include "analysis/stats.hpp"
#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace alloc = qpv::analysis::allocation;
using qpv::model::Lever;

namespace {

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";

/// An allocation file on the tiny territory with the three levers of levers.toml, 2025-2026.
/// `levers` and `extra` are appended TOML (lever tables; other tables).
std::string tiny_file(double envelope, const std::string& levers, const std::string& extra,
                      double step = 0.25, int max_evaluations = 20, int replicates = 4) {
  return fmt::format(R"([allocation]
baseline = "{0}baseline.toml"
name = "Test"
envelope_eur_per_year = {1}
first_year = 2025
last_year = 2026
replicates = {6}
fresh_replicates = 6
max_evaluations = {2}
step = {3}
curve_fractions = [0.5, 1.0]
{4}
{5}
)",
                     kTiny, envelope, max_evaluations, step, levers, extra, replicates);
}

std::string lever_table(std::string_view lever, const std::string& keys = "") {
  return fmt::format("[[lever]]\nkind = \"{}\"\nscenario = \"{}levers.toml\"\n{}\n", lever, kTiny,
                     keys);
}

alloc::AllocationConfig load_text(const qpv::test::TempDir& dir, const std::string& text,
                                  const std::string& name = "allocation.toml") {
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return alloc::load_allocation(path);
}

/// Objective: employment person-years only; status quo: equal shares of the levers in play.
std::string employment_objective(const std::string& status_quo) {
  return "[targeting]\nrule = \"population\"\n"
         "[objective]\nkind = \"weighted\"\nweights = \"euros\"\nstatistic = \"mean\"\n"
         "[[objective.outcome]]\nid = \"employment_person_years\"\nweight = 1\n"
         "[status_quo]\n" +
         status_quo;
}

qpv::engine::Execution on_threads(int threads) {
  qpv::engine::Execution how;
  how.threads = threads;
  return how;
}

double lever_share(const alloc::AllocationConfig& c, const alloc::Allocation& a, Lever l) {
  return a.lever_total(l) / c.envelope_eur;
}

/// Every bound of the file holds for `a` (to the euro).
void check_bounds(const alloc::AllocationConfig& c, const alloc::Allocation& a) {
  CHECK(a.total() == Approx(c.envelope_eur).margin(1.0));
  for (const alloc::LeverConfig& l : c.levers) {
    CHECK(a.lever_total(l.lever) >= std::max(l.min_eur, l.committed_eur) - 1.0);
    CHECK(a.lever_total(l.lever) <= l.max_eur + 1.0);
    double planned = 0;
    for (std::size_t q = 0; q < a.qpvs; ++q)
      planned += a.planned_eur[static_cast<std::size_t>(l.lever) * a.qpvs + q];
    CHECK(planned <= a.lever_total(l.lever) + 0.01);
  }
  const auto& qpvs = c.baseline.territory.qpvs;
  for (std::size_t q = 0; q < qpvs.size(); ++q) {
    double lo = c.equity.min_eur_per_resident * static_cast<double>(qpvs[q].population);
    double hi = std::numeric_limits<double>::infinity();
    for (const alloc::QpvBounds& b : c.qpv_bounds) {
      if (b.code != qpvs[q].code) continue;
      lo = std::max(lo, b.min_eur);
      hi = b.max_eur;
    }
    CHECK(a.qpv_total(q) >= lo - 1.0);
    CHECK(a.qpv_total(q) <= hi + 1.0);
  }
}

/// A random allocation file of the tiny territory: random envelope, lever bounds and
/// commitments, QPV bounds and equity floor; some are infeasible (the loader must say so).
std::string random_file(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double envelope = std::round(5000 + 50000 * u(rng));
  std::string levers;
  for (const char* lever : {"transport_aid", "creche_places", "screening_truck"}) {
    const double lo = std::round(envelope * 0.6 * u(rng) * (u(rng) < 0.5 ? 0 : 1));
    const double hi = std::round(lo + envelope * (0.2 + u(rng)));
    const double committed = std::round(lo * u(rng));
    levers += lever_table(lever, fmt::format("min_eur_per_year = {}\nmax_eur_per_year = {}\n"
                                             "committed_eur_per_year = {}\n",
                                             lo, hi, committed));
  }
  std::string extra =
      employment_objective("transport_aid = 0.4\ncreche_places = 0.4\nscreening_truck = 0.2\n");
  if (u(rng) < 0.5)
    extra += fmt::format("[[qpv]]\ncode = \"T001\"\nmin_eur_per_year = {}\nmax_eur_per_year = {}\n",
                         std::round(envelope * 0.3 * u(rng)),
                         std::round(envelope * (0.5 + 0.6 * u(rng))));
  if (u(rng) < 0.5)
    extra += fmt::format("[equity]\nmin_eur_per_resident = {}\n", envelope / 550.0 * 0.5 * u(rng));
  return tiny_file(envelope, levers, extra);
}

}  // namespace

TEST_CASE("no allocation breaks the bounds of a random allocation file, from any point",
          "[analysis][allocation]") {
  const qpv::test::TempDir dir("qpvsim-alloc");
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int loaded = 0, refused = 0;
  for (int file = 0; file < 40; ++file) {
    std::optional<alloc::AllocationConfig> c;
    try {
      c = load_text(dir, random_file(rng));
      ++loaded;
    } catch (const qpv::InputError&) {
      ++refused;  // bounds that cannot hold the envelope: said before anything runs
      continue;
    }
    const alloc::Space space(
        *c, std::vector<std::vector<double>>(qpv::model::kLevers, std::vector<double>(2, 0.5)));
    for (int k = 0; k < 50; ++k) {
      std::vector<double> x;
      for (std::size_t d = 0; d < space.dimensions(); ++d)
        x.push_back(space.lower()[d] + (space.upper()[d] - space.lower()[d]) * u(rng));
      const alloc::Allocation a = space.allocate(x);
      REQUIRE(a.feasible());
      check_bounds(*c, a);
    }
  }
  CHECK(loaded >= 10);
  CHECK(refused >= 1);
}

TEST_CASE("the candidates a study returns meet every bound", "[analysis][allocation]") {
  const qpv::test::TempDir dir("qpvsim-alloc");
  std::mt19937_64 rng(7);
  int studies = 0;
  for (int file = 0; file < 20 && studies < 3; ++file) {
    std::optional<alloc::AllocationConfig> c;
    try {
      c = load_text(dir, random_file(rng));
    } catch (const qpv::InputError&) {
      continue;
    }
    ++studies;
    const alloc::Study s = alloc::run_allocation(*c, on_threads(1));
    check_bounds(*c, s.evaluations[s.recommended].allocation);
    for (const alloc::Reevaluated& r : s.reevaluated) {
      const alloc::Evaluation& e = s.evaluations[r.evaluation];
      if (e.phase != alloc::Phase::rule) check_bounds(*c, e.allocation);
    }
  }
  CHECK(studies == 3);
}

TEST_CASE("a lever with no effect on the objective gets no money", "[analysis][allocation]") {
  // The truck screens people; the objective counts only years in work, which the truck does not
  // touch (its random streams are its own): its effect on the objective is exactly zero.
  const qpv::test::TempDir dir("qpvsim-alloc");
  const alloc::AllocationConfig c = load_text(
      dir, tiny_file(30000, lever_table("transport_aid") + lever_table("screening_truck"),
                     employment_objective("transport_aid = 0.5\nscreening_truck = 0.5\n")));
  const alloc::Study s = alloc::run_allocation(c, on_threads(2));
  const alloc::Allocation& best = s.evaluations[s.recommended].allocation;
  CHECK(best.lever_total(Lever::screening_truck) == 0.0);
  CHECK(best.lever_total(Lever::transport_aid) == Approx(30000).margin(1.0));
}

TEST_CASE("the optimiser's split is within one grid step of a brute-force grid search",
          "[analysis][allocation]") {
  // Two levers whose returns diminish (transport aid's budget soon covers the tiny territory's
  // job seekers; crèche places fill the waitlist), employment as the objective, on the same 30
  // replicates: brute force evaluates every 5 % of the envelope, the search a grid of 10 %
  // refined by COBYLA.
  const qpv::test::TempDir dir("qpvsim-alloc");
  const std::string levers = lever_table("transport_aid") + lever_table("creche_places");
  const std::string objective = employment_objective("transport_aid = 0.5\ncreche_places = 0.5\n");
  const alloc::AllocationConfig brute =
      load_text(dir, tiny_file(60000, levers, objective, 0.05, 1, 30), "brute.toml");
  const alloc::AllocationConfig search =
      load_text(dir, tiny_file(60000, levers, objective, 0.1, 25, 30), "search.toml");
  const qpv::engine::Execution how = on_threads(2);
  const alloc::Study b = alloc::run_allocation(brute, how);
  const alloc::Study s = alloc::run_allocation(search, how);
  // The brute-force optimum: the best of its 21 grid points (the first of equals).
  std::size_t best = b.evaluations.size();
  for (std::size_t i = 0; i < b.evaluations.size(); ++i) {
    if (b.evaluations[i].phase != alloc::Phase::grid) continue;
    if (best == b.evaluations.size() || b.evaluations[i].statistic > b.evaluations[best].statistic)
      best = i;
  }
  const double brute_share =
      lever_share(brute, b.evaluations[best].allocation, Lever::transport_aid);
  const alloc::Evaluation& found = s.evaluations[s.recommended];
  const double found_share = lever_share(search, found.allocation, Lever::transport_aid);
  INFO("brute force: transport share " << brute_share << ", objective "
                                       << b.evaluations[best].statistic);
  INFO("optimiser: transport share " << found_share << ", objective " << found.statistic);
  CHECK((std::abs(found_share - brute_share) <= 0.05 + 1e-9 ||
         found.statistic >= b.evaluations[best].statistic));
}

TEST_CASE("a study gives the same bits on 1 and 2 threads and resumes from its checkpoint",
          "[analysis][allocation]") {
  const qpv::test::TempDir dir("qpvsim-alloc");
  const alloc::AllocationConfig c = load_text(
      dir, tiny_file(30000,
                     lever_table("transport_aid") + lever_table("creche_places") +
                         lever_table("screening_truck"),
                     employment_objective(
                         "transport_aid = 0.4\ncreche_places = 0.4\nscreening_truck = 0.2\n")));
  const alloc::Study one = alloc::run_allocation(c, on_threads(1));
  const std::string checkpoint = (dir / "study.checkpoint").string();
  const alloc::Study two = alloc::run_allocation(c, on_threads(2), checkpoint);
  const alloc::Study resumed = alloc::run_allocation(c, on_threads(2), checkpoint);
  CHECK(resumed.model_runs == 0);
  CHECK(resumed.resumed > 0);
  for (const alloc::Study* other : {&two, &resumed}) {
    REQUIRE(other->evaluations.size() == one.evaluations.size());
    CHECK(other->recommended == one.recommended);
    for (std::size_t i = 0; i < one.evaluations.size(); ++i) {
      CHECK(other->evaluations[i].objective == one.evaluations[i].objective);
      CHECK(other->evaluations[i].allocation.eur == one.evaluations[i].allocation.eur);
    }
    REQUIRE(other->reevaluated.size() == one.reevaluated.size());
    for (std::size_t i = 0; i < one.reevaluated.size(); ++i)
      CHECK(other->reevaluated[i].objective == one.reevaluated[i].objective);
  }
}

TEST_CASE("qpvsim compare reruns the recommendation to the figures allocate reported",
          "[analysis][allocation][cli]") {
  const qpv::test::TempDir dir("qpvsim-alloc");
  const std::string file = (dir / "allocation.toml").string();
  std::ofstream(file) << tiny_file(
      30000,
      lever_table("transport_aid") + lever_table("creche_places") + lever_table("screening_truck"),
      employment_objective("transport_aid = 0.4\ncreche_places = 0.4\nscreening_truck = 0.2\n"));
  const std::string h5 = (dir / "allocation.h5").string();
  const std::string rec = (dir / "recommandation.toml").string();
  const std::string bin = QPVSIM_BINARY;
  REQUIRE(std::system(
              (bin + " allocate -q " + file + " -o " + h5 + " --scenario " + rec + " --threads 2")
                  .c_str()) == 0);
  const qpv::io::Hdf5Reader out(h5);
  const double reported =
      out.doubles("/reevaluation/outcome_mean")
          .values.at(0);  // the recommendation's first outcome: employment_person_years
  REQUIRE(out.strings("/outcomes/id").at(0) == "employment_person_years");
  const std::string cmp = (dir / "compare.h5").string();
  REQUIRE(std::system((bin + " compare -q " + kTiny + "baseline.toml " + rec + " -o " + cmp +
                       " --seed 8 --replicates 6 --threads 2")
                          .c_str()) == 0);
  const qpv::analysis::Comparison c = qpv::analysis::read_comparison_file(cmp);
  REQUIRE(c.scenarios.size() == 2);
  const auto& base = c.scenarios[0].record.results;
  const auto& alt = c.scenarios[1].record.results;
  std::string problem;
  const alloc::Outcome o = alloc::find_outcome("employment_person_years", &problem);
  const alloc::Window w = alloc::window_of(base, 2025, 2026);
  const alloc::OutcomeValues v = alloc::outcome_values(o, base, alt, w, {300, 250});
  CHECK(qpv::analysis::distribution(v.total).mean == reported);
}

TEST_CASE("what a recommendation depends on: the best split when a parameter is low or high",
          "[analysis][allocation]") {
  // Two candidates: A does better in the replicates where the first drawn parameter is low, B
  // where it is high; the status quo is flat. Every other parameter is not drawn.
  const std::size_t reps = 6;
  qpv::model::RunResults draws;
  draws.parameter_source.assign(qpv::model::kParamCount, qpv::model::ParamSource::registry);
  draws.parameter_source[3] = qpv::model::ParamSource::prior;
  draws.parameter_values.assign(reps * qpv::model::kParamCount, 0.0);
  const std::vector<double> value = {0.9, 0.1, 0.5, 0.3, 0.7, 0.2};  // low: replicates 1, 3, 5
  for (std::size_t r = 0; r < reps; ++r)
    draws.parameter_values[r * qpv::model::kParamCount + 3] = value[r];
  alloc::Study s;
  alloc::Evaluation status_quo, a, b;
  status_quo.phase = alloc::Phase::rule;
  a.phase = b.phase = alloc::Phase::grid;
  for (std::size_t r = 0; r < reps; ++r) {
    status_quo.objective.push_back(0.0);
    a.objective.push_back(value[r] < 0.4 ? 10.0 : 1.0);
    b.objective.push_back(value[r] < 0.4 ? 2.0 : 12.0);
  }
  s.evaluations = {status_quo, a, b};
  s.recommended = 2;  // B: the better on average
  const std::vector<alloc::Dependence> d = alloc::dependence(s, draws, 3);
  REQUIRE(d.size() == 1);
  CHECK(d[0].parameter == static_cast<qpv::model::Param>(3));
  CHECK(d[0].correlation > 0.8);  // B's gain grows with the parameter
  CHECK(d[0].median == 0.3);
  CHECK(d[0].best_low == 1);
  CHECK(d[0].best_high == 2);
}

TEST_CASE("a floor no split can reach is an error naming the constraint, and leaves no file",
          "[analysis][allocation][cli]") {
  const qpv::test::TempDir dir("qpvsim-alloc");
  const std::string file = (dir / "allocation.toml").string();
  std::ofstream(file) << tiny_file(
      30000, lever_table("transport_aid") + lever_table("screening_truck"),
      "[targeting]\nrule = \"population\"\n"
      "[objective]\nkind = \"floors\"\nmaximise = \"employment_person_years\"\n"
      "[[objective.outcome]]\nid = \"screenings\"\nat_least = 1000000\n");
  const std::string h5 = (dir / "allocation.h5").string();
  const std::string log = (dir / "log.txt").string();
  const std::string bin = QPVSIM_BINARY;
  CHECK(std::system((bin + " allocate -q " + file + " -o " + h5 + " 2> " + log).c_str()) != 0);
  std::ifstream in(log);
  const std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_THAT(message, Catch::Contains("allocation.toml"));
  CHECK_THAT(message, Catch::Contains("objective floor screenings"));
  CHECK_FALSE(std::filesystem::exists(h5));
  CHECK_FALSE(std::filesystem::exists(h5 + ".checkpoint"));
  CHECK_FALSE(std::filesystem::exists((dir / "allocation_recommandation.toml").string()));
}
