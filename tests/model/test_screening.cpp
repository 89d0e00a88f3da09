#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <numeric>

#include "sim/model/screening.hpp"
#include "sim/model/screening_rules.hpp"
#include "sim/model/simulation.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

constexpr auto kBreast = static_cast<std::size_t>(Programme::breast);
constexpr Duration kNineAm = Duration::seconds(9 * 3600);

Date day(int y, int m, int d) {
  return Date::make(y, m, d);
}

/// Everything a partition refers to; must outlive the partitions built from it.
struct World {
  Territory territory;
  Parameters params;
  RunPlan plan;
  std::vector<Intervention> interventions;
  Flows flows;

  explicit World(std::vector<std::string> codes, Date start = day(2024, 1, 1),
                 Date end = day(2026, 12, 31)) {
    territory.name = "test";
    for (auto& c : codes) {
      Qpv q;
      q.code = c;
      territory.qpvs.push_back(q);
    }
    plan.start = start;
    plan.end = end;
  }
  void add_truck(const ScreeningTruck& t) {
    Intervention i;
    i.name = "truck";
    i.detail = t;
    interventions.push_back(i);
  }
  /// The partition of QPV `q`, with the interventions that target it.
  Partition partition(Population pop, std::uint32_t q = 0) {
    Partition part{territory,
                   q,
                   territory.qpvs[q],
                   params,
                   plan,
                   0,
                   {},
                   std::move(pop),
                   {},
                   &flows,
                   Spending(plan.start.year, plan.end.year)};
    for (std::size_t k = 0; k < interventions.size(); ++k) {
      if (targets(interventions[k], territory.qpvs[q].code))
        part.interventions.emplace_back(k, &interventions[k]);
    }
    return part;
  }
};

/// Appends `n` people living alone; `driver`: a licence and a car.
void add_people(Population& pop, int n, int age, Sex sex, bool driver = true) {
  for (int j = 0; j < n; ++j) {
    const std::uint32_t hh = pop.households.add(HouseholdType::single_person, driver, false);
    const std::uint32_t i = pop.add_member(hh);
    pop.persons.age[i] = static_cast<std::uint8_t>(age);
    pop.persons.sex[i] = sex;
    pop.persons.licence[i] = driver;
  }
}

ScreeningTruck mammography_truck(std::vector<Date> dates, std::int64_t capacity, double reach,
                                 double conversion) {
  ScreeningTruck t;
  t.dates = std::move(dates);
  t.mode = TruckMode::mammography;
  t.mammography_from = day(2024, 1, 1);
  t.capacity_per_passage = capacity;
  t.reach = reach;
  t.conversion = conversion;
  t.cost_per_passage = Cents::from_euros(1000);
  return t;
}

/// The process's streams, keyed as the simulation keys them (seed, replicate, QPV, process).
struct Streams {
  AgentStreams people;
  Rng schedule;
  explicit Streams(std::uint64_t seed)
      : people(StreamKey{seed, 0, 1, static_cast<std::uint32_t>(Stream::screening)}),
        schedule(StreamKey{seed, 0, 1, static_cast<std::uint32_t>(Stream::truck)}) {}
};

/// Steps the process as simulation.cpp does: on each first of the month after t0 and before
/// `until`, the events before that day, then monthly(); last, the events before `until`.
/// `after(now)` runs after every event and every monthly step.
template <class F>
void run_until(Partition& part, Screening& s, Streams& st, Time t0, Date until, F&& after) {
  for (Date d = first_of_next_month(t0.date());; d = first_of_next_month(d)) {
    const Time stop = Time::at(std::min(d, until));
    while (!part.queue.empty() && part.queue.top().time < stop) {
      const engine::Event e = part.queue.pop();
      s.handle(part, e, st.people, st.schedule);
      after(e.time);
    }
    if (d >= until) return;
    s.monthly(part, Time::at(d), st.people);
    after(Time::at(d));
  }
}
void run_until(Partition& part, Screening& s, Streams& st, Time t0, Date until) {
  run_until(part, s, st, t0, until, [](Time) {});
}

