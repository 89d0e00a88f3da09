// From a point of the search space to euros per lever and QPV (an Allocation), and from euros to
// the capacity the model simulates (interventions): the one place the cost models live.
//
// The search space (Space) has one coordinate per lever in play (its raw share, in [0, 1]),
// then the targeting exponent if the search tunes it, then one weight per QPV under the
// targeting rule "free". Any point maps to an allocation that satisfies every bound: the raw
// shares are projected on {sum = envelope, lever min <= euros <= lever max} (water-filling),
// each lever's euros are split between the QPVs by the targeting weights, and if QPV bounds or
// an equity floor per resident apply, the lever x QPV table is scaled to those QPV totals and
// back to the lever totals (iterative proportional fitting). What cannot be met is reported as
// a violation in euros, and such an allocation is never returned.
//
// Euros become capacity with the lever scenarios' costs, the same every year of the envelope:
//   transport aid   a yearly budget cap per aid type and QPV (the mix of the lever's euros)
//   crèche places   whole places at cost_per_place_year + investment_per_place / years; the
//                   lever's places shared between the QPVs by largest remainder of their euros,
//                   open from 1 January of the first year (an assumption: new places in reality
//                   open at a school-year start)
//   truck           whole passages a year at cost_per_passage, shared likewise, spread evenly
//                   over each year
// so the planned cost of a lever (capacity x unit cost) is at most its euros; the rest is left
// unspent and reported.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/allocation/config.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::analysis::allocation {

/// Euros a year per lever and QPV, and the capacity they buy.
struct Allocation {
  std::size_t qpvs = 0;
  /// Euros a year [lever * qpvs + q], Lever order over model::kLevers (0 for levers not in play).
  std::vector<double> eur;
  double exponent = 0;             ///< the targeting exponent used
  std::vector<double> qpv_weight;  ///< "free": the search's weights; else empty
  double violation_eur = 0;        ///< how far a bound is missed (0 when feasible)
  /// Capacity per [lever * qpvs + q]: transport aid euros a year (the caps), crèche places,
  /// truck passages a year.
  std::vector<double> capacity;
  /// Planned cost a year per [lever * qpvs + q]: capacity x unit cost (<= eur for a lever).
  std::vector<double> planned_eur;

  double at(model::Lever l, std::size_t q) const {
    return eur[static_cast<std::size_t>(l) * qpvs + q];
  }
  double lever_total(model::Lever l) const;
  double qpv_total(std::size_t q) const;
  double total() const;
  bool feasible() const { return violation_eur <= 1.0; }
};

/// Each lever's need level per QPV [lever][qpv] (Targeting::need): its need indicator in the
/// baseline, averaged over the replicates and the year before the envelope (its first year if
/// the run starts then), as a shortfall for a "higher is better" share, per resident for a
/// count.
std::vector<std::vector<double>> need_levels(const AllocationConfig& c,
                                             const model::RunResults& baseline);

/// What the search moves, and the allocation a point of it gives.
class Space {
 public:
  /// `need` is each lever's need level per QPV [lever][q] (the baseline's, Targeting::need).
  Space(const AllocationConfig& c, std::vector<std::vector<double>> need);

  std::size_t dimensions() const { return lower_.size(); }
  const std::vector<double>& lower() const { return lower_; }
  const std::vector<double>& upper() const { return upper_; }
  /// Coordinate names for files and logs ("share:transport_aid", "exponent", "weight:<code>").
  const std::vector<std::string>& names() const { return names_; }

  /// The point with these lever shares of the envelope (Lever order), the configured exponent
  /// and, under "free", every QPV weighted by its population.
  std::vector<double> point(const std::array<double, model::kLevers>& shares) const;
  /// The allocation of a point (see the file comment).
  Allocation allocate(const std::vector<double>& x) const;

  /// The simple rules re-evaluated beside the search's best: the status quo (its lever shares,
  /// each lever split between the QPVs as today's scenarios split it: transport aid by
  /// population, crèche places by the QPVs' existing places, truck passages evenly), and its
  /// lever shares split in proportion to population, and to need (exponent 1).
  enum class Rule : std::uint8_t { status_quo, population, need };
  Allocation rule(Rule r) const;
  /// `lever` alone receives `fraction` x envelope, split as the configured targeting with the
  /// configured exponent; bounds do not apply (the budget-response curves).
  Allocation lever_alone(model::Lever lever, double fraction) const;
  /// The lever shares of the envelope of a point, after projection (Lever order).
  std::array<double, model::kLevers> shares(const std::vector<double>& x) const;

 private:
  std::vector<double> targeting_weights(model::Lever l, double exponent,
                                        const std::vector<double>& free) const;
  Allocation split(const std::array<double, model::kLevers>& lever_eur, double exponent,
                   const std::vector<double>& free, bool bounded) const;
  void buy_capacity(Allocation& a) const;

  const AllocationConfig& c_;
  std::vector<std::vector<double>> need_;
  std::vector<double> lower_, upper_;
  std::vector<std::string> names_;
  std::size_t exponent_index_ = 0;  ///< == dimensions() if the exponent is fixed
  std::size_t weights_index_ = 0;   ///< first QPV weight, == dimensions() if none
};

/// The interventions that simulate an allocation over the envelope's years (one per lever
/// template and QPV with a capacity).
std::vector<model::Intervention> interventions(const AllocationConfig& c, const Allocation& a);

/// Unit cost a year of one unit of a lever's capacity (crèche: a place, truck: a passage;
/// transport aid: 1, its capacity is in euros).
double unit_cost_eur(const AllocationConfig& c, model::Lever l);

/// A scenario file (TOML text) with the allocation's interventions, based on `base_path` (the
/// baseline file, as the scenario's `base` key), that `qpvsim compare` reruns.
std::string scenario_text(const AllocationConfig& c, const Allocation& a,
                          const std::string& base_path, const std::string& title);

}  // namespace qpv::analysis::allocation
