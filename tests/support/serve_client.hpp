// A workshop server (sim/app/serve) on an ephemeral loopback port with tiny stages, and a
// cpp-httplib client for it: the HTTP tests of tests/app/test_serve*.cpp.
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "sim/app/serve/server.hpp"

namespace qpv::test {

/// A server started on a free port, and a client for it.
struct Running {
  app::serve::Server server;
  int port;
  httplib::Client client;

  explicit Running(app::serve::ServerOptions o = options())
      : server(std::move(o)), port(server.start()), client("127.0.0.1", port) {
    client.set_read_timeout(std::chrono::seconds(30));
  }
  /// Port 0 and stages of 2 then 3 replicates.
  static app::serve::ServerOptions options() {
    app::serve::ServerOptions o;
    o.port = 0;
    o.stages = {2, 3};
    return o;
  }
  httplib::Result post(const nlohmann::json& body, const std::string& type = "application/json") {
    return client.Post("/api/runs", body.dump(), type.c_str());
  }
  /// Polls a run until it is no longer running (at most 120 s).
  nlohmann::json wait(const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      auto res = client.Get(("/api/runs/" + id).c_str());
      REQUIRE(res);
      REQUIRE(res->status == 200);
      nlohmann::json j = nlohmann::json::parse(res->body);
      if (j["done"].get<bool>()) return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the run did not finish in time");
    return {};
  }
  /// GET / answers with the page.
  bool alive() {
    auto res = client.Get("/");
    return res && res->status == 200 && res->body.find("<html lang=\"fr\">") != std::string::npos;
  }
};

/// The JSON error body of a refused request: {"error": "<French>", ...}.
inline nlohmann::json error_of(const httplib::Result& res) {
  REQUIRE(res);
  INFO("body: " << res->body);
  REQUIRE(res->get_header_value("Content-Type") == "application/json");
  nlohmann::json j = nlohmann::json::parse(res->body);
  REQUIRE(j.contains("error"));
  return j;
}

}  // namespace qpv::test
