// The AVX2 version of the count of the stocks: 32 rows at a time, each condition as a 32-bit
// mask (one bit per row, from byte comparisons and _mm256_movemask_epi8, or 64-bit date
// comparisons and _mm256_movemask_pd), counted with popcount. The same conditions as the
// portable loops of census.cpp, on the same integers: the counts are the same (a test checks it
// on random populations).
#include "sim/model/indicators/census.hpp"

#ifdef QPVSIM_STOCKS_AVX2
#include <immintrin.h>

namespace qpv::model::census {
namespace {

QPVSIM_AVX2 inline __m256i load32(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
/// Rows whose 0/1 byte is 1.
QPVSIM_AVX2 inline std::uint32_t bits_set(const std::uint8_t* col) {
  return static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpgt_epi8(load32(col), _mm256_setzero_si256())));
}
/// Rows whose byte equals x.
QPVSIM_AVX2 inline std::uint32_t bits_equal(__m256i v, std::uint8_t x) {
  return static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(x)))));
}
/// Rows whose byte is in [lo, hi] (unsigned): (v - lo) wraps, then min(d, hi - lo) == d.
QPVSIM_AVX2 inline std::uint32_t bits_between(__m256i v, std::uint8_t lo, std::uint8_t hi) {
  const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8(static_cast<char>(lo)));
  const __m256i span = _mm256_set1_epi8(static_cast<char>(hi - lo));
  return static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d, span), d)));
}
/// Four rows' comparisons time > since, as 64-bit masks.
QPVSIM_AVX2 inline __m256i after4(const Time* col, __m256i since) {
  return _mm256_cmpgt_epi64(load32(col), since);
}
/// Rows whose time is strictly after `since` (seconds). The eight comparisons of 4 rows are
/// narrowed to one byte per row by saturating packs (0 or -1 stay 0 or -1), which interleave
/// rows by 128-bit lane: a permutation of 64-bit blocks and one of bytes within each lane put
/// them back in order (rows 0 1 4 5 8 9 12 13 | 2 3 6 7 ... after the packs).
QPVSIM_AVX2 inline std::uint32_t bits_after(const Time* col, std::int64_t since) {
  static_assert(sizeof(Time) == sizeof(std::int64_t));
  const __m256i s = _mm256_set1_epi64x(since);
  const __m256i a0 = _mm256_packs_epi32(after4(col, s), after4(col + 4, s));
  const __m256i a1 = _mm256_packs_epi32(after4(col + 8, s), after4(col + 12, s));
  const __m256i a2 = _mm256_packs_epi32(after4(col + 16, s), after4(col + 20, s));
  const __m256i a3 = _mm256_packs_epi32(after4(col + 24, s), after4(col + 28, s));
  const __m256i b0 = _mm256_packs_epi16(a0, a1), b1 = _mm256_packs_epi16(a2, a3);
  const __m256i c = _mm256_permute4x64_epi64(_mm256_packs_epi16(b0, b1), 0xD8);
  const __m256i order = _mm256_setr_epi8(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15,  //
                                         0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15);
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_shuffle_epi8(c, order)));
}
/// Rows whose 16-bit value is >= 0.
QPVSIM_AVX2 inline std::uint32_t bits_non_negative(const std::int16_t* col) {
  const __m256i minus_one = _mm256_set1_epi16(-1);
  const __m256i lo = _mm256_cmpgt_epi16(load32(col), minus_one);
  const __m256i hi = _mm256_cmpgt_epi16(load32(col + 16), minus_one);
  // Packing interleaves the two halves by 128-bit lane; the permutation puts rows back in order.
  const __m256i packed = _mm256_permute4x64_epi64(_mm256_packs_epi16(lo, hi), 0xD8);
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(packed));
}

QPVSIM_AVX2 inline unsigned count(std::uint32_t mask) {
  return static_cast<unsigned>(__builtin_popcount(mask));
}

