#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <numeric>

#include "sim/model/labour_market.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/transport_aid.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

/// A territory of QPVs "A", "B", ... with these populations.
Territory territory_of(const std::vector<std::int64_t>& populations) {
  Territory t;
  for (std::size_t q = 0; q < populations.size(); ++q) {
    Qpv qpv;
    qpv.code = std::string(1, static_cast<char>('A' + q));
    qpv.population = populations[q];
    t.qpvs.push_back(qpv);
  }
  return t;
}

struct Person {
  int age = 30;
  Activity activity = Activity::job_seeker;
  bool licence = false;
  bool car = false;
  bool transit_unaffordable = true;
};

/// Appends `n` people like `who`, each in their own single-person household.
void add_people(Population& pop, const Person& who, int n, Time search_since) {
  for (int k = 0; k < n; ++k) {
    const std::uint32_t hh = pop.households.add(HouseholdType::single_person, who.car, false);
    const std::uint32_t i = pop.add_member(hh);
    pop.persons.age[i] = static_cast<std::uint8_t>(who.age);
    pop.persons.activity[i] = who.activity;
    pop.persons.licence[i] = who.licence;
    pop.persons.transit_unaffordable[i] = who.transit_unaffordable;
    if (who.activity == Activity::job_seeker) pop.persons.search_since[i] = search_since;
  }
}

// The unit costs of programme() below, in cents.
constexpr std::int64_t kMonthCents = 5000;
constexpr std::int64_t kLicenceCents = 100'000;

Time at(int y, int m, int d = 1) {
  return Time::at(Date{y, m, d});
}

/// A transport_aid intervention with the settings tests vary most; costs 50 EUR a month and
/// 1,000 EUR a licence.
Intervention programme(AidType aid, Date start, Date end, std::optional<std::int64_t> places,
                       std::optional<std::int64_t> budget_eur = std::nullopt, double take_up = 1.0,
                       std::vector<Eligibility> eligibility = {Eligibility::job_seekers}) {
  TransportAid a;
  a.aid = aid;
  a.eligibility = std::move(eligibility);
  a.places = places;
  a.take_up = take_up;
  a.start = start;
  a.end = end;
  a.cost_per_beneficiary_month = Cents::from_euros(50);
  a.cost_per_licence = Cents::from_euros(1000);
  Intervention i;
  i.name = "aid";
  if (budget_eur) i.budget_per_year = Cents::from_euros(static_cast<double>(*budget_eur));
  i.detail = a;
  return i;
}

/// One partition (QPV "A" of `territory`) driven month by month, with only transport aid.
struct Sim {
  Territory territory;
  Parameters params;
  RunPlan plan;
  std::vector<Intervention> interventions;
  Partition part;
  TransportAidProcess aid;
  AgentStreams people;
  Flows flows;

  Sim(Territory t, std::vector<Intervention> iv, Population pop, std::uint64_t seed = 7,
      Parameters p = {})
      : territory(std::move(t)),
        params(p),
        interventions(std::move(iv)),
        part{territory,
             0,
             territory.qpvs[0],
             params,
             plan,
             /*replicate=*/0,
             /*interventions=*/{},
             std::move(pop),
             /*queue=*/{},
             /*flows=*/nullptr,
             Spending(2024, 2030)},
        aid((attach(), part)),  // the process reads the interventions when built
        people(StreamKey{seed, 0, 0, static_cast<std::uint32_t>(Stream::transport_aid)}) {
    part.flows = &flows;
    aid.init(part, at(2024, 1), people);
  }
  Sim(const Sim&) = delete;

  void attach() {
    for (std::size_t k = 0; k < interventions.size(); ++k) {
      if (targets(interventions[k], territory.qpvs[0].code))
        part.interventions.emplace_back(k, &interventions[k]);
    }
  }
  /// Handles aid events before `until`.
  void advance(Time until) {
    while (!part.queue.empty() && part.queue.top().time < until) {
      const engine::Event e = part.queue.pop();
      aid.handle(part, e, people);
    }
  }
  /// Monthly steps from `from` to `to` (first days of months, inclusive); `after(date)` is
  /// called after each step.
  template <class F>
  void months(Date from, Date to, F&& after) {
    for (Date d = from; d <= to; d = first_of_next_month(d)) {
      advance(Time::at(d));
      aid.monthly(part, Time::at(d), people);
      after(d);
    }
  }
  void months(Date from, Date to) {
    months(from, to, [](const Date&) {});
  }

