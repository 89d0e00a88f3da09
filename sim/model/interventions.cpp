#include "sim/model/interventions.hpp"

#include <algorithm>

namespace qpv::model {

std::string_view kind_name(const Intervention& i) {
  switch (i.detail.index()) {
    case 0:
      return "transport_aid";
    case 1:
      return "creche_places";
    default:
      return "screening_truck";
  }
}

const QpvSelection& selection(const Intervention& i) {
  return std::visit([](const auto& d) -> const QpvSelection& { return d.qpv; }, i.detail);
}

bool targets(const Intervention& i, std::string_view code) {
  const QpvSelection& sel = selection(i);
  return sel.empty() || std::find(sel.begin(), sel.end(), code) != sel.end();
}

}  // namespace qpv::model
