#include <catch2/catch.hpp>

#include "sim/model/labour_market.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

struct Member {
  int age;
  Activity activity;
  bool licence = false;
  bool creche = false;
  bool health = false;
  bool transit_unaffordable = false;
};

/// A population with one household built by hand; the job seeker under test is member 0.
Population household(HouseholdType type, bool car, bool informal_care,
                     const std::vector<Member>& members) {
  Population pop;
  const std::uint32_t hh = pop.households.add(type, car, informal_care);
  for (const Member& m : members) {
    const std::uint32_t i = pop.add_member(hh);
    pop.persons.age[i] = static_cast<std::uint8_t>(m.age);
    pop.persons.activity[i] = m.activity;
    pop.persons.licence[i] = m.licence;
    pop.persons.creche_place[i] = m.creche;
    pop.persons.health_limited[i] = m.health;
    pop.persons.transit_unaffordable[i] = m.transit_unaffordable;
  }
  return pop;
}

constexpr Offer kEasy{false, true, false};  // no car needed, reachable, normal hours
constexpr Offer kNeedsCar{true, true, false};
constexpr Offer kUnreachable{false, false, false};
constexpr Offer kAtypical{false, true, true};
constexpr double kAccept = 0.5;

}  // namespace

TEST_CASE("mobility blocks offers a person cannot reach", "[model][labour]") {
  const auto no_car =
      household(HouseholdType::single_person, false, false, {{30, Activity::job_seeker, true}});
  CHECK(blocking_barrier(no_car, 0, kEasy, 0.0, kAccept) == Barrier::none);
  CHECK(blocking_barrier(no_car, 0, kNeedsCar, 0.0, kAccept) ==
        Barrier::mobility);  // licence, no car
  CHECK(blocking_barrier(no_car, 0, kUnreachable, 0.0, kAccept) == Barrier::mobility);

  const auto car_no_licence =
      household(HouseholdType::couple_no_children, true, false,
                {{30, Activity::job_seeker, false}, {32, Activity::employed, true}});
  CHECK(blocking_barrier(car_no_licence, 0, kNeedsCar, 0.0, kAccept) == Barrier::mobility);

  const auto driver = household(HouseholdType::single_person, true, false,
                                {{30, Activity::job_seeker, true, false, false, true}});
  CHECK(blocking_barrier(driver, 0, kNeedsCar, 0.0, kAccept) == Barrier::none);
  CHECK(blocking_barrier(driver, 0, kUnreachable, 0.0, kAccept) == Barrier::none);
  CHECK(blocking_barrier(driver, 0, kEasy, 0.0, kAccept) ==
        Barrier::none);  // drives: fares irrelevant

  const auto poor = household(HouseholdType::single_person, false, false,
                              {{30, Activity::job_seeker, false, false, false, true}});
  CHECK(blocking_barrier(poor, 0, kEasy, 0.0, kAccept) ==
        Barrier::mobility);  // transit unaffordable
}

TEST_CASE("childcare blocks a lone parent of an uncovered toddler", "[model][labour]") {
  const auto lone_toddler = household(HouseholdType::single_parent, false, false,
                                      {{28, Activity::job_seeker}, {1, Activity::child}});
  CHECK(blocking_barrier(lone_toddler, 0, kEasy, 0.0, kAccept) == Barrier::childcare);
  CHECK(childcare_uncovered(lone_toddler, 0, false));

  const auto with_creche =
      household(HouseholdType::single_parent, false, false,
                {{28, Activity::job_seeker}, {1, Activity::child, false, true}});
  CHECK(blocking_barrier(with_creche, 0, kEasy, 0.0, kAccept) == Barrier::none);
  CHECK(blocking_barrier(with_creche, 0, kAtypical, 0.0, kAccept) ==
        Barrier::childcare);  // under 11, atypical hours

  const auto informal = household(HouseholdType::single_parent, false, true,
                                  {{28, Activity::job_seeker}, {1, Activity::child}});
  CHECK(blocking_barrier(informal, 0, kAtypical, 0.0, kAccept) == Barrier::none);

  const auto partner_home =
      household(HouseholdType::couple_with_children, false, false,
                {{28, Activity::job_seeker}, {30, Activity::inactive}, {1, Activity::child}});
  CHECK(blocking_barrier(partner_home, 0, kEasy, 0.0, kAccept) == Barrier::none);

  const auto partner_works =
      household(HouseholdType::couple_with_children, false, false,
                {{28, Activity::job_seeker}, {30, Activity::employed}, {1, Activity::child}});
  CHECK(blocking_barrier(partner_works, 0, kEasy, 0.0, kAccept) == Barrier::childcare);

  const auto school_age = household(HouseholdType::single_parent, false, false,
                                    {{35, Activity::job_seeker}, {12, Activity::child}});
  CHECK(blocking_barrier(school_age, 0, kAtypical, 0.0, kAccept) ==
        Barrier::none);  // 12: no care needed
}

