// The API of the workshop panel "Répartir une enveloppe" (sim/app/serve/allocation_panel.hpp),
// end to end over HTTP: a split runs through the workshop's stages with the split's outcomes
// added to its results; an envelope's landscape goes from "computing" to its curves, grid and
// frontier, and is kept; a bad envelope, shares not adding up to 100 % or an unknown targeting
// get 422 with the request key and a French message.
#include <httplib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "tests/support/serve_client.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
using qpv::test::error_of;
using qpv::test::Running;

namespace {

const char* const kOutcomes[] = {"employment_person_years", "screenings", "creche_child_years"};

json split(const json& envelope, const json& shares, const std::string& targeting = "need") {
  return {{"client", "panel"},
          {"allocation",
           {{"envelope_eur_per_year", envelope}, {"shares", shares}, {"targeting", targeting}}}};
}

const json kHalf = {{"transport_aid", 0.5}, {"creche_places", 0.4}, {"screening_truck", 0.1}};

/// An outcome as the page reads it: a French label, a unit, a mean inside its 90 % interval.
void check_outcome(const json& o) {
  INFO(o.dump());
  CHECK(!o["label"].get<std::string>().empty());
  CHECK(!o["unit"].get<std::string>().empty());
  CHECK(o["q05"].get<double>() <= o["mean"].get<double>());
  CHECK(o["mean"].get<double>() <= o["q95"].get<double>());
}

}  // namespace

TEST_CASE("serve: the allocation panel's configuration and script", "[serve][allocation]") {
  Running s;
  const auto config = s.client.Get("/api/config");
  REQUIRE(config);
  REQUIRE(config->status == 200);
  const json a = json::parse(config->body)["allocation"];
  CHECK(a["envelope_eur_per_year"] == 600000);
  CHECK(a["first_year"] == 2025);
  CHECK(a["last_year"] == 2030);
  CHECK(a["targeting"] == json::array({"need", "population"}));
  REQUIRE(a["levers"].size() == 3);
  double total = 0;
  for (const json& l : a["levers"]) total += l["status_quo"].get<double>();
  CHECK(total == Approx(1.0).margin(1e-6));

  const auto page = s.client.Get("/");
  REQUIRE(page);
  CHECK_THAT(page->body, Contains("<script src=\"allocation.js\" defer></script>"));
  CHECK_THAT(page->body, Contains("Répartir une enveloppe"));
  const auto script = s.client.Get("/allocation.js");
  REQUIRE(script);
  CHECK(script->status == 200);
  CHECK_THAT(script->get_header_value("Content-Type"), Contains("text/javascript"));
  CHECK_THAT(script->body, Contains("/api/allocation/landscape"));
}

TEST_CASE("serve: a split runs through the stages with its outcomes", "[serve][allocation]") {
  Running s;
  for (const std::string targeting : {"need", "population"}) {
    INFO("targeting " << targeting);
    const auto res = s.post(split(600000, kHalf, targeting));
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 202);
    const std::string id = json::parse(res->body)["id"];
    const json done = s.wait(id);
    CHECK(done["status"] == "done");
    CHECK(done["stage"] == 2);
    const json& r = done["results"];
    // The page's usual results, and the split's outcomes over the envelope's years.
    CHECK(!r["headlines"].empty());
    REQUIRE(r.contains("allocation"));
    for (const char* o : kOutcomes) {
      INFO(o);
      REQUIRE(r["allocation"].contains(o));
      check_outcome(r["allocation"][o]);
    }
    // Half the envelope in transport aid buys years in work, a tenth in the truck screenings.
    CHECK(r["allocation"]["employment_person_years"]["mean"].get<double>() > 0);
    CHECK(r["allocation"]["screenings"]["mean"].get<double>() > 0);

    const auto saved = s.client.Get(("/api/runs/" + id + "/scenario.toml").c_str());
    REQUIRE(saved);
    CHECK(saved->status == 200);
    CHECK_THAT(saved->body, Contains("base = \"embedded:valenciennes/baseline.toml\""));
  }
}

