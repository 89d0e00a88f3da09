#include "sim/model/synthesis.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/model/ipf.hpp"

namespace qpv::model {
namespace {

// Adults per household by type; "other" households (flat-shares, adult children, several
// generations) have 2 or 3 adults with equal probability. Assumption.
constexpr std::array<double, kHouseholdTypes> kAdultsPerType = {1.0, 2.0, 2.0, 1.0, 2.5};
// Seed for the type x car IPF: assumed probability of a car by household type (one-adult and
// single-parent households are less often motorised). IPF rescales them to the car marginal.
constexpr std::array<double, kHouseholdTypes> kCarOddsSeed = {0.45, 0.80, 0.85, 0.50, 0.70};
// A parent is between 18 and 45 years older than each of their children. Assumption.
constexpr int kMinParentGap = 18;
constexpr int kMaxParentGap = 45;

std::size_t draw_index(Rng& rng, const double* w, std::size_t n) {
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) total += w[i];
  // The first i at which u - w[0] - ... - w[i] < 0 (else n - 1). The weights are >= 0, so the
  // differences only decrease: i is the number of them still >= 0, counted without a branch
  // (a loop exit at a random place is a mispredicted branch).
  double u = rng.uniform() * total;
  std::size_t still = 0;
  for (std::size_t i = 0; i < n; ++i) still += (u -= w[i]) >= 0;
  return std::min(still, n - 1);
}

int draw_age_in_band(Rng& rng, std::size_t band) {
  const int span = kAgeBandHigh[band] - kAgeBandLow[band] + 1;
  return kAgeBandLow[band] + static_cast<int>(rng.below(static_cast<std::uint32_t>(span)));
}

/// An age from the bands [first, last] of the marginal, restricted to [lo, hi] by rejection
/// (falling back to uniform in [lo, hi] when the marginal gives that range little weight).
int draw_age(Rng& rng, const Marginals& m, std::size_t first, std::size_t last, int lo, int hi) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::size_t band = first + draw_index(rng, &m.age[first], last - first + 1);
    const int age = draw_age_in_band(rng, band);
    if (age >= lo && age <= hi) return age;
  }
  return lo + static_cast<int>(rng.below(static_cast<std::uint32_t>(hi - lo + 1)));
}

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i)
    std::swap(v[i - 1], v[rng.below(static_cast<std::uint32_t>(i))]);
}

// --- seed associations for the age x diploma x activity table (people 15+), all assumptions
// reflecting well-known gradients (INSEE, Enquête emploi): older cohorts hold fewer diplomas,
// employment rises with diploma, students are young, retirement starts at 55 at the earliest.
constexpr std::size_t kBands15 = kAgeBands - kFirst15Band;  // 15-17 ... 75+
constexpr std::array<std::array<double, kDiplomas>, kBands15> kAgeDiplomaSeed = {{
    {3.0, 0.5, 0.2, 0.01},  // 15-17: mostly still without a diploma
    {0.7, 1.0, 1.6, 0.8},   // 18-24
    {0.6, 1.0, 1.2, 1.2},   // 25-29
    {0.8, 1.0, 1.0, 1.0},   // 30-39
    {1.0, 1.0, 0.8, 0.7},   // 40-49
    {1.2, 1.0, 0.6, 0.5},   // 50-54
    {1.4, 1.0, 0.5, 0.4},   // 55-64
    {1.9, 0.8, 0.4, 0.3},   // 65-74
    {2.5, 0.6, 0.3, 0.2},   // 75+
}};
constexpr std::array<std::array<double, kActivities>, kBands15> kAgeActivitySeed = {{
    // employed, job_seeker, inactive, student, retired
    {0.05, 0.1, 0.3, 20.0, 0.0},  // 15-17
    {0.7, 1.4, 0.8, 2.0, 0.0},    // 18-24
    {1.0, 1.2, 0.9, 0.3, 0.0},    // 25-29
    {1.0, 1.0, 1.0, 0.02, 0.0},   // 30-39
    {1.0, 1.0, 1.0, 0.0, 0.0},    // 40-49
    {0.9, 0.9, 1.1, 0.0, 0.0},    // 50-54
    {0.6, 0.6, 1.2, 0.0, 1.0},    // 55-64
    {0.0, 0.0, 0.0, 0.0, 1.0},    // 65-74: everyone retired
    {0.0, 0.0, 0.0, 0.0, 1.0},    // 75+
}};
constexpr std::array<std::array<double, kActivities>, kDiplomas> kDiplomaActivitySeed = {{
    {0.6, 1.0, 1.4, 0.8, 1.0},  // none
    {1.0, 1.0, 1.0, 1.0, 1.0},  // CAP-BEP
    {1.3, 0.9, 0.8, 1.2, 1.0},  // bac
    {1.8, 0.7, 0.6, 1.4, 1.0},  // higher
}};

