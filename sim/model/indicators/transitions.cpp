// Quarter-to-quarter transitions: each person's labour-market status at the start of a
// quarter, and the counts of those in another status at its end.
#include <vector>

#include "sim/model/indicators.hpp"

namespace qpv::model {
namespace {

/// Labour-market status for quarter-to-quarter transitions (stored + 1; 0 = not counted).
enum QuarterStatus : std::uint8_t { kPermanent = 1, kFixedTerm, kJobSeeker, kInactive, kOther };

/// The status from a person's activity and contract, in byte arithmetic without branches, so
/// that the loops over every row below are vectorised.
inline std::uint8_t quarter_status(Activity activity, Contract contract) {
  static_assert(static_cast<int>(Activity::employed) == 0 &&
                static_cast<int>(Activity::job_seeker) == 1 &&
                static_cast<int>(Activity::inactive) == 2);
  const auto a = static_cast<std::uint8_t>(activity);
  const std::uint8_t fixed = contract == Contract::fixed_term;
  return static_cast<std::uint8_t>((a == 0) * (kPermanent + fixed) + (a == 1) * kJobSeeker +
                                   (a == 2) * kInactive + (a > 2) * kOther);
}

}  // namespace

// Integer byte arithmetic only: the AVX2 clone gives the same results as the default one.
__attribute__((target_clones("avx2", "default"))) void snapshot_quarter(
    const Population& pop, std::vector<std::uint8_t>& status) {
  const Persons& p = pop.persons;
  const std::size_t n = p.size();
  status.resize(n);
  const std::uint8_t* res = p.resident.data();
  const std::uint8_t* age = p.age.data();
  const Activity* activity = p.activity.data();
  const Contract* contract = p.contract.data();
  std::uint8_t* out = status.data();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t counted = res[i] & (static_cast<std::uint8_t>(age[i] - 15) <= 49);  // 15-64
    out[i] = static_cast<std::uint8_t>(quarter_status(activity[i], contract[i]) * counted);
  }
}

__attribute__((target_clones("avx2", "default"))) void record_transitions(
    const Population& pop, const std::vector<std::uint8_t>& status, std::int64_t* out) {
  const Persons& p = pop.persons;
  const std::size_t n = status.size();  // rows added since the snapshot were not counted then
  const std::uint8_t* before = status.data();
  const std::uint8_t* alive = p.alive.data();
  const Activity* activity = p.activity.data();
  const Contract* contract = p.contract.data();
  std::uint32_t permanent = 0, permanent_out = 0, fixed = 0, fixed_out = 0, seekers = 0,
                seekers_hired = 0, inactive = 0, inactive_hired = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t now = quarter_status(activity[i], contract[i]);
    const std::uint8_t then = before[i];
    const std::uint8_t searching = now == kJobSeeker;
    const std::uint8_t hired = (now == kPermanent) | (now == kFixedTerm);
    const std::uint8_t was_permanent = alive[i] & (then == kPermanent);
    const std::uint8_t was_fixed = alive[i] & (then == kFixedTerm);
    const std::uint8_t was_seeker = alive[i] & (then == kJobSeeker);
    const std::uint8_t was_inactive = alive[i] & (then == kInactive);
    permanent += was_permanent;
    permanent_out += was_permanent & searching;
    fixed += was_fixed;
    fixed_out += was_fixed & searching;
    seekers += was_seeker;
    seekers_hired += was_seeker & hired;
    inactive += was_inactive;
    inactive_hired += was_inactive & hired;
  }
  add_count(out, Counter::quarter_employed, permanent + fixed);
  add_count(out, Counter::quarter_employed_to_job_seeker, permanent_out + fixed_out);
  add_count(out, Counter::quarter_permanent, permanent);
  add_count(out, Counter::quarter_permanent_to_job_seeker, permanent_out);
  add_count(out, Counter::quarter_fixed_term, fixed);
  add_count(out, Counter::quarter_fixed_term_to_job_seeker, fixed_out);
  add_count(out, Counter::quarter_job_seekers, seekers);
  add_count(out, Counter::quarter_job_seekers_to_employed, seekers_hired);
  add_count(out, Counter::quarter_inactive, inactive);
  add_count(out, Counter::quarter_inactive_to_employed, inactive_hired);
}

}  // namespace qpv::model
