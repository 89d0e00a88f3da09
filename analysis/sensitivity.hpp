// Global sensitivity analysis, independent of the model: Morris elementary effects to screen
// the factors (Morris 1991, with the mu* of Campolongo et al. 2007), then first-order and total
// Sobol' indices by Saltelli sampling (Saltelli et al. 2010, Jansen 1999).
//
// The same four steps serve the tests and `qpvsim sensitivity`:
//   1. a design: points of the unit cube (0,1)^k, one row per evaluation, in a fixed order
//      (morris_design, sobol_design);
//   2. factor values: column i mapped through factor i's `from_unit`, e.g. a truncated prior's
//      quantile (to_factor_values);
//   3. outputs: one number per row, computed by the caller's evaluator batch by batch and
//      stored at the row's index (evaluate), so results are the same bits whatever the batch
//      size, the order of the batches, or which process evaluated which batch;
//   4. the estimators, from the design and the outputs (morris_indices, sobol_indices).
// run_morris and run_sobol do all four. A caller that evaluates the rows itself (over MPI
// ranks, resuming from a checkpoint) calls the steps one by one.
//
// No design coordinate is exactly 0 or 1, where a quantile can be infinite: Morris levels sit
// at the midpoints of p equal cells, and the Sobol' sample starts after the origin (below).
//
// Errors in settings, designs or outputs raise std::invalid_argument saying what is wrong and
// what is expected; the caller adds the file, line and key.
//
// References
//   Campolongo F., Cariboni J., Saltelli A. (2007). An effective screening design for
//     sensitivity analysis of large models. Environ. Model. Softw. 22, 1509-1518.
//   Jansen M.J.W. (1999). Analysis of variance designs for model output. Comput. Phys.
//     Commun. 117, 35-43.
//   Morris M.D. (1991). Factorial sampling plans for preliminary computational experiments.
//     Technometrics 33, 161-174.
//   Saltelli A., Annoni P., Azzini I., Campolongo F., Ratto M., Tarantola S. (2010). Variance
//     based sensitivity analysis of model output. Design and estimator for the total
//     sensitivity index. Comput. Phys. Commun. 181, 259-270.
//   Sobol' I.M. (2001). Global sensitivity indices for nonlinear mathematical models and their
//     Monte Carlo estimates. Math. Comput. Simul. 55, 271-280.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace qpv::analysis::gsa {

/// Points, one per row, factors in columns (row-major, so a batch of rows is contiguous).
using Points = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// One uncertain input of the model.
struct Factor {
  std::string name;
  /// Maps u in (0,1) to the factor's value (a prior's quantile; for a uniform prior on [a, b],
  /// a + (b - a) u). Must return a finite number for every u in (0,1).
  std::function<double(double u)> from_unit;
};

/// Computes the outputs of design rows [first_row, first_row + values.rows()), given in
/// factor values, and returns one finite number per row, in row order. `first_row` lets a
/// stochastic model seed each row from its index, so outputs do not depend on batching.
using Evaluator = std::function<std::vector<double>(std::size_t first_row, const Points& values)>;

/// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): resample, recompute, take the
/// (1 - confidence)/2 and (1 + confidence)/2 quantiles of the recomputed values.
struct BootstrapSettings {
  std::size_t resamples = 1000;  ///< >= 1
  double confidence = 0.90;      ///< in (0, 1)
};

/// A confidence interval, low <= high.
struct Interval {
  double low = 0, high = 0;
  bool operator==(const Interval&) const = default;
};

/// Column i of `unit` (in (0,1)) mapped through factors[i].from_unit.
/// @throws std::invalid_argument if the columns and factors differ in number, a factor has no
///   mapping, or a mapped value is not finite.
Points to_factor_values(const std::vector<Factor>& factors, const Points& unit);

/// Calls `evaluator` on consecutive batches of at most `batch_size` rows of `values`, in row
/// order, and returns the outputs by row index.
/// @throws std::invalid_argument if batch_size is 0 or a batch returns the wrong number of
///   outputs.
std::vector<double> evaluate(const Points& values, const Evaluator& evaluator,
                             std::size_t batch_size);

// ---------------------------------------------------------------------------------------------
// Morris elementary effects (Morris 1991; Campolongo, Cariboni & Saltelli 2007)