// Lone parents in QPV work less often than other adults of the same age and diploma
// (INSEE: employment of single mothers is markedly lower, above all with young children).
// Assumption: relative odds for heads of single-parent households.
constexpr std::array<double, kActivities> kSingleParentActivitySeed = {0.75, 1.2, 1.4, 0.2, 0.3};

/// Diploma and activity of people 15+ by IPF of an age band x role (single-parent head or
/// not) x diploma x activity table, then exact integerisation within each (band, role) cell.
void assign_diploma_and_activity(const Marginals& m, const Households& h, Persons& p, Rng& rng) {
  constexpr std::size_t kRoles = 2;
  std::array<std::array<std::vector<std::uint32_t>, kRoles>, kBands15> rows;
  std::vector<std::uint8_t> is_single_parent(p.size(), 0);
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    if (h.type[hh] == HouseholdType::single_parent) is_single_parent[h.head[hh]] = 1;
  }
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.age[i] >= 15)
      rows[age_band_of(p.age[i]) - kFirst15Band][is_single_parent[i]].push_back(i);
  }
  // The realised (band, role) counts are one dimension of the table, so that each cell's
  // integerisation below matches the people it is given exactly.
  Eigen::ArrayXd band_role_target(static_cast<Eigen::Index>(kBands15 * kRoles));
  double n15 = 0, n1564 = 0;
  for (std::size_t b = 0; b < kBands15; ++b) {
    for (std::size_t r = 0; r < kRoles; ++r) {
      const auto n = static_cast<double>(rows[b][r].size());
      band_role_target(static_cast<Eigen::Index>(b * kRoles + r)) = n;
      n15 += n;
      if (b + kFirst15Band < kFirst65Band) n1564 += n;
    }
  }
  if (n15 == 0) return;
  Eigen::ArrayXd diploma_target(static_cast<Eigen::Index>(kDiplomas));
  for (std::size_t d = 0; d < kDiplomas; ++d)
    diploma_target(static_cast<Eigen::Index>(d)) = n15 * m.diploma[d];
  Eigen::ArrayXd activity_target(static_cast<Eigen::Index>(kActivities));
  for (std::size_t k = 0; k < kActivities; ++k)
    activity_target(static_cast<Eigen::Index>(k)) = n1564 * m.activity[k];
  activity_target(static_cast<Eigen::Index>(Activity::retired)) += n15 - n1564;

  const std::vector<std::size_t> dims = {kBands15 * kRoles, kDiplomas, kActivities};
  constexpr std::size_t kCells = kDiplomas * kActivities;  // per (band, role)
  Eigen::ArrayXd seed(static_cast<Eigen::Index>(kBands15 * kRoles * kCells));
  for (std::size_t b = 0; b < kBands15; ++b)
    for (std::size_t r = 0; r < kRoles; ++r)
      for (std::size_t d = 0; d < kDiplomas; ++d)
        for (std::size_t k = 0; k < kActivities; ++k)
          seed(static_cast<Eigen::Index>(((b * kRoles + r) * kDiplomas + d) * kActivities + k)) =
              kAgeDiplomaSeed[b][d] * kAgeActivitySeed[b][k] * kDiplomaActivitySeed[d][k] *
              (r == 1 ? kSingleParentActivitySeed[k] : 1.0);
  const IpfResult fit = ipf(seed, dims, {band_role_target, diploma_target, activity_target});
  if (!fit.converged) {
    throw std::runtime_error(
        "the diploma and activity marginals cannot be matched to the age structure (for example "
        "more students or retirees than the age bands allow)");
  }

  for (std::size_t b = 0; b < kBands15; ++b) {
    for (std::size_t r = 0; r < kRoles; ++r) {
      const auto& who = rows[b][r];
      const auto cells = static_cast<Eigen::Index>(kCells);
      const Eigen::ArrayXd slice =
          fit.table.segment(static_cast<Eigen::Index>(b * kRoles + r) * cells, cells);
      const auto counts = integerise(slice, static_cast<std::int64_t>(who.size()), rng);
      std::vector<std::uint8_t> labels;
      labels.reserve(who.size());
      for (std::size_t c = 0; c < counts.size(); ++c)
        labels.insert(labels.end(), static_cast<std::size_t>(counts[c]),
                      static_cast<std::uint8_t>(c));
      shuffle(labels, rng);
      for (std::size_t j = 0; j < who.size(); ++j) {
        p.diploma[who[j]] = static_cast<Diploma>(labels[j] / kActivities);
        p.activity[who[j]] = static_cast<Activity>(labels[j] % kActivities);
      }
    }
  }
}

