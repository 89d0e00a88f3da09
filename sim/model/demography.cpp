#include "sim/model/demography.hpp"

#include <algorithm>
#include <cmath>

#include "sim/model/indicators.hpp"
#include "sim/model/run_plan.hpp"

namespace qpv::model {
namespace {

// Share of the total fertility rate by five-year age group of the mother, 15-19 ... 45-49
// (shape of French fertility by age, INSEE état civil; assumption that QPV share it).
constexpr std::array<double, 7> kFertilityProfile = {0.02, 0.12, 0.27, 0.32, 0.19, 0.07, 0.01};
constexpr double kDaysPerYear = 365.2425;

/// Whole years of 365.2425 days lived on `day`, in integers: floor(days x 10000 / 3652425).
/// The same as truncating days / 365.2425 in floating point, since days / 365.2425 is never
/// within 1e-4 / 365 of a whole number below 400 years.
int age_on(std::int32_t birth_day, std::int64_t day) {
  return static_cast<int>((day - birth_day) * 10000 / 3652425);
}

/// Calendar month (1-12) of a day counted from 1970-01-01. track() runs for every person added,
/// so days from 1900 to 2099 are looked up in a table built once rather than converted each
/// time; others are converted.
int month_of_day(std::int64_t day) {
  static const std::int64_t first = Date::make(1900, 1, 1).days_since_epoch();
  static const std::vector<std::uint8_t> months = [] {
    const std::int64_t end = Date::make(2100, 1, 1).days_since_epoch();
    std::vector<std::uint8_t> m;
    for (std::int64_t d = first; d < end; ++d)
      m.push_back(static_cast<std::uint8_t>(Date::from_days_since_epoch(d).month));
    return m;
  }();
  const std::int64_t k = day - first;
  if (k >= 0 && k < static_cast<std::int64_t>(months.size()))
    return months[static_cast<std::size_t>(k)];
  return Date::from_days_since_epoch(day).month;
}

std::int64_t day_of(Time t) {
  return t.seconds_since_epoch() / Duration::kSecondsPerDay;
}

double monthly_probability(double per_year) {
  return 1.0 - std::exp(-per_year / 12.0);
}

// Births happen mostly in couples. Assumption: relative fertility by the mother's household,
// chosen so that the QPV's overall fertility stays close to fertility_tfr.
double fertility_mult(HouseholdType type) {
  switch (type) {
    case HouseholdType::couple_no_children:
    case HouseholdType::couple_with_children:
      return 1.6;
    case HouseholdType::single_parent:
      return 0.6;
    case HouseholdType::single_person:
    case HouseholdType::other:
      return 0.3;
  }
  return 1.0;
}

}  // namespace

Demography::Demography(const Partition& part)
    : start_(Time::at(part.plan.start)),
      end_(Time::at(part.plan.end) + Duration::whole_days(1)),
      tfr_(part.params[Param::fertility_tfr]),
      gompertz_a_(part.params[Param::mortality_gompertz_a] *
                  (1.0 + part.params[Param::mortality_excess])),
      gompertz_b_(part.params[Param::mortality_gompertz_b]),
      move_per_month_(monthly_probability(part.params[Param::move_out_rate])),
      move_after_job_per_month_(monthly_probability(part.params[Param::move_out_rate] *
                                                    part.params[Param::move_out_mult_after_job])),
      arrivals_ratio_(part.params[Param::arrivals_per_departure]),
      study_exit_per_month_(monthly_probability(part.params[Param::study_exit_rate])),
      study_to_search_(part.params[Param::study_exit_to_search]),
      retirement_age_(static_cast<int>(part.params[Param::retirement_age])),
      licence_per_month_(monthly_probability(part.params[Param::licence_acquisition_rate])) {
  change_age_.fill(kNever);
  change_age_[static_cast<std::size_t>(Activity::child)] = 15;
  for (const Activity a : {Activity::employed, Activity::job_seeker, Activity::inactive})
    change_age_[static_cast<std::size_t>(a)] = retirement_age_;
  for (std::size_t year = 0; year < level_bound_.size(); ++year)
    level_bound_[year] = std::exp(gompertz_b_ * static_cast<double>(year + 1));
  for (std::size_t band = 0; band < kFertilityProfile.size(); ++band) {
    birth_per_month_[band] = monthly_probability(tfr_ * kFertilityProfile[band] / 5.0);
  }
  double highest_mult = 0;
  for (std::size_t t = 0; t < kHouseholdTypes; ++t)
    highest_mult = std::max(highest_mult, fertility_mult(static_cast<HouseholdType>(t)));
  birth_max_per_month_ =
      *std::max_element(birth_per_month_.begin(), birth_per_month_.end()) * highest_mult;
  start_month_ = month_index(part.plan.start);
  // Steps 1 .. last: the first of each month after the start, to the end's month.
  const int steps = month_index(part.plan.end) - start_month_ + 1;
  setup(study_exits_, study_exit_per_month_, steps);
  setup(licences_, licence_per_month_, steps);
  setup(births_, birth_max_per_month_, steps);
  setup(moves_, std::max(move_per_month_, move_after_job_per_month_), steps);
}

void Demography::setup(Calendar& c, double per_month, int steps) const {
  c.log_stay = per_month > 0 ? std::log1p(-std::min(per_month, 1.0)) : 0.0;
  const auto n = static_cast<std::size_t>(steps);
  c.slots.assign(n * Calendar::kSlots, 0);
  c.count.assign(n, 0);
  c.overflow.assign(n, {});
}

void Demography::schedule(Calendar& c, std::uint32_t who, int from, AgentRng rng) const {
  if (c.pending.size() <= who) c.pending.resize(std::size_t{who} + 1, 0);
  c.pending[who] = 1;
  if (c.log_stay == 0) return;  // probability 0: never (pending, so never drawn again)
  // Months without the event before it: floor(E / -log(1 - p)), E exponential of rate 1 (the
  // law of -log(u), u uniform), so P(at least k) = (1 - p)^k (0 when p = 1: log_stay is -inf).
  const double failures = std::floor(rng.unit_exponential() / -c.log_stay);
  const double step = from + failures;
  if (step < static_cast<double>(c.count.size())) {
    const auto s = static_cast<std::size_t>(step);
    if (c.count[s] < Calendar::kSlots) {
      c.slots[s * Calendar::kSlots + c.count[s]++] = who;
    } else {
      c.overflow[s].push_back(who);
    }
  }
}

const std::vector<std::uint32_t>& Demography::take(Calendar& c, int step) {
  taken_.clear();
  if (step < 0 || static_cast<std::size_t>(step) >= c.count.size()) return taken_;
  const auto s = static_cast<std::size_t>(step);
  const std::uint32_t* first = &c.slots[s * Calendar::kSlots];
  taken_.assign(first, first + c.count[s]);
  taken_.insert(taken_.end(), c.overflow[s].begin(), c.overflow[s].end());
  c.count[s] = 0;
  c.overflow[s] = {};
  std::sort(taken_.begin(), taken_.end());
  for (std::uint32_t who : taken_) c.pending[who] = 0;
  return taken_;
}

int Demography::step_of(Time now) const {
  return month_index(now.date()) - start_month_;
}

double Demography::years_to_death(double age, double e) const {
  return years_to_death_from(std::exp(gompertz_b_ * age), e);
}

double Demography::years_to_death_from(double level, double e) const {
  // Cumulative hazard over t years from age x: H(t) = (a/b) e^{bx} (e^{bt} - 1) = e, with
  // level = e^{bx}.
  return std::log1p(e * gompertz_b_ / (gompertz_a_ * level)) / gompertz_b_;
}

void Demography::schedule_death(Partition& part, std::uint32_t i, Time now, AgentStreams& people) {
  people.grow(part.pop.persons.size());
  AgentRng rng = people.at(i);
  const double age =
      static_cast<double>(day_of(now) - part.pop.persons.birth_day[i]) / kDaysPerYear;
  const double e = rng.unit_exponential();
  const double days_left = (end_ - now).in_days();
  // Most people outlive the run: their cumulative hazard until its end, one exp(), is below e,
  // so the inverse (a log1p) is not needed. Only clear cases (a relative margin of 1e-9, far
  // above rounding errors) are decided so; the others are computed in full, as before.
  if (now != horizon_from_) {
    horizon_from_ = now;
    horizon_growth_ = std::expm1(gompertz_b_ * days_left / kDaysPerYear);
  }
  auto hazard_until_end = [&](double level) {
    return gompertz_a_ / gompertz_b_ * level * horizon_growth_ * (1 + 1e-9);
  };
  // First against a bound of e^{b age} from a table by whole year of age (e^{b (year + 1)}),
  // which settles most people without an exp(): the hazard only grows with the level.
  if (age >= 0 && age < static_cast<double>(level_bound_.size()) &&
      e > hazard_until_end(level_bound_[static_cast<std::size_t>(age)]))
    return;
  const double level = std::exp(gompertz_b_ * age);
  if (e > hazard_until_end(level)) return;
  const double years = years_to_death_from(level, e);
  if (years * kDaysPerYear < days_left) {
    part.queue.push(now + Duration::days(years * kDaysPerYear), i,
                    static_cast<std::uint16_t>(DemographyEvent::death));
  }
}

void Demography::init(Partition& part, AgentStreams& people, AgentStreams& households) {
  // The entry profile keeps only the columns newcomers are drawn from (add_newcomers), not a
  // copy of the whole population.
  const Population& pop = part.pop;
  Households& eh = entry_profile_.households;
  Persons& ep = entry_profile_.persons;
  eh.type = pop.households.type;
  eh.car = pop.households.car;
  eh.informal_care = pop.households.informal_care;
  eh.head = pop.households.head;
  ep.next_in_household = pop.persons.next_in_household;
  ep.birth_day = pop.persons.birth_day;
  ep.age = pop.persons.age;
  ep.sex = pop.persons.sex;
  ep.diploma = pop.persons.diploma;
  ep.activity = pop.persons.activity;
  ep.contract = pop.persons.contract;
  ep.licence = pop.persons.licence;
  ep.health_limited = pop.persons.health_limited;
  ep.transit_unaffordable = pop.persons.transit_unaffordable;
  // Room for the rows births and arrivals will add (the population's reserved room), so that
  // the per-row lists do not move as they grow.
  const std::size_t room = pop.persons.household.capacity();
  for (Calendar* c : {&study_exits_, &licences_, &births_}) c->pending.reserve(room);
  moves_.pending.reserve(pop.households.type.capacity());
  for (auto& bucket : by_birth_month_) bucket.reserve(room / 12 + 64);
  // The first monthly step is a month after the start (the start's population is the
  // synthesised one).
  for (std::uint32_t i = 0; i < part.pop.persons.size(); ++i) {
    schedule_death(part, i, start_, people);
    track(part.pop, i, 1, people);
  }
  households.grow(part.pop.households.size());
  for (std::uint32_t hh = 0; hh < part.pop.households.size(); ++hh)
    schedule(moves_, hh, 1, households.at(hh));
}

void Demography::track(const Population& pop, std::uint32_t i, int from, AgentStreams& people) {
  const std::int32_t birth_day = pop.persons.birth_day[i];
  by_birth_month_[static_cast<std::size_t>(month_of_day(birth_day) - 1)].push_back({i, birth_day});
  enter_lists(pop, i, from, people);
}

void Demography::enter_lists(const Population& pop, std::uint32_t i, int from,
                             AgentStreams& people) {
  const Persons& p = pop.persons;
  auto add = [&](Calendar& c, bool wanted) {
    if (wanted && (c.pending.size() <= i || !c.pending[i])) schedule(c, i, from, people.at(i));
  };
  // Bitwise conditions (see monthly()).
  const int age = p.age[i];
  add(study_exits_, (p.activity[i] == Activity::student) & (age >= 18));
  add(licences_, (p.licence[i] == 0) & (age >= 18) & (age <= 30));
  add(births_, (p.sex[i] == Sex::female) & (age >= 15) & (age <= 49));
}

void Demography::handle(Partition& part, const engine::Event& e, const LabourMarket& labour) {
  Population& pop = part.pop;
  const std::uint32_t i = e.subject;
  if (!pop.persons.alive[i]) return;
  const std::uint32_t hh = pop.persons.household[i];
  if (pop.households.resident[hh]) ++(*part.flows)[Counter::deaths];
  pop.remove(i);
  pop.persons.creche_place[i] = 0;
  labour.cancel(pop, i);
  pop.unlink(i);
  if (pop.households.members[hh] == 0) pop.households.resident[hh] = 0;
}

void Demography::monthly(Partition& part, Time now, AgentStreams& people, AgentStreams& households,
                         const LabourMarket& labour, AgentStreams& labour_rng,
                         PopulationChanges& changes) {
  if (now <= start_) return;  // the start date's population is the synthesised one
  const int step = step_of(now);
  people.grow(part.pop.persons.size());
  age_birthdays(part, now, step, people, labour, labour_rng);
  end_studies(part, now, step, people, labour, labour_rng);
  learn_to_drive(part.pop.persons, step);
  give_births(part, now, step, people, changes);
  move_households(part, now, step, people, households, labour, labour_rng, changes);
}

void Demography::age_birthdays(Partition& part, Time now, int step, AgentStreams& people,
                               const LabourMarket& labour, AgentStreams& labour_rng) {
  Population& pop = part.pop;
  Persons& p = pop.persons;
  const std::int64_t today = day_of(now);
  // The people born in the previous calendar month have all had their birthday by the first of
  // this one, so only they need a new age (and the transitions ages bring). The dead leave the
  // bucket for good.
  auto& born_last_month = by_birth_month_[static_cast<std::size_t>((now.date().month + 10) % 12)];
  std::size_t kept = 0;
  for (const Born born : born_last_month) {
    const std::uint32_t i = born.person;
    if (!p.alive[i]) continue;
    born_last_month[kept++] = born;
    const int before = p.age[i];
    p.age[i] = static_cast<std::uint8_t>(std::min(age_on(born.day, today), 255));
    const Activity a = p.activity[i];
    const int age = p.age[i];
    // One test on the age at which the person's activity changes (children become students
    // at 15; the employed, job seekers and inactive retire): it is rarely passed, so the
    // branch is well predicted, where testing the activity first would be a coin flip.
    if (age >= change_age_[static_cast<std::size_t>(a)]) {
      const Activity next = a == Activity::child ? Activity::student : Activity::retired;
      labour.change_activity(pop, i, next, now, labour_rng, part.queue);
    }
    // An age opens a monthly hazard only at 15 (births) or 18 (end of studies, licences).
    // (before <= 17 and age >= 15 as one sign test: rarely true, so well predicted.)
    if (((17 - before) | (age - 15)) >= 0) enter_lists(pop, i, step, people);
  }
  born_last_month.resize(kept);
}

void Demography::end_studies(Partition& part, Time now, int step, AgentStreams& people,
                             const LabourMarket& labour, AgentStreams& labour_rng) {
  Persons& p = part.pop.persons;
  // Who no longer qualifies (dead, no longer a student, past the ages) is off the calendar for
  // good: none of these can come back.
  for (std::uint32_t i : take(study_exits_, step)) {
    if (!p.alive[i] || p.activity[i] != Activity::student || p.age[i] < 18) continue;
    const Activity next =
        people.at(i).bernoulli(study_to_search_) ? Activity::job_seeker : Activity::inactive;
    labour.change_activity(part.pop, i, next, now, labour_rng, part.queue);
  }
}

void Demography::learn_to_drive(Persons& p, int step) {
  for (std::uint32_t i : take(licences_, step)) {
    if (p.alive[i] && !p.licence[i] && p.age[i] >= 18 && p.age[i] <= 30) p.licence[i] = 1;
  }
}

void Demography::give_births(Partition& part, Time now, int step, AgentStreams& people,
                             PopulationChanges& changes) {
  Population& pop = part.pop;
  Persons& p = pop.persons;
  Households& h = pop.households;
  const std::size_t born_before = p.size();
  // A candidate gives birth with the ratio of her own probability this month to the highest
  // one, then waits for her next candidate month.
  std::vector<std::uint32_t> mothers;
  for (std::uint32_t i : take(births_, step)) {
    if (!p.resident[i] || p.age[i] > 49) continue;
    AgentRng rng = people.at(i);
    const double chance = birth_per_month_[static_cast<std::size_t>((p.age[i] - 15) / 5)] *
                          fertility_mult(h.type[p.household[i]]);
    if (rng.uniform() * birth_max_per_month_ < chance) mothers.push_back(i);
    schedule(births_, i, step + 1, rng);
  }
  for (std::uint32_t mother : mothers) {
    const std::uint32_t hh = p.household[mother];
    const std::uint32_t baby = pop.add_member(hh);
    p.birth_day[baby] = static_cast<std::int32_t>(day_of(now));
    p.age[baby] = 0;
    p.sex[baby] = people.at(mother).bernoulli(0.5) ? Sex::female : Sex::male;
    if (h.type[hh] == HouseholdType::single_person) h.type[hh] = HouseholdType::single_parent;
    if (h.type[hh] == HouseholdType::couple_no_children) {
      h.type[hh] = HouseholdType::couple_with_children;
    }
    ++(*part.flows)[Counter::births];
    changes.added.push_back(baby);
    people.grow(p.size());
    track(pop, baby, step + 1, people);
  }
  const std::size_t after_births = p.size();
  for (std::uint32_t baby = static_cast<std::uint32_t>(born_before); baby < after_births; ++baby) {
    schedule_death(part, baby, now, people);
  }
}

void Demography::move_households(Partition& part, Time now, int step, AgentStreams& people,
                                 AgentStreams& households, const LabourMarket& labour,
                                 AgentStreams& labour_rng, PopulationChanges& changes) {
  Population& pop = part.pop;
  Persons& p = pop.persons;
  Households& h = pop.households;
  const std::size_t first_newcomer = p.size();
  // A candidate household moves with the ratio of its probability this month (higher in the 12
  // months after a hire) to the higher of the two.
  const double move_max = std::max(move_per_month_, move_after_job_per_month_);
  const std::size_t households_before = h.size();
  households.grow(households_before);
  for (std::uint32_t hh : take(moves_, step)) {
    if (!h.resident[hh] || h.members[hh] == 0) continue;  // moved out or emptied: for good
    AgentRng dwelling = households.at(hh);
    const bool recent_job =
        h.last_hire[hh] != Time::min() && now - h.last_hire[hh] < Duration::whole_days(365);
    const double chance = recent_job ? move_after_job_per_month_ : move_per_month_;
    if (dwelling.uniform() * move_max >= chance) {
      schedule(moves_, hh, step + 1, dwelling);
      continue;
    }
    pop.move_out(hh);
    for_each_member(pop, hh, [&](std::uint32_t m) {
      ++(*part.flows)[Counter::departures];
      p.creche_place[m] = 0;  // the place stays with the QPV's pool
      // Start-date residents are followed wherever they live (cohort view); later newcomers
      // who leave again are of no further interest and stop being simulated.
      if (!p.cohort[m]) {
        pop.remove(m);
        labour.cancel(pop, m);
      }
    });
    // The dwelling is let again: newcomers are drawn from the departing household's own
    // stream, so a scenario that changes one move leaves the other newcomers as they were.
    const double expected = arrivals_ratio_;
    int newcomers = static_cast<int>(expected);
    if (dwelling.bernoulli(expected - newcomers)) ++newcomers;
    for (int n = 0; n < newcomers; ++n) {
      add_newcomers(part, now, step + 1, dwelling, people, labour, labour_rng, changes);
    }
  }
  households.grow(h.size());
  for (auto hh = static_cast<std::uint32_t>(households_before); hh < h.size(); ++hh) {
    schedule(moves_, hh, step + 1, households.at(hh));
  }
  for (auto i = static_cast<std::uint32_t>(first_newcomer); i < p.size(); ++i) {
    schedule_death(part, i, now, people);
  }
}

void Demography::add_newcomers(Partition& part, Time now, int first_step, AgentRng& moves,
                               AgentStreams& people, const LabourMarket& labour,
                               AgentStreams& labour_rng, PopulationChanges& changes) {
  Population& pop = part.pop;
  const Households& from = entry_profile_.households;
  const Persons& fp = entry_profile_.persons;
  const std::uint32_t src = moves.below(static_cast<std::uint32_t>(from.size()));
  const std::uint32_t hh =
      pop.households.add(from.type[src], from.car[src] != 0, from.informal_care[src] != 0);
  // Same ages as in the entry profile: birth dates move forward by the time elapsed.
  const auto shift = static_cast<std::int32_t>(day_of(now) - day_of(start_));
  for_each_member(entry_profile_, src, [&](std::uint32_t s) {
    const std::uint32_t i = pop.add_member(hh);
    Persons& p = pop.persons;
    p.birth_day[i] = fp.birth_day[s] + shift;
    p.age[i] = fp.age[s];
    p.sex[i] = fp.sex[s];
    p.diploma[i] = fp.diploma[s];
    p.activity[i] = fp.activity[s];
    p.contract[i] = fp.contract[s];
    p.licence[i] = fp.licence[s];
    p.health_limited[i] = fp.health_limited[s];
    p.transit_unaffordable[i] = fp.transit_unaffordable[s];
    labour.add_person(pop, i, now, labour_rng, part.queue);
    people.grow(p.size());
    track(pop, i, first_step, people);
    ++(*part.flows)[Counter::arrivals];
    changes.added.push_back(i);
  });
}

}  // namespace qpv::model
