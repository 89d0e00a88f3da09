#include "sim/model/run_plan.hpp"

namespace qpv::model {

StreamKey stream_key(const RunPlan& plan, std::uint32_t replicate, const Qpv& qpv, Stream s) {
  return StreamKey{plan.seed, replicate, name_key(qpv.code), static_cast<std::uint32_t>(s)};
}

std::vector<Date> recorded_months(const RunPlan& plan) {
  std::vector<Date> months;
  for (Date d{plan.start.year, plan.start.month, 1}; d <= plan.end; d = first_of_next_month(d)) {
    months.push_back(d);
  }
  return months;
}

}  // namespace qpv::model
