#include "sim/app/serve/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "sim/app/serve/allocation_panel.hpp"
#include "sim/app/serve/connections.hpp"
#include "sim/app/serve/problems.hpp"
#include "sim/app/serve/request_body.hpp"
#include "sim/app/serve/run.hpp"
#include "sim/app/serve/web.hpp"
#include "sim/app/serve/workshop.hpp"
#include "sim/core/error.hpp"

namespace qpv::app::serve {

std::vector<std::uint32_t> stages_for(const ServerOptions& o, std::uint32_t baseline_replicates) {
  std::vector<std::uint32_t> stages = o.stages;
  if (stages.empty()) {
    for (std::uint32_t n : {10U, 30U})
      if (n < baseline_replicates) stages.push_back(n);
    stages.push_back(baseline_replicates);
  }
  for (std::size_t k = 0; k < stages.size(); ++k) {
    if (stages[k] == 0 || (k > 0 && stages[k] <= stages[k - 1]))
      throw std::invalid_argument(
          "--stages: the replicates of each stage must be positive and increasing, e.g. 10,30,100");
  }
  return stages;
}

namespace {

using nlohmann::json;

/// A run id the server does not know (or no longer keeps).
constexpr const char* kUnknownRunFr = "Calcul introuvable (le serveur a peut-être redémarré).";

/// 128 random bits in hex: run ids cannot be guessed from one another.
std::string random_id() {
  static std::mutex m;
  static std::random_device device;
  std::lock_guard lock(m);
  std::string id;
  for (int i = 0; i < 4; ++i) id += fmt::format("{:08x}", device());
  return id;
}

std::string utc_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04d}{:02d}{:02d}-{:02d}{:02d}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  // Replacement characters rather than an exception for text that is not UTF-8.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message_fr,
                const std::string& key = {}, const std::string& detail = {}) {
  json body = {{"error", message_fr}, {"status", status}};
  if (!key.empty()) body["key"] = key;
  if (!detail.empty()) body["detail"] = detail;
  send_json(res, status, body);
}

bool valid_client(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
  });
}

/// Runs `body`, turning anything it throws into an error response: no request can stop the
/// server.
template <class F>
void guarded(httplib::Response& res, F&& body) {
  try {
    body();
  } catch (const RequestError& e) {
    send_error(res, e.status(), e.message_fr(), e.key(), e.detail());
  } catch (const InputError& e) {
    send_error(res, 422, "Valeur refusée : " + problem_fr(e.problem()) + ".", e.key(), e.problem());
  } catch (const std::exception& e) {
    send_error(res, 500, "Erreur interne du serveur.", {}, e.what());
  } catch (...) {
    send_error(res, 500, "Erreur interne du serveur.");
  }
}

}  // namespace

/// The server's state: the workshop, the baseline cache, the HTTP server and the runs it keeps.
struct Server::Impl {
  ServerOptions options;
  Workshop workshop;
  AllocationPanel panel;
  std::vector<std::uint32_t> stages;
  BaselineCache cache;
  RunLog log;
  HttpServer http;
  std::thread listener;
  int port = -1;

  std::mutex m;                            ///< guards runs and stopped
  std::vector<std::shared_ptr<Run>> runs;  ///< oldest first
  bool stopped = false;

  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        panel(options.threads),
        stages(stages_for(options, workshop.baseline().run.replicates)),
        log(options.log),
        http(ConnectionLimits{options.idle_timeout, options.io_timeout, options.max_body_bytes}) {
    if (options.max_runs == 0) throw std::invalid_argument("max_runs must be at least 1");
    configure();
    routes();
  }

