#include "sim/model/demography.hpp"

#include <cmath>
#include <limits>

#include "sim/model/simulation.hpp"

namespace qpv::model {
namespace {

// Share of the total fertility rate by five-year age group of the mother, 15-19 ... 45-49
// (shape of French fertility by age, INSEE état civil; assumption that QPV share it).
constexpr std::array<double, 7> kFertilityProfile = {0.02, 0.12, 0.27, 0.32, 0.19, 0.07, 0.01};
constexpr double kDaysPerYear = 365.2425;

int age_on(std::int32_t birth_day, std::int64_t day) {
  return static_cast<int>(static_cast<double>(day - birth_day) / kDaysPerYear);
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

/// Visits a candidate list: drops those who no longer qualify (`still`), then calls `visit`,
/// which returns false to drop the person too. Order-independent: every draw is the person's.
template <class Still, class Visit>
void keep_if(std::vector<std::uint32_t>& list, std::vector<std::uint8_t>& in, Still still,
             Visit visit) {
  std::size_t kept = 0;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::uint32_t i = list[k];
    if (still(i) && visit(i)) {
      list[kept++] = i;
    } else {
      in[i] = 0;
    }
  }
  list.resize(kept);
}

/// Removes a person from their household's member list.
void unlink(Population& pop, std::uint32_t person) {
  const std::uint32_t hh = pop.persons.household[person];
  std::uint32_t* link = &pop.households.head[hh];
  while (*link != kNone && *link != person) link = &pop.persons.next_in_household[*link];
  if (*link == person) {
    *link = pop.persons.next_in_household[person];
    pop.persons.next_in_household[person] = kNone;
    --pop.households.members[hh];
  }
}

}  // namespace

Demography::Demography(const Partition& part)
    : start_(Time::at(part.plan.start)),
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
  for (std::size_t band = 0; band < kFertilityProfile.size(); ++band) {
    birth_per_month_[band] = monthly_probability(tfr_ * kFertilityProfile[band] / 5.0);
  }
}

double Demography::years_to_death(double age, double u) const {
  // Cumulative hazard over t years from age x: H(t) = (a/b) e^{bx} (e^{bt} - 1) = -ln(u).
  if (u <= 0.0) return std::numeric_limits<double>::infinity();
  const double e = -std::log(u);
  return std::log1p(e * gompertz_b_ / (gompertz_a_ * std::exp(gompertz_b_ * age))) / gompertz_b_;
}

void Demography::schedule_death(Partition& part, std::uint32_t i, Time now,
                                AgentStreams& people) const {
  people.grow(part.pop.persons.size());
  AgentRng rng = people.at(i);
  const double age =
      static_cast<double>(day_of(now) - part.pop.persons.birth_day[i]) / kDaysPerYear;
  const double years = years_to_death(age, 1.0 - rng.uniform());
  const Time end = Time::at(part.plan.end) + Duration::whole_days(1);
  if (years * kDaysPerYear < (end - now).in_days()) {
    part.queue.push(now + Duration::days(years * kDaysPerYear), i,
                    static_cast<std::uint16_t>(DemographyEvent::death));
  }
}

void Demography::init(Partition& part, AgentStreams& people) {
  entry_profile_ = part.pop;
  for (std::uint32_t hh = 0; hh < part.pop.households.size(); ++hh)
    resident_households_.push_back(hh);
  for (std::uint32_t i = 0; i < part.pop.persons.size(); ++i) {
    schedule_death(part, i, start_, people);
    track(part.pop, i);
  }
}

void Demography::track(const Population& pop, std::uint32_t i) {
  const std::size_t n = pop.persons.size();
  in_students_.resize(n, 0);
  in_learners_.resize(n, 0);
  in_women_.resize(n, 0);
  const Date born = Date::from_days_since_epoch(pop.persons.birth_day[i]);
  by_birth_month_[static_cast<std::size_t>(born.month - 1)].push_back(i);
  enter_lists(pop, i);
}

