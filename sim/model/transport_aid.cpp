#include "sim/model/transport_aid.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/model/labour_market.hpp"

namespace qpv::model {
namespace {

// A person who declines an offer is not offered the same programme again for a year.
constexpr int kDeclineMonths = 12;

/// The year of a month index (month_index(), sim/core/time.hpp).
int year_of(int month) {
  return month / 12;
}
Time month_start(int month) {
  return Time::at(first_of_month(month));
}

/// A programme's eligibility rule, prepared once per month. The monthly scan runs it for every
/// person, so it tests the cheap and selective columns first.
struct Rule {
  AidType aid;
  bool job_seekers = false;
  bool youth = false;
  bool long_term = false;
  Time searching_since;  // long-term unemployed: searching since this time or earlier

  Rule(const TransportAid& programme, Time now)
      : aid(programme.aid), searching_since(now - kLongTermUnemployment) {
    for (Eligibility e : programme.eligibility) {
      job_seekers |= e == Eligibility::job_seekers;
      youth |= e == Eligibility::youth;
      long_term |= e == Eligibility::long_term_unemployed;
    }
  }

  bool operator()(const Population& pop, std::uint32_t i) const {
    const Persons& p = pop.persons;
    if (p.age[i] < 18 || p.aid_programme[i] >= 0) return false;
    const bool seeker = p.activity[i] == Activity::job_seeker;
    const bool criterion = (job_seekers && seeker) ||
                           (youth && p.age[i] <= 25 && p.activity[i] != Activity::employed) ||
                           (long_term && seeker && p.search_since[i] <= searching_since);
    return criterion && useful(pop, i) && p.resident[i];
  }

  /// 1 if the person may be eligible: the necessary conditions on byte columns, in arithmetic
  /// without branches (most rows fail them, and a branch per row would often be mispredicted).
  unsigned may(const Persons& p, std::uint32_t i) const {
    const unsigned age = p.age[i];
    const unsigned seeker = p.activity[i] == Activity::job_seeker;
    const unsigned young_not_working =
        static_cast<unsigned>(youth) & (age <= 25) & (p.activity[i] != Activity::employed);
    return (age >= 18) & (p.aid_programme[i] < 0) & p.resident[i] &
           ((static_cast<unsigned>(job_seekers | long_term) & seeker) | young_not_working);
  }