void forget_screenings(Population& pop) {
  for (auto& last : pop.persons.last_screening) std::fill(last.begin(), last.end(), Time::min());
  std::fill(pop.persons.truck_aware.begin(), pop.persons.truck_aware.end(), 0);
}

/// Share of eligible residents up to date for `prog` at `now`.
double coverage(const Population& pop, Programme prog, Time now) {
  const Persons& p = pop.persons;
  double eligible = 0, up = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (!screening_eligible(prog, p.sex[i], p.age[i])) continue;
    eligible += 1;
    up += screening_up_to_date(prog, p.age[i], p.last_screening[static_cast<std::size_t>(prog)][i],
                               now);
  }
  return up / eligible;
}

/// A mixed population: ages 20-80, both sexes, about half able to drive.
Population mixed(int n) {
  Population pop;
  for (int j = 0; j < n; ++j)
    add_people(pop, 1, 20 + (j * 7) % 61, j % 3 == 0 ? Sex::male : Sex::female, j % 2 == 0);
  return pop;
}

}  // namespace

TEST_CASE("truck_schedule spreads passages_per_year x qpv_share over each year, QPVs in turn",
          "[model][screening]") {
  World w({"A", "B", "C"});
  ScreeningTruck t;
  t.passages_per_year = 10;
  t.qpv_share = 0.5;
  t.qpv = {"A", "C"};
  t.mode = TruckMode::mammography;
  t.mammography_from = day(2025, 6, 1);

  const auto s = truck_schedule(t, 2, w.territory, w.plan);
  REQUIRE(s.size() == 15);  // 5 a year over 2024-2026
  std::map<int, int> per_year;
  for (std::size_t j = 0; j < s.size(); ++j) {
    ++per_year[s[j].date.year];
    CHECK(s[j].date >= w.plan.start);
    CHECK(s[j].date <= w.plan.end);
    CHECK(s[j].intervention == 2);
    CHECK(s[j].qpv_code == (j % 2 == 0 ? "A" : "C"));  // in turn, continuing across years
    CHECK(s[j].mammography == (s[j].date >= day(2025, 6, 1)));
    if (j > 0) CHECK(s[j - 1].date < s[j].date);
    // Evenly spread: 73 or 74 days apart within a year.
    if (j % 5 != 0) {
      const auto gap = s[j].date.days_since_epoch() - s[j - 1].date.days_since_epoch();
      CHECK((gap == 73 || gap == 74));
    }
  }
  CHECK(per_year == std::map<int, int>{{2024, 5}, {2025, 5}, {2026, 5}});
  CHECK(s.front().date == day(2024, 2, 6));  // middle of the first fifth of 2024

  SECTION("awareness mode never offers mammography") {
    t.mode = TruckMode::awareness;
    for (const auto& p : truck_schedule(t, 0, w.territory, w.plan)) CHECK_FALSE(p.mammography);
  }
  SECTION("rounding: nearest integer, halves up") {
    t.passages_per_year = 5;  // 2.5 -> 3
    CHECK(truck_schedule(t, 0, w.territory, w.plan).size() == 9);
    t.qpv_share = 0.3;  // 1.5 -> 2 (5 x 0.3 is 1.4999... in floating point)
    CHECK(truck_schedule(t, 0, w.territory, w.plan).size() == 6);
    t.qpv_share = 0.0;
    CHECK(truck_schedule(t, 0, w.territory, w.plan).empty());
  }
  SECTION("no selection: every QPV in territory order") {
    t.qpv.clear();
    const auto all = truck_schedule(t, 0, w.territory, w.plan);
    CHECK(all[0].qpv_code == "A");
    CHECK(all[1].qpv_code == "B");
    CHECK(all[2].qpv_code == "C");
    CHECK(all[3].qpv_code == "A");
  }
  SECTION("a run starting mid-year keeps that year's later passages only") {
    World late({"A", "B", "C"}, day(2024, 7, 1), day(2025, 12, 31));
    const auto part = truck_schedule(t, 0, late.territory, late.plan);
    CHECK(part.size() == 8);  // 2024: the 3 passages from July; 2025: 5
    CHECK(part.front().date >= day(2024, 7, 1));
  }
  SECTION("a selection naming no QPV of the territory gives no passage") {
    t.qpv = {"Z"};
    CHECK(truck_schedule(t, 0, w.territory, w.plan).empty());
  }
}

