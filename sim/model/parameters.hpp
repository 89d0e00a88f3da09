// The parameter registry: every behavioural parameter of the model, with its unit, default,
// admissible range, prior, source and role. Scenario files override values by name; the model
// reads them by enum (no string look-ups on hot paths). The role says what a run under
// uncertainty does with it (sim/model/uncertainty.hpp): a calibrated parameter is drawn from the
// calibrated posterior, an uncertain one from its prior, a policy setting is never drawn.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qpv::model {

/// Parameter identifiers. Keep in the same order as the registry: the tables of
/// sim/model/parameters/, joined in parameters.cpp.
enum class Param : std::uint16_t {
  offer_rate,
  offer_mult_no_diploma,
  offer_mult_bac,
  offer_mult_higher,
  offer_mult_under_25,
  offer_mult_50_plus,
  offer_mult_long_term,
  offer_needs_car,
  offer_atypical_hours,
  health_acceptance,
  fixed_term_share_of_hires,
  fixed_term_mean_months,
  fixed_term_renewal,
  fixed_term_to_permanent,
  permanent_loss_rate,
  job_end_to_inactive,
  search_exit_rate,
  search_exit_mult_childcare,
  search_exit_mult_health,
  search_entry_rate,
  search_entry_mult_childcare,
  search_entry_mult_health,
  initial_search_months_mean,
  // health and screening
  screening_uptake_breast,
  screening_uptake_cervical,
  screening_uptake_colorectal,
  screening_mult_no_car,
  screening_mult_low_literacy,
  low_health_literacy_share,
  truck_awareness_mult,
  truck_reach,
  truck_conversion,
  // transport aid
  licence_training_months,
  licence_pass_probability,
  licence_training_search_mult,
  transit_pass_months,
  car_rental_months,
  aid_take_up_transit_pass,
  aid_take_up_driving_licence,
  aid_take_up_car_rental,
  transit_access_offset,
  // childcare
  creche_demand_share,
  creche_priority_single_parents,
  creche_priority_job_seekers,
  // demography
  fertility_tfr,
  mortality_gompertz_a,
  mortality_gompertz_b,
  mortality_excess,
  move_out_rate,
  move_out_mult_after_job,
  arrivals_per_departure,
  retirement_age,
  study_exit_rate,
  study_exit_to_search,
  licence_acquisition_rate,
  count_
};
inline constexpr std::size_t kParamCount = static_cast<std::size_t>(Param::count_);

/// A prior distribution for calibration. uniform(a=min, b=max); normal(a=mean, b=sd);
/// lognormal(a=mu, b=sigma of the log); beta(a=alpha, b=beta).
struct Prior {
  enum class Kind : std::uint8_t { uniform, normal, lognormal, beta };
  Kind kind = Kind::uniform;
  double a = 0.0;
  double b = 1.0;
};

/// What a run under uncertainty does with a parameter (DESIGN.md §4, "Parameters and
/// uncertainty").
enum class Role : std::uint8_t {
  calibrated,  ///< fitted to observed figures: drawn from the calibrated posterior
  uncertain,   ///< an assumed mechanism: drawn from its prior in each replicate
  policy       ///< a choice of the programme, not a fact about the world: never drawn
};
std::string_view role_name(Role r);

/// Where a run's values of a parameter come from (sim/model/uncertainty.hpp).
enum class ParamSource : std::uint8_t {
  registry,   ///< the registry's default, in every replicate
  scenario,   ///< the value the scenario sets, in every replicate
  posterior,  ///< each replicate's particle of the calibrated posterior
  prior       ///< a draw from the prior in each replicate
};
/// "registry", "scenario", "posterior" or "prior", as results files write it.
std::string_view source_name(ParamSource s);

struct ParamSpec {
  Param id;
  std::string_view name;  ///< key in scenario files' [parameters]
  double default_value;
  double min;  ///< admissible range, inclusive
  double max;
  std::string_view unit;
  Prior prior;
  std::string_view source;  ///< a reference, or "assumption: ..." with the reasoning
  std::string_view description;
  Role role = Role::uncertain;
  std::string_view label_fr;  ///< what it is, for officials ("part des offres qui demandent ...")
};

/// The registry, indexed by Param.
const std::array<ParamSpec, kParamCount>& param_specs();
inline const ParamSpec& spec(Param p) {
  return param_specs()[static_cast<std::size_t>(p)];
}
/// Looks a parameter up by its scenario-file name.
std::optional<Param> find_param(std::string_view name);
std::string_view prior_kind_name(Prior::Kind k);
/// Every prior kind's name ("uniform", "normal", "lognormal", "beta"), in Prior::Kind order.
const std::vector<std::string>& prior_kind_names();
/// The kind named `name` (one of prior_kind_names()).
std::optional<Prior::Kind> find_prior_kind(std::string_view name);

/// A complete, validated set of parameter values.
class Parameters {
 public:
  /// All defaults from the registry.
  Parameters();
  double operator[](Param p) const { return values_[static_cast<std::size_t>(p)]; }
  /// Throws std::out_of_range if `value` is outside the registry's [min, max].
  void set(Param p, double value);

 private:
  std::array<double, kParamCount> values_{};
};

}  // namespace qpv::model