TEST_CASE("barriers are checked in order: mobility, childcare, health", "[model][labour]") {
  const auto all_three =
      household(HouseholdType::single_parent, false, false,
                {{28, Activity::job_seeker, false, false, true}, {1, Activity::child}});
  CHECK(blocking_barrier(all_three, 0, kNeedsCar, 0.9, kAccept) == Barrier::mobility);
  CHECK(blocking_barrier(all_three, 0, kEasy, 0.9, kAccept) == Barrier::childcare);

  const auto health = household(HouseholdType::single_person, false, false,
                                {{50, Activity::job_seeker, false, false, true}});
  CHECK(blocking_barrier(health, 0, kEasy, 0.9, kAccept) ==
        Barrier::health);  // draw above acceptance
  CHECK(blocking_barrier(health, 0, kEasy, 0.1, kAccept) == Barrier::none);
}

TEST_CASE("offers, refusals and hires update the person and the counters", "[model][labour]") {
  // A lone parent of a toddler without care: every offer is refused for childcare (or mobility).
  auto pop = household(HouseholdType::single_parent, false, false,
                       {{28, Activity::job_seeker}, {1, Activity::child}});
  Parameters params;
  params.set(Param::offer_rate, 2.0);
  params.set(Param::search_exit_rate, 0.0);
  const LabourMarket lm(params, 1.0);
  AgentStreams rng(StreamKey{1, 0, 0, 2});
  engine::EventQueue q;
  const Time t0 = Time::at(Date{2024, 1, 1});
  lm.init(pop, t0, rng, q);
  REQUIRE(q.size() == 1);  // the child has no labour-market event
  Flows flows;
  // Events until 50 offers (reassess events too).
  for (int guard = 0; flows[Counter::offers] < 50 && guard < 1000; ++guard) {
    const auto e = q.pop();
    lm.handle(e, e.time, pop, rng, q, flows);
  }
  CHECK(flows[Counter::offers] == 50);
  CHECK(flows[Counter::hires] == 0);
  CHECK(flows[Counter::refusals_childcare] + flows[Counter::refusals_mobility] == 50);
  CHECK(flows[Counter::refusals_childcare] > 0);
  CHECK(pop.persons.refusals[0][1] == flows[Counter::refusals_childcare]);
  CHECK(pop.persons.last_refusal[1][0] > t0);
  CHECK(pop.persons.activity[0] == Activity::job_seeker);

  // Give the child a crèche place and remove transit barriers: the next offer is taken.
  pop.persons.creche_place[1] = 1;
  const LabourMarket reachable(params, 1.0);
  Flows after;
  while (after[Counter::hires] == 0 && !q.empty()) {
    const auto e = q.pop();
    reachable.handle(e, e.time, pop, rng, q, after);
  }
  CHECK(after[Counter::hires] == 1);
  CHECK(pop.persons.activity[0] == Activity::employed);
  CHECK(pop.persons.contract[0] != Contract::none);
}