/// How many households make `n_target` people of whom `child_share` are children, with the
/// marginal's mix of household types (and their adults).
std::int64_t household_count(const Marginals& m, double n_target, double child_share) {
  double adults_per_household = 0;
  for (std::size_t t = 0; t < kHouseholdTypes; ++t)
    adults_per_household += m.household_type[t] * kAdultsPerType[t];
  return static_cast<std::int64_t>(
      std::llround(n_target * (1 - child_share) / adults_per_household));
}

/// Households by type and car: IPF of a type x car table, integer counts, then rows in random
/// order (so that row order carries no information about type or car).
void draw_households(const Marginals& m, std::int64_t n_households, Rng& rng, Households& h) {
  Eigen::ArrayXd seed(static_cast<Eigen::Index>(kHouseholdTypes * 2));
  Eigen::ArrayXd type_target(static_cast<Eigen::Index>(kHouseholdTypes));
  for (std::size_t t = 0; t < kHouseholdTypes; ++t) {
    seed(static_cast<Eigen::Index>(2 * t)) = 1 - kCarOddsSeed[t];
    seed(static_cast<Eigen::Index>(2 * t + 1)) = kCarOddsSeed[t];
    type_target(static_cast<Eigen::Index>(t)) =
        static_cast<double>(n_households) * m.household_type[t];
  }
  Eigen::ArrayXd car_target(2);
  car_target << static_cast<double>(n_households) * (1 - m.car),
      static_cast<double>(n_households) * m.car;
  const IpfResult fit = ipf(seed, {kHouseholdTypes, 2}, {type_target, car_target});
  if (!fit.converged)
    throw std::runtime_error("the household type and car marginals cannot be matched");
  const auto cell_counts = integerise(fit.table, n_households, rng);

  for (std::size_t cell = 0; cell < cell_counts.size(); ++cell) {
    for (std::int64_t i = 0; i < cell_counts[cell]; ++i) {
      h.type.push_back(static_cast<HouseholdType>(cell / 2));
      h.car.push_back(static_cast<std::uint8_t>(cell % 2));
    }
  }
  std::vector<std::uint32_t> order(h.type.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  shuffle(order, rng);
  const auto type = h.type;
  const auto car = h.car;
  for (std::size_t i = 0; i < order.size(); ++i) {
    h.type[i] = type[order[i]];
    h.car[i] = car[order[i]];
  }
}

/// Children per household: one for each family household, the rest of `children` spread
/// uniformly at random among them.
std::vector<int> share_children(const Households& h, double children, Rng& rng) {
  std::vector<std::uint32_t> families;
  for (std::uint32_t i = 0; i < h.size(); ++i) {
    if (h.type[i] == HouseholdType::couple_with_children ||
        h.type[i] == HouseholdType::single_parent)
      families.push_back(i);
  }
  std::vector<int> kids(h.size(), 0);
  const auto n_children =
      std::max<std::int64_t>(std::llround(children), static_cast<std::int64_t>(families.size()));
  for (auto f : families) kids[f] = 1;
  if (!families.empty()) {
    for (std::int64_t c = static_cast<std::int64_t>(families.size()); c < n_children; ++c)
      ++kids[families[rng.below(static_cast<std::uint32_t>(families.size()))]];
  }
  return kids;
}

/// Each household's ages, head first, contiguous in one array: range[hh] = {first, count}
/// (a household's ages are all drawn in one go, in one of the two passes of draw_ages).
struct HouseholdAges {
  std::vector<int> ages;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> range;
  std::vector<int> adults;  ///< each household's number of adults: the first of its ages

  void begin_household(std::uint32_t hh) {
    range[hh].first = static_cast<std::uint32_t>(ages.size());
  }
  void add(std::uint32_t hh, int age) {
    ages.push_back(age);
    ++range[hh].second;
  }
};

/// What remains of the adult age marginal (target counts per band) as adults are given ages:
/// the adults drawn from it after the parents fill in what the parents left, so that the adult
/// age structure matches the target although parents concentrate in the 25-54 bands.
class AdultAgesLeft {
 public:
  AdultAgesLeft(const Marginals& m, double n_target) : marginals_(m) {
    for (std::size_t b = kFirstAdultBand; b < kAgeBands; ++b) left_[b] = n_target * m.age[b];
  }
  void take(int age) { left_[age_band_of(age)] -= 1; }
  /// An age drawn from what remains (from the marginal once nothing does), then taken.
  int draw(Rng& rng) {
    std::array<double, kAgeBands> weights{};
    for (std::size_t b = kFirstAdultBand; b < kAgeBands; ++b) weights[b] = std::max(0.0, left_[b]);
    const bool any = std::any_of(weights.begin(), weights.end(), [](double x) { return x > 0; });
    const double* from = any ? &weights[kFirstAdultBand] : &marginals_.age[kFirstAdultBand];
    const std::size_t band = kFirstAdultBand + draw_index(rng, from, kAgeBands - kFirstAdultBand);
    const int age = draw_age_in_band(rng, band);
    take(age);
    return age;
  }

 private:
  const Marginals& marginals_;
  std::array<double, kAgeBands> left_{};
};

/// The first pass over the households, in row order: every household's number of adults, and
/// the ages in households with children, parents constrained by their children's ages.
void draw_family_ages(const Marginals& m, const Households& h, const std::vector<int>& kids,
                      AdultAgesLeft& adult_ages, HouseholdAges& out, Rng& rng) {
  std::vector<int> child_ages;  // of the household being drawn
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    const HouseholdType type = h.type[hh];
    out.adults[hh] = type == HouseholdType::other
                         ? 2 + static_cast<int>(rng.below(2))
                         : static_cast<int>(kAdultsPerType[static_cast<std::size_t>(type)]);
    if (kids[hh] == 0) continue;
    child_ages.resize(static_cast<std::size_t>(kids[hh]));
    for (auto& a : child_ages) a = draw_age(rng, m, 0, kFirstAdultBand - 1, 0, 17);
    const int lo =
        std::max(18, *std::max_element(child_ages.begin(), child_ages.end()) + kMinParentGap);
    const int hi = std::max(
        lo, std::min(kAgeBandHigh.back(),
                     *std::min_element(child_ages.begin(), child_ages.end()) + kMaxParentGap));
    const int head = draw_age(rng, m, kFirstAdultBand, kAgeBands - 1, lo, hi);
    out.begin_household(hh);
    out.add(hh, head);
    adult_ages.take(head);
    if (out.adults[hh] == 2) {
      const int partner = std::clamp(head + static_cast<int>(rng.below(11)) - 5, lo, hi);
      out.add(hh, partner);
      adult_ages.take(partner);
    }
    for (const int a : child_ages) out.add(hh, a);
  }
}

