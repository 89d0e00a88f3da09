// `qpvsim serve`: the workshop's web page and its JSON API over HTTP (cpp-httplib).
//
// Routes (docs/workshop.md):
//   GET    /                      the page (index.html; app.js, allocation.js, style.css beside it)
//   GET    /api/config            QPVs by commune, levers and their defaults (Workshop::config)
//   POST   /api/runs              starts a run of the page's levers, or of the allocation
//                                  panel's split ({"allocation": ...}); 202 with its id
//   GET    /api/runs/<id>         the run's latest stage: results, stage, replicates, done
//   GET    /api/runs/<id>/scenario.toml   the scenario file of the run, as a download
//   DELETE /api/runs/<id>         cancels the run
//   GET    /api/allocation/landscape?envelope=X   the envelope's budget-response curves and
//                                  frontier (allocation_panel.hpp): "computing", then the figures
//
// A run compares the baseline and the page's scenario with common random numbers in stages of
// increasing replicates (by default 10, 30, then the baseline's own replicates, so the last
// stage is exactly what `qpvsim compare` gives for the saved file), in a worker thread; each
// stage replaces the previous one's results. Baseline stages are computed once and kept, so
// later tries run the page's scenario only (results identical to a fresh comparison).
//
// Limits: one run at a time per client (a new run cancels the client's previous one), a
// global number of runs at a time (429 beyond), a body size limit (413, whatever the body's
// framing), JSON bodies only (415; request_body.hpp), request and idle timeouts, a bounded
// number of connections and of worker threads (connections.hpp); every request is handled
// inside a try block, so no input stops the server.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace qpv::app::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";  ///< loopback by default: the page has no login
  int port = 8080;                 ///< 0: any free port (Server::port() says which)
  /// Replicates of each stage, increasing. Empty: 10, 30, then the baseline's replicates.
  /// Set by tests and by the CLI's --stages, never by a request.
  std::vector<std::uint32_t> stages;
  std::size_t max_runs = 2;            ///< runs computing at a time, all clients together
  std::size_t max_body_bytes = 16384;  ///< larger request bodies get 413
  int threads = 0;                     ///< simulation threads per run (0: all cores)
  /// A request must arrive whole, and its response be written, within this (connections.hpp).
  std::chrono::seconds io_timeout{5};
  /// A connection idle this long between requests is closed (connections.hpp).
  std::chrono::seconds idle_timeout{2};
  std::size_t max_kept_runs = 64;      ///< finished runs kept for GET (oldest dropped first)
  std::FILE* log = nullptr;            ///< one line per run and stage (nullptr: none)
};

/// The stages of a run with these options and a baseline of `baseline_replicates`.
std::vector<std::uint32_t> stages_for(const ServerOptions& o, std::uint32_t baseline_replicates);

/// The HTTP server, its runs and its baseline cache.
class Server {
 public:
  /// Loads the workshop (embedded baseline and lever templates).
  /// @throws InputError if they do not load; std::invalid_argument for bad options.
  explicit Server(ServerOptions options);
  ~Server();  ///< stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds host:port (port 0: any free port) and serves in a background thread.
  /// @throws std::runtime_error if the address cannot be bound. Returns the port bound.
  int start();
  int port() const;
  /// Replicates of each stage of a run.
  const std::vector<std::uint32_t>& stages() const;
  /// Stops accepting requests, cancels every run and waits for their workers. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `qpvsim serve`: serves until `stop` becomes true (Ctrl-C), then shuts down cleanly. Prints
/// "listening on http://HOST:PORT" (flushed) to `out` once ready. Returns the exit status.
int serve(const ServerOptions& options, const std::atomic<bool>& stop, std::FILE* out);

}  // namespace qpv::app::serve