TEST_CASE("transport aid states lift the mobility barrier", "[model][labour]") {
  // Fares unaffordable, no car: a transit pass makes reachable offers acceptable.
  auto poor = household(HouseholdType::single_person, false, false,
                        {{30, Activity::job_seeker, true, false, false, true}});
  CHECK(blocking_barrier(poor, 0, kEasy, 0.0, kAccept) == Barrier::mobility);
  poor.persons.transit_pass[0] = 1;
  CHECK(blocking_barrier(poor, 0, kEasy, 0.0, kAccept) == Barrier::none);
  CHECK(blocking_barrier(poor, 0, kNeedsCar, 0.0, kAccept) == Barrier::mobility);
  // A licence holder without a household car: a rental car opens offers that need a car.
  poor.persons.car_rental[0] = 1;
  CHECK(blocking_barrier(poor, 0, kNeedsCar, 0.0, kAccept) == Barrier::none);
  CHECK(blocking_barrier(poor, 0, kUnreachable, 0.0, kAccept) == Barrier::none);
  // Without a licence the rental car does not help.
  poor.persons.licence[0] = 0;
  CHECK(blocking_barrier(poor, 0, kNeedsCar, 0.0, kAccept) == Barrier::mobility);
}

TEST_CASE("a chain of fixed-term renewals lasts as long as one event per contract would",
          "[model][labour]") {
  // Contracts of mean 8 months, renewed with probability 0.64, made permanent with 0.08: the
  // time to the first end that is not a renewal has mean 8 / 0.36 months, and that end makes
  // the job permanent with probability 0.08 / 0.36.
  Parameters params;
  params.set(Param::fixed_term_mean_months, 8.0);
  params.set(Param::fixed_term_renewal, 0.64);
  params.set(Param::fixed_term_to_permanent, 0.08);
  params.set(Param::permanent_loss_rate, 0.0);
  Population pop;
  constexpr int kWorkers = 4000;
  for (int k = 0; k < kWorkers; ++k) {
    const std::uint32_t hh = pop.households.add(HouseholdType::single_person, true, false);
    const std::uint32_t i = pop.add_member(hh);
    pop.persons.age[i] = 40;
    pop.persons.activity[i] = Activity::employed;
    pop.persons.contract[i] = Contract::fixed_term;
  }
  const LabourMarket lm(params, 1.0);
  AgentStreams rng(StreamKey{3, 0, 0, 2});
  engine::EventQueue q;
  const Time t0 = Time::at(Date{2024, 1, 1});
  lm.init(pop, t0, rng, q);
  REQUIRE(q.size() == kWorkers);
  Flows flows;
  double months = 0;
  int permanent = 0;
  while (!q.empty()) {
    const auto e = q.pop();
    if (static_cast<LabourEvent>(e.kind) != LabourEvent::contract_end) continue;  // first end only
    lm.handle(e, e.time, pop, rng, q, flows);
    months += (e.time - t0).in_days() / (365.25 / 12);
    permanent += pop.persons.contract[e.subject] == Contract::permanent;
  }
  CHECK(months / kWorkers == Approx(8.0 / 0.36).epsilon(0.05));
  CHECK(static_cast<double>(permanent) / kWorkers == Approx(0.08 / 0.36).epsilon(0.1));
  CHECK(flows[Counter::job_ends] == kWorkers - permanent);
}

