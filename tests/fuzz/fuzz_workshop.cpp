// libFuzzer target: the body of a POST /api/runs as the workshop server turns it into a scenario
// (sim/app/serve/server.cpp post_run): parsed as JSON, drafted as a scenario file by the
// allocation panel (a body with "allocation") or by the workshop's levers
// (workshop_draft.cpp), and loaded and checked by Workshop::load. What comes after (starting the
// run) is left out: it needs no more parsing. The server's checks of size, content type and
// "client" are its HTTP layer's, not the draft's.
#include <nlohmann/json.hpp>

#include "sim/app/serve/allocation_panel.hpp"
#include "sim/app/serve/workshop.hpp"
#include "tests/fuzz/common.hpp"

namespace {

using namespace qpv::app::serve;
using nlohmann::json;

/// Built once, as the server builds them at start; never destroyed (the panel's thread is done).
struct Server {
  Workshop workshop;
  AllocationPanel panel{1};

  Server() {
    // The panel's need levels are simulated in the background from its construction: waited for
    // here, so that the first "need" split does not spend that time inside an input's timeout.
    (void)panel.scenario_text(
        json::parse(R"({"allocation": {"envelope_eur_per_year": 600000, "targeting": "need",
                        "shares": {"transport_aid": 0.5, "creche_places": 0.4,
                                   "screening_truck": 0.1}}})"));
  }
};

Server* server = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  server = new Server();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  qpv::fuzz::run_input([&] {
    json request;
    try {
      request = json::parse(body);
    } catch (const json::parse_error&) {
      return;  // 400, as the server answers
    }
    const bool allocation = request.is_object() && request.contains("allocation");
    const ScenarioText text = allocation ? server->panel.scenario_text(request)
                                         : server->workshop.scenario_text(request);
    (void)server->workshop.load(text);
  });
  return 0;
}
