#include "sim/model/interventions.hpp"

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

}  // namespace qpv::model