TEST_CASE("truck_schedule honours explicit dates, in date order", "[model][screening]") {
  World w({"A", "B", "C"});
  ScreeningTruck t;
  t.dates = {day(2025, 3, 1), day(2024, 5, 10), day(2026, 1, 2), day(2025, 11, 5)};
  t.qpv_share = 0.5;  // not applied to an explicit schedule
  t.mode = TruckMode::mammography;
  t.mammography_from = day(2025, 11, 5);
  const auto s = truck_schedule(t, 1, w.territory, w.plan);
  REQUIRE(s.size() == 4);
  CHECK(s[0].date == day(2024, 5, 10));
  CHECK(s[1].date == day(2025, 3, 1));
  CHECK(s[2].date == day(2025, 11, 5));
  CHECK(s[3].date == day(2026, 1, 2));
  CHECK(s[0].qpv_code == "A");
  CHECK(s[1].qpv_code == "B");
  CHECK(s[2].qpv_code == "C");
  CHECK(s[3].qpv_code == "A");
  CHECK_FALSE(s[1].mammography);
  CHECK(s[2].mammography);  // from the date itself
  CHECK(s[3].mammography);
}

TEST_CASE("a truck passage screens at most its capacity and nobody up to date",
          "[model][screening]") {
  World w({"A"}, day(2024, 1, 1), day(2024, 12, 31));
  const Date date = day(2024, 3, 12);
  w.add_truck(mammography_truck({date}, 30, 1.0, 1.0));
  Population pop;
  add_people(pop, 200, 60, Sex::female);  // rows 0-199: not up to date
  add_people(pop, 50, 60, Sex::female);   // rows 200-249: up to date
  add_people(pop, 20, 60, Sex::male);     // not eligible
  add_people(pop, 20, 40, Sex::female);   // not eligible
  Partition part = w.partition(std::move(pop));
  Screening s(part);
  Streams st(3);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  forget_screenings(part.pop);
  Persons& p = part.pop.persons;
  const Time recent = Time::at(date) - Duration::whole_days(100);
  for (std::uint32_t i = 200; i < 250; ++i) p.last_screening[kBreast][i] = recent;

  REQUIRE(part.queue.size() == 1);
  const engine::Event e = part.queue.pop();
  CHECK(e.time == Time::at(date) + kNineAm);
  CHECK(e.kind == static_cast<std::uint16_t>(ScreeningEvent::truck_passage));
  s.handle(part, e, st.people, st.schedule);

  CHECK(w.flows[Counter::truck_passages] == 1);
  CHECK(w.flows[Counter::truck_reached] == 200);
  CHECK(w.flows[Counter::truck_screened] == 30);
  CHECK(w.flows[Counter::screened_breast] == 30);
  int screened = 0, aware = 0;
  std::uint32_t highest = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.last_screening[kBreast][i] == e.time) {
      ++screened;
      highest = std::max(highest, i);
      CHECK(i < 200);
    }
    aware += p.truck_aware[i];
    if (i >= 200) CHECK_FALSE(p.truck_aware[i]);
  }
  CHECK(screened == 30);
  CHECK(aware == 170);  // reached but over capacity
  for (std::uint32_t i = 200; i < 250; ++i) CHECK(p.last_screening[kBreast][i] == recent);
  CHECK(highest >= 100);  // random visiting order, not the first rows

  SECTION("capacity holds whatever the draws") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      World v({"A"}, day(2024, 1, 1), day(2024, 12, 31));
      v.add_truck(mammography_truck({date}, 10, 0.8, 0.9));
      Population q;
      add_people(q, 200, 60, Sex::female);
      Partition vp = v.partition(std::move(q));
      Screening vs(vp);
      Streams vst(seed);
      vs.init(vp, t0, vst.people, vst.schedule);
      vs.handle(vp, vp.queue.pop(), vst.people, vst.schedule);
      CHECK(v.flows[Counter::truck_screened] <= 10);
      CHECK(v.flows[Counter::truck_screened] > 0);
    }
  }
}