TEST_CASE("a mobility refusal marks the current search, and a new search starts afresh",
          "[model][labour]") {
  // A job seeker with no licence and no car, offered only jobs that need a car.
  auto pop = household(HouseholdType::single_person, false, false, {{30, Activity::job_seeker}});
  Parameters params;
  params.set(Param::offer_rate, 2.0);
  params.set(Param::offer_needs_car, 1.0);
  params.set(Param::search_exit_rate, 0.0);
  params.set(Param::fixed_term_share_of_hires, 0.0);  // hires are permanent...
  params.set(Param::permanent_loss_rate, 1.0);        // ...and soon lost
  params.set(Param::job_end_to_inactive, 0.0);        // into a new search
  const LabourMarket lm(params, 1.0);
  AgentStreams rng(StreamKey{5, 0, 0, 2});
  engine::EventQueue q;
  const Time t0 = Time::at(Date{2024, 1, 1});
  lm.init(pop, t0, rng, q);
  Persons& p = pop.persons;
  CHECK(p.refused_mobility_in_search[0] == 0);  // searching before t0: nothing known
  Flows flows;
  auto step = [&] {
    const auto e = q.pop();
    lm.handle(e, e.time, pop, rng, q, flows);
    return e.time;
  };
  while (flows[Counter::refusals_mobility] == 0 && !q.empty()) step();
  REQUIRE(flows[Counter::refusals_mobility] == 1);
  CHECK(p.refused_mobility_in_search[0] == 1);

  // A licence and a car: the next offer is taken.
  p.licence[0] = 1;
  pop.households.car[0] = 1;
  while (flows[Counter::hires] == 0 && !q.empty()) step();
  REQUIRE(p.activity[0] == Activity::employed);
  // The job is lost: a new search, which the last one's refusal does not mark.
  Time searching_since = t0;
  while (p.activity[0] != Activity::job_seeker && !q.empty()) searching_since = step();
  REQUIRE(p.activity[0] == Activity::job_seeker);
  CHECK(flows[Counter::job_ends] == 1);
  CHECK(p.search_since[0] == searching_since);
  CHECK(p.refused_mobility_in_search[0] == 0);
  CHECK(p.last_refusal[0][0] > t0);  // still within the 12-month window

  // Every other way into a search clears it too: from inactivity, from studies, and joining
  // the population (a newcomer) already searching.
  const Time later = searching_since + Duration::whole_days(30);
  p.refused_mobility_in_search[0] = 1;
  p.activity[0] = Activity::inactive;
  Parameters entering = params;
  entering.set(Param::search_entry_rate, 1.0);
  const LabourMarket entry(entering, 1.0);
  entry.reschedule(pop, 0, later, rng, q);  // earlier pending events are now stale
  while (p.activity[0] != Activity::job_seeker && !q.empty()) {
    const auto e = q.pop();
    entry.handle(e, e.time, pop, rng, q, flows);
  }
  CHECK(flows[Counter::search_entries] == 1);
  CHECK(p.refused_mobility_in_search[0] == 0);

  p.refused_mobility_in_search[0] = 1;
  p.activity[0] = Activity::student;
  lm.change_activity(pop, 0, Activity::job_seeker, later, rng, q);
  CHECK(p.refused_mobility_in_search[0] == 0);

  const std::uint32_t newcomer = pop.add_member(0);
  p.age[newcomer] = 35;
  p.activity[newcomer] = Activity::job_seeker;
  p.refused_mobility_in_search[newcomer] = 1;
  lm.add_person(pop, newcomer, later, rng, q);
  CHECK(p.refused_mobility_in_search[newcomer] == 0);
}

TEST_CASE("a childcare refusal does not mark the search as refused for mobility",
          "[model][labour]") {
  // A lone parent of a toddler without care, offered jobs anyone can reach.
  auto pop = household(HouseholdType::single_parent, false, false,
                       {{28, Activity::job_seeker}, {1, Activity::child}});
  Parameters params;
  params.set(Param::offer_rate, 2.0);
  params.set(Param::offer_needs_car, 0.0);
  params.set(Param::search_exit_rate, 0.0);
  const LabourMarket lm(params, 1.0);
  AgentStreams rng(StreamKey{6, 0, 0, 2});
  engine::EventQueue q;
  lm.init(pop, Time::at(Date{2024, 1, 1}), rng, q);
  Flows flows;
  for (int guard = 0; flows[Counter::offers] < 20 && guard < 1000; ++guard) {
    const auto e = q.pop();
    lm.handle(e, e.time, pop, rng, q, flows);
  }
  REQUIRE(flows[Counter::refusals_childcare] == 20);
  CHECK(flows[Counter::refusals_mobility] == 0);
  CHECK(pop.persons.refused_mobility_in_search[0] == 0);
}
