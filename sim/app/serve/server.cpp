#include "sim/app/serve/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <cmath>
#include <ctime>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <stdexcept>
#include <thread>

#include "analysis/comparison.hpp"
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
using Clock = std::chrono::steady_clock;
using BaselineRun = std::shared_ptr<const analysis::ScenarioRun>;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// 128 random bits in hex: run ids cannot be guessed from one another.
std::string random_id() {
  static std::mutex m;
  static std::random_device device;
  std::lock_guard lock(m);
  std::string id;
  for (int i = 0; i < 4; ++i) id += fmt::format("{:08x}", device());
  return id;
}

/// The baseline run with a given number of replicates, computed once and kept (the baseline
/// never changes while the server runs). A run that needs a stage another run is computing
/// waits for it; if that run is cancelled, the next one computes it.
class BaselineCache {
 public:
  BaselineCache(const io::Scenario& baseline, int threads)
      : baseline_(baseline), threads_(threads) {}

  BaselineRun get(std::uint32_t replicates, const std::atomic<bool>& cancel,
                  const engine::ProgressFn& progress) {
    while (true) {
      std::shared_future<BaselineRun> pending;
      std::promise<BaselineRun> promise;
      bool mine = false;
      {
        std::lock_guard lock(m_);
        const auto it = entries_.find(replicates);
        if (it != entries_.end()) {
          pending = it->second;
        } else {
          pending = promise.get_future().share();
          entries_.emplace(replicates, pending);
          mine = true;
        }
      }
      if (mine) {
        try {
          io::Scenario b = baseline_;
          b.run.replicates = replicates;
          b.run.threads = threads_;
          analysis::Comparison c = analysis::run_comparison({b}, progress, &cancel);
          auto run = std::make_shared<const analysis::ScenarioRun>(std::move(c.scenarios.at(0)));
          promise.set_value(run);
          return run;
        } catch (...) {
          {
            std::lock_guard lock(m_);
            entries_.erase(replicates);
          }
          promise.set_exception(std::current_exception());
          throw;
        }
      }
      while (pending.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
        if (cancel) throw Interrupted();
      }
      try {
        return pending.get();
      } catch (const Interrupted&) {
        if (cancel) throw;
        // The run computing it was cancelled, not this one: compute it here.
      }
    }
  }

 private:
  const io::Scenario& baseline_;
  int threads_;
  std::mutex m_;
  std::map<std::uint32_t, std::shared_future<BaselineRun>> entries_;
};

/// One run of the page's scenario, stage by stage.
struct Run {
  std::string id, client;
  std::string toml;
  io::Scenario scenario;
  std::vector<std::uint32_t> stages;
  Clock::time_point started = Clock::now();
  std::string started_utc;  ///< YYYYMMDD-HHMM, for the saved file's name

  std::atomic<bool> cancel{false};
  std::atomic<bool> finished{false};
  /// Tasks of the stage under way: (replicate, QPV) of the baseline (when not cached) and of
  /// the scenario.
  std::atomic<std::size_t> base_done{0}, base_total{0}, alt_done{0}, alt_total{0};

  std::mutex m;  ///< guards what follows
  json results;  ///< of the last stage done (null before the first)
  std::size_t stages_done = 0;
  std::uint32_t replicates = 0;
  double first_seconds = std::numeric_limits<double>::quiet_NaN();
  double seconds = 0;
  std::string status = "running";  ///< running, done, cancelled, error
  std::string error_fr;

  std::thread worker;
};

std::string utc_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04d}{:02d}{:02d}-{:02d}{:02d}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min);
}