/// The masks that several groups of counts share, for the 32 person rows from `first`.
struct PersonBlock {
  std::uint32_t first;
  __m256i age, activity;
  std::uint32_t resident, employed, female;
};

/// Residents, employment by age, sex and diploma; the start-date cohort.
QPVSIM_AVX2 inline void count_employment(const Persons& p, const PersonBlock& block,
                                         PersonCounts& counts) {
  const std::uint32_t i = block.first;
  const std::uint32_t res = block.resident, employed = block.employed, female = block.female;
  const std::uint32_t working_age = bits_between(block.age, 15, 64);
  const std::uint32_t in_cohort = bits_set(&p.alive[i]) & bits_set(&p.cohort[i]) & working_age;
  const std::uint32_t wa = res & working_age;
  counts.cohort_n += count(in_cohort);
  counts.cohort_employed += count(in_cohort & employed);
  counts.population += count(res);
  counts.wa_n += count(wa);
  counts.wa_employed += count(wa & employed);
  counts.women += count(wa & female);
  counts.women_employed += count(wa & female & employed);
  const std::uint32_t young = res & bits_between(block.age, 15, 24);
  const std::uint32_t older = res & bits_between(block.age, 50, 64);
  const std::uint32_t no_diploma =
      wa & bits_equal(load32(&p.diploma[i]), static_cast<std::uint8_t>(Diploma::none));
  counts.young_n += count(young);
  counts.young_employed += count(young & employed);
  counts.older_n += count(older);
  counts.older_employed += count(older & employed);
  counts.no_diploma_n += count(no_diploma);
  counts.no_diploma_employed += count(no_diploma & employed);
}

/// Adults and their licences, under-3s and their crèche places, transport-aid beneficiaries.
QPVSIM_AVX2 inline void count_licences_and_care(const Persons& p, const PersonBlock& block,
                                                PersonCounts& counts) {
  const std::uint32_t i = block.first;
  const std::uint32_t adult = block.resident & bits_between(block.age, 18, 255);
  const std::uint32_t under_3 = block.resident & bits_between(block.age, 0, 2);
  counts.adults += count(adult);
  counts.licensed += count(adult & bits_set(&p.licence[i]));
  counts.under_3s += count(under_3);
  counts.in_creche += count(under_3 & bits_set(&p.creche_place[i]));
  counts.aided += count(block.resident & bits_non_negative(&p.aid_programme[i]));
}