  std::int64_t beneficiaries() const {
    const auto& p = part.pop.persons.aid_programme;
    return std::count_if(p.begin(), p.end(), [](std::int16_t a) { return a >= 0; });
  }
  std::int64_t count(const std::vector<std::uint8_t>& column) const {
    return std::accumulate(column.begin(), column.end(), std::int64_t{0});
  }
  std::int64_t spent(int year) const {
    return part.spending.cents[static_cast<std::size_t>(Lever::transport_aid)]
                              [static_cast<std::size_t>(year - 2024)];
  }
  std::int64_t spent_total() const {
    const auto& v = part.spending.cents[static_cast<std::size_t>(Lever::transport_aid)];
    return std::accumulate(v.begin(), v.end(), std::int64_t{0});
  }
};

Population crowd(const Person& who, int n, Time search_since = at(2023, 6)) {
  Population pop;
  add_people(pop, who, n, search_since);
  return pop;
}

}  // namespace

TEST_CASE("split_by_population sums exactly and follows the populations", "[model][aid]") {
  const Territory t = territory_of({1000, 2000, 3000, 500, 1234});
  for (std::int64_t total : {0, 1, 7, 10, 99, 1001, 123457, 250'000'000}) {
    const auto all = split_by_population(total, {}, t);
    REQUIRE(all.size() == 5);
    CHECK(std::accumulate(all.begin(), all.end(), std::int64_t{0}) == total);
    for (std::size_t q = 0; q < 5; ++q) {
      const double exact =
          static_cast<double>(total) * static_cast<double>(t.qpvs[q].population) / 7734.0;
      INFO("total " << total << " qpv " << q);
      CHECK(std::abs(static_cast<double>(all[q]) - exact) < 1.0);
    }
  }
  const auto some = split_by_population(9, {"D", "B"}, t);  // 2000 and 500: 7.2 and 1.8
  CHECK(some == std::vector<std::int64_t>{0, 7, 0, 2, 0});
  // Equal remainders: the extra units go in territory order.
  CHECK(split_by_population(2, {}, territory_of({10, 10, 10})) ==
        std::vector<std::int64_t>{1, 1, 0});
  CHECK(split_by_population(10, {}, territory_of({3000, 1000})) ==
        std::vector<std::int64_t>{8, 2});  // 7.5 and 2.5
  CHECK_THROWS_AS(split_by_population(-1, {}, t), std::invalid_argument);
  CHECK_THROWS_AS(split_by_population(5, {"Z"}, t), std::invalid_argument);
  CHECK_THROWS_AS(split_by_population(5, {}, territory_of({0, 0})), std::invalid_argument);
}

