// Interventions as scenario files declare them (DESIGN.md §4, "Interventions"). They are
// parsed and validated by sim/io and applied to mechanisms by their processes: transport aid
// to passes, licences and rental cars (transport_aid.hpp), crèche places to the pools
// (childcare.hpp), truck passages to screening (screening.hpp).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/money.hpp"
#include "sim/core/time.hpp"
#include "sim/model/levers.hpp"

namespace qpv::model {

/// QPVs an intervention targets: empty = all.
using QpvSelection = std::vector<std::string>;

enum class AidType { transit_pass, driving_licence, car_rental };
enum class Eligibility { job_seekers, youth, long_term_unemployed };

struct TransportAid {
  AidType aid = AidType::transit_pass;
  std::vector<Eligibility> eligibility;
  std::optional<std::int64_t> places;  ///< beneficiaries at a time
  /// Share of eligible people offered the aid who take it; unset: the registry's parameter
  /// for the aid type (aid_take_up_*), drawn from its prior under uncertainty.
  std::optional<double> take_up;
  Date start;
  Date end;
  QpvSelection qpv;
  Cents cost_per_beneficiary_month;  ///< transit pass, car rental
  Cents cost_per_licence;            ///< driving-licence funding
};

enum class Ramp { step, linear };

struct CrechePlaces {
  std::optional<double> increase;      ///< relative to the places on the start date
  std::optional<std::int64_t> places;  ///< or an absolute number of extra places
  Date start;
  Date reached_by;
  Ramp ramp = Ramp::linear;
  QpvSelection qpv;
  double avip_share = 0.0;  ///< share of new places kept for job-seeking parents
  Cents cost_per_place_year;
  Cents investment_per_place;
};

enum class TruckMode { awareness, mammography };

struct ScreeningTruck {
  std::optional<std::int64_t> passages_per_year;
  std::vector<Date> dates;  ///< explicit schedule, alternative to passages_per_year
  double qpv_share = 0.5;   ///< share of passages in or next to a QPV
  TruckMode mode = TruckMode::awareness;
  std::optional<Date> mammography_from;
  std::int64_t capacity_per_passage = 0;
  /// Probability that a passage reaches a resident due for screening, and that a reached woman
  /// is screened on board; unset: the registry's truck_reach and truck_conversion, drawn from
  /// their priors under uncertainty.
  std::optional<double> reach;
  std::optional<double> conversion;
  QpvSelection qpv;
  Cents cost_per_passage;
};

struct Intervention {
  std::string id;  ///< optional; a variant's intervention with the same id replaces its base's
  std::string name;
  /// Yearly budget (`budget_eur_per_year`). For transport aid, a hard cap: split between the
  /// targeted QPVs by population, it admits an enrolment only if the costs it commits fit every
  /// year's share. For crèche places and the truck, the model does not read it: results files
  /// record it beside the spending, for reports that compare the two.
  std::optional<Cents> budget_per_year;
  std::variant<TransportAid, CrechePlaces, ScreeningTruck> detail;
};

/// Spending on a lever, in a year of a run, beyond what integer cents hold: its interventions'
/// costs and counts are out of any real range (the scenario loader bounds each of them, but
/// not every product of them).
class SpendingOverflow : public std::overflow_error {
 public:
  SpendingOverflow(Lever lever, int year);
  Lever lever() const { return lever_; }

 private:
  Lever lever_;
};

/// The lever an intervention is (its type: TransportAid, CrechePlaces, ScreeningTruck).
Lever lever_of(const Intervention& i);
/// Its `kind` as scenario files write it: lever_name(lever_of(i)).
std::string_view kind_name(const Intervention& i);
/// The QPVs the intervention targets (empty = all).
const QpvSelection& selection(const Intervention& i);
/// True if the intervention applies to the QPV with this code.
bool targets(const Intervention& i, std::string_view code);

}  // namespace qpv::model