/// Job seekers, those who refused offers, and those who cannot drive.
QPVSIM_AVX2 inline void count_job_seekers(const Population& pop, const PersonBlock& block,
                                          const Windows& windows, PersonCounts& counts) {
  const Persons& p = pop.persons;
  const std::uint8_t* car = pop.households.car.data();
  const std::uint32_t* household = p.household.data();
  constexpr auto kSeeker = static_cast<std::uint8_t>(Activity::job_seeker);
  const std::uint32_t i = block.first;
  const std::uint32_t seeker = block.resident & bits_equal(block.activity, kSeeker);
  counts.seekers += count(seeker);
  counts.refused_mobility += count(seeker & bits_after(&p.last_refusal[0][i], windows.year_ago));
  counts.refused_childcare += count(seeker & bits_after(&p.last_refusal[1][i], windows.year_ago));
  counts.refused_mobility_search += count(seeker & bits_set(&p.refused_mobility_in_search[i]));
  // Job seekers with a licence are few (about one in 32 rows): their household's car, one by
  // one. The first three without a branch on how many there are (a loop's exit would be a coin
  // flip to the processor): lane 31 stands in for a missing one and counts for nothing.
  std::uint32_t licensed = seeker & bits_set(&p.licence[i]);
  unsigned drivers = 0;
  for (int step = 0; step < 3; ++step) {
    const auto lane = static_cast<unsigned>(__builtin_ctz(licensed | 0x8000'0000U));
    drivers += static_cast<unsigned>(licensed != 0) & (car[household[i + lane]] != 0);
    licensed &= licensed - 1;
  }
  for (; licensed != 0; licensed &= licensed - 1)
    drivers += car[household[i + static_cast<unsigned>(__builtin_ctz(licensed))]] != 0;
  counts.seekers_no_licence_or_car += count(seeker) - drivers;
}

/// People eligible for each screening programme, and those up to date.
QPVSIM_AVX2 inline void count_screening(const Persons& p, const PersonBlock& block,
                                        const Windows& windows, PersonCounts& counts) {
  const std::uint32_t i = block.first;
  const std::uint32_t age_50_74 = block.resident & bits_between(block.age, 50, 74);
  const std::uint32_t breast = age_50_74 & block.female;
  const std::uint32_t cervical = block.resident & block.female & bits_between(block.age, 25, 65);
  const std::uint32_t under_30 = bits_between(block.age, 0, 29);
  const Time* cervical_at = &p.last_screening[1][i];
  const std::uint32_t cervical_up = (under_30 & bits_after(cervical_at, windows.cytology)) |
                                    (~under_30 & bits_after(cervical_at, windows.hpv));
  counts.breast_n += count(breast);
  counts.breast_ok += count(breast & bits_after(&p.last_screening[0][i], windows.breast));
  counts.cervical_n += count(cervical);
  counts.cervical_ok += count(cervical & cervical_up);
  counts.colorectal_n += count(age_50_74);
  counts.colorectal_ok +=
      count(age_50_74 & bits_after(&p.last_screening[2][i], windows.colorectal));
}

}  // namespace

QPVSIM_AVX2 std::uint32_t count_persons_avx2(const Population& pop, const Windows& windows,
                                             PersonCounts& out) {
  const Persons& p = pop.persons;
  const auto n = static_cast<std::uint32_t>(p.size());
  // A local copy: the counters stay in registers, not behind a reference.
  PersonCounts counts = out;
  static_assert(static_cast<int>(Sex::female) == 1);
  constexpr auto kEmployed = static_cast<std::uint8_t>(Activity::employed);
  std::uint32_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i activity = load32(&p.activity[i]);
    const PersonBlock block{i,
                            load32(&p.age[i]),
                            activity,
                            bits_set(&p.resident[i]),
                            bits_equal(activity, kEmployed),
                            bits_set(reinterpret_cast<const std::uint8_t*>(&p.sex[i]))};
    count_employment(p, block, counts);
    count_licences_and_care(p, block, counts);
    count_job_seekers(pop, block, windows, counts);
    count_screening(p, block, windows, counts);
  }
  out = counts;
  return i;
}

QPVSIM_AVX2 std::uint32_t count_households_avx2(const Population& pop, HouseholdCounts& out) {
  const Households& households = pop.households;
  HouseholdCounts counts = out;  // a local copy, as above
  const auto nh = static_cast<std::uint32_t>(households.size());
  const std::uint8_t* age_of = pop.persons.age.data();
  const Activity* activity = pop.persons.activity.data();
  std::uint32_t hh = 0;
  for (; hh + 32 <= nh; hh += 32) {
    const std::uint32_t here =
        bits_set(&households.resident[hh]) & ~bits_equal(load32(&households.members[hh]), 0);
    const std::uint32_t single =
        here & bits_equal(load32(&households.type[hh]),
                          static_cast<std::uint8_t>(HouseholdType::single_parent));
    counts.households += static_cast<unsigned>(__builtin_popcount(here));
    counts.with_car +=
        static_cast<unsigned>(__builtin_popcount(here & bits_set(&households.car[hh])));
    counts.single_parent += static_cast<unsigned>(__builtin_popcount(single));
    for (std::uint32_t m = single; m != 0; m &= m - 1) {  // the heads, one by one
      const std::uint32_t head = households.head[hh + static_cast<unsigned>(__builtin_ctz(m))];
      counts.add_head(age_of[head], activity[head]);
    }
  }
  out = counts;
  return hh;
}

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  return has;
}

}  // namespace qpv::model::census

#endif
