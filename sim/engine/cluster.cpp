#include "sim/engine/cluster.hpp"

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace qpv::engine {
namespace {

constexpr int kAskTag = 1;     ///< a rank asks rank 0 for its next chunk
constexpr int kAnswerTag = 2;  ///< rank 0's answer: the chunk's first task, or -1 (no more)

/// True if a launcher started this process as a rank of a job (Open MPI's mpirun, or Slurm's
/// srun through PMIx or PMI).
bool launched() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

void check(int status, const char* what) {
  if (status != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

}  // namespace

Cluster& Cluster::get() {
  static Cluster c;
  return c;
}

void Cluster::start(int* argc, char*** argv) {
  if (joined_ || !launched()) return;
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  joined_ = true;
  if (provided < MPI_THREAD_SERIALIZED) {
    std::fprintf(stderr,
                 "error: this MPI library does not let threads call it in turn "
                 "(MPI_THREAD_SERIALIZED), which qpvsim needs\n");
    abort(2);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (rank_ != 0 && std::freopen("/dev/null", "w", stdout) == nullptr) abort(2);
}

void Cluster::finish() {
  if (!joined_) return;
  if (std::getenv("QPVSIM_CLUSTER_LOG") != nullptr)
    std::fprintf(stderr, "rank %d of %d: %zu tasks in %zu chunks\n", rank_, size_, tasks_, chunks_);
  joined_ = false;
  MPI_Finalize();
}

void Cluster::abort(int status) {
  std::fflush(nullptr);
  if (joined_) MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);
}

void Cluster::share(std::size_t n, std::size_t chunk,
                    const std::function<void(std::size_t, std::size_t)>& work) {
  if (n == 0) return;
  if (!collective()) {
    work(0, n);
    return;
  }
  chunk = std::max<std::size_t>(chunk, 1);
  struct Sharing {  // work() runs with this rank on its own
    std::atomic<int>& depth;
    explicit Sharing(std::atomic<int>& d) : depth(d) { ++depth; }
    ~Sharing() { --depth; }
  } sharing(sharing_);
  if (root()) {
    // Rank 0 computes chunks like the others, and a thread of its own answers their requests
    // from the same counter. It polls (every 0.2 ms) rather than blocks in MPI_Recv, which would
    // spin a core the simulations need.
    std::atomic<std::size_t> next{0};
    auto take = [&]() { return next.fetch_add(chunk); };
    std::thread answers([&] {
      int told_to_stop = 0;
      while (told_to_stop < size_ - 1) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, kAskTag, MPI_COMM_WORLD, &flag, &st);
        if (!flag) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
          continue;
        }
        char ask = 0;
        MPI_Recv(&ask, 1, MPI_CHAR, st.MPI_SOURCE, kAskTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        const std::size_t first = take();
        const long long answer = first < n ? static_cast<long long>(first) : -1;
        if (answer < 0) ++told_to_stop;
        MPI_Send(&answer, 1, MPI_LONG_LONG, st.MPI_SOURCE, kAnswerTag, MPI_COMM_WORLD);
      }
    });
    try {
      for (std::size_t first = take(); first < n; first = take()) {
        work(first, std::min(chunk, n - first));
        tasks_ += std::min(chunk, n - first);
        ++chunks_;
      }
    } catch (...) {
      // The other ranks wait for answers or for merge(): end the job (see Cluster::abort).
      answers.detach();
      throw;
    }
    answers.join();
    return;
  }
  for (;;) {
    const char ask = 1;
    long long first = -1;
    MPI_Send(&ask, 1, MPI_CHAR, 0, kAskTag, MPI_COMM_WORLD);
    MPI_Recv(&first, 1, MPI_LONG_LONG, 0, kAnswerTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (first < 0) return;
    const auto f = static_cast<std::size_t>(first);
    work(f, std::min(chunk, n - f));
    tasks_ += std::min(chunk, n - f);
    ++chunks_;
  }
}

void Cluster::barrier() {
  if (collective()) check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

void Cluster::merge(void* words, std::size_t n) {
  if (!collective() || n == 0) return;
  auto* w = static_cast<std::uint64_t*>(words);
  // In pieces: MPI counts are ints.
  constexpr std::size_t kPiece = std::size_t{1} << 26;
  for (std::size_t at = 0; at < n; at += kPiece) {
    check(MPI_Allreduce(MPI_IN_PLACE, w + at, static_cast<int>(std::min(kPiece, n - at)),
                        MPI_UINT64_T, MPI_BOR, MPI_COMM_WORLD),
          "MPI_Allreduce");
  }
}

}  // namespace qpv::engine