/// The second pass: the adults of households without children, from what remains of the
/// adult age marginal (a couple's partner near the head's age).
void draw_other_ages(const Households& h, const std::vector<int>& kids, AdultAgesLeft& adult_ages,
                     HouseholdAges& out, Rng& rng) {
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    if (kids[hh] > 0) continue;
    const int head = adult_ages.draw(rng);
    out.begin_household(hh);
    out.add(hh, head);
    for (int a = 1; a < out.adults[hh]; ++a) {
      if (h.type[hh] == HouseholdType::couple_no_children) {
        const int partner = std::max(18, head + static_cast<int>(rng.below(11)) - 5);
        out.add(hh, partner);
        adult_ages.take(partner);
      } else {
        out.add(hh, adult_ages.draw(rng));
      }
    }
  }
}

/// Every household's ages. Parents are placed first, constrained by their children's ages; the
/// other adults then draw from what remains of the adult age marginal (sampling without
/// replacement from the target counts per band).
HouseholdAges draw_ages(const Marginals& m, const Households& h, const std::vector<int>& kids,
                        double n_target, Rng& rng) {
  HouseholdAges out;
  out.ages.reserve(static_cast<std::size_t>(n_target) + 16);
  out.range.resize(h.size());
  out.adults.resize(h.size());
  AdultAgesLeft adult_ages(m, n_target);
  draw_family_ages(m, h, kids, adult_ages, out, rng);
  draw_other_ages(h, kids, adult_ages, out, rng);
  return out;
}

