#include "sim/model/interventions.hpp"

#include <algorithm>
#include <string>

namespace qpv::model {

SpendingOverflow::SpendingOverflow(Lever lever, int year)
    : std::overflow_error("spending on " + std::string(lever_name(lever)) + " in " +
                          std::to_string(year) +
                          " is beyond what integer cents hold (about ±92 million billion "
                          "euros): lower the " +
                          std::string(lever_spec(lever).cost_keys) + " of its interventions"),
      lever_(lever) {}

Lever lever_of(const Intervention& i) {
  struct Of {
    Lever operator()(const TransportAid&) const { return Lever::transport_aid; }
    Lever operator()(const CrechePlaces&) const { return Lever::creche_places; }
    Lever operator()(const ScreeningTruck&) const { return Lever::screening_truck; }
  };
  return std::visit(Of{}, i.detail);
}

std::string_view kind_name(const Intervention& i) {
  return lever_name(lever_of(i));
}

const QpvSelection& selection(const Intervention& i) {
  return std::visit([](const auto& d) -> const QpvSelection& { return d.qpv; }, i.detail);
}

bool targets(const Intervention& i, std::string_view code) {
  const QpvSelection& sel = selection(i);
  return sel.empty() || std::find(sel.begin(), sel.end(), code) != sel.end();
}

}  // namespace qpv::model
