// `qpvsim serve` as a process and a listener: a port already in use is refused, not shared; the
// command prints its address and stops cleanly on Ctrl-C, cancelling the run under way.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/serve_client.hpp"

using Catch::Matchers::Contains;
using qpv::test::Running;

namespace {

const nlohmann::json kTruck = {{"client", "t1"},
                               {"levers", {{"screening_truck", {{"passages_per_year", 48}}}}}};

}  // namespace

TEST_CASE("serve: a port already in use is refused, not shared", "[serve]") {
  Running first;
  qpv::app::serve::ServerOptions o = Running::options();
  o.port = first.port;
  qpv::app::serve::Server second(o);
  CHECK_THROWS_WITH(second.start(),
                    Contains("cannot listen on 127.0.0.1:" + std::to_string(first.port)));
  CHECK(first.alive());
}

TEST_CASE("serve: `qpvsim serve` prints its address and stops cleanly on Ctrl-C", "[serve]") {
  int out[2];
  REQUIRE(pipe(out) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(QPVSIM_BINARY, QPVSIM_BINARY, "serve", "--port", "0", "--stages", "2",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string text;
  std::smatch m;
  const std::regex listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
  char buf[512];
  while (!std::regex_search(text, m, listening)) {
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  INFO("output: " << text);
  REQUIRE(std::regex_search(text, m, listening));
  httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
  auto res = client.Get("/api/config");
  REQUIRE(res);
  CHECK(res->status == 200);
  // A run under way is cancelled by the stop.
  auto run = client.Post("/api/runs", kTruck.dump(), "application/json");
  REQUIRE(run);
  CHECK(run->status == 202);

  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(kill(pid, SIGINT) == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  while (true) {
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  close(out[0]);
  INFO("output: " << text << "\nstopped in " << seconds << " s");
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(text, Contains("stopped"));
  CHECK(seconds < 10);
}