TEST_CASE("an awareness passage screens nobody and raises the next breast invitation's uptake",
          "[model][screening]") {
  World w({"A"}, day(2024, 1, 1), day(2026, 12, 31));
  ScreeningTruck t = mammography_truck({day(2024, 3, 12)}, 1000, 0.5, 1.0);
  t.mode = TruckMode::awareness;
  w.add_truck(t);
  w.params.set(Param::low_health_literacy_share, 0.0);
  Population pop;
  add_people(pop, 4000, 55, Sex::female);
  Partition part = w.partition(std::move(pop));
  Screening s(part);
  Streams st(5);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  forget_screenings(part.pop);
  Persons& p = part.pop.persons;

  s.handle(part, part.queue.pop(), st.people, st.schedule);
  for (const Counter screened :
       {Counter::screened_breast, Counter::screened_cervical, Counter::screened_colorectal})
    CHECK(w.flows[screened] == 0);
  CHECK(w.flows[Counter::truck_screened] == 0);
  std::vector<std::uint8_t> was_aware = p.truck_aware;
  const auto n_aware = std::count(was_aware.begin(), was_aware.end(), 1);
  CHECK(w.flows[Counter::truck_reached] == n_aware);
  CHECK(n_aware > 1800);
  CHECK(n_aware < 2200);

  // Over one 24-month cycle everybody is invited exactly once.
  run_until(part, s, st, Time::at(day(2024, 3, 1)), day(2026, 4, 1));
  double aware_screened = 0, other_screened = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const bool screened = p.last_screening[kBreast][i] != Time::min();
    (was_aware[i] ? aware_screened : other_screened) += screened;
    CHECK_FALSE(p.truck_aware[i]);  // used up by the invitation
  }
  const double aware_rate = aware_screened / static_cast<double>(n_aware);
  const double other_rate = other_screened / static_cast<double>(4000 - n_aware);
  const double u = w.params[Param::screening_uptake_breast];
  CHECK(aware_rate == Approx(u * w.params[Param::truck_awareness_mult]).margin(0.04));
  CHECK(other_rate == Approx(u).margin(0.04));
  CHECK(aware_rate > other_rate + 0.15);
}

TEST_CASE("nobody is screened twice by a programme within its interval", "[model][screening]") {
  World w({"A"}, day(2024, 1, 1), day(2031, 12, 31));
  for (Param u : {Param::screening_uptake_breast, Param::screening_uptake_cervical,
                  Param::screening_uptake_colorectal})
    w.params.set(u, 1.0);  // everybody invited is screened: the hardest case
  ScreeningTruck t = mammography_truck({}, 1000, 1.0, 1.0);
  t.passages_per_year = 12;
  t.qpv_share = 1.0;
  w.add_truck(t);
  Population pop;
  for (int age : {25, 28, 35, 50, 62, 70, 74}) {
    add_people(pop, 20, age, Sex::female, age % 2 == 0);
    add_people(pop, 20, age, Sex::male);
  }
  Partition part = w.partition(std::move(pop));
  Screening s(part);
  Streams st(9);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  const Persons& p = part.pop.persons;

  auto last = p.last_screening;
  int repeats = 0, too_soon = 0;
  run_until(part, s, st, t0, day(2032, 1, 1), [&](Time) {
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      for (std::size_t k = 0; k < kProgrammes; ++k) {
        if (p.last_screening[k][i] == last[k][i]) continue;
        if (last[k][i] != Time::min()) {
          ++repeats;
          const auto interval = screening_interval_days(static_cast<Programme>(k), p.age[i]);
          if (p.last_screening[k][i] - last[k][i] < Duration::whole_days(interval)) ++too_soon;
        }
        last[k][i] = p.last_screening[k][i];
      }
    }
  });
  CHECK(too_soon == 0);
  CHECK(repeats > 300);  // the rule was exercised
  CHECK(w.flows[Counter::truck_passages] == 12 * 8);
}

