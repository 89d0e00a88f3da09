#include "sim/model/labour_market.hpp"

namespace qpv::model {
namespace {

bool is_adult_at_home(const Persons& p, std::uint32_t i) {
  return p.age[i] >= 18 && p.activity[i] != Activity::employed &&
         p.activity[i] != Activity::student;
}

}  // namespace

bool can_drive(const Population& pop, std::uint32_t person) {
  const Persons& p = pop.persons;
  // Bitwise, without branches: each of these is a coin flip to the processor.
  return (p.licence[person] & (pop.households.car[p.household[person]] | p.car_rental[person])) !=
         0;
}

bool fares_unaffordable(const Population& pop, std::uint32_t person) {
  return pop.persons.transit_unaffordable[person] && !pop.persons.transit_pass[person];
}

bool childcare_uncovered(const Population& pop, std::uint32_t person, bool atypical_hours) {
  const Persons& p = pop.persons;
  // Looking after the household's children falls to its adults, not to a teenage sibling.
  if (p.age[person] < 18) return false;
  const std::uint32_t hh = p.household[person];
  if (pop.households.informal_care[hh]) return false;  // covered whatever the children's ages
  // Uncovered: a member needs care and no other adult is at home. The first adult at home
  // settles it, so the walk stops there.
  bool needs_care = false;
  for (std::uint32_t i = pop.households.head[hh]; i != kNone; i = p.next_in_household[i]) {
    if (i == person) continue;
    if (is_adult_at_home(p, i)) return false;
    needs_care |= (p.age[i] < 3 && !p.creche_place[i]) | (atypical_hours && p.age[i] < 11);
  }
  return needs_care;
}

Barrier blocking_barrier(const Population& pop, std::uint32_t person, const Offer& offer,
                         double health_draw, double health_acceptance) {
  const bool drive = can_drive(pop, person);
  if (!drive && (offer.needs_car || !offer.transit_reachable || fares_unaffordable(pop, person))) {
    return Barrier::mobility;
  }
  if (childcare_uncovered(pop, person, offer.atypical_hours)) return Barrier::childcare;
  if (pop.persons.health_limited[person] && health_draw >= health_acceptance)
    return Barrier::health;
  return Barrier::none;
}

LabourMarket::LabourMarket(const Parameters& params, double transit_access)
    : rates_{.offer_rate = params[Param::offer_rate] / kDaysPerMonth,
             .diploma_mult = {params[Param::offer_mult_no_diploma], 1.0,
                              params[Param::offer_mult_bac], params[Param::offer_mult_higher]},
             .under_25_mult = {1.0, params[Param::offer_mult_under_25]},
             .over_50_mult = {1.0, params[Param::offer_mult_50_plus]},
             .long_term_mult = {1.0, params[Param::offer_mult_long_term]},
             .needs_car = params[Param::offer_needs_car],
             .atypical = params[Param::offer_atypical_hours],
             .health_acceptance = params[Param::health_acceptance],
             .ft_share_of_hires = params[Param::fixed_term_share_of_hires],
             .ft_last_end_per_day = (1.0 - params[Param::fixed_term_renewal]) /
                                    (params[Param::fixed_term_mean_months] * kDaysPerMonth),
             .ft_permanent_at_last_end = params[Param::fixed_term_renewal] < 1.0
                                             ? params[Param::fixed_term_to_permanent] /
                                                   (1.0 - params[Param::fixed_term_renewal])
                                             : 0.0,
             .permanent_loss_per_day = params[Param::permanent_loss_rate] / kDaysPerMonth,
             .end_to_inactive = params[Param::job_end_to_inactive],
             .exit_per_day = params[Param::search_exit_rate] / kDaysPerMonth,
             .exit_mult_childcare = {1.0, params[Param::search_exit_mult_childcare]},
             .exit_mult_health = {1.0, params[Param::search_exit_mult_health]},
             .entry_per_day = params[Param::search_entry_rate] / kDaysPerMonth,
             .entry_mult_childcare = {1.0, params[Param::search_entry_mult_childcare]},
             .entry_mult_health = {1.0, params[Param::search_entry_mult_health]},
             .initial_search_mean_days = params[Param::initial_search_months_mean] * kDaysPerMonth,
             .transit_access = transit_access,
             .licence_training_mult = {1.0, params[Param::licence_training_search_mult]}} {}

double LabourMarket::offer_rate(const Population& pop, std::uint32_t i, Time now) const {
  const Persons& p = pop.persons;
  // Multipliers looked up by the person's traits rather than branched on (for people in
  // random order each test is a coin flip to the processor); a factor of 1 changes nothing.
  double rate = rates_.offer_rate;
  rate *= rates_.diploma_mult[static_cast<std::size_t>(p.diploma[i])];  // CAP-BEP: the reference
  rate *= rates_.under_25_mult[p.age[i] < 25];
  rate *= rates_.over_50_mult[p.age[i] >= 50];
  rate *= rates_.long_term_mult[now - p.search_since[i] >= kLongTermUnemployment];
  rate *= rates_.licence_training_mult[p.in_licence_training[i] != 0];  // lock-in while learning
  return rate;
}

void LabourMarket::init(Population& pop, Time now, AgentStreams& streams,
                        engine::EventQueue& queue) const {
  for (std::uint32_t i = 0; i < pop.persons.size(); ++i) add_person(pop, i, now, streams, queue);
}

void LabourMarket::add_person(Population& pop, std::uint32_t i, Time now, AgentStreams& streams,
                              engine::EventQueue& queue) const {
  Persons& p = pop.persons;
  streams.grow(p.size());
  AgentRng rng = streams.at(i);
  if (p.activity[i] == Activity::job_seeker) {
    p.search_since[i] =
        now - Duration::days(rng.exponential(1.0 / rates_.initial_search_mean_days));
    // Their search began before they joined the simulation: its refusals so far are unknown,
    // and counted from now (docs/model/indicators.md).
    p.refused_mobility_in_search[i] = 0;
  }
  if (p.activity[i] == Activity::employed && p.contract[i] == Contract::fixed_term) {
    // Residual time of the contracts in progress: exponential durations are memoryless.
    if (rates_.ft_last_end_per_day > 0) {
      queue.push(now + Duration::days(rng.exponential(rates_.ft_last_end_per_day)), i,
                 static_cast<std::uint16_t>(LabourEvent::contract_end), p.stamp[i]);
    }
    return;
  }
  schedule(i, now, pop, streams, queue);
}

void LabourMarket::change_activity(Population& pop, std::uint32_t i, Activity activity, Time now,
                                   AgentStreams& streams, engine::EventQueue& queue) const {
  Persons& p = pop.persons;
  if (activity == Activity::job_seeker) {
    start_search(i, now, pop);
  } else {
    p.activity[i] = activity;
    p.contract[i] = Contract::none;
  }
  schedule(i, now, pop, streams, queue);  // replaces the pending event (new stamp)
}

void LabourMarket::cancel(Population& pop, std::uint32_t i) const {
  ++pop.persons.stamp[i];
}

void LabourMarket::schedule(std::uint32_t i, Time now, Population& pop, AgentStreams& streams,
                            engine::EventQueue& queue) const {
  Persons& p = pop.persons;
  AgentRng rng = streams.at(i);
  const std::uint16_t stamp = ++p.stamp[i];
  switch (p.activity[i]) {
    case Activity::job_seeker: {
      const double offers = offer_rate(pop, i, now);
      double exits = rates_.exit_per_day;
      exits *= rates_.exit_mult_childcare[childcare_uncovered(pop, i, false)];
      exits *= rates_.exit_mult_health[p.health_limited[i] != 0];
      const double total = offers + exits;
      if (total <= 0) return;
      const Duration wait = Duration::days(rng.exponential(total));
      // The offer rate drops after 12 months of search. Waits are memoryless, so stopping at
      // that date and drawing again from the new rates is exact.
      const Time long_term = p.search_since[i] + kLongTermUnemployment;
      if (now < long_term && now + wait > long_term) {
        queue.push(long_term, i, static_cast<std::uint16_t>(LabourEvent::reassess), stamp);
        return;
      }
      const auto kind =
          rng.uniform() * total < offers ? LabourEvent::job_offer : LabourEvent::search_exit;
      queue.push(now + wait, i, static_cast<std::uint16_t>(kind), stamp);
      return;
    }
    case Activity::employed: {
      if (p.contract[i] == Contract::fixed_term) {
        if (rates_.ft_last_end_per_day > 0) {  // renewed for ever otherwise
          queue.push(now + Duration::days(rng.exponential(rates_.ft_last_end_per_day)), i,
                     static_cast<std::uint16_t>(LabourEvent::contract_end), stamp);
        }
      } else if (rates_.permanent_loss_per_day > 0) {
        queue.push(now + Duration::days(rng.exponential(rates_.permanent_loss_per_day)), i,
                   static_cast<std::uint16_t>(LabourEvent::job_loss), stamp);
      }
      return;
    }
    case Activity::inactive: {
      if (p.age[i] < 15 || p.age[i] > 64) return;
      double entry = rates_.entry_per_day;
      entry *= rates_.entry_mult_childcare[childcare_uncovered(pop, i, false)];
      entry *= rates_.entry_mult_health[p.health_limited[i] != 0];
      if (entry <= 0) return;
      queue.push(now + Duration::days(rng.exponential(entry)), i,
                 static_cast<std::uint16_t>(LabourEvent::search_entry), stamp);
      return;
    }
    case Activity::student:
    case Activity::retired:
    case Activity::child:
      return;
  }
}

void LabourMarket::start_search(std::uint32_t i, Time now, Population& pop) const {
  pop.persons.activity[i] = Activity::job_seeker;
  pop.persons.contract[i] = Contract::none;
  pop.persons.search_since[i] = now;
  pop.persons.refused_mobility_in_search[i] = 0;  // a new search: earlier refusals do not count
}

void LabourMarket::hire(std::uint32_t i, Time now, Population& pop, AgentRng& rng,
                        Flows& flows) const {
  Persons& p = pop.persons;
  pop.households.last_hire[p.household[i]] = now;
  p.activity[i] = Activity::employed;
  p.contract[i] =
      rng.bernoulli(rates_.ft_share_of_hires) ? Contract::fixed_term : Contract::permanent;
  ++flows[Counter::hires];
}

void LabourMarket::end_job(std::uint32_t i, Time now, Population& pop, AgentRng& rng,
                           Flows& flows) const {
  ++flows[Counter::job_ends];
  if (rng.bernoulli(rates_.end_to_inactive)) {
    pop.persons.activity[i] = Activity::inactive;
    pop.persons.contract[i] = Contract::none;
  } else {
    start_search(i, now, pop);
  }
}

void LabourMarket::handle(const engine::Event& e, Time now, Population& pop, AgentStreams& streams,
                          engine::EventQueue& queue, Flows& flows) const {
  const std::uint32_t i = e.subject;
  Persons& p = pop.persons;
  if (e.stamp != p.stamp[i]) return;  // superseded by a later change of this person
  AgentRng rng = streams.at(i);
  switch (static_cast<LabourEvent>(e.kind)) {
    case LabourEvent::job_offer: {
      ++flows[Counter::offers];
      const Offer offer{rng.bernoulli(rates_.needs_car), rng.bernoulli(rates_.transit_access),
                        rng.bernoulli(rates_.atypical)};
      const Barrier b = blocking_barrier(pop, i, offer, rng.uniform(), rates_.health_acceptance);
      if (b == Barrier::none) {
        hire(i, now, pop, rng, flows);
      } else {
        const auto k = static_cast<std::size_t>(b) - 1;
        ++flows[refusal_counter(b)];
        p.last_refusal[k][i] = now;
        ++p.refusals[i][k];
        p.refused_mobility_in_search[i] |= static_cast<std::uint8_t>(b == Barrier::mobility);
      }
      break;
    }
    case LabourEvent::search_exit:
      ++flows[Counter::search_exits];
      p.activity[i] = Activity::inactive;
      break;
    case LabourEvent::search_entry:
      ++flows[Counter::search_entries];
      start_search(i, now, pop);
      break;
    case LabourEvent::contract_end: {
      // The last contract of a chain of renewals ends: made permanent, or the job ends.
      if (rng.uniform() < rates_.ft_permanent_at_last_end) {
        p.contract[i] = Contract::permanent;
      } else {
        end_job(i, now, pop, rng, flows);
      }
      break;
    }
    case LabourEvent::job_loss:
      end_job(i, now, pop, rng, flows);
      break;
    case LabourEvent::reassess:
      break;
  }
  schedule(i, now, pop, streams, queue);
}

}  // namespace qpv::model
