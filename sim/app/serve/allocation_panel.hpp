// The workshop's panel "Répartir une enveloppe": officials set a yearly envelope and the lever
// shares under that total, or pick how the QPVs share each lever (in proportion to population or
// to need), and see the comparison with the baseline as for any page scenario, in stages.
//
// The panel's split becomes a scenario file by the allocation study's own rules
// (analysis/allocation/plan.hpp: the embedded Valenciennes allocation file's levers, costs and
// targeting), so the run the page shows is exactly the allocation `qpvsim allocate` would
// evaluate. Where the split sits is shown on the envelope's landscape: each lever's
// budget-response curve and the frontier between employment and screening over a grid of
// splits, computed once per envelope in the background and kept.
#pragma once

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "analysis/allocation/config.hpp"
#include "analysis/comparison.hpp"
#include "sim/app/serve/workshop.hpp"

namespace qpv::app::serve {

class AllocationPanel {
 public:
  /// Loads the embedded allocation file. `threads`: simulation threads of a landscape.
  explicit AllocationPanel(int threads);
  ~AllocationPanel();  ///< stops and joins the landscapes being computed
  AllocationPanel(const AllocationPanel&) = delete;
  AllocationPanel& operator=(const AllocationPanel&) = delete;

  /// What the page needs before any run: default envelope, status-quo shares, levers, targeting.
  nlohmann::json config() const;

  /// The scenario file of a request {"allocation": {"envelope_eur_per_year": 600000,
  /// "shares": {"transport_aid": 0.5, "creche_places": 0.45, "screening_truck": 0.05},
  /// "targeting": "need" | "population"}}. @throws RequestError (422, in French) for an
  /// envelope outside [10,000, 10,000,000] €, shares that are not numbers in [0, 1] adding up
  /// to 100 %, or an unknown targeting.
  ScenarioText scenario_text(const nlohmann::json& request);

  /// The outcomes of a comparison over the envelope's years (employment person-years,
  /// screenings, crèche child-years: mean and 90 % band), for the page.
  nlohmann::json outcomes(const analysis::Comparison& c) const;

  /// The landscape of `envelope` (euros a year): {"status": "computing"} while it is computed
  /// (the first call starts it), then {"status": "done", "curves": ..., "frontier": ...}.
  /// @throws RequestError (422) for an envelope out of range, (429) if too many are computing.
  nlohmann::json landscape(double envelope);

 private:
  struct Entry {
    std::atomic<bool> done{false};
    nlohmann::json result;
    std::thread worker;
  };
  /// The allocation file with this envelope and targeting (exponent fixed, no bounds but the
  /// envelope), and the need levels of the baseline.
  analysis::allocation::AllocationConfig with_envelope(double envelope, bool need) const;
  /// The baseline's need levels [lever][qpv] (waits for their computation, started by the
  /// constructor). @throws Interrupted if the panel was being destroyed.
  const std::vector<std::vector<double>>& need() const;

  analysis::allocation::AllocationConfig config_;
  int threads_;
  std::atomic<bool> stop_{false};  ///< set by the destructor: landscapes stop
  std::shared_future<std::vector<std::vector<double>>> need_;
  std::mutex m_;  ///< guards landscapes_
  std::map<long long, std::unique_ptr<Entry>> landscapes_;
};

}  // namespace qpv::app::serve