TEST_CASE("uptake falls without a car and with low health literacy", "[model][screening]") {
  World w({"A"}, day(2024, 1, 1), day(2026, 12, 31));
  Population pop;
  add_people(pop, 3000, 55, Sex::female, true);
  add_people(pop, 3000, 55, Sex::female, false);
  add_people(pop, 3000, 55, Sex::female, true);
  add_people(pop, 3000, 55, Sex::female, false);
  Partition part = w.partition(std::move(pop));
  Screening s(part);
  Streams st(13);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  forget_screenings(part.pop);
  Persons& p = part.pop.persons;
  for (std::uint32_t i = 0; i < p.size(); ++i) p.low_health_literacy[i] = i >= 6000;

  const double u = w.params[Param::screening_uptake_breast];
  const double car = w.params[Param::screening_mult_no_car];
  const double lit = w.params[Param::screening_mult_low_literacy];
  const std::array<double, 4> expected = {u, u * car, u * lit, u * car * lit};
  for (std::uint32_t g = 0; g < 4; ++g)
    CHECK(s.uptake(part.pop, g * 3000, Programme::breast) == Approx(expected[g]));

  // One 24-month cycle, 2023-02 to 2025-01; phases spread the invitations over its months.
  std::vector<std::int64_t> per_month;
  run_until(part, s, st, t0, day(2025, 2, 1), [&](Time) {
    per_month.push_back(w.flows[Counter::screened_breast]);
    w.flows = Flows{};
  });
  REQUIRE(per_month.size() == 24);
  const double mean =
      static_cast<double>(std::accumulate(per_month.begin(), per_month.end(), std::int64_t{0})) /
      24.0;
  for (std::int64_t n : per_month) CHECK(static_cast<double>(n) == Approx(mean).epsilon(0.35));
  std::array<double, 4> rate{};
  for (std::uint32_t i = 0; i < p.size(); ++i)
    rate[i / 3000] += (p.last_screening[kBreast][i] != Time::min()) / 3000.0;
  for (std::size_t g = 0; g < 4; ++g) {
    INFO("group " << g);
    CHECK(rate[g] == Approx(expected[g]).margin(0.03));
  }
  CHECK(rate[0] > rate[1]);
  CHECK(rate[0] > rate[2]);
  CHECK(rate[1] > rate[3]);
  CHECK(rate[2] > rate[3]);

  SECTION("awareness multiplies breast uptake only, capped at 1") {
    w.params.set(Param::truck_awareness_mult, 5.0);
    Screening strong(part);
    p.truck_aware[0] = 1;
    CHECK(strong.uptake(part.pop, 0, Programme::breast) == 1.0);
    CHECK(strong.uptake(part.pop, 0, Programme::colorectal) ==
          Approx(w.params[Param::screening_uptake_colorectal]));
  }
}

TEST_CASE("initial coverage is the steady state of the invitation rule", "[model][screening]") {
  World w({"A"});
  Partition part = w.partition(mixed(6000));
  Screening s(part);
  Streams st(17);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  const Persons& p = part.pop.persons;

  double adults = 0, low = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    adults += p.age[i] >= 15;
    low += p.low_health_literacy[i];
  }
  CHECK(low / adults == Approx(w.params[Param::low_health_literacy_share]).margin(0.03));

  std::array<double, kProgrammes> at_t0{};
  for (std::size_t k = 0; k < kProgrammes; ++k) {
    const auto prog = static_cast<Programme>(k);
    double eligible = 0, expected = 0;
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      if (!screening_eligible(prog, p.sex[i], p.age[i])) continue;
      eligible += 1;
      expected += s.uptake(part.pop, i, prog);
    }
    at_t0[k] = coverage(part.pop, prog, t0);
    INFO("programme " << k);
    CHECK(at_t0[k] == Approx(expected / eligible).margin(0.03));
  }
  // No jump once invitations run: coverage one, two and three years on stays put (measured
  // after the month's invitations, as the simulation records stocks).
  int checked = 0;
  run_until(part, s, st, t0, day(2026, 1, 2), [&](Time now) {
    const Date d = now.date();
    if (d.month != 1 || d.day != 1) return;
    ++checked;
    for (std::size_t k = 0; k < kProgrammes; ++k) {
      INFO("programme " << k << " on " << d.to_string());
      CHECK(coverage(part.pop, static_cast<Programme>(k), now) == Approx(at_t0[k]).margin(0.03));
    }
  });
  CHECK(checked == 3);
}

