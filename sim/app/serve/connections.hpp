// The workshop server's connections (server.cpp): one poll() loop holds every open connection and
// reads each request's head without a thread; a fixed pool of workers then runs cpp-httplib's
// parsing, routing and handlers on whole heads, with deadlines and a byte budget per request.
//
// Why not cpp-httplib's own loop: in 0.11.4 (Debian's compiled library) each connection has a
// worker of a fixed pool (CPPHTTPLIB_THREAD_POOL_COUNT, compiled in: 8 threads here) for its
// whole life; a new_task_queue may replace the pool, but its tasks are opaque calls that serve a
// socket to its end, so it cannot set idle connections aside, and enqueue() cannot refuse one.
// Its read timeout applies to each recv(), so a client sending a byte a second never reaches
// it; an idle keep-alive connection holds its worker for the keep-alive timeout; its listen
// backlog is the compiled CPPHTTPLIB_LISTEN_BACKLOG (5), which a macro in our code cannot change.
// So 8 slow or idle clients froze it. Here idle and slow clients cost a file descriptor and a
// few bytes, not a thread. What it does offer is used: process_request() on any Stream, the
// pre-routing handler (before a body is read) and handlers that read the body themselves.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace qpv::app::serve {

/// Threads serving requests. Each serves one request whose head has arrived whole, so only a
/// client sending its body slowly holds one, for at most the request timeout: it takes 64 such
/// clients at once to make the others wait. Threads are cheap here: about 8 KB of RSS each when
/// idle, 20 KB when busy (128 busy workers: +2.5 MB, measured with `qpvsim serve`).
constexpr std::size_t kWorkers = 64;
/// Open connections at most; beyond, of those that wait for their client (idle, or sending a
/// head), the one nearest its deadline is closed (a browser reopens it).
/// Under the usual limit of 1024 file descriptors a process, with room for files and threads.
constexpr std::size_t kMaxConnections = 512;
/// Connections waiting to be accepted (listen(2)'s backlog; the kernel caps it at
/// net.core.somaxconn, 4096 since Linux 5.4): room for a burst of a few hundred connections.
constexpr int kListenBacklog = 1024;
/// Bytes of a request's head (request line and headers) read before a worker takes it: a
/// browser's is under 2 KiB; cpp-httplib refuses request lines over 8 KiB.
constexpr std::size_t kMaxHeadBytes = 16 * 1024;
/// Requests one connection may carry before it is closed (cpp-httplib's keep-alive maximum).
constexpr std::size_t kMaxRequestsPerConnection = 100;

/// How long a connection may take, and how much it may send.
struct ConnectionLimits {
  /// A connection that sends nothing for this long between requests is closed: the page asks
  /// every 0.3 s while a run computes (1.5 s for a landscape), and a browser reopens a closed
  /// connection.
  std::chrono::milliseconds idle{2000};
  /// A request's head must arrive within this of its first byte, its body within this of the
  /// head, and its response be written within this of its first byte.
  std::chrono::milliseconds request{5000};
  /// Bytes of a request's body the server reads. A request may send its head and twice this
  /// (room for chunk framing) in all; beyond, reading it fails.
  std::size_t max_body_bytes = 16384;
};

/// cpp-httplib's server with its own connection handling: routes and handlers are declared
/// on it as on httplib::Server; bind(), then serve() in a thread, and stop() from another.
class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(ConnectionLimits limits);
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds host:port (port 0: any free port). Returns the port bound, or -1.
  int bind(const std::string& host, int port);
  /// Serves the bound port until stop(); returns once every worker has finished.
  void serve();
  /// Makes serve() return: closes the listening socket and every connection. Idempotent.
  void stop();

 private:
  struct Loop;
  /// Serves the request whose head `stream` holds, in the calling worker (cpp-httplib's
  /// process_request); `last`: then closes the connection. False: close the connection.
  bool serve_request(httplib::Stream& stream, bool last);

  ConnectionLimits limits_;
  std::unique_ptr<Loop> loop_;
};

/// Closes the connection of the request being handled (in this thread) once its response is
/// written, and says so in the response: for a refusal that leaves the request's body unread,
/// which would otherwise be read as the next request.
void close_after_response(httplib::Response& res);

}  // namespace qpv::app::serve
