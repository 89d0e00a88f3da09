// Ranks of an MPI job (Open MPI), or this process alone (DESIGN.md §5; docs/cluster.md).
//
// `mpirun -np N qpvsim run|compare|calibrate ...` starts N copies of the same binary. Every rank
// reads the same files and runs the same code (SPMD): where the work splits into independent
// tasks (the replicates of a run, the proposals of an ABC-SMC batch), Cluster::share() hands
// chunks of tasks out to the ranks as they ask (dynamic load balancing: rank 0 answers from a
// thread of its own while it computes too), each rank runs its chunks on its TBB threads and
// leaves the others' results at zero, and Cluster::merge() combines the results bit for bit
// (a bitwise OR over ranks, so a value is copied exactly from the rank that computed it). Every
// rank then holds the same results as a single process would: the same bits for any number of
// ranks and threads. Only rank 0 prints and writes files.
//
// Without mpirun (no launcher in the environment) the process is a job of one rank: MPI is not
// even initialised, share() calls its function once for all tasks and merge() does nothing.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace qpv::engine {

class Cluster {
 public:
  /// The job this process belongs to (one rank until start() joins an MPI job).
  static Cluster& get();

  /// Joins the MPI job if this process was started by mpirun or srun (their variables are in
  /// the environment), with threads allowed to call MPI one at a time. Call once, from main.
  /// Ranks other than 0 have their standard output discarded: rank 0 speaks for the job.
  void start(int* argc, char*** argv);
  /// Leaves the MPI job (MPI_Finalize), if joined. Called by Session's destructor. With
  /// QPVSIM_CLUSTER_LOG in the environment, each rank first says on standard error how many
  /// shared tasks it ran ("rank 1 of 3: 40 tasks in 20 chunks"), to see the load balance.
  void finish();
  /// Ends the whole job at once with `status` (MPI_Abort; a plain exit without MPI), after a
  /// rank failed: the others may be waiting for it.
  [[noreturn]] void abort(int status);

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  bool distributed() const { return size_ > 1; }

  /// Runs `work(first, count)` for chunks of the tasks [0, n) in this rank's share. With one
  /// rank: once, for all of them. Otherwise chunks of `chunk` tasks go to whichever rank asks
  /// first. Collective: every rank calls it with the same n and chunk. Inside `work`, this
  /// rank is on its own: a share() or merge() called there (a calibration's proposal runs a
  /// simulation, which would share its replicates) is local, as with one rank.
  void share(std::size_t n, std::size_t chunk,
             const std::function<void(std::size_t first, std::size_t count)>& work);

  /// Waits until every rank is here (MPI_Barrier). Collective.
  void barrier();

  /// Combines `n` 64-bit words over ranks, in place, by bitwise OR: each word must be zero on
  /// every rank but the one that computed it. Collective. Nothing to do with one rank.
  void merge(void* words, std::size_t n);

 private:
  /// True where share() and merge() involve every rank: in a job, outside share()'s work.
  bool collective() const { return size_ > 1 && sharing_.load() == 0; }

  int rank_ = 0;
  int size_ = 1;
  bool joined_ = false;
  std::atomic<int> sharing_{0};         ///< share() calls in progress on this rank
  std::size_t tasks_ = 0, chunks_ = 0;  ///< shared tasks and chunks this rank ran
};

/// Joins the MPI job for the life of main() (Cluster::start, then finish on the way out).
class Session {
 public:
  Session(int* argc, char*** argv) { Cluster::get().start(argc, argv); }
  ~Session() { Cluster::get().finish(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

}  // namespace qpv::engine