TEST_CASE("eligibility follows the criteria and the aid's usefulness", "[model][aid]") {
  const Time now = at(2025, 6);
  Population pop;
  auto person = [&](Person who, Time since = at(2025, 1)) {
    add_people(pop, who, 1, since);
    return static_cast<std::uint32_t>(pop.persons.size() - 1);
  };
  const auto seeker = person({30, Activity::job_seeker, false, false, true});
  const auto seeker_fares_ok = person({30, Activity::job_seeker, false, false, false});
  const auto employed = person({30, Activity::employed, false, false, true});
  const auto minor = person({17, Activity::job_seeker, false, false, true});
  const auto young_inactive = person({20, Activity::inactive, false, false, true});
  const auto young_student = person({18, Activity::student, false, false, true});
  const auto young_employed = person({22, Activity::employed, false, false, true});
  const auto too_old_for_youth = person({26, Activity::inactive, false, false, true});
  const auto long_term = person({40, Activity::job_seeker, false, false, true}, at(2024, 6));
  const auto short_term = person({40, Activity::job_seeker, false, false, true}, at(2024, 6, 2));
  const auto licence_no_car = person({30, Activity::job_seeker, true, false, true});
  const auto licence_car = person({30, Activity::job_seeker, true, true, true});
  const auto dead = person({30, Activity::job_seeker, false, false, true});
  pop.remove(dead);
  const auto moved = person({30, Activity::job_seeker, false, false, true});
  pop.move_out(pop.persons.household[moved]);
  const auto aided = person({30, Activity::job_seeker, false, false, true});
  pop.persons.aid_programme[aided] = 3;

  const auto pass = std::get<TransportAid>(
      programme(AidType::transit_pass, {2025, 1, 1}, {2026, 1, 1}, 10).detail);
  CHECK(aid_eligible(pop, seeker, pass, now));
  CHECK_FALSE(aid_eligible(pop, seeker_fares_ok, pass, now));  // the pass would not help
  CHECK_FALSE(aid_eligible(pop, employed, pass, now));
  CHECK_FALSE(aid_eligible(pop, minor, pass, now));
  CHECK_FALSE(aid_eligible(pop, young_inactive, pass, now));  // not a job seeker
  CHECK_FALSE(aid_eligible(pop, dead, pass, now));
  CHECK_FALSE(aid_eligible(pop, moved, pass, now));
  CHECK_FALSE(aid_eligible(pop, aided, pass, now));

  auto youth = pass;
  youth.eligibility = {Eligibility::youth};
  CHECK(aid_eligible(pop, young_inactive, youth, now));
  CHECK(aid_eligible(pop, young_student, youth, now));
  CHECK_FALSE(aid_eligible(pop, young_employed, youth, now));
  CHECK_FALSE(aid_eligible(pop, too_old_for_youth, youth, now));
  CHECK_FALSE(aid_eligible(pop, seeker, youth, now));  // 30

  auto ltu = pass;
  ltu.eligibility = {Eligibility::long_term_unemployed};
  CHECK(aid_eligible(pop, long_term, ltu, now));         // 365 days exactly
  CHECK_FALSE(aid_eligible(pop, short_term, ltu, now));  // one day short
  CHECK_FALSE(aid_eligible(pop, seeker, ltu, now));

  auto either = pass;
  either.eligibility = {Eligibility::youth, Eligibility::long_term_unemployed};
  CHECK(aid_eligible(pop, young_inactive, either, now));
  CHECK(aid_eligible(pop, long_term, either, now));
  CHECK_FALSE(aid_eligible(pop, seeker, either, now));

  auto licence = pass;
  licence.aid = AidType::driving_licence;
  CHECK(aid_eligible(pop, seeker, licence, now));
  CHECK(aid_eligible(pop, seeker_fares_ok, licence, now));
  CHECK_FALSE(aid_eligible(pop, licence_no_car, licence, now));

  auto rental = pass;
  rental.aid = AidType::car_rental;
  CHECK(aid_eligible(pop, licence_no_car, rental, now));
  CHECK_FALSE(aid_eligible(pop, licence_car, rental, now));
  CHECK_FALSE(aid_eligible(pop, seeker, rental, now));  // no licence
}

TEST_CASE("beneficiaries never exceed the QPV's share of places", "[model][aid]") {
  // 10 places between A (3000 people) and B (1000): A gets 8 (7.5 and 2.5, tie to A).
  Sim sim(territory_of({3000, 1000}),
          {programme(AidType::transit_pass, {2024, 3, 1}, {2027, 12, 31}, 10)},
          crowd(Person{}, 60));
  REQUIRE(sim.aid.programmes().size() == 1);
  CHECK(sim.aid.programmes()[0].places == 8);
  std::int64_t most = 0;
  std::vector<std::uint32_t> first_round;
  sim.months({2024, 1, 1}, {2028, 6, 1}, [&](const Date& d) {
    if (d == Date{2024, 3, 1}) first_round = sim.aid.programmes()[0].beneficiaries;
    REQUIRE(sim.beneficiaries() <= 8);
    REQUIRE(sim.count(sim.part.pop.persons.transit_pass) == sim.beneficiaries());
    most = std::max(most, sim.beneficiaries());
  });
  CHECK(most == 8);
  // Places go in a random order, not by row: the first round is not simply the first 8 rows.
  CHECK(first_round != std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7});
  // Passes of 12 months: three rounds of 8 in 2024-03..2027-02, a fourth cut at the end.
  CHECK(sim.flows[Counter::aid_enrolments] == 32);
  CHECK(sim.beneficiaries() == 0);
}

