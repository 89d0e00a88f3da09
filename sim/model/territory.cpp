#include "sim/model/territory.hpp"

namespace qpv::model {

std::size_t age_band_of(int age_years) {
  // The bands whose lower bound the age has reached, counted without branches (a search
  // loop's exit is mispredicted for ages in random order).
  std::size_t reached = 0;
  for (std::size_t band = 1; band < kAgeBands; ++band) reached += age_years >= kAgeBandLow[band];
  return reached;
}

int Territory::index_of(std::string_view code) const {
  for (std::size_t i = 0; i < qpvs.size(); ++i) {
    if (qpvs[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace qpv::model
