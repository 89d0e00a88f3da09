// The one lever vocabulary: the three levers of the Contrat Quartiers 2030 that the model
// simulates, each with its id (an intervention's `kind` in scenario files, its name under
// /spending in results files, the workshop's lever id) and its French name in reports. Which
// lever an intervention is comes from its type (lever_of in interventions.hpp), never from
// comparing names.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace qpv::model {

enum class Lever : std::uint8_t { transport_aid, creche_places, screening_truck };
inline constexpr std::size_t kLevers = 3;

struct LeverSpec {
  Lever lever;
  std::string_view name;          ///< "transport_aid": scenario files, results files, workshop
  std::string_view label_fr;      ///< "Aide à la mobilité": the report's name of an intervention
  std::string_view panel_fr;      ///< "Aides à la mobilité": the workshop's panel (several aids)
  std::string_view spending_fr;   ///< "aides à la mobilité": results files' "Dépenses — ..."
  std::string_view effect_of_fr;  ///< "de l'aide à la mobilité": "L'effet ..." in reports
  std::string_view cost_keys;     ///< the [[intervention]] keys its spending grows with
};

/// Every lever, in Lever order.
inline constexpr std::array<LeverSpec, kLevers> kLeverSpecs = {{
    {Lever::transport_aid, "transport_aid", "Aide à la mobilité", "Aides à la mobilité",
     "aides à la mobilité", "de l'aide à la mobilité",
     "cost_per_beneficiary_month_eur, cost_per_licence_eur or places"},
    {Lever::creche_places, "creche_places", "Places en crèche", "Places en crèche",
     "places en crèche", "des places en crèche supplémentaires",
     "cost_per_place_year_eur, investment_per_place_eur, places or increase"},
    {Lever::screening_truck, "screening_truck", "Camion de dépistage", "Camion de dépistage",
     "camion de dépistage", "du camion de dépistage",
     "cost_per_passage_eur, passages_per_year or dates"},
}};

constexpr const LeverSpec& lever_spec(Lever l) {
  return kLeverSpecs[static_cast<std::size_t>(l)];
}
constexpr std::string_view lever_name(Lever l) {
  return lever_spec(l).name;
}
/// The lever named `name` ("transport_aid", ...), if any.
constexpr std::optional<Lever> find_lever(std::string_view name) {
  for (const LeverSpec& s : kLeverSpecs)
    if (s.name == name) return s.lever;
  return std::nullopt;
}

}  // namespace qpv::model