struct MorrisSettings {
  std::size_t trajectories = 20;  ///< r >= 2 (sigma needs two effects per factor)
  /// p, even and >= 2. The step is p/2 levels (Morris's Delta = p / (2(p - 1)) on his grid
  /// {0, 1/(p-1), ..., 1}): p must be even for the step to be a whole number of levels, so
  /// that every point stays on the grid and every level is visited equally often.
  std::size_t levels = 4;
  std::uint64_t seed = 1;  ///< of the design and of the bootstrap
  BootstrapSettings bootstrap;
  std::size_t batch_size = 64;  ///< rows per evaluator call in run_morris
};

/// r trajectories of k + 1 points each; trajectory t is rows t(k+1) .. t(k+1) + k.
///
/// The grid: level l in 0..p-1 is the unit coordinate (l + 1/2) / p, the midpoint of cell l of
/// p equal cells: Morris's grid i/(p-1) moved affinely into (0,1), so a quantile is never taken
/// at 0 or 1. A step moves one factor by p/2 levels, that is by +-1/2 in unit coordinates (to
/// rounding).
/// A trajectory starts at a uniformly drawn level per factor and then moves every factor once,
/// in a random order, up if its level is below p/2 and down otherwise: the same distribution
/// as Morris's random base point (levels below p/2) with a random step sign per factor.
struct MorrisDesign {
  std::size_t levels = 0;  ///< p
  Points unit;             ///< r(k+1) x k, coordinates in (0,1)
  /// r*k entries: moved[t*k + m] is the factor that changes between rows t(k+1) + m and
  /// t(k+1) + m + 1.
  std::vector<std::size_t> moved;

  std::size_t factors() const { return static_cast<std::size_t>(unit.cols()); }
  /// r, or 0 for a design without columns (not a Morris design: morris_indices refuses it).
  std::size_t trajectories() const { return factors() == 0 ? 0 : moved.size() / factors(); }
};

/// The design for k factors. Trajectory t draws from its own stream (seed, t), so the design
/// with more trajectories starts with the design with fewer.
/// @throws std::invalid_argument if k < 1, r < 2, p < 2 or p is odd, or the bootstrap or
///   batch settings are out of range (checked here, before anything is evaluated).
MorrisDesign morris_design(std::size_t factors, const MorrisSettings& settings);

/// Morris statistics of one factor. The elementary effect of a step is the change of the
/// output divided by the signed step in unit coordinates (+-1/2), so a factor entering as
/// c*u has every effect equal to c: effects are per unit of the quantile scale u, twice the
/// change a step makes. On Morris's grid the effects would be p/(p-1) times these, the same
/// for every factor: rankings do not change.
struct MorrisEffects {
  double mu = 0;        ///< mean elementary effect (effects of opposite sign cancel)
  double mu_star = 0;   ///< mean |elementary effect|: the factor's importance (Campolongo
                        ///< 2007); a step changes the output by mu_star/2 on average
  double sigma = 0;     ///< standard deviation of the effects (r - 1 denominator):
                        ///< non-linearity or interactions
  Interval mu_star_ci;  ///< bootstrap over trajectories, percentile interval
  bool operator==(const MorrisEffects&) const = default;
};

struct MorrisResult {
  std::vector<MorrisEffects> factors;  ///< in factor order
  std::size_t trajectories = 0;
  double confidence = 0;  ///< of mu_star_ci
  bool operator==(const MorrisResult&) const = default;
};

/// Morris statistics from the outputs at every row of `design`. The bootstrap resamples whole
/// trajectories with replacement; resample b draws from its own stream (seed, b).
/// @throws std::invalid_argument if the design has no columns or fewer than 2 trajectories,
///   its rows and moves do not make whole trajectories, the number of outputs differs from
///   the design's rows, an output is not finite, or the settings are out of range.
MorrisResult morris_indices(const MorrisDesign& design, const std::vector<double>& outputs,
                            const MorrisSettings& settings);

/// morris_design, to_factor_values, evaluate in batches of settings.batch_size rows, and
/// morris_indices. @throws std::invalid_argument as those do.
MorrisResult run_morris(const std::vector<Factor>& factors, const MorrisSettings& settings,
                        const Evaluator& evaluator);

// ---------------------------------------------------------------------------------------------
// Sobol' indices by Saltelli sampling (Saltelli et al. 2010)

