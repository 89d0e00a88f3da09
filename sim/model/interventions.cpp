#include "sim/model/interventions.hpp"

#include <algorithm>

namespace qpv::model {

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