std::string status_fr(int status) {
  switch (status) {
    case 400:
      return "Requête invalide.";
    case 404:
      return "Adresse inconnue sur ce serveur.";
    case 405:
      return "Méthode non prise en charge à cette adresse.";
    case 408:
      return "La requête a mis trop de temps à arriver.";
    case 413:
      return "Requête trop volumineuse.";
    case 414:
      return "Adresse trop longue.";
    case 415:
      return "Le corps de la requête doit être du JSON (Content-Type: application/json).";
    case 429:
      return "Trop de calculs en cours ; réessayez dans quelques secondes.";
    case 503:
      return "Le serveur s'arrête.";
    default:
      return status >= 500 ? "Erreur interne du serveur." : "Requête refusée.";
  }
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

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Workshop workshop;
  std::vector<std::uint32_t> stages;
  BaselineCache cache;
  httplib::Server http;
  std::thread listener;
  int port = -1;
  std::mutex log_mutex;

  std::mutex m;                            ///< guards runs and stopped
  std::vector<std::shared_ptr<Run>> runs;  ///< oldest first
  bool stopped = false;

  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        stages(stages_for(options, workshop.baseline().run.replicates)),
        cache(workshop.baseline(), options.threads) {
    if (options.max_runs == 0) throw std::invalid_argument("max_runs must be at least 1");
    routes();
  }

  template <class... Args>
  void say(fmt::format_string<Args...> f, Args&&... args) {
    if (options.log == nullptr) return;
    std::lock_guard lock(log_mutex);
    fmt::print(options.log, f, std::forward<Args>(args)...);
    std::fflush(options.log);
  }

  /// Runs `body`, turning anything it throws into an error response: no request can stop the
  /// server.
  template <class F>
  static void guarded(httplib::Response& res, F&& body) {
    try {
      body();
    } catch (const RequestError& e) {
      send_error(res, e.status(), e.message_fr(), e.key(), e.detail());
    } catch (const InputError& e) {
      send_error(res, 422, "Valeur refusée : " + problem_fr(e.problem()) + ".", e.key(),
                 e.problem());
    } catch (const std::exception& e) {
      send_error(res, 500, "Erreur interne du serveur.", {}, e.what());
    } catch (...) {
      send_error(res, 500, "Erreur interne du serveur.");
    }
  }

  void routes() {
    // SO_REUSEADDR only (a restart need not wait for old connections to time out).
    // cpp-httplib's default sets SO_REUSEPORT instead, with which a second `qpvsim serve` on the
    // same port binds too and the kernel hands it half of the connections.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(options.io_timeout);
    http.set_write_timeout(options.io_timeout);
    // Short, so that stop() does not wait long for idle connections.
    http.set_keep_alive_timeout(2);
    http.set_keep_alive_max_count(100);
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
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          send_error(res, 500, "Erreur interne du serveur.");
        });

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
    asset("/style.css", "style.css", "text/css; charset=utf-8");

    http.Get("/api/config", [this](const httplib::Request&, httplib::Response& res) {
      guarded(res, [&] {
        json c = workshop.config();
        c["stages"] = stages;
        c["limits"] = {{"max_runs", options.max_runs}, {"max_body_bytes", options.max_body_bytes}};
        send_json(res, 200, c);
      });
    });
    http.Post("/api/runs", [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] { post_run(req, res); });
    });
    const std::string run_path = R"(/api/runs/([0-9a-f]{32}))";
    http.Get(run_path, [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] { get_run(req, res); });
    });
    http.Get(
        run_path + "/scenario.toml", [this](const httplib::Request& req, httplib::Response& res) {
          guarded(res, [&] {
            const std::shared_ptr<Run> run = find(req.matches[1]);
            if (!run)
              return send_error(res, 404, "Calcul introuvable (le serveur a peut-être redémarré).");
            res.set_header(
                "Content-Disposition",
                fmt::format("attachment; filename=\"scenario_atelier_{}.toml\"", run->started_utc));
            res.set_content(run->toml, "application/toml; charset=utf-8");
          });
        });
    http.Delete(run_path, [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] {
        const std::shared_ptr<Run> run = find(req.matches[1]);
        if (!run)
          return send_error(res, 404, "Calcul introuvable (le serveur a peut-être redémarré).");
        run->cancel = true;
        send_json(res, 200, {{"id", run->id}, {"cancelled", true}});
      });
    });
  }

  std::shared_ptr<Run> find(const std::string& id) {
    std::lock_guard lock(m);
    for (const auto& r : runs)
      if (r->id == id) return r;
    return nullptr;
  }

  void post_run(const httplib::Request& req, httplib::Response& res) {
    if (req.body.size() > options.max_body_bytes) return send_error(res, 413, status_fr(413));
    const std::string type = req.get_header_value("Content-Type");
    if (!type.starts_with("application/json")) return send_error(res, 415, status_fr(415));
    json body;
    try {
      body = json::parse(req.body);
    } catch (const json::parse_error& e) {
      return send_error(
          res, 400,
          fmt::format("Le corps de la requête n'est pas du JSON valide (octet {}).", e.byte), {},
          e.what());
    }
    std::string client = "addr:" + req.remote_addr;
    if (body.is_object() && body.contains("client")) {
      const json& c = body["client"];
      if (!c.is_string() || !valid_client(c.get<std::string>()))
        return send_error(res, 400,
                          "« client » : identifiant invalide (1 à 64 lettres, chiffres, - ou _).",
                          "client");
      client = "id:" + c.get<std::string>();
    }
    const ScenarioDraft draft = workshop.draft(body);
    io::Scenario scenario = workshop.load(draft);

    auto run = std::make_shared<Run>();
    run->id = random_id();
    run->client = client;
    run->toml = draft.toml;
    run->scenario = std::move(scenario);
    run->stages = stages;
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
      run->worker = std::thread([this, run] { work(*run); });
    }
    say("run {} ({}): started, stages {}\n", run->id.substr(0, 8), client, fmt::join(stages, ", "));
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

  void get_run(const httplib::Request& req, httplib::Response& res) {
    const std::shared_ptr<Run> run = find(req.matches[1]);
    if (!run) return send_error(res, 404, "Calcul introuvable (le serveur a peut-être redémarré).");
    // ?after=N: the page already has stage N; results only when a later one is done.
    std::size_t after = 0;
    if (req.has_param("after")) {
      try {
        after = std::stoul(req.get_param_value("after"));
      } catch (const std::exception&) {
        return send_error(res, 400, "« after » : un numéro d'étape est attendu.", "after");
      }
    }
    const double base_total = static_cast<double>(run->base_total.load());
    const double alt_total = static_cast<double>(run->alt_total.load());
    const double done =
        static_cast<double>(run->base_done.load()) + static_cast<double>(run->alt_done.load());
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

  /// The worker of a run: each stage compares the (cached) baseline and the scenario with the
  /// stage's replicates and the baseline's seed, then publishes the stage's results.
  void work(Run& run) {
    try {
      const io::Scenario& base = workshop.baseline();
      for (std::size_t k = 0; k < run.stages.size() && !run.cancel; ++k) {
        const std::uint32_t n = run.stages[k];
        const auto stage_start = Clock::now();
        run.base_done = 0;
        run.base_total = 0;
        run.alt_done = 0;
        run.alt_total = 0;
        const BaselineRun base_run =
            cache.get(n, run.cancel, [&run](std::size_t done, std::size_t total) {
              run.base_done = done;
              run.base_total = total;
            });
        // As run_comparison does: every scenario with the baseline's run settings (seed,
        // replicates, horizon) and parameter draws, so replicate r shares its random streams and
        // its parameter values.
        io::Scenario alt = run.scenario;
        alt.run = base.run;
        alt.run.replicates = n;
        alt.run.threads = options.threads;
        io::draw_as(base, alt);
        run.alt_total = std::size_t{n} * alt.territory.qpvs.size();
        analysis::Comparison one = analysis::run_comparison(
            {alt},
            [&run](std::size_t done, std::size_t total) {
              run.alt_done = done;
              run.alt_total = total;
            },
            &run.cancel);
        analysis::Comparison c =
            analysis::make_comparison({*base_run, std::move(one.scenarios.at(0))});
        json results = workshop.results(c);
        const double seconds = seconds_since(run.started);
        {
          std::lock_guard lock(run.m);
          run.results = std::move(results);
          run.stages_done = k + 1;
          run.replicates = n;
          if (k == 0) run.first_seconds = seconds;
        }
        say("run {}: stage {}/{} ({} replicates) in {:.2f} s, {:.2f} s since the request\n",
            run.id.substr(0, 8), k + 1, run.stages.size(), n, seconds_since(stage_start), seconds);
      }
      std::lock_guard lock(run.m);
      run.status = run.cancel ? "cancelled" : "done";
    } catch (const Interrupted&) {
      std::lock_guard lock(run.m);
      run.status = "cancelled";
    } catch (const std::exception& e) {
      std::lock_guard lock(run.m);
      run.status = "error";
      run.error_fr = fmt::format("Le calcul a échoué : {}", e.what());
    }
    {
      std::lock_guard lock(run.m);
      run.seconds = seconds_since(run.started);
      say("run {}: {} after {:.2f} s\n", run.id.substr(0, 8), run.status, run.seconds);
    }
    run.finished = true;
  }

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
  if (i.options.port == 0) {
    i.port = i.http.bind_to_any_port(i.options.host);
  } else {
    i.port = i.http.bind_to_port(i.options.host, i.options.port) ? i.options.port : -1;
  }
  if (i.port <= 0) {
    throw std::runtime_error(fmt::format(
        "cannot listen on {}:{} (address in use or not available here? --port 0 picks a free "
        "port)",
        i.options.host, i.options.port));
  }
  i.listener = std::thread([&i] { i.http.listen_after_bind(); });
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