TEST_CASE("spending stays within the yearly budget share and equals the unit costs",
          "[model][aid]") {
  // A budget of 16,000 EUR a year, 12,000 for A; passes of 12 months at 50 EUR a month.
  Sim sim(territory_of({3000, 1000}),
          {programme(AidType::transit_pass, {2025, 3, 1}, {2028, 6, 30}, std::nullopt, 16000)},
          crowd(Person{}, 200));
  REQUIRE(sim.aid.programmes()[0].budget == 1'200'000);
  std::int64_t beneficiary_months = 0;
  sim.months({2024, 1, 1}, {2029, 12, 1}, [&](const Date&) {
    beneficiary_months += sim.count(sim.part.pop.persons.transit_pass);
  });
  for (int year = 2024; year <= 2030; ++year) {
    INFO("year " << year);
    CHECK(sim.spent(year) <= 1'200'000);
  }
  // March 2025: each pass costs 10 months of 2025 (500 EUR): 24 of them use the whole budget.
  CHECK(sim.spent(2025) == 1'200'000);
  CHECK(sim.spent(2026) > 1'000'000);  // the budget binds every year, not only the first
  CHECK(sim.spent(2024) == 0);
  CHECK(sim.spent(2029) == 0);
  CHECK(sim.spent_total() == beneficiary_months * kMonthCents);

  // Enrolling in December commits next year's budget too: 24 passes would fit December
  // (24 x 50 EUR) but cost 13,200 EUR in 2026; only 21 are given.
  Sim december(
      territory_of({3000, 1000}),
      {programme(AidType::transit_pass, {2025, 12, 1}, {2026, 12, 31}, std::nullopt, 16000)},
      crowd(Person{}, 200));
  december.months({2025, 12, 1}, {2025, 12, 1});
  CHECK(december.flows[Counter::aid_enrolments] == 21);
  CHECK(december.spent(2025) == 21 * kMonthCents);
  CHECK(december.aid.programmes()[0].committed[1] == kMonthCents * 21 * 11);
  december.months({2026, 1, 1}, {2027, 1, 1});
  CHECK(december.spent(2026) <= 1'200'000);
  CHECK(december.spent(2026) >= kMonthCents * 21 * 11);

  // Licence funding: 1,000 EUR each, a yearly share of 7,500 EUR buys 7 licences a year.
  Parameters fast;
  fast.set(Param::licence_training_months, 2.0);
  Sim lic(territory_of({3000, 1000}),
          {programme(AidType::driving_licence, {2025, 1, 1}, {2027, 12, 31}, std::nullopt, 10000)},
          crowd(Person{}, 100), 7, fast);
  lic.months({2025, 1, 1}, {2028, 12, 1});
  for (int year = 2025; year <= 2027; ++year) CHECK(lic.spent(year) == 700'000);
  CHECK(lic.flows[Counter::aid_enrolments] == 21);
  CHECK(lic.spent_total() == lic.flows[Counter::aid_enrolments] * kLicenceCents);
}

TEST_CASE("places and budget together: the tighter one binds", "[model][aid]") {
  // 5 places, but the budget (all of it for A) pays only 3 passes of 12 months a year.
  Sim sim(territory_of({1000}),
          {programme(AidType::transit_pass, {2025, 1, 1}, {2026, 12, 31}, 5, 1800)},
          crowd(Person{}, 30));
  sim.months({2025, 1, 1}, {2027, 3, 1}, [&](const Date&) { REQUIRE(sim.beneficiaries() <= 3); });
  CHECK(sim.spent(2025) == 180'000);
  CHECK(sim.spent(2026) == 180'000);
}

TEST_CASE("take-up is close to its probability, and decliners wait 12 months", "[model][aid]") {
  Sim sim(territory_of({1000}),
          {programme(AidType::transit_pass, {2025, 1, 1}, {2027, 12, 31}, std::nullopt,
                     std::nullopt, 0.3)},
          crowd(Person{}, 4000));
  sim.months({2025, 1, 1}, {2025, 1, 1});
  const double share = static_cast<double>(sim.flows[Counter::aid_enrolments]) / 4000.0;
  CHECK(share == Approx(0.3).margin(0.03));  // 4 standard errors
  std::vector<std::uint32_t> decliners;
  for (std::uint32_t i = 0; i < 4000; ++i)
    if (sim.part.pop.persons.aid_programme[i] < 0) decliners.push_back(i);
  const auto held = [&] {
    return std::count_if(decliners.begin(), decliners.end(),
                         [&](std::uint32_t i) { return sim.part.pop.persons.transit_pass[i]; });
  };
  sim.months({2025, 2, 1}, {2025, 12, 1}, [&](const Date&) { REQUIRE(held() == 0); });
  sim.months({2026, 1, 1}, {2026, 1, 1});
  CHECK(static_cast<double>(held()) / static_cast<double>(decliners.size()) ==
        Approx(0.3).margin(0.03));
}

TEST_CASE("licence training ends with a licence at about the pass probability", "[model][aid]") {
  Parameters params;
  params.set(Param::licence_pass_probability, 0.6);
  params.set(Param::licence_training_months, 6.0);
  Sim sim(territory_of({1000}),
          {programme(AidType::driving_licence, {2025, 1, 1}, {2025, 1, 31}, std::nullopt,
                     std::nullopt)},
          crowd(Person{}, 3000), 11, params);
  sim.months({2025, 1, 1}, {2025, 1, 1});
  const auto& p = sim.part.pop.persons;
  CHECK(sim.count(p.in_licence_training) == 3000);
  CHECK(sim.aid.training_changed().size() == 3000);  // their offer rate drops (lock-in)
  CHECK(sim.part.queue.size() == 3000);
  CHECK(sim.spent(2025) == 3000 * kLicenceCents);  // paid at enrolment

  double total_days = 0;
  for (std::uint32_t i = 0; i < 3000; ++i) total_days += (p.aid_until[i] - at(2025, 1)).in_days();
  CHECK(total_days / 3000 / (365.25 / 12) == Approx(6.0).epsilon(0.06));  // 3 standard errors

  const engine::Event first = sim.part.queue.top();
  sim.advance(first.time + Duration::seconds(1));
  CHECK(sim.aid.training_changed() == std::vector<std::uint32_t>{first.subject});
  CHECK_FALSE(p.in_licence_training[first.subject]);
  sim.months({2025, 2, 1}, {2030, 12, 1});  // the window is over: nobody new is funded
  sim.advance(Time::max());
  CHECK(sim.count(p.in_licence_training) == 0);
  CHECK(sim.beneficiaries() == 0);
  CHECK(sim.flows[Counter::aid_enrolments] == 3000);
  CHECK(sim.flows[Counter::licences_obtained] == sim.count(p.licence));
  CHECK(static_cast<double>(sim.count(p.licence)) / 3000.0 == Approx(0.6).margin(0.036));
  CHECK(sim.spent_total() == 3000 * kLicenceCents);
}

TEST_CASE("a transit pass lifts the fares barrier for transit_pass_months", "[model][aid]") {
  // One job seeker for whom fares are a barrier; no licence, no car.
  Sim sim(territory_of({1000}), {programme(AidType::transit_pass, {2025, 1, 1}, {2028, 12, 31}, 1)},
          crowd(Person{}, 1));
  const Offer reachable{false, true, false};
  const auto barrier = [&] { return blocking_barrier(sim.part.pop, 0, reachable, 0.0, 1.0); };
  sim.months({2024, 6, 1}, {2024, 12, 1});
  CHECK(barrier() == Barrier::mobility);
  sim.months({2025, 1, 1}, {2025, 1, 1});
  CHECK(barrier() == Barrier::none);
  CHECK(sim.part.pop.persons.aid_until[0] == at(2026, 1));
  // Hired in March: no longer eligible, but keeps the pass until it ends.
  sim.part.pop.persons.activity[0] = Activity::employed;
  sim.months({2025, 2, 1}, {2025, 12, 1},
             [&](const Date&) { REQUIRE(barrier() == Barrier::none); });
  sim.months({2026, 1, 1}, {2026, 1, 1});
  CHECK(barrier() == Barrier::mobility);
  CHECK(sim.part.pop.persons.aid_programme[0] == -1);
  CHECK(sim.spent_total() == 12 * kMonthCents);

  // A car rental lets a licence holder without a car drive.
  Sim rental(territory_of({1000}),
             {programme(AidType::car_rental, {2025, 1, 1}, {2028, 12, 31}, 1)},
             crowd(Person{30, Activity::job_seeker, true, false, false}, 1));
  const Offer needs_car{true, true, false};
  CHECK(blocking_barrier(rental.part.pop, 0, needs_car, 0.0, 1.0) == Barrier::mobility);
  rental.months({2025, 1, 1}, {2025, 1, 1});
  CHECK(blocking_barrier(rental.part.pop, 0, needs_car, 0.0, 1.0) == Barrier::none);
  CHECK(rental.part.pop.persons.aid_until[0] == at(2025, 7));  // car_rental_months = 6
}

TEST_CASE("nothing happens before the start or after the end", "[model][aid]") {
  Sim sim(territory_of({1000}),
          {programme(AidType::transit_pass, {2025, 3, 1}, {2025, 8, 31}, 10),
           programme(AidType::driving_licence, {2025, 3, 15}, {2025, 4, 30}, 5)},
          crowd(Person{}, 50));
  sim.months({2024, 1, 1}, {2025, 2, 1}, [&](const Date&) {
    REQUIRE(sim.flows[Counter::aid_enrolments] == 0);
    REQUIRE(sim.beneficiaries() == 0);
  });
  CHECK(sim.part.queue.empty());
  sim.months({2025, 3, 1}, {2025, 3, 1});
  CHECK(sim.flows[Counter::aid_enrolments] == 10);  // passes only: licences start on 2025-03-15
  sim.months({2025, 4, 1}, {2025, 8, 1});
  CHECK(sim.flows[Counter::aid_enrolments] == 15);  // and the 5 licences on the first step after it
  sim.months({2025, 9, 1}, {2027, 12, 1}, [&](const Date&) {
    REQUIRE(sim.count(sim.part.pop.persons.transit_pass) == 0);  // passes stop with the programme
  });
  CHECK(sim.flows[Counter::aid_enrolments] == 15);
  // Six months of 10 passes and 5 licences, all in 2025; the funded trainings end with their test.
  CHECK(sim.spent(2025) == kMonthCents * 6 * 10 + 5 * kLicenceCents);
  CHECK(sim.spent_total() == sim.spent(2025));
  sim.advance(Time::max());
  CHECK(sim.beneficiaries() == 0);
}

TEST_CASE("aids of people who die or move out end and free their budget", "[model][aid]") {
  // Budget for exactly 2 passes of 12 months from January.
  Sim sim(territory_of({1000}),
          {programme(AidType::transit_pass, {2025, 1, 1}, {2025, 12, 31}, std::nullopt, 1200)},
          crowd(Person{}, 6));
  sim.months({2025, 1, 1}, {2025, 1, 1});
  REQUIRE(sim.beneficiaries() == 2);
  std::uint32_t holder = 0;
  while (sim.part.pop.persons.aid_programme[holder] < 0) ++holder;
  sim.part.pop.remove(holder);
  sim.months({2025, 2, 1}, {2025, 2, 1});
  CHECK(sim.part.pop.persons.transit_pass[holder] == 0);
  // Its 11 unpaid months (550 EUR) fund a pass for February to December (550 EUR).
  CHECK(sim.beneficiaries() == 2);
  sim.months({2025, 3, 1}, {2026, 1, 1});
  CHECK(sim.spent(2025) == (1 + 12 + 11) * kMonthCents);
}

TEST_CASE("transport aid is deterministic and draws from each person's stream", "[model][aid]") {
  const auto run = [](std::uint64_t seed, int extra) {
    Population pop = crowd(Person{}, 300);
    add_people(pop, Person{}, extra, at(2023, 6));  // people after the first 300
    auto sim = std::make_unique<Sim>(
        territory_of({1000}),
        std::vector<Intervention>{programme(AidType::transit_pass, {2025, 1, 1}, {2026, 12, 31},
                                            std::nullopt, std::nullopt, 0.5),
                                  programme(AidType::driving_licence, {2025, 1, 1}, {2026, 12, 31},
                                            std::nullopt, std::nullopt, 0.5)},
        std::move(pop), seed);
    sim->months({2025, 1, 1}, {2026, 6, 1});
    return sim;
  };
  const auto a = run(7, 0);
  const auto b = run(7, 0);
  CHECK(a->part.pop.persons.aid_programme == b->part.pop.persons.aid_programme);
  CHECK(a->part.pop.persons.aid_until == b->part.pop.persons.aid_until);
  CHECK(a->part.pop.persons.licence == b->part.pop.persons.licence);
  CHECK(a->part.spending.cents == b->part.spending.cents);
  // Without places or budget, more people change nobody else's path (paired scenarios).
  const auto more = run(7, 50);
  const auto& pa = a->part.pop.persons;
  const auto& pm = more->part.pop.persons;
  CHECK(std::equal(pa.aid_programme.begin(), pa.aid_programme.end(), pm.aid_programme.begin()));
  CHECK(std::equal(pa.licence.begin(), pa.licence.end(), pm.licence.begin()));
  const auto other = run(8, 0);
  CHECK(other->part.pop.persons.aid_programme != pa.aid_programme);
}

TEST_CASE("the process handles only its own event kinds", "[model][aid]") {
  Sim sim(territory_of({1000}), {}, crowd(Person{}, 1));
  CHECK(sim.aid.programmes().empty());
  engine::Event e;
  e.kind = 201;
  CHECK_THROWS_AS(sim.aid.handle(sim.part, e, sim.people), std::logic_error);
}