TEST_CASE("serve: an envelope's landscape is computed once in the background, then kept",
          "[serve][allocation][slow]") {
  Running s;
  const auto first = s.client.Get("/api/allocation/landscape?envelope=600000");
  REQUIRE(first);
  INFO(first->body);
  REQUIRE(first->status == 200);
  CHECK(json::parse(first->body)["status"] == "computing");

  json land;
  const auto t0 = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(240)) {
    const auto res = s.client.Get("/api/allocation/landscape?envelope=600000");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    land = json::parse(res->body);
    if (land["status"] != "computing") break;
    // Meanwhile the server answers other requests.
    CHECK(s.alive());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  WARN("landscape of 600,000 EUR a year computed in " << seconds << " s");
  REQUIRE(land["status"] == "done");
  CHECK(land["envelope_eur_per_year"] == 600000);
  CHECK(land["replicates"] == 10);

  // One budget-response curve per lever, in euros increasing with the fraction.
  REQUIRE(land["curves"].size() == 3);
  std::set<std::string> levers;
  for (const json& c : land["curves"]) {
    levers.insert(c["lever"].get<std::string>());
    CHECK(!c["label"].get<std::string>().empty());
    REQUIRE(c["points"].size() >= 2);
    double previous = 0;
    for (const json& p : c["points"]) {
      CHECK(p["eur"].get<double>() > previous);
      CHECK(p["eur"].get<double>() == Approx(p["fraction"].get<double>() * 600000));
      previous = p["eur"].get<double>();
      for (const char* o : kOutcomes) check_outcome(p["outcomes"][o]);
    }
  }
  CHECK(levers == std::set<std::string>{"transport_aid", "creche_places", "screening_truck"});

  // The grid of splits adds up to the envelope; the frontier is in it, ordered by employment,
  // and no split of the grid does at least as well as a frontier split on both employment and
  // screening and better on one.
  const json& grid = land["grid"];
  REQUIRE(grid.size() >= 3);
  for (const json& g : grid) {
    double total = 0;
    for (const auto& [lever, share] : g["shares"].items()) total += share.get<double>();
    CHECK(total == Approx(1.0).margin(1e-6));
  }
  const auto mean = [&](std::size_t i, const char* o) {
    return grid[i]["outcomes"][o]["mean"].get<double>();
  };
  const json& frontier = land["frontier"];
  REQUIRE(!frontier.empty());
  double previous = -1e300;
  for (const json& f : frontier) {
    const auto i = f.get<std::size_t>();
    REQUIRE(i < grid.size());
    CHECK(mean(i, "employment_person_years") >= previous);
    previous = mean(i, "employment_person_years");
    for (std::size_t j = 0; j < grid.size(); ++j) {
      INFO("frontier split " << i << ", grid split " << j);
      const double dx = mean(j, "employment_person_years") - mean(i, "employment_person_years");
      const double dy = mean(j, "screenings") - mean(i, "screenings");
      CHECK_FALSE((dx >= 0 && dy >= 0 && (dx > 0 || dy > 0)));
    }
  }

  // Kept: the next request answers at once with the same figures.
  const auto again = s.client.Get("/api/allocation/landscape?envelope=600000");
  REQUIRE(again);
  CHECK(json::parse(again->body) == land);
}

TEST_CASE("serve: a bad envelope or shares not adding up to 100 % get 422 with the key",
          "[serve][allocation]") {
  Running s;
  const auto refused = [&](const json& body, const std::string& key) {
    const auto res = s.post(body);
    REQUIRE(res);
    INFO(body.dump() << " -> " << res->body);
    CHECK(res->status == 422);
    const json e = error_of(res);
    CHECK(e["key"] == key);
    return e["error"].get<std::string>();
  };
  CHECK_THAT(refused(split(5, kHalf), "envelope_eur_per_year"), Contains("€ par an"));
  CHECK_THAT(refused(split(50'000'000, kHalf), "envelope_eur_per_year"),
             Contains("entre 10 000 et 10 000 000"));
  refused(split("beaucoup", kHalf), "envelope_eur_per_year");
  CHECK_THAT(refused(split(600000, {{"transport_aid", 0.5}, {"creche_places", 0.4}}), "shares"),
             Contains("100 %"));
  CHECK_THAT(
      refused(
          split(600000, {{"transport_aid", 0.6}, {"creche_places", 0.4}, {"screening_truck", 0.1}}),
          "shares"),
      Contains("100 %"));
  refused(split(600000, json::object()), "shares");
  refused(split(600000, {{"transport_aid", -0.1}, {"creche_places", 1.1}}), "shares.transport_aid");
  refused(split(600000, kHalf, "au hasard"), "targeting");
  refused({{"allocation", 600000}}, "allocation");

  // The landscape judges its envelope the same way.
  const auto small = s.client.Get("/api/allocation/landscape?envelope=5");
  REQUIRE(small);
  CHECK(small->status == 422);
  CHECK(error_of(small)["key"] == "envelope_eur_per_year");
  const auto text = s.client.Get("/api/allocation/landscape?envelope=beaucoup");
  REQUIRE(text);
  CHECK(text->status == 400);
  CHECK(error_of(text)["key"] == "envelope");
  CHECK(s.alive());
}
