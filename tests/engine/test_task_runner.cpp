#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/engine/task_runner.hpp"

using qpv::engine::TaskKey;
using qpv::engine::TaskRunner;

TEST_CASE("every (replicate, partition) task runs exactly once", "[engine]") {
  for (int threads : {1, 2}) {
    std::vector<std::atomic<int>> runs(7 * 5);
    std::size_t last_done = 0;
    TaskRunner(threads).run(
        7, 5, [&](TaskKey k) { ++runs[k.replicate * 5 + k.partition]; },
        [&](std::size_t done, std::size_t total) {
          CHECK(total == 35u);
          CHECK(done == last_done + 1);
          last_done = done;
        });
    for (auto& r : runs) CHECK(r.load() == 1);
    CHECK(last_done == 35u);
  }
}

TEST_CASE("a task's exception reaches the caller", "[engine]") {
  CHECK_THROWS_AS(TaskRunner(2).run(4, 4,
                                    [](TaskKey k) {
                                      if (k.replicate == 2) throw std::runtime_error("boom");
                                    }),
                  std::runtime_error);
}

TEST_CASE("cancellation stops the run with Interrupted", "[engine]") {
  std::atomic<bool> cancel{false};
  std::atomic<int> ran{0};
  CHECK_THROWS_AS(TaskRunner(1).run(
                      100, 10,
                      [&](TaskKey) {
                        if (++ran == 5) cancel = true;
                      },
                      {}, &cancel),
                  qpv::Interrupted);
  CHECK(ran.load() < 1000);
}
