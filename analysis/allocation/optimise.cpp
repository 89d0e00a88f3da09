// COBYLA through NLopt's C interface (optimise.hpp).

#include "analysis/allocation/optimise.hpp"

#include <nlopt.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <stdexcept>

namespace qpv::analysis::allocation {
namespace {

struct Context {
  const std::function<std::pair<double, double>(const std::vector<double>&)>* value;
  std::exception_ptr error;
  nlopt_opt opt;
};

std::pair<double, double> call(Context& ctx, unsigned n, const double* x) {
  if (ctx.error) return {0.0, 0.0};
  try {
    return (*ctx.value)(std::vector<double>(x, x + n));
  } catch (...) {
    ctx.error = std::current_exception();
    nlopt_force_stop(ctx.opt);
    return {0.0, 0.0};
  }
}

double objective(unsigned n, const double* x, double* /*gradient*/, void* data) {
  return -call(*static_cast<Context*>(data), n, x).first;  // NLopt minimises
}

double constraint(unsigned n, const double* x, double* /*gradient*/, void* data) {
  return call(*static_cast<Context*>(data), n, x).second;
}

}  // namespace

std::vector<double> maximise(
    const Cobyla& s, std::vector<double> start,
    const std::function<std::pair<double, double>(const std::vector<double>&)>& value) {
  const auto n = static_cast<unsigned>(start.size());
  std::unique_ptr<nlopt_opt_s, void (*)(nlopt_opt)> opt(nlopt_create(NLOPT_LN_COBYLA, n),
                                                        nlopt_destroy);
  if (!opt) throw std::runtime_error("NLopt: cannot create the COBYLA optimiser");
  Context ctx{&value, nullptr, opt.get()};
  for (unsigned i = 0; i < n; ++i) start[i] = std::clamp(start[i], s.lower[i], s.upper[i]);
  nlopt_set_lower_bounds(opt.get(), s.lower.data());
  nlopt_set_upper_bounds(opt.get(), s.upper.data());
  nlopt_set_min_objective(opt.get(), objective, &ctx);
  nlopt_add_inequality_constraint(opt.get(), constraint, &ctx, 0.0);
  nlopt_set_initial_step(opt.get(), s.initial_step.data());
  nlopt_set_xtol_abs(opt.get(), s.x_tolerance.data());
  nlopt_set_maxeval(opt.get(), static_cast<int>(s.max_evaluations));
  double best = 0;
  nlopt_optimize(opt.get(), start.data(), &best);  // the result code: the caller keeps the best
  if (ctx.error) std::rethrow_exception(ctx.error);
  return start;
}

}  // namespace qpv::analysis::allocation
