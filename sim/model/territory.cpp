#include "sim/model/territory.hpp"

namespace qpv::model {

std::size_t age_band_of(int age_years) {
  std::size_t band = 0;
  while (band + 1 < kAgeBands && age_years >= kAgeBandLow[band + 1]) ++band;
  return band;
}

int Territory::index_of(std::string_view code) const {
  for (std::size_t i = 0; i < qpvs.size(); ++i) {
    if (qpvs[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace qpv::model