void Demography::enter_lists(const Population& pop, std::uint32_t i) {
  const Persons& p = pop.persons;
  auto add = [i](std::vector<std::uint32_t>& list, std::vector<std::uint8_t>& in, bool wanted) {
    if (wanted && !in[i]) {
      in[i] = 1;
      list.push_back(i);
    }
  };
  add(students_, in_students_, p.activity[i] == Activity::student && p.age[i] >= 18);
  add(learners_, in_learners_, !p.licence[i] && p.age[i] >= 18 && p.age[i] <= 30);
  add(women_, in_women_, p.sex[i] == Sex::female && p.age[i] >= 15 && p.age[i] <= 49);
}

void Demography::handle(Partition& part, const engine::Event& e, const LabourMarket& labour) {
  Population& pop = part.pop;
  const std::uint32_t i = e.subject;
  if (!pop.persons.alive[i]) return;
  const std::uint32_t hh = pop.persons.household[i];
  if (pop.households.resident[hh]) ++part.flows->deaths;
  pop.persons.alive[i] = 0;
  pop.persons.creche_place[i] = 0;
  labour.cancel(pop, i);
  unlink(pop, i);
  if (pop.households.members[hh] == 0) pop.households.resident[hh] = 0;
}

void Demography::monthly(Partition& part, Time now, AgentStreams& people, AgentStreams& households,
                         const LabourMarket& labour, AgentStreams& labour_rng,
                         PopulationChanges& changes) {
  if (now <= start_) return;  // the start date's population is the synthesised one
  Population& pop = part.pop;
  Persons& p = pop.persons;
  Households& h = pop.households;
  const std::int64_t today = day_of(now);
  const std::size_t born_before = p.size();
  people.grow(p.size());

  // Ageing: the people born in the previous calendar month have all had their birthday by the
  // first of this one, so only they need a new age (and the transitions ages bring).
  const int bucket = (now.date().month + 10) % 12;  // previous month, 0-based
  for (std::uint32_t i : by_birth_month_[static_cast<std::size_t>(bucket)]) {
    if (!p.alive[i]) continue;
    p.age[i] = static_cast<std::uint8_t>(std::min(age_on(p.birth_day[i], today), 255));
    const Activity a = p.activity[i];
    if (a == Activity::child && p.age[i] >= 15) {
      labour.change_activity(pop, i, Activity::student, now, labour_rng, part.queue);
    } else if (p.age[i] >= retirement_age_ &&
               (a == Activity::employed || a == Activity::job_seeker || a == Activity::inactive)) {
      labour.change_activity(pop, i, Activity::retired, now, labour_rng, part.queue);
    }
    enter_lists(pop, i);
  }

  // Students of 18 or more end their studies.
  keep_if(
      students_, in_students_,
      [&](std::uint32_t i) {
        return p.alive[i] && p.activity[i] == Activity::student && p.age[i] >= 18;
      },
      [&](std::uint32_t i) {
        if (!people.at(i).bernoulli(study_exit_per_month_)) return true;
        const Activity next =
            people.at(i).bernoulli(study_to_search_) ? Activity::job_seeker : Activity::inactive;
        labour.change_activity(pop, i, next, now, labour_rng, part.queue);
        return false;
      });

  // Young adults learn to drive without aid.
  keep_if(
      learners_, in_learners_,
      [&](std::uint32_t i) {
        return p.alive[i] && !p.licence[i] && p.age[i] >= 18 && p.age[i] <= 30;
      },
      [&](std::uint32_t i) {
        if (!people.at(i).bernoulli(licence_per_month_)) return true;
        p.licence[i] = 1;
        return false;
      });

  // Births to women living in the QPV.
  std::vector<std::uint32_t> mothers;
  keep_if(
      women_, in_women_,
      [&](std::uint32_t i) { return p.alive[i] && p.age[i] >= 15 && p.age[i] <= 49; },
      [&](std::uint32_t i) {
        const std::uint32_t hh = p.household[i];
        if (!h.resident[hh]) return true;
        const double chance = birth_per_month_[static_cast<std::size_t>((p.age[i] - 15) / 5)] *
                              fertility_mult(h.type[hh]);
        if (people.at(i).bernoulli(chance)) mothers.push_back(i);
        return true;
      });
  for (std::uint32_t mother : mothers) {
    const std::uint32_t hh = p.household[mother];
    const std::uint32_t baby = pop.add_member(hh);
    p.birth_day[baby] = static_cast<std::int32_t>(today);
    p.age[baby] = 0;
    p.sex[baby] = people.at(mother).bernoulli(0.5) ? Sex::female : Sex::male;
    if (h.type[hh] == HouseholdType::single_person) h.type[hh] = HouseholdType::single_parent;
    if (h.type[hh] == HouseholdType::couple_no_children) {
      h.type[hh] = HouseholdType::couple_with_children;
    }
    ++part.flows->births;
    changes.added.push_back(baby);
    track(pop, baby);
  }
  const std::size_t after_births = p.size();
  for (std::uint32_t baby = static_cast<std::uint32_t>(born_before); baby < after_births; ++baby) {
    schedule_death(part, baby, now, people);
  }

  // Moves out, each followed by newcomers (who do not move again this month).
  const std::size_t households_before = h.size();
  households.grow(households_before);
  std::size_t kept = 0;
  const std::size_t listed = resident_households_.size();
  for (std::size_t k = 0; k < listed; ++k) {
    const std::uint32_t hh = resident_households_[k];
    if (!h.resident[hh] || h.members[hh] == 0) continue;  // emptied by deaths: off the list
    const bool recent_job =
        h.last_hire[hh] != Time::min() && now - h.last_hire[hh] < Duration::whole_days(365);
    if (!households.at(hh).bernoulli(recent_job ? move_after_job_per_month_ : move_per_month_)) {
      resident_households_[kept++] = hh;
      continue;
    }
    h.resident[hh] = 0;
    for_each_member(pop, hh, [&](std::uint32_t m) {
      ++part.flows->departures;
      p.creche_place[m] = 0;  // the place stays with the QPV's pool
      // Start-date residents are followed wherever they live (cohort view); later newcomers
      // who leave again are of no further interest and stop being simulated.
      if (!p.cohort[m]) {
        p.alive[m] = 0;
        labour.cancel(pop, m);
      }
    });
    // The dwelling is let again: newcomers are drawn from the departing household's own
    // stream, so a scenario that changes one move leaves the other newcomers as they were.
    AgentRng dwelling = households.at(hh);
    const double expected = arrivals_ratio_;
    int newcomers = static_cast<int>(expected);
    if (dwelling.bernoulli(expected - newcomers)) ++newcomers;
    for (int n = 0; n < newcomers; ++n) {
      add_newcomers(part, now, dwelling, labour, labour_rng, changes);
    }
  }
  // Newcomer households were appended after the `listed` entries; keep them, in order.
  for (std::size_t k = listed; k < resident_households_.size(); ++k) {
    resident_households_[kept++] = resident_households_[k];
  }
  resident_households_.resize(kept);
  for (std::uint32_t i = static_cast<std::uint32_t>(after_births); i < p.size(); ++i) {
    schedule_death(part, i, now, people);
  }
}

void Demography::add_newcomers(Partition& part, Time now, AgentRng& moves,
                               const LabourMarket& labour, AgentStreams& labour_rng,
                               PopulationChanges& changes) {
  Population& pop = part.pop;
  const Households& from = entry_profile_.households;
  const Persons& fp = entry_profile_.persons;
  const std::uint32_t src = moves.below(static_cast<std::uint32_t>(from.size()));
  const std::uint32_t hh =
      pop.households.add(from.type[src], from.car[src] != 0, from.informal_care[src] != 0);
  resident_households_.push_back(hh);
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
    track(pop, i);
    ++part.flows->arrivals;
    changes.added.push_back(i);
  });
}

}  // namespace qpv::model