/// The persons of every household, with their ages on `on` (birth dates uniform within the year
/// of age) and sexes; each household's informal care. Reserves `room` times the rows.
void add_members(const Marginals& m, const Date& on, const HouseholdAges& ages, double n_target,
                 double room, Rng& rng, Population& pop) {
  Households& h = pop.households;
  Persons& p = pop.persons;
  const std::int64_t on_day = on.days_since_epoch();
  // `on` and the 364 days before it, as dates, for the birth dates below.
  std::array<Date, 365> days_before{};
  for (std::size_t k = 0; k < days_before.size(); ++k)
    days_before[k] = Date::from_days_since_epoch(on_day - static_cast<std::int64_t>(k));
  p.reserve(static_cast<std::size_t>(n_target * room));
  h.reserve(static_cast<std::size_t>(static_cast<double>(h.size()) * room));
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    const HouseholdType type = h.type[hh];
    h.head.push_back(kNone);
    h.tail.push_back(kNone);
    h.members.push_back(0);
    h.resident.push_back(1);
    h.last_hire.push_back(Time::min());
    const int* household_ages = ages.ages.data() + ages.range[hh].first;
    for (std::size_t a = 0; a < ages.range[hh].second; ++a) {
      const std::uint32_t row = pop.add_member(hh);
      // Birth date uniform within the year of age, so the age at `on` is exactly that age.
      const Date birth = days_before[rng.below(365)];
      const Date b{birth.year - household_ages[a], birth.month,
                   birth.month == 2 && birth.day == 29 ? 28 : birth.day};
      p.birth_day[row] = static_cast<std::int32_t>(b.days_since_epoch());
      p.age[row] = static_cast<std::uint8_t>(whole_years_between(b, on));
      const bool adult = static_cast<int>(a) < ages.adults[hh];
      Sex sex = rng.bernoulli(0.5) ? Sex::female : Sex::male;
      if (adult && type == HouseholdType::single_parent)
        sex = rng.bernoulli(m.single_parent_female) ? Sex::female : Sex::male;
      if (adult && (type == HouseholdType::couple_no_children ||
                    type == HouseholdType::couple_with_children))
        sex = a == 0 ? Sex::male : Sex::female;
      p.sex[row] = sex;
    }
    // Drawn for every household, not only those with children now: a household whose first
    // child is born during the run must have it too (it only matters with a child to mind).
    h.informal_care.push_back(rng.bernoulli(m.informal_care) ? 1 : 0);
  }
}

