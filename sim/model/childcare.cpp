#include "sim/model/childcare.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/model/indicators.hpp"
#include "sim/model/run_plan.hpp"

namespace qpv::model {

std::vector<std::int64_t> split_largest_remainder(std::int64_t total, std::vector<double> weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  if (weights.empty() || total <= 0) return parts;
  double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!(sum > 0)) {
    std::fill(weights.begin(), weights.end(), 1.0);
    sum = static_cast<double>(weights.size());
  }
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    given += parts[i];
    remainders.emplace_back(exact - static_cast<double>(parts[i]), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given)
    ++parts[remainders[k % remainders.size()].second];
  return parts;
}

Childcare::Childcare(const Partition& part)
    : base_places_(part.qpv.creche_places),
      demand_(part.params[Param::creche_demand_share]),
      priority_single_parents_(part.params[Param::creche_priority_single_parents] >= 0.5),
      priority_job_seekers_(part.params[Param::creche_priority_job_seekers] >= 0.5) {
  const Territory& t = part.territory;
  for (const auto& [index, intervention] : part.interventions) {
    const auto* c = std::get_if<CrechePlaces>(&intervention->detail);
    if (!c) continue;
    // The targeted QPVs' places together, then this QPV's share of the extra places.
    std::vector<double> weights(t.qpvs.size(), 0.0);
    std::int64_t base_total = 0;
    for (std::size_t q = 0; q < t.qpvs.size(); ++q) {
      if (!targets(*intervention, t.qpvs[q].code)) continue;
      weights[q] = static_cast<double>(t.qpvs[q].creche_places);
      base_total += t.qpvs[q].creche_places;
    }
    // Rounding rule: half up, on the targeted QPVs together (+5 % of 270 places = 13.5 -> 14).
    const std::int64_t total =
        c->increase ? static_cast<std::int64_t>(
                          std::floor(static_cast<double>(base_total) * *c->increase + 0.5))
                    : *c->places;
    Expansion x;
    // Places open one at a time across the targeted QPVs; the k-th goes to the QPV furthest
    // behind its final share, so every QPV's count only grows and ends at its share.
    const std::vector<std::int64_t> parts = split_largest_remainder(total, weights);
    std::vector<std::int64_t> given(parts.size(), 0);
    for (std::int64_t k = 1; k <= total; ++k) {
      std::size_t best = 0;
      double best_gap = -1e300;
      for (std::size_t qq = 0; qq < parts.size(); ++qq) {
        if (given[qq] >= parts[qq]) continue;
        const double gap =
            static_cast<double>(parts[qq]) * static_cast<double>(k) / static_cast<double>(total) -
            static_cast<double>(given[qq]);
        if (gap > best_gap) {
          best_gap = gap;
          best = qq;
        }
      }
      ++given[best];
      if (best == part.qpv_index) x.sequence.push_back(k);
    }
    x.places = parts[part.qpv_index];
    x.total = total;
    x.avip_share = c->avip_share;
    x.start = Time::at(c->start);
    x.reached_by = Time::at(c->reached_by);
    x.linear = c->ramp == Ramp::linear;
    // A place-month's cost, rounded to the cent.
    x.per_place_month = Cents::of((c->cost_per_place_year * 2 + Cents::of(12)).count() / 24);
    x.investment_per_place = c->investment_per_place;
    expansions_.push_back(x);
  }
}

std::int64_t Childcare::opened_at(const Expansion& x, Time now) const {
  if (now < x.start) return 0;
  if (now >= x.reached_by) return x.places;
  if (!x.linear) return 0;
  // The targeted QPVs together have opened the whole part of total x elapsed share; this
  // QPV's are those of its places whose rank in the opening sequence is reached.
  const double done = (now - x.start).in_days() / (x.reached_by - x.start).in_days();
  const auto opened_total =
      static_cast<std::int64_t>(std::floor(static_cast<double>(x.total) * done));
  return std::count_if(x.sequence.begin(), x.sequence.end(),
                       [&](std::int64_t k) { return k <= opened_total; });
}

std::int64_t Childcare::capacity(Time now) const {
  std::int64_t places = base_places_;
  for (const auto& x : expansions_) places += opened_at(x, now);
  return places;
}

std::int64_t Childcare::reserved(Time now) const {
  std::int64_t places = 0;
  for (const auto& x : expansions_) {
    places += static_cast<std::int64_t>(
        std::floor(x.avip_share * static_cast<double>(opened_at(x, now)) + 0.5));
  }
  return places;
}

void Childcare::init(Partition& part, AgentStreams& people) {
  const Persons& p = part.pop.persons;
  people.grow(p.size());
  applicant_.assign(p.size(), 0);
  avip_place_.assign(p.size(), 0);
  applied_at_.assign(p.size(), Time::min());
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.age[i] < 4) children_.push_back(i);
    if (p.age[i] >= 3) continue;
    applicant_[i] = p.creche_place[i] || people.at(i).bernoulli(demand_);
    applied_at_[i] =
        Time::from_seconds(std::int64_t{p.birth_day[i]} * Duration::kSecondsPerDay);  // birth
  }
}

void Childcare::add_child(Partition& part, std::uint32_t i, Time now, AgentStreams& people) {
  const std::size_t n = part.pop.persons.size();
  people.grow(n);
  applicant_.resize(n, 0);
  avip_place_.resize(n, 0);
  applied_at_.resize(n, Time::min());
  if (part.pop.persons.age[i] < 4) children_.push_back(i);
  if (part.pop.persons.age[i] >= 3) return;
  applicant_[i] = people.at(i).bernoulli(demand_);
  applied_at_[i] = now;
}