  bool useful(const Population& pop, std::uint32_t i) const {
    switch (aid) {
      case AidType::transit_pass:
        // transit_unaffordable stands for means-tested social fares being out of reach.
        return fares_unaffordable(pop, i);
      case AidType::driving_licence:
        return !pop.persons.licence[i];
      case AidType::car_rental:
        return pop.persons.licence[i] && !pop.households.car[pop.persons.household[i]];
    }
    return false;
  }
};

bool monthly_aid(AidType aid) {
  return aid != AidType::driving_licence;
}

void remove_beneficiary(std::vector<std::uint32_t>& list, std::uint32_t person) {
  const auto it = std::find(list.begin(), list.end(), person);
  if (it != list.end()) list.erase(it);
}

}  // namespace

std::vector<std::int64_t> split_by_population(std::int64_t total, const QpvSelection& targeted,
                                              const Territory& territory) {
  if (total < 0) throw std::invalid_argument("cannot split a negative total");
  const std::size_t n = territory.qpvs.size();
  std::vector<char> in(n, targeted.empty() ? 1 : 0);
  for (const std::string& code : targeted) {
    const int q = territory.index_of(code);
    if (q < 0) throw std::invalid_argument("unknown QPV code \"" + code + "\"");
    in[static_cast<std::size_t>(q)] = 1;
  }
  std::int64_t population = 0;
  for (std::size_t q = 0; q < n; ++q) population += in[q] ? territory.qpvs[q].population : 0;
  if (population <= 0) throw std::invalid_argument("the targeted QPVs have no population");

  // total * pop_q / population without overflow: total = whole * population + rest, rest <
  // population, so rest * pop_q stays below population^2.
  const std::int64_t whole = total / population;
  const std::int64_t rest = total % population;
  std::vector<std::int64_t> share(n, 0), remainder(n, 0);
  std::vector<std::size_t> order;
  std::int64_t given = 0;
  for (std::size_t q = 0; q < n; ++q) {
    if (!in[q]) continue;
    const std::int64_t pop_q = territory.qpvs[q].population;
    share[q] = whole * pop_q + rest * pop_q / population;
    remainder[q] = rest * pop_q % population;
    given += share[q];
    order.push_back(q);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  // Fewer units are left than targeted QPVs: the remainders are fractions summing to them.
  for (std::int64_t k = 0; k < total - given; ++k) ++share[order[static_cast<std::size_t>(k)]];
  return share;
}

bool aid_eligible(const Population& pop, std::uint32_t i, const TransportAid& programme, Time now) {
  return Rule(programme, now)(pop, i);
}

TransportAidProcess::TransportAidProcess(const Partition& part)
    // Passes and rentals are paid by the month, so their durations are whole months.
    : transit_pass_months_(
          std::max(1, static_cast<int>(std::lround(part.params[Param::transit_pass_months])))),
      car_rental_months_(
          std::max(1, static_cast<int>(std::lround(part.params[Param::car_rental_months])))),
      licence_rate_per_day_(1.0 / (part.params[Param::licence_training_months] * kDaysPerMonth)),
      licence_pass_probability_(part.params[Param::licence_pass_probability]) {
  for (const auto& [index, intervention] : part.interventions) {
    const auto* settings = std::get_if<TransportAid>(&intervention->detail);
    if (settings == nullptr) continue;
    AidProgramme prog;
    prog.id = static_cast<std::int16_t>(index);
    prog.settings = settings;
    constexpr std::array<Param, 3> kTakeUp = {Param::aid_take_up_transit_pass,
                                              Param::aid_take_up_driving_licence,
                                              Param::aid_take_up_car_rental};
    prog.take_up =
        settings->take_up.value_or(part.params[kTakeUp[static_cast<std::size_t>(settings->aid)]]);
    if (settings->places) {
      prog.places =
          split_by_population(*settings->places, settings->qpv, part.territory)[part.qpv_index];
    }
    if (intervention->budget_per_year) {
      prog.budget = split_by_population(intervention->budget_per_year->count(), settings->qpv,
                                        part.territory)[part.qpv_index];
    }
    prog.first_year = settings->start.year;
    const int years = settings->end.year - settings->start.year + 1;
    prog.committed.assign(static_cast<std::size_t>(years), 0);
    programmes_.push_back(std::move(prog));
  }
}

void TransportAidProcess::init(Partition& part, Time /*t0*/, AgentStreams& people) {
  people.grow(part.pop.persons.size());
  for (AidProgramme& prog : programmes_)
    prog.declined_until.resize(part.pop.persons.size(), Time::min());
}

int TransportAidProcess::stop_month(const AidProgramme& prog) {
  // An aid in progress runs to the end of the month that contains the programme's end date.
  return month_index(prog.settings->end) + 1;
}

int TransportAidProcess::aid_months(const AidProgramme& prog) const {
  return prog.settings->aid == AidType::transit_pass ? transit_pass_months_ : car_rental_months_;
}

std::vector<std::pair<int, std::int64_t>> TransportAidProcess::costs_by_year(
    const AidProgramme& prog, int month) const {
  std::vector<std::pair<int, std::int64_t>> costs;
  if (!monthly_aid(prog.settings->aid)) {
    costs.emplace_back(year_of(month), prog.settings->cost_per_licence.count());
    return costs;
  }
  const int stop = std::min(month + aid_months(prog), stop_month(prog));
  for (int m = month; m < stop; ++m) {
    if (costs.empty() || costs.back().first != year_of(m)) costs.emplace_back(year_of(m), 0);
    costs.back().second += prog.settings->cost_per_beneficiary_month.count();
  }
  return costs;
}

void TransportAidProcess::monthly(Partition& part, Time now, AgentStreams& people) {
  init(part, now, people);  // newcomers and births since the last month get their state
  training_changed_.clear();
  const int month = month_index(now.date());
  for (AidProgramme& prog : programmes_) {
    close_ended(prog, part, now);
    if (monthly_aid(prog.settings->aid)) {
      // The month in progress of every current beneficiary (new ones pay theirs at enrolment).
      part.spending.add(Lever::transport_aid, year_of(month),
                        prog.settings->cost_per_beneficiary_month,
                        static_cast<std::int64_t>(prog.beneficiaries.size()));
    }
    const Date today = now.date();
    if (prog.settings->start <= today && today <= prog.settings->end)
      enrol(prog, part, now, people);
  }
}

void TransportAidProcess::close_ended(AidProgramme& prog, Partition& part, Time now) {
  Persons& p = part.pop.persons;
  if (!monthly_aid(prog.settings->aid)) {
    // A licence training ends with its test, or with the learner's death (or departure as a
    // newcomer, after which nobody is followed): the place is freed; the cost stays spent.
    std::erase_if(prog.beneficiaries, [&](std::uint32_t i) {
      if (p.alive[i]) return false;
      p.in_licence_training[i] = 0;
      p.aid_programme[i] = -1;
      return true;
    });
    return;
  }
  const int month = month_index(now.date());
  std::erase_if(prog.beneficiaries, [&](std::uint32_t i) {
    const bool ended = p.aid_until[i] <= now;
    const bool gone = !p.resident[i];
    if (!ended && !gone) return false;
    if (!ended) {
      // The programme is for residents: the months it will no longer pay free its budget.
      const int until = month_index(p.aid_until[i].date());
      for (int m = month; m < until; ++m) {
        prog.committed[static_cast<std::size_t>(year_of(m) - prog.first_year)] -=
            prog.settings->cost_per_beneficiary_month.count();
      }
    }
    p.transit_pass[i] = 0;
    p.car_rental[i] = 0;
    p.aid_programme[i] = -1;
    return true;
  });
}

void TransportAidProcess::enrol(AidProgramme& prog, Partition& part, Time now,
                                AgentStreams& people) {
  const TransportAid& settings = *prog.settings;
  const int month = month_index(now.date());
  std::int64_t free_places =
      prog.places == kUnlimited
          ? kUnlimited
          : prog.places - static_cast<std::int64_t>(prog.beneficiaries.size());
  // Every enrolment of this month costs the same, so the budget either fits the next one or
  // none: check it once per enrolment against each calendar year the aid spans.
  const auto costs = costs_by_year(prog, month);
  auto budget_fits = [&] {
    if (prog.budget == kUnlimited) return true;
    return std::all_of(costs.begin(), costs.end(), [&](const auto& c) {
      return prog.committed[static_cast<std::size_t>(c.first - prog.first_year)] + c.second <=
             prog.budget;
    });
  };
  // Nobody is drawn or offered anything in a month without room: this also keeps the
  // monthly scan off the run time once places are full.
  if (free_places <= 0 || !budget_fits()) return;

  // A random order from each person's own stream: a uniform key per eligible person.
  const Population& pop = part.pop;
  const Rule eligible(settings, now);
  // This scans every row every month: the rows that may be eligible are listed first, without
  // branches, and only they are checked in full (in the same order, so the same draws).
  const auto n = static_cast<std::uint32_t>(pop.persons.size());
  rows_.resize(n);
  std::uint32_t listed = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    rows_[listed] = i;
    listed += eligible.may(pop.persons, i);
  }
  candidates_.clear();
  for (std::uint32_t k = 0; k < listed; ++k) {
    const std::uint32_t i = rows_[k];
    if (!eligible(pop, i) || now < prog.declined_until[i]) continue;
    candidates_.emplace_back(people.at(i).uniform(), i);
  }
  std::sort(candidates_.begin(), candidates_.end());

  for (const auto& [key, i] : candidates_) {
    if (free_places <= 0 || !budget_fits()) break;
    AgentRng rng = people.at(i);
    if (!rng.bernoulli(prog.take_up)) {
      prog.declined_until[i] = month_start(month + kDeclineMonths);
      continue;
    }
    for (const auto& [year, cents] : costs)
      prog.committed[static_cast<std::size_t>(year - prog.first_year)] += cents;
    start_aid(prog, i, part, now, rng);
    if (free_places != kUnlimited) --free_places;
  }
}

void TransportAidProcess::start_aid(AidProgramme& prog, std::uint32_t i, Partition& part, Time now,
                                    AgentRng& rng) {
  Persons& p = part.pop.persons;
  const TransportAid& settings = *prog.settings;
  const int month = month_index(now.date());
  const int year = year_of(month);
  p.aid_programme[i] = prog.id;
  prog.beneficiaries.push_back(i);
  ++(*part.flows)[Counter::aid_enrolments];
  if (settings.aid == AidType::driving_licence) {
    p.in_licence_training[i] = 1;
    training_changed_.push_back(i);
    p.aid_until[i] = now + Duration::days(rng.exponential(licence_rate_per_day_));
    part.spending.add(Lever::transport_aid, year, settings.cost_per_licence);
    part.queue.push(p.aid_until[i], i, static_cast<std::uint16_t>(AidEvent::licence_test));
    return;
  }
  (settings.aid == AidType::transit_pass ? p.transit_pass : p.car_rental)[i] = 1;
  p.aid_until[i] = month_start(std::min(month + aid_months(prog), stop_month(prog)));
  // The month in progress: this step's monthly charge was made before enrolment.
  part.spending.add(Lever::transport_aid, year, settings.cost_per_beneficiary_month);
}

void TransportAidProcess::handle(Partition& part, const engine::Event& e, AgentStreams& people) {
  if (e.kind != static_cast<std::uint16_t>(AidEvent::licence_test))
    throw std::logic_error("transport aid: unknown event kind " + std::to_string(e.kind));
  const std::uint32_t i = e.subject;
  Persons& p = part.pop.persons;
  training_changed_.clear();
  if (!p.in_licence_training[i]) return;  // nothing in progress (defensive: no other path)
  // A training paid before the programme's end or before a move still leads to the test: the
  // licence is followed wherever the person lives. Nobody takes it after death.
  if (p.alive[i]) {
    AgentRng rng = people.at(i);
    if (rng.bernoulli(licence_pass_probability_) && !p.licence[i]) {
      p.licence[i] = 1;
      ++(*part.flows)[Counter::licences_obtained];
    }
  }
  p.in_licence_training[i] = 0;
  training_changed_.push_back(i);
  for (AidProgramme& prog : programmes_) {
    if (prog.id == p.aid_programme[i]) remove_beneficiary(prog.beneficiaries, i);
  }
  p.aid_programme[i] = -1;
}

}  // namespace qpv::model
