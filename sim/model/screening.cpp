#include "sim/model/screening.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <variant>

#include "sim/model/indicators.hpp"
#include "sim/model/labour_market.hpp"
#include "sim/model/run_plan.hpp"
#include "sim/model/screening_rules.hpp"

namespace qpv::model {
namespace {

/// Truck passages start in the morning, after any event at midnight on the same day.
constexpr Duration kPassageHour = Duration::seconds(9 * 3600);
/// A common multiple of every cycle (24, 36 and 60 months): a phase drawn in [0, 360) is
/// uniform modulo each cycle, so one draw per programme serves whatever the person's age.
constexpr std::uint32_t kPhaseMonths = 360;

/// The programme's cycle in months: 24, 36 or 60.
int cycle_months(Programme prog, int age) {
  return static_cast<int>(screening_interval_days(prog, age) / 365 * 12);
}
/// How many months since the person's last due month (0 = due this month).
int months_since_due(int month, std::uint16_t phase, int cycle) {
  const int d = month - static_cast<int>(phase);
  // The cycles the rules give, as constants: a remainder by a constant is a multiplication,
  // not a division (this runs for every person visited each month).
  int r = 0;
  switch (cycle) {
    case 24:
      r = d % 24;
      break;
    case 36:
      r = d % 36;
      break;
    case 60:
      r = d % 60;
      break;
    default:
      r = d % cycle;
  }
  return r < 0 ? r + cycle : r;
}

}  // namespace

std::vector<TruckPassage> truck_schedule(const ScreeningTruck& truck,
                                         std::size_t intervention_index, const Territory& territory,
                                         const RunPlan& plan) {
  std::vector<const Qpv*> targeted;
  for (const Qpv& q : territory.qpvs) {
    if (truck.qpv.empty() ||
        std::find(truck.qpv.begin(), truck.qpv.end(), q.code) != truck.qpv.end())
      targeted.push_back(&q);
  }
  std::vector<TruckPassage> out;
  if (targeted.empty()) return out;

  std::vector<Date> dates;
  if (truck.passages_per_year) {
    // The epsilon keeps products such as 5 x 0.3 (1.4999...) on the intended half.
    const double exact = static_cast<double>(*truck.passages_per_year) * truck.qpv_share;
    const auto n = static_cast<std::int64_t>(std::floor(exact + 0.5 + 1e-9));
    for (int year = plan.start.year; n > 0 && year <= plan.end.year; ++year) {
      const std::int64_t jan1 = Date::make(year, 1, 1).days_since_epoch();
      const std::int64_t days = Date::make(year + 1, 1, 1).days_since_epoch() - jan1;
      for (std::int64_t j = 0; j < n; ++j) {
        // Middle of the j-th of n equal slices of the year, in whole days (exact integers).
        dates.push_back(Date::from_days_since_epoch(jan1 + (2 * j + 1) * days / (2 * n)));
      }
    }
  } else {
    dates = truck.dates;
    std::sort(dates.begin(), dates.end());
  }

  std::size_t turn = 0;
  for (const Date& d : dates) {
    if (d < plan.start || d > plan.end) continue;  // the loader rejects these for `dates`
    const bool mammography = truck.mode == TruckMode::mammography && truck.mammography_from &&
                             d >= *truck.mammography_from;
    out.push_back({d, targeted[turn % targeted.size()]->code, intervention_index, mammography});
    ++turn;
  }
  return out;
}

Screening::Screening(const Partition& part)
    : uptake_{part.params[Param::screening_uptake_breast],
              part.params[Param::screening_uptake_cervical],
              part.params[Param::screening_uptake_colorectal]},
      low_literacy_share_(part.params[Param::low_health_literacy_share]),
      no_car_factor_{part.params[Param::screening_mult_no_car], 1.0},
      literacy_factor_{1.0, part.params[Param::screening_mult_low_literacy]},
      awareness_factor_{1.0, part.params[Param::truck_awareness_mult]} {
  for (const auto& [index, intervention] : part.interventions) {
    const auto* truck = std::get_if<ScreeningTruck>(&intervention->detail);
    if (truck == nullptr) continue;
    for (const TruckPassage& tp : truck_schedule(*truck, index, part.territory, part.plan)) {
      if (tp.qpv_code == part.qpv.code)
        passages_.push_back({Time::at(tp.date) + kPassageHour, truck, tp.mammography,
                             truck->reach.value_or(part.params[Param::truck_reach]),
                             truck->conversion.value_or(part.params[Param::truck_conversion])});
    }
  }
  // Several trucks: one schedule in date order, ties in scenario order.
  std::stable_sort(passages_.begin(), passages_.end(),
                   [](const Passage& a, const Passage& b) { return a.time < b.time; });
}

double Screening::uptake(const Population& pop, std::uint32_t i, Programme prog) const {
  const Persons& p = pop.persons;
  // Factors looked up by the 0/1 conditions rather than branched on (each is a coin flip to
  // the processor); a factor of 1 leaves u exactly as it is.
  double u = uptake_[static_cast<std::size_t>(prog)];
  u *= no_car_factor_[can_drive(pop, i)];
  u *= literacy_factor_[p.low_health_literacy[i] != 0];
  // The truck is a mammography truck: its awareness is about breast screening.
  u *= awareness_factor_[(prog == Programme::breast) & (p.truck_aware[i] != 0)];
  return std::min(u, 1.0);
}

void Screening::draw_traits(Population& pop, std::uint32_t i, int month, AgentStreams& people) {
  Persons& p = pop.persons;
  if (phase_.size() <= i) phase_.resize(std::size_t{i} + 1);
  AgentRng rng = people.at(i);
  // Drawn at every age so each person's stream starts the same way; children keep 0 (the
  // parameter is a share of people 15+, and nobody under 15 reaches 25 within the horizon).
  const bool low = rng.bernoulli(low_literacy_share_);
  p.low_health_literacy[i] = p.age[i] >= 15 && low;
  // At least the highest age the person can reach by the run's end: a year per 12 months
  // left, rounded up, plus one for an age column that lags a birthday by a month.
  const int oldest = p.age[i] + (last_month_ - month) / 12 + 2;
  for (std::size_t k = 0; k < kProgrammes; ++k) {
    phase_[i][k] = static_cast<std::uint16_t>(rng.below(kPhaseMonths));
    const auto prog = static_cast<Programme>(k);
    // Sex never changes and ages only grow: the others will never be invited, nor will those
    // too young to reach the programme's ages before the run ends (most children).
    const ScreeningAges ages = screening_ages(prog);
    if (screening_for(prog, p.sex[i]) && p.age[i] <= ages.last && oldest >= ages.first)
      due_[k][phase_[i][k] % kBucketMonths[k]].push_back(i);
  }
}

void Screening::init(Partition& part, Time t0, AgentStreams& people, Rng& /*schedule*/) {
  Population& pop = part.pop;
  Persons& p = pop.persons;
  const auto n = static_cast<std::uint32_t>(p.size());
  people.grow(n);
  // Room for the rows births and arrivals will add (the population's reserved room), so that
  // add_person() does not reallocate as they come.
  const std::size_t room = p.household.capacity();
  phase_.reserve(room);
  phase_.assign(n, {});
  for (std::size_t k = 0; k < kProgrammes; ++k) {
    for (auto& bucket : due_[k]) {
      bucket.clear();
      bucket.reserve(room / kBucketMonths[k]);
    }
  }
  const int m0 = month_index(t0.date());
  first_month_ = m0;
  last_month_ = month_index(part.plan.end);
  for (auto& parked : parked_) parked.assign(static_cast<std::size_t>(last_month_ - m0 + 1), {});
  for (std::uint32_t i = 0; i < n; ++i) {
    draw_traits(pop, i, m0, people);
    p.truck_aware[i] = 0;
    draw_history(pop, i, m0, people);
  }
  for (std::size_t j = 0; j < passages_.size(); ++j) {
    part.queue.push(passages_[j].time, static_cast<std::uint32_t>(j),
                    static_cast<std::uint16_t>(ScreeningEvent::truck_passage));
  }
}

void Screening::draw_history(Population& pop, std::uint32_t i, int m0, AgentStreams& people) {
  Persons& p = pop.persons;
  AgentRng rng = people.at(i);
  for (std::size_t k = 0; k < kProgrammes; ++k) {
    const auto prog = static_cast<Programme>(k);
    p.last_screening[k][i] = Time::min();
    if (!p.resident[i] || !screening_eligible(prog, p.sex[i], p.age[i])) continue;
    // Steady state of the invitation rule: each round the person is screened with their
    // own uptake, at their due month. So they are up to date with that probability, from
    // their last due month at or before m0 (this month's round happens here, since the
    // next monthly step is a month later).
    const int cycle = cycle_months(prog, p.age[i]);
    const int last_due = m0 - months_since_due(m0, phase_[i][k], cycle);
    if (rng.bernoulli(uptake(pop, i, prog))) {
      p.last_screening[k][i] = Time::at(first_of_month(last_due));
    }
  }
}

void Screening::add_person(Partition& part, std::uint32_t person, Time now, AgentStreams& people) {
  people.grow(std::size_t{person} + 1);
  // People arrive in batches on the first of a month: the month is worked out once per batch.
  if (now != added_at_) {
    added_at_ = now;
    added_month_ = month_index(now.date());
  }
  draw_traits(part.pop, person, added_month_, people);
  part.pop.persons.truck_aware[person] = 0;
  // Newcomers were invited where they lived before: they arrive with the same chance of being
  // up to date as residents (newborns are not eligible for any programme).
  draw_history(part.pop, person, added_month_, people);
}

void Screening::monthly(Partition& part, Time now, AgentStreams& people) {
  Population& pop = part.pop;
  Persons& p = pop.persons;
  if (phase_.size() < p.size())
    throw std::logic_error("screening: a person was added without Screening::add_person");
  const int month = month_index(now.date());
  if (month < first_month_ || month > last_month_)
    throw std::logic_error("screening: a monthly step outside the run");
  // The cycle at the programme's last age: ages only grow, so whoever has it keeps it.
  std::array<int, kProgrammes> final_cycle{};
  for (std::size_t k = 0; k < kProgrammes; ++k) {
    const auto prog = static_cast<Programme>(k);
    final_cycle[k] = cycle_months(prog, screening_ages(prog).last);
  }
  for (std::size_t k = 0; k < kProgrammes; ++k) {
    const auto prog = static_cast<Programme>(k);
    const ScreeningAges ages = screening_ages(prog);
    // A person can be due only in months congruent to their phase modulo kBucketMonths (a
    // divisor of the cycle): visit that bucket only.
    const int buckets = kBucketMonths[k];
    auto& bucket = due_[k][static_cast<std::size_t>(((month % buckets) + buckets) % buckets)];
    // Back from parking: people who may come of age for the programme soon.
    auto& back = parked_[k][static_cast<std::size_t>(month - first_month_)];
    bucket.insert(bucket.end(), back.begin(), back.end());
    back = {};
    std::size_t kept = 0;
    for (const std::uint32_t i : bucket) {
      const int age = p.age[i];
      if (age > ages.last) continue;  // past the programme's ages: off the list for good
      if (age < ages.first) {
        // Not yet. Ages grow by one a year (two at most, once, when an update was late), so
        // for `wait` months they stay too young: parked, they are not visited for nothing.
        const int wait = (ages.first - age - 2) * 12 / buckets * buckets;
        if (wait < buckets) {
          bucket[kept++] = i;
        } else if (month + wait <= last_month_) {
          parked_[k][static_cast<std::size_t>(month + wait - first_month_)].push_back(i);
        }  // else too young for the whole run: dropped
        continue;
      }
      if (!p.resident[i]) continue;  // dead or moved out: for good too
      // Where the bucket spans the whole cycle (breast, colorectal) everyone in it is due.
      const int cycle = cycle_months(prog, age);
      const int since = cycle == buckets ? 0 : months_since_due(month, phase_[i][k], cycle);
      if (cycle != buckets && cycle == final_cycle[k]) {
        // The cycle will not change again (cervical from 30): parked until the next due
        // month, a multiple of the bucket's months away, so not visited for nothing.
        const int next = month + cycle - since;
        if (next <= last_month_)
          parked_[k][static_cast<std::size_t>(next - first_month_)].push_back(i);
      } else {
        bucket[kept++] = i;
      }
      if (since != 0) continue;
      // The draw is taken whether or not the person turns out to be up to date, so that a
      // screening outside the programme (the truck) does not shift the person's later draws:
      // scenarios stay paired draw by draw.
      const double draw = people.at(i).uniform();
      // Without branches: whether she is invited (not up to date) and then screened are coin
      // flips to the processor, so it computes both outcomes rather than guess.
      Time& last = p.last_screening[k][i];
      const bool invited = !screening_up_to_date(prog, age, last, now);
      const bool screened = invited & (draw < uptake(pop, i, prog));
      // Awareness lasts one invitation.
      if (prog == Programme::breast) p.truck_aware[i] &= static_cast<std::uint8_t>(!invited);
      last = screened ? now : last;
      (*part.flows)[screening_counter(prog)] += screened;
    }
    bucket.resize(kept);
  }
}

void Screening::handle(Partition& part, const engine::Event& e, AgentStreams& people,
                       Rng& schedule) {
  if (e.kind != static_cast<std::uint16_t>(ScreeningEvent::truck_passage))
    throw std::logic_error("screening: unknown event kind " + std::to_string(e.kind));
  const Passage& passage = passages_.at(e.subject);
  const ScreeningTruck& truck = *passage.truck;
  Population& pop = part.pop;
  Persons& p = pop.persons;
  // Not people.size(): streams are made ahead of the rows (AgentStreams::grow), so only the
  // screening state tells whether every person came through init() or add_person().
  if (phase_.size() < p.size())
    throw std::logic_error("screening: a person was added without Screening::add_person");
  constexpr auto kBreast = static_cast<std::size_t>(Programme::breast);

  candidates_.clear();
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.resident[i] && screening_eligible(Programme::breast, p.sex[i], p.age[i]) &&
        !screening_up_to_date(Programme::breast, p.age[i], p.last_screening[kBreast][i], e.time))
      candidates_.push_back(i);
  }
  // A random visiting order, so that when capacity runs out it is not the low rows that won.
  for (auto n = static_cast<std::uint32_t>(candidates_.size()); n > 1; --n)
    std::swap(candidates_[n - 1], candidates_[schedule.below(n)]);

  std::int64_t screened = 0;
  for (const std::uint32_t i : candidates_) {
    AgentRng rng = people.at(i);
    if (!rng.bernoulli(passage.reach)) continue;
    ++(*part.flows)[Counter::truck_reached];
    if (passage.mammography && screened < truck.capacity_per_passage &&
        rng.bernoulli(passage.conversion)) {
      p.last_screening[kBreast][i] = e.time;
      p.truck_aware[i] = 0;  // the screening it would have encouraged is done
      ++screened;
      ++(*part.flows)[Counter::screened_breast];
      ++(*part.flows)[Counter::truck_screened];
    } else {
      p.truck_aware[i] = 1;
    }
  }
  ++(*part.flows)[Counter::truck_passages];
  part.spending.add(Lever::screening_truck, e.time.date().year, truck.cost_per_passage);
}

}  // namespace qpv::model