TEST_CASE("truck passages come on their dates and spending is passages x cost",
          "[model][screening]") {
  World w({"A", "B"});
  ScreeningTruck t = mammography_truck({}, 34, 0.3, 0.5);
  t.passages_per_year = 10;
  t.qpv_share = 0.5;
  t.cost_per_passage = Cents::from_euros(1234.56);
  w.add_truck(t);
  ScreeningTruck elsewhere = t;  // a second truck for B only: nothing of it in A
  elsewhere.qpv = {"B"};
  w.add_truck(elsewhere);

  Partition part = w.partition(mixed(400));
  Screening s(part);
  REQUIRE(s.passages() == 8);  // A gets turns 1, 3, 5 of 2024, 2 and 4 of 2025, 3 of 2026
  std::vector<Time> expected;
  for (const auto& tp : truck_schedule(t, 0, w.territory, w.plan))
    if (tp.qpv_code == "A") expected.push_back(Time::at(tp.date) + kNineAm);

  Streams st(21);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  std::vector<Time> seen;
  run_until(part, s, st, t0, day(2027, 1, 1), [&](Time now) {
    if (now.seconds_since_epoch() % Duration::kSecondsPerDay != 0) seen.push_back(now);
  });
  CHECK(seen == expected);
  CHECK(w.flows[Counter::truck_passages] == 8);
  const std::int64_t cost = Cents::from_euros(1234.56).count();
  const auto& spent = part.spending.cents[static_cast<std::size_t>(Lever::screening_truck)];
  CHECK(spent == std::vector<std::int64_t>{3 * cost, 2 * cost, 3 * cost});
  CHECK(w.flows[Counter::truck_screened] <= 8 * 34);
}

TEST_CASE("the same seed gives the same screenings, another seed others", "[model][screening]") {
  auto simulate = [](std::uint64_t seed) {
    World w({"A"});
    ScreeningTruck t = mammography_truck({}, 20, 0.5, 0.6);
    t.passages_per_year = 6;
    t.qpv_share = 1.0;
    w.add_truck(t);
    Partition part = w.partition(mixed(600));
    Screening s(part);
    Streams st(seed);
    const Time t0 = Time::at(day(2023, 1, 1));
    s.init(part, t0, st.people, st.schedule);
    run_until(part, s, st, t0, day(2027, 1, 1));
    std::vector<std::int64_t> out;
    for (const auto& last : part.pop.persons.last_screening)
      for (Time x : last) out.push_back(x.seconds_since_epoch());
    for (auto a : part.pop.persons.truck_aware) out.push_back(a);
    for (auto a : part.pop.persons.low_health_literacy) out.push_back(a);
    out.push_back(w.flows[Counter::truck_screened]);
    out.push_back(w.flows[Counter::truck_reached]);
    for (const Counter screened :
         {Counter::screened_breast, Counter::screened_cervical, Counter::screened_colorectal})
      out.push_back(w.flows[screened]);
    return out;
  };
  const auto a = simulate(31);
  CHECK(a == simulate(31));
  CHECK(a != simulate(32));
}