struct SobolSettings {
  /// N: a power of two >= 4. The first 2^m points of a Sobol' sequence are balanced (each of
  /// the 2^m cells of a coordinate holds one point), and so are the first N/2 used for the
  /// convergence check (but for the origin, see SobolDesign).
  std::size_t base_rows = 1024;
  std::uint64_t seed = 1;  ///< of the bootstrap (the Sobol' sequence itself is fixed)
  BootstrapSettings bootstrap;
  std::size_t batch_size = 64;  ///< rows per evaluator call in run_sobol
};

/// The largest k: boost::random::sobol has direction numbers for 3667 dimensions (Joe & Kuo
/// 2008), and the sample needs 2k.
std::size_t max_sobol_factors();

/// N(k + 2) rows from rows 1..N of the 2k-dimensional Sobol' sequence (boost::random::sobol):
/// A_j is the first k coordinates of row j, B_j the last k, and AB_i,j is A_j with column i
/// taken from B_j. The rows of base row j are consecutive, j(k+2) + c for
///   c = 0: A_j,   c = 1 + i: AB_i,j (i in 0..k-1),   c = k + 1: B_j,
/// so the design for N starts with the design for N/2, and a prefix of the outputs is enough
/// for the indices of a prefix of base rows.
///
/// Row 0 of the sequence, the origin, is skipped (boost's generator starts at row 1): a
/// quantile at 0 can be infinite. Every later coordinate is a dyadic fraction strictly inside
/// (0,1). The cost is that rows 1..N are the balanced first N points with the origin swapped
/// for row N (Owen 2020, "On dropping the first Sobol' point"), which the Ishigami test shows
/// does not matter at the tolerance used here.
struct SobolDesign {
  std::size_t base_rows = 0;  ///< N
  Points unit;                ///< N(k+2) x k, coordinates in (0,1)

  std::size_t factors() const { return static_cast<std::size_t>(unit.cols()); }
};

/// The design for k factors and N = settings.base_rows.
/// @throws std::invalid_argument if k < 1, k > max_sobol_factors(), N is not a power of two
///   >= 4 (the message gives the nearest usable values), or the bootstrap or batch settings
///   are out of range (checked here, before anything is evaluated).
SobolDesign sobol_design(std::size_t factors, const SobolSettings& settings);

/// Sobol' indices of one factor.
struct SobolIndex {
  double s1 = 0;          ///< first order: the share of the variance the factor explains alone
  double st = 0;          ///< total: alone and through all its interactions (>= s1 up to noise)
  Interval s1_ci, st_ci;  ///< bootstrap over base rows, percentile interval
  /// The same indices from the first N/2 base rows: far from s1, st means N is too small
  /// (NaN if the outputs of those rows do not vary).
  double s1_half = 0, st_half = 0;
  bool operator==(const SobolIndex&) const = default;
};

struct SobolResult {
  std::vector<SobolIndex> factors;  ///< in factor order
  std::size_t base_rows = 0;        ///< N; the convergence pair uses N/2
  double variance = 0;              ///< V, of the pooled f(A) and f(B) outputs
  double confidence = 0;            ///< of the intervals
  bool operator==(const SobolResult&) const = default;
};

/// First-order and total indices from the outputs at every row of `design`, with f_A, f_B,
/// f_ABi the outputs at A_j, B_j, AB_i,j and V the variance (1/(2N) denominator) of the 2N
/// outputs f_A, f_B:
///   S1_i = mean_j f_B (f_ABi - f_A) / V   (Saltelli et al. 2010, Table 2 (b))
///   ST_i = mean_j (f_A - f_ABi)^2 / (2V)   (Jansen 1999; Saltelli et al. 2010, Table 2 (f))
/// The outputs are first centred on the mean of f_A and f_B (Sobol' 2001): it changes neither
/// V nor ST, and removes from S1 the noise of a large mean times f_ABi - f_A.
/// The bootstrap resamples base rows with replacement (all k + 2 outputs of a row together);
/// resample b draws from its own stream (seed, b).
/// @throws std::invalid_argument if the number of outputs differs from the design's rows, an
///   output is not finite, the outputs do not vary (V = 0), or the bootstrap settings are out
///   of range.
SobolResult sobol_indices(const SobolDesign& design, const std::vector<double>& outputs,
                          const SobolSettings& settings);

/// sobol_design, to_factor_values, evaluate in batches of settings.batch_size rows, and
/// sobol_indices: N(k + 2) evaluations. @throws std::invalid_argument as those do.
SobolResult run_sobol(const std::vector<Factor>& factors, const SobolSettings& settings,
                      const Evaluator& evaluator);

}  // namespace qpv::analysis::gsa
