// `qpvsim serve` as a process and a listener: a port already in use is refused, not shared; the
// command prints its address and stops cleanly on Ctrl-C, cancelling the run under way; idle
// connections and clients sending slowly hold up no other request, and are dropped in time.
#include <httplib.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/raw_socket.hpp"
#include "tests/support/serve_client.hpp"
#include "tests/support/serve_process.hpp"

using Catch::Matchers::Contains;
using qpv::test::closed_within;
using qpv::test::connect_to;
using qpv::test::Running;
using qpv::test::send_all;
using qpv::test::ServeProcess;

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
  ServeProcess serve;
  httplib::Client client("127.0.0.1", serve.port());
  auto res = client.Get("/api/config");
  REQUIRE(res);
  CHECK(res->status == 200);
  // A run under way is cancelled by the stop.
  auto run = client.Post("/api/runs", kTruck.dump(), "application/json");
  REQUIRE(run);
  CHECK(run->status == 202);

  const auto t0 = std::chrono::steady_clock::now();
  const int status = serve.interrupt();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO("output: " << serve.text() << "\nstopped in " << seconds << " s");
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(serve.text(), Contains("stopped"));
  CHECK(seconds < 10);
}

TEST_CASE("serve: idle connections and clients sending a request slowly hold up no GET",
          "[serve]") {
  Running s;
  std::vector<int> open;
  for (int i = 0; i < 100; ++i) open.push_back(connect_to(s.port));
  for (int i = 0; i < 40; ++i) {  // a request begun, never finished
    open.push_back(connect_to(s.port, true));
    CHECK(send_all(open.back(), "GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: a"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all in place
  httplib::Client client("127.0.0.1", s.port);
  client.set_connection_timeout(3);
  client.set_read_timeout(3);
  const auto t0 = std::chrono::steady_clock::now();
  const auto res = client.Get("/api/config");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const int fd : open) close(fd);
  INFO("answered in " << seconds << " s");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(seconds <= 1.0);
}

TEST_CASE(
    "serve: a request that does not arrive whole in time is dropped, and so is an idle "
    "connection",
    "[serve]") {
  qpv::app::serve::ServerOptions o = Running::options();
  o.io_timeout = std::chrono::seconds(1);
  Running s(o);
  // One byte every 200 ms: never a second of silence, but no whole head after a second.
  const int slow = connect_to(s.port, true);
  const std::string head = "GET /api/config HTTP/1.1\r\nX-Pad: " + std::string(100, 'a');
  const auto t0 = std::chrono::steady_clock::now();
  bool closed = false;
  for (std::size_t i = 0; !closed && i < 20; ++i)
    closed = !send_all(slow, head.substr(i, 1)) || closed_within(slow, 0.2);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  close(slow);
  INFO("closed after " << seconds << " s");
  CHECK(closed);
  CHECK(seconds < 2.5);
  // Nothing sent: closed after the idle timeout (2 s).
  const int idle = connect_to(s.port, true);
  CHECK(closed_within(idle, 4.0));
  close(idle);
  CHECK(s.alive());
}