TEST_CASE("newcomers get phases and a drawn screening history, and unknown persons are refused",
          "[model][screening]") {
  World w({"A"});
  Partition part = w.partition(mixed(50));
  Screening s(part);
  Streams st(41);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);

  const std::uint32_t hh = part.pop.households.add(HouseholdType::single_person, true, false);
  const std::uint32_t i = part.pop.add_member(hh);
  part.pop.persons.age[i] = 60;
  part.pop.persons.sex[i] = Sex::female;
  CHECK_THROWS_AS(s.monthly(part, Time::at(day(2023, 2, 1)), st.people), std::logic_error);

  w.params.set(Param::screening_uptake_colorectal, 1.0);
  w.params.set(Param::low_health_literacy_share, 0.0);  // uptake exactly 1 for a driver
  Screening sure(part);
  sure.init(part, t0, st.people, st.schedule);  // every phase drawn again
  const std::uint32_t j = part.pop.add_member(hh);
  part.pop.persons.age[j] = 60;
  part.pop.persons.licence[j] = 1;
  sure.add_person(part, j, Time::at(day(2023, 1, 15)), st.people);
  // Every person has a stream; there may be more, made ahead within the reserved room.
  CHECK(st.people.size() >= part.pop.persons.size());
  // The newcomer, a man of 60, arrives with a colorectal history drawn with uptake 1: screened
  // in his last round, before he arrived; breast and cervical screening do not apply to him.
  const Time arrival = Time::at(day(2023, 1, 15));
  const Time last =
      part.pop.persons.last_screening[static_cast<std::size_t>(Programme::colorectal)][j];
  CHECK(last != Time::min());
  CHECK(last <= arrival);
  CHECK(part.pop.persons.last_screening[static_cast<std::size_t>(Programme::breast)][j] ==
        Time::min());
  run_until(part, sure, st, t0, day(2025, 2, 1));  // one colorectal cycle: invited again
  CHECK(part.pop.persons.last_screening[static_cast<std::size_t>(Programme::colorectal)][j] !=
        Time::min());
}

TEST_CASE("a truck passage refuses a person added without add_person", "[model][screening]") {
  World w({"A"});
  ScreeningTruck t = mammography_truck({}, 20, 0.5, 0.6);
  t.passages_per_year = 6;
  t.qpv_share = 1.0;
  w.add_truck(t);
  Partition part = w.partition(mixed(50));
  Screening s(part);
  Streams st(43);
  const Time t0 = Time::at(day(2023, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  const std::uint32_t hh = part.pop.households.add(HouseholdType::single_person, true, false);
  for (int k = 0; k < 2; ++k)
    s.add_person(part, part.pop.add_member(hh), Time::at(day(2023, 1, 15)), st.people);
  part.pop.add_member(hh);  // never shown to Screening
  // Streams were made ahead of the rows, so the newcomer has one: only the screening state
  // shows that they were never added.
  REQUIRE(st.people.size() >= part.pop.persons.size());
  REQUIRE(!part.queue.empty());
  const engine::Event passage = part.queue.pop();
  CHECK_THROWS_AS(s.handle(part, passage, st.people, st.schedule), std::logic_error);
}

TEST_CASE("people too young for a programme are invited once they come of age",
          "[model][screening]") {
  // Women of 40 in 2024 turn 50 in 2034: set aside for years, they must come back in time for
  // their first breast invitation (every one within the 2-year cycle, with uptake 1).
  World w({"A"}, day(2024, 1, 1), day(2037, 12, 31));
  w.params.set(Param::screening_uptake_breast, 1.0);
  w.params.set(Param::screening_mult_low_literacy, 1.0);
  Population pop;
  add_people(pop, 200, 40, Sex::female);
  Partition part = w.partition(std::move(pop));
  Screening s(part);
  Streams st(5);
  const Time t0 = Time::at(day(2024, 1, 1));
  s.init(part, t0, st.people, st.schedule);
  Persons& p = part.pop.persons;
  constexpr auto kBreast = static_cast<std::size_t>(Programme::breast);
  int screened_too_young = 0;
  // Their birthday comes after the step of 1 January: they are 50 from February 2034, and by
  // February 2036 each has been due once.
  run_until(part, s, st, t0, day(2036, 2, 1), [&](Time now) {
    const Date d = now.date();
    if (d.month == 1 && d.day == 1 && now.seconds_since_epoch() % 86400 == 0 && d.year > 2024) {
      for (std::uint32_t i = 0; i < p.size(); ++i) ++p.age[i];  // a birthday every 1 January
    }
    for (std::uint32_t i = 0; i < p.size(); ++i)
      screened_too_young += p.age[i] < 50 && p.last_screening[kBreast][i] != Time::min();
  });
  CHECK(screened_too_young == 0);
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    CHECK(p.age[i] == 52);
    CHECK(p.last_screening[kBreast][i] >= Time::at(day(2034, 1, 1)));
  }
}