/// Contracts of the employed, health limitations, transit affordability.
void draw_contracts_and_health(const Marginals& m, Persons& p, Rng& rng) {
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.activity[i] == Activity::employed)
      p.contract[i] = rng.bernoulli(m.fixed_term) ? Contract::fixed_term : Contract::permanent;
    if (p.age[i] >= 15 && p.age[i] <= 64) {
      p.health_limited[i] = rng.bernoulli(m.health_15_64) ? 1 : 0;
      p.transit_unaffordable[i] = rng.bernoulli(m.transit_unaffordable) ? 1 : 0;
    } else if (p.age[i] >= 65) {
      p.health_limited[i] = rng.bernoulli(m.health_65_plus) ? 1 : 0;
    }
  }
}

/// Licences: someone in each household with a car drives it (the head, always 18+); the other
/// adults get a licence with the probability that brings the total to the target.
void draw_licences(const Marginals& m, Population& pop, Rng& rng) {
  Persons& p = pop.persons;
  const Households& h = pop.households;
  std::int64_t adults18 = 0, car_households = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) adults18 += p.age[i] >= 18;
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    if (h.car[hh]) {
      p.licence[h.head[hh]] = 1;
      ++car_households;
    }
  }
  const double rest = static_cast<double>(adults18 - car_households);
  const double p_licence = rest > 0 ? std::clamp((m.licence * static_cast<double>(adults18) -
                                                  static_cast<double>(car_households)) /
                                                     rest,
                                                 0.0, 1.0)
                                    : 0.0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.age[i] >= 18 && !p.licence[i]) p.licence[i] = rng.bernoulli(p_licence) ? 1 : 0;
  }
}

/// Crèche places held on the start date: the QPV's places go to under-3s in random order.
void assign_creche_places(std::int64_t creche_places, Persons& p, Rng& rng) {
  std::vector<std::uint32_t> under3;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.age[i] < 3) under3.push_back(i);
  }
  shuffle(under3, rng);
  const auto places = std::min<std::size_t>(
      static_cast<std::size_t>(std::max<std::int64_t>(creche_places, 0)), under3.size());
  for (std::size_t j = 0; j < places; ++j) p.creche_place[under3[j]] = 1;
}

}  // namespace

Population synthesize(const Qpv& qpv, const Date& on, Rng& rng, double room) {
  const Marginals& m = qpv.marginals;
  const auto n_target = static_cast<double>(qpv.population);
  double child_share = 0;
  for (std::size_t b = 0; b < kFirstAdultBand; ++b) child_share += m.age[b];
  Population pop;
  draw_households(m, household_count(m, n_target, child_share), rng, pop.households);
  const std::vector<int> kids = share_children(pop.households, n_target * child_share, rng);
  const HouseholdAges ages = draw_ages(m, pop.households, kids, n_target, rng);
  add_members(m, on, ages, n_target, room, rng, pop);
  assign_diploma_and_activity(m, pop.households, pop.persons, rng);
  draw_contracts_and_health(m, pop.persons, rng);
  draw_licences(m, pop, rng);
  assign_creche_places(qpv.creche_places, pop.persons, rng);
  return pop;
}

}  // namespace qpv::model