bool Childcare::waiting(const Partition& part, std::uint32_t i) const {
  const Persons& p = part.pop.persons;
  if (i >= applicant_.size()) return false;
  // Bitwise: each condition is a coin flip to the processor, a branch on it often wrong.
  return (applicant_[i] & p.resident[i] & (p.age[i] < 3) & (p.creche_place[i] == 0)) != 0;
}

bool Childcare::parent_job_seeker(const Partition& part, std::uint32_t child) const {
  bool found = false;
  for_each_member(part.pop, part.pop.persons.household[child], [&](std::uint32_t m) {
    if (part.pop.persons.age[m] >= 18 && part.pop.persons.activity[m] == Activity::job_seeker)
      found = true;
  });
  return found;
}

int Childcare::priority(const Partition& part, std::uint32_t child) const {
  const bool single =
      part.pop.households.type[part.pop.persons.household[child]] == HouseholdType::single_parent;
  return (priority_single_parents_ && single ? 0 : 2) +
         (priority_job_seekers_ && parent_job_seeker(part, child) ? 0 : 1);
}

void Childcare::monthly(Partition& part, Time now) {
  Persons& p = part.pop.persons;
  applicant_.resize(p.size(), 0);
  avip_place_.resize(p.size(), 0);
  applied_at_.resize(p.size(), Time::min());
  pay_for_expansions(part, now);
  release_places(p, now);
  fill_free_places(part, now);
}

void Childcare::pay_for_expansions(Partition& part, Time now) {
  const int year = now.date().year;
  for (auto& x : expansions_) {
    const std::int64_t open = opened_at(x, now);
    part.spending.add(Lever::creche_places, year, x.per_place_month, open);
    if (open > x.opened)
      part.spending.add(Lever::creche_places, year, x.investment_per_place, open - x.opened);
    x.opened = std::max(x.opened, open);
  }
}

void Childcare::release_places(Persons& p, Time now) {
  // Only young children matter here: the others leave the list for good.
  std::erase_if(children_, [&](std::uint32_t i) {
    return (!p.alive[i]) | ((p.age[i] >= 4) & !p.creche_place[i]);
  });
  // School entry: in September, children who are 3 leave (and leave the waitlist).
  if (now.date().month == 9) {
    for (std::uint32_t i : children_) {
      if (p.age[i] >= 3 && p.creche_place[i]) {
        p.creche_place[i] = 0;
        avip_place_[i] = 0;
      }
    }
  }
}

std::vector<std::uint32_t> Childcare::waitlist_in_order(const Partition& part) const {
  std::vector<std::uint32_t> queue;
  for (std::uint32_t i : children_) {
    if (waiting(part, i)) queue.push_back(i);
  }
  // Priority, then application date; ties keep the queue's order.
  struct Waiting {
    int rank;
    Time applied;
    std::uint32_t child;
  };
  std::vector<Waiting> ordered;
  ordered.reserve(queue.size());
  for (auto i : queue) ordered.push_back({priority(part, i), applied_at_[i], i});
  std::stable_sort(ordered.begin(), ordered.end(), [](const Waiting& a, const Waiting& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.applied < b.applied;
  });
  for (std::size_t k = 0; k < ordered.size(); ++k) queue[k] = ordered[k].child;
  return queue;
}

void Childcare::fill_free_places(Partition& part, Time now) {
  Persons& p = part.pop.persons;
  // Places held by children of the QPV (a family that moved out took its child along).
  std::int64_t occupied = 0, occupied_avip = 0;
  for (std::uint32_t i : children_) {
    if (p.creche_place[i] && p.resident[i]) {
      ++occupied;
      occupied_avip += avip_place_[i];
    } else {
      avip_place_[i] = 0;
    }
  }
  // Places kept for AVIP but not yet taken stay free for job-seeking parents only.
  const std::int64_t avip_free = std::max<std::int64_t>(0, reserved(now) - occupied_avip);
  std::int64_t free_places = capacity(now) - occupied;
  if (free_places <= 0) return;  // most months: the pool is full
  const std::vector<std::uint32_t> queue = waitlist_in_order(part);
  if (queue.empty()) return;
  auto admit = [&](std::uint32_t i, bool avip) {
    p.creche_place[i] = 1;
    avip_place_[i] = avip;
    ++(*part.flows)[Counter::creche_admissions];
    --free_places;
  };
  std::int64_t avip_left = std::min(free_places, avip_free);
  for (auto i : queue) {
    if (avip_left <= 0) break;
    if (parent_job_seeker(part, i)) {
      admit(i, true);
      --avip_left;
    }
  }
  std::int64_t general = free_places - avip_left;  // AVIP places nobody could take stay kept
  for (auto i : queue) {
    if (general <= 0) break;
    if (!p.creche_place[i]) {
      admit(i, false);
      --general;
    }
  }
}

void Childcare::record(const Partition& part, Time now, std::int64_t* row) const {
  std::int64_t waitlist = 0;
  for (std::uint32_t i : children_) waitlist += waiting(part, i);
  add_count(row, Counter::creche_waitlist, waitlist);
  add_count(row, Counter::creche_places, capacity(now));
}

}  // namespace qpv::model