  /// The connection's limits, headers and error responses.
  void configure() {
    // SO_REUSEADDR only (a restart need not wait for old connections to time out).
    // cpp-httplib's default sets SO_REUSEPORT instead, with which a second `qpvsim serve` on the
    // same port binds too and the kernel hands it half of the connections.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_default_headers({
        {"Cache-Control", "no-store"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        // The page asks for nothing but this server: no CDN, no external font.
        {"Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
         "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
    });
    http.set_error_handler(
        httplib::Server::Handler([](const httplib::Request&, httplib::Response& res) {
          if (res.body.empty()) send_error(res, res.status, status_fr(res.status));
        }));
    // Before a body is read: the size limit holds whatever its framing.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      bool refused = true;
      guarded(res, [&] {
        check_body_framing(req, res, options.max_body_bytes);
        refused = false;
      });
      return refused ? httplib::Server::HandlerResponse::Handled
                     : httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          send_error(res, 500, "Erreur interne du serveur.");
        });
  }

  /// The page's files and the JSON API (the routes listed in server.hpp).
  void routes() {
    auto asset = [this](const std::string& path, const std::string& name, const char* type) {
      http.Get(path, [name, type](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] {
          const auto text = web_file(name);
          if (!text) return send_error(res, 404, status_fr(404));
          res.set_content(std::string(*text), type);
        });
      });
    };
    asset("/", "index.html", "text/html; charset=utf-8");
    asset("/index.html", "index.html", "text/html; charset=utf-8");
    asset("/app.js", "app.js", "text/javascript; charset=utf-8");
    asset("/allocation.js", "allocation.js", "text/javascript; charset=utf-8");
    asset("/style.css", "style.css", "text/css; charset=utf-8");

    http.Get("/api/config", [this](const httplib::Request&, httplib::Response& res) {
      guarded(res, [&] {
        json c = workshop.config();
        c["stages"] = stages;
        c["limits"] = {{"max_runs", options.max_runs}, {"max_body_bytes", options.max_body_bytes}};
        c["allocation"] = panel.config();
        send_json(res, 200, c);
      });
    });
    http.Post("/api/runs", [this](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& read) {
      guarded(res, [&] {
        const std::string body = read_json_body(req, res, read, options.max_body_bytes);
        post_run(req, parse_json_body(body), res);
      });
    });
    http.Get("/api/allocation/landscape", [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] {
        double envelope = 0;
        try {
          envelope = std::stod(req.get_param_value("envelope"));
        } catch (const std::exception&) {
          return send_error(res, 400, "« envelope » : un montant en euros par an est attendu.",
                            "envelope");
        }
        send_json(res, 200, panel.landscape(envelope));
      });
    });
    const std::string run_path = R"(/api/runs/([0-9a-f]{32}))";
    http.Get(run_path, [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] { get_run(req, res); });
    });
    http.Get(run_path + "/scenario.toml",
             [this](const httplib::Request& req, httplib::Response& res) {
               guarded(res, [&] { get_scenario_file(req, res); });
             });
    http.Delete(run_path, [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] { cancel_run(req, res); });
    });
  }

  /// The run `id`, or nullptr if the server does not keep it.
  std::shared_ptr<Run> find(const std::string& id) {
    std::lock_guard lock(m);
    for (const auto& r : runs)
      if (r->id == id) return r;
    return nullptr;
  }

  /// POST /api/runs: the request's scenario, loaded and checked, and its worker started (202),
  /// within the limits (429, 503; 413, 415 and 400 for its body: request_body.hpp).
  void post_run(const httplib::Request& req, const json& body, httplib::Response& res) {
    std::string client = "addr:" + req.remote_addr;
    if (body.is_object() && body.contains("client")) {
      const json& c = body["client"];
      if (!c.is_string() || !valid_client(c.get<std::string>()))
        return send_error(res, 400,
                          "« client » : identifiant invalide (1 à 64 lettres, chiffres, - ou _).",
                          "client");
      client = "id:" + c.get<std::string>();
    }
    const bool allocation = body.is_object() && body.contains("allocation");
    const ScenarioText text =
        allocation ? panel.scenario_text(body) : workshop.scenario_text(body);
    io::Scenario scenario = workshop.load(text);

    auto run = std::make_shared<Run>();
    run->id = random_id();
    run->client = client;
    run->toml = text.toml;
    run->scenario = std::move(scenario);
    run->stages = stages;
    if (allocation)
      run->more_results = [this](const analysis::Comparison& c) { return panel.outcomes(c); };
    run->started_utc = utc_stamp();
    {
      std::lock_guard lock(m);
      if (stopped) return send_error(res, 503, status_fr(503));
      reap();
      // One run at a time per client: a new try replaces the one under way.
      for (const auto& r : runs)
        if (r->client == client && !r->finished) r->cancel = true;
      std::size_t active = 0;
      for (const auto& r : runs) active += !r->finished && !r->cancel;
      if (active >= options.max_runs) {
        return send_error(
            res, 429,
            fmt::format("Le serveur calcule déjà {} scénario{} pour d'autres participants ; "
                        "réessayez dans quelques secondes.",
                        active, active > 1 ? "s" : ""));
      }
      runs.push_back(run);
      run->worker =
          std::thread([this, run] { run_stages(*run, workshop, cache, options.threads, log); });
    }
    log.say("run {} ({}): started, stages {}\n", run->id.substr(0, 8), client,
            fmt::join(stages, ", "));
    res.set_header("Location", "/api/runs/" + run->id);
    send_json(res, 202, {{"id", run->id}, {"status", "running"}, {"stages", stages}});
  }

  /// Joins the workers of finished runs and forgets the oldest ones beyond max_kept_runs.
  /// Called with `m` held.
  void reap() {
    for (const auto& r : runs)
      if (r->finished && r->worker.joinable()) r->worker.join();
    std::size_t finished = 0;
    for (const auto& r : runs) finished += r->finished ? 1 : 0;
    for (auto it = runs.begin(); it != runs.end() && finished > options.max_kept_runs;) {
      if ((*it)->finished) {
        it = runs.erase(it);
        --finished;
      } else {
        ++it;
      }
    }
  }

  /// GET /api/runs/<id>: the run's progress and its latest stage's results, polled by the page.
  void get_run(const httplib::Request& req, httplib::Response& res) {
    const std::shared_ptr<Run> run = find(req.matches[1]);
    if (!run) return send_error(res, 404, kUnknownRunFr);
    // ?after=N: the page already has stage N; results only when a later one is done.
    std::size_t after = 0;
    if (req.has_param("after")) {
      try {
        after = std::stoul(req.get_param_value("after"));
      } catch (const std::exception&) {
        return send_error(res, 400, "« after » : un numéro d'étape est attendu.", "after");
      }
    }
    const double base_total = static_cast<double>(run->progress.baseline.total.load());
    const double alt_total = static_cast<double>(run->progress.scenario.total.load());
    const double done = static_cast<double>(run->progress.baseline.done.load()) +
                        static_cast<double>(run->progress.scenario.done.load());
    std::lock_guard lock(run->m);
    json out = {
        {"id", run->id},
        {"status", run->status},
        {"done", run->status != "running"},
        {"stage", run->stages_done},
        {"stages", run->stages},
        {"replicates", run->replicates},
        {"final_replicates", run->stages.back()},
        {"progress", base_total + alt_total > 0 ? done / (base_total + alt_total) : 0.0},
        {"elapsed_s", run->status == "running" ? seconds_since(run->started) : run->seconds},
        {"first_estimate_s",
         std::isfinite(run->first_seconds) ? json(run->first_seconds) : json(nullptr)},
        {"results", run->stages_done > after ? run->results : json(nullptr)}};
    if (!run->error_fr.empty()) out["error"] = run->error_fr;
    send_json(res, 200, out);
  }

  /// GET /api/runs/<id>/scenario.toml: the run's scenario file, as a download.
  void get_scenario_file(const httplib::Request& req, httplib::Response& res) {
    const std::shared_ptr<Run> run = find(req.matches[1]);
    if (!run) return send_error(res, 404, kUnknownRunFr);
    res.set_header(
        "Content-Disposition",
        fmt::format("attachment; filename=\"scenario_atelier_{}.toml\"", run->started_utc));
    res.set_content(run->toml, "application/toml; charset=utf-8");
  }

  /// DELETE /api/runs/<id>: cancels the run; its worker stops at the next task.
  void cancel_run(const httplib::Request& req, httplib::Response& res) {
    const std::shared_ptr<Run> run = find(req.matches[1]);
    if (!run) return send_error(res, 404, kUnknownRunFr);
    run->cancel = true;
    send_json(res, 200, {{"id", run->id}, {"cancelled", true}});
  }

  /// Stops accepting requests, cancels every run and waits for their workers.
  void stop() {
    {
      std::lock_guard lock(m);
      if (stopped) return;
      stopped = true;
      for (const auto& r : runs) r->cancel = true;
    }
    http.stop();
    if (listener.joinable()) listener.join();
    std::vector<std::shared_ptr<Run>> all;
    {
      std::lock_guard lock(m);
      all = runs;
    }
    for (const auto& r : all)
      if (r->worker.joinable()) r->worker.join();
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() {
  stop();
}

int Server::start() {
  Impl& i = *impl_;
  if (i.listener.joinable()) return i.port;
  i.port = i.http.bind(i.options.host, i.options.port);
  if (i.port <= 0) {
    throw std::runtime_error(fmt::format(
        "cannot listen on {}:{} (address in use or not available here? --port 0 picks a free "
        "port)",
        i.options.host, i.options.port));
  }
  i.listener = std::thread([&i] { i.http.serve(); });
  return i.port;
}

int Server::port() const {
  return impl_->port;
}

const std::vector<std::uint32_t>& Server::stages() const {
  return impl_->stages;
}

void Server::stop() {
  if (impl_) impl_->stop();
}

int serve(const ServerOptions& options, const std::atomic<bool>& stop, std::FILE* out) {
  ServerOptions o = options;
  if (o.log == nullptr) o.log = out;
  Server server(o);
  const int port = server.start();
  const bool loopback = o.host == "127.0.0.1" || o.host == "localhost" || o.host == "::1";
  fmt::print(out,
             "qpvsim serve: the workshop page for the Valenciennes QPV; open "
             "http://{}:{}/ in a browser. Stages of {} replicates; at most {} run(s) at a "
             "time. Ctrl-C stops.\n",
             o.host, port, fmt::join(server.stages(), ", "), o.max_runs);
  if (!loopback) {
    fmt::print(stderr,
               "warning: listening on {} (not loopback): anyone who can reach this address can "
               "use the page; it has no login\n",
               o.host);
  }
  fmt::print(out, "listening on http://{}:{}\n", o.host, port);
  std::fflush(out);
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  fmt::print(out, "stopping: cancelling the runs under way\n");
  std::fflush(out);
  server.stop();
  fmt::print(out, "stopped\n");
  std::fflush(out);
  return 0;
}

}  // namespace qpv::app::serve
