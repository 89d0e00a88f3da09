// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Toni et al. 2009,
// Beaumont et al. 2009), with an adaptive tolerance schedule (Del Moral et al. 2012).
//
// Generation 0 draws particles from the prior. Each later generation t proposes parameter
// vectors by picking a particle of generation t-1 by weight and moving it with a multivariate
// normal kernel of covariance twice the weighted covariance of generation t-1 (Eigen); each
// proposal inside the prior's support is simulated and accepted if its distance to the targets
// (the largest |model - observed| / tolerance over the fitted targets) is at most the
// generation's tolerance: the `quantile` of generation t-1's distances, but never below
// `final_tolerance`. Accepted particles are weighted prior(theta) / sum_j w_j K(theta | theta_j);
// the effective sample size is (sum w)^2 / sum w^2. It stops when a generation's tolerance is
// the final one (every fitted target within its tolerance), after `max_generations`, or when a
// generation accepts less than `min_acceptance` of its proposals.
//
// Determinism: proposal j of generation t draws from its own stream (seed, t, j) and simulates
// the scenario with its own seed, and a generation keeps the first `particles` accepted
// proposals in index order, so the result is the same for any number of threads and batch
// size. Proposals are simulated in parallel (TBB), each simulation on one thread.
//
// Checkpoints: after every generation the state is written to a checkpoint file (atomically);
// a calibration started again with the same files and holdouts resumes after the last
// generation written, and ends with the same posterior as an uninterrupted run.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "calibration/config.hpp"
#include "sim/engine/execution.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::calibration {

/// A point of the parameter space with its weight and what the model gave there.
struct Particle {
  std::vector<double> theta;       ///< one value per calibrated parameter, in file order
  double weight = 0;               ///< normalised within its generation
  double distance = 0;             ///< to the fitted targets
  std::vector<double> statistics;  ///< one per target (held-out ones too)
};

/// What one generation did.
struct Generation {
  int index = 0;
  double tolerance = 0;         ///< accepted distance (infinite for generation 0)
  std::size_t proposals = 0;    ///< proposals examined (inside or outside the support)
  std::size_t simulations = 0;  ///< proposals simulated
  std::size_t accepted = 0;
  double acceptance_rate = 0;  ///< accepted / simulations
  double ess = 0;              ///< effective sample size of the weights
  double seconds = 0;          ///< wall time (not part of the results)
  std::vector<Particle> particles;
};

struct Outcome {
  std::vector<Generation> generations;  ///< every generation, in order
  bool reached = false;                 ///< the last generation's tolerance is the final tolerance
  std::string stop;                     ///< why it stopped, in words
  int resumed_from = -1;                ///< last generation read from a checkpoint, -1 if none
};

/// Per target, the model's statistic from simulated results: the target's indicator for its QPV
/// averaged over the recorded months of its window, then over replicates (NaN if undefined).
std::vector<double> statistics(const Calibration& c, const model::RunResults& r);
/// The largest |statistic - observed| / tolerance over the fitted (not held-out) targets;
/// infinite if one of them is NaN.
double distance(const Calibration& c, const std::vector<double>& statistics);

/// The scenario's parameters with the calibrated ones set to `theta`.
model::Parameters parameters_at(const Calibration& c, const std::vector<double>& theta);
/// Simulates `c.scenario` at `theta` (replicates_per_particle replicates, seed `seed`, one
/// thread) and returns the statistics.
std::vector<double> simulate(const Calibration& c, const std::vector<double>& theta,
                             std::uint64_t seed);

/// Progress: called after each batch of proposals with the generation, the particles accepted
/// so far and the number wanted.
using ProgressFn = std::function<void(int generation, std::size_t accepted, std::size_t wanted)>;

/// Runs the calibration. `checkpoint` is the checkpoint file ("" for none): read first if it
/// exists and matches this calibration, rewritten after every generation. `stop_after`, if not
/// negative, stops after that generation as an interruption would (for tests).
/// The proposals run on `how`'s threads and over its MPI ranks.
/// @throws InputError if the checkpoint belongs to another calibration; Interrupted if
/// `how.cancel` is set (the checkpoint of the last finished generation stays).
Outcome run_abc_smc(const Calibration& c, const engine::Execution& how,
                    const std::string& checkpoint, const ProgressFn& progress = {},
                    int stop_after = -1);

/// A fingerprint of what determines the result (the files' texts, holdouts): a checkpoint is
/// resumed only by the calibration that wrote it.
std::string fingerprint(const Calibration& c);

}  // namespace qpv::calibration
