// HttpServer (connections.hpp): the poll loop that holds the connections and reads request heads,
// the workers that serve whole heads, and the stream of one request with its deadlines.
#include "sim/app/serve/connections.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace qpv::app::serve {

namespace {

using Clock = std::chrono::steady_clock;

/// Set by close_after_response() while a worker handles a request.
thread_local bool t_close_after = false;

/// Waits until `fd` is ready for `events` or `deadline` passes. True if ready, or in error (the
/// next recv or send says which).
bool wait_for(int fd, short events, Clock::time_point deadline) {
  while (true) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc > 0) return true;
    if (rc == 0 || errno != EINTR) return false;
  }
}

/// The address and port of a socket's peer (`peer`), or of its own end.
void endpoint(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  auto* sa = reinterpret_cast<sockaddr*>(&a);
  if ((peer ? getpeername(fd, sa, &len) : getsockname(fd, sa, &len)) != 0) return;
  char text[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

/// An open connection: its socket, closed with it, and the bytes received that no request has
/// consumed yet. Held by the loop or by one worker at a time.
struct Connection {
  Connection(int f, std::atomic<std::size_t>& count) : fd(f), open(count) { ++open; }
  ~Connection() {
    ::close(fd);
    --open;
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::size_t buffered() const { return in.size() - pos; }
  /// The buffered bytes hold a whole request head, or as much of one as the loop reads.
  bool head_ready() const {
    return in.find("\r\n\r\n", pos) != std::string::npos || buffered() >= kMaxHeadBytes;
  }

  int fd;
  std::atomic<std::size_t>& open;  ///< the server's count of open connections
  std::string in;                  ///< received; from `pos` on, not consumed yet
  std::size_t pos = 0;
  std::size_t served = 0;      ///< requests answered
  Clock::time_point deadline;  ///< while the loop holds it: closed then
};

/// What cpp-httplib reads one request from and writes its response to: the connection's
/// buffered bytes, then its socket, within the request's deadlines and byte budget.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(Connection& c, const ConnectionLimits& limits)
      : c_(c),
        limits_(limits),
        read_deadline_(Clock::now() + limits.request),
        budget_(kMaxHeadBytes + 2 * limits.max_body_bytes -
                std::min(c.buffered(), kMaxHeadBytes + 2 * limits.max_body_bytes)) {}

  /// A read or a write failed, timed out or went over the budget.
  bool failed() const { return failed_; }

  bool is_readable() const override {
    return c_.buffered() > 0 || wait_for(c_.fd, POLLIN, read_deadline_);
  }
  bool is_writable() const override { return wait_for(c_.fd, POLLOUT, write_deadline()); }
  ssize_t read(char* ptr, size_t size) override {
    if (c_.buffered() == 0 && !receive()) return failed_ ? -1 : 0;
    const std::size_t n = std::min(size, c_.buffered());
    std::memcpy(ptr, c_.in.data() + c_.pos, n);
    c_.pos += n;
    if (c_.pos == c_.in.size()) {
      c_.in.clear();
      c_.pos = 0;
    }
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!wait_for(c_.fd, POLLOUT, write_deadline())) return fail();
    const ssize_t n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
    if (n >= 0) return n;
    return errno == EAGAIN || errno == EINTR ? 0 : fail();
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    endpoint(c_.fd, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    endpoint(c_.fd, false, ip, port);
  }
  socket_t socket() const override { return c_.fd; }

 private:
  ssize_t fail() {
    failed_ = true;
    return -1;
  }
  bool failed_receive() {
    failed_ = true;
    return false;
  }
  /// The response's deadline, from its first byte.
  Clock::time_point write_deadline() const {
    if (!write_deadline_) write_deadline_ = Clock::now() + limits_.request;
    return *write_deadline_;
  }
  /// Receives more of the request; false at its end (the client closed) or on failure.
  bool receive() {
    if (budget_ == 0) return failed_receive();
    while (wait_for(c_.fd, POLLIN, read_deadline_)) {
      char buf[4096];
      const ssize_t n = ::recv(c_.fd, buf, std::min(sizeof buf, budget_), 0);
      if (n == 0) return false;
      if (n > 0) {
        c_.in.append(buf, static_cast<std::size_t>(n));
        budget_ -= static_cast<std::size_t>(n);
        return true;
      }
      if (errno != EAGAIN && errno != EINTR) break;
    }
    return failed_receive();
  }

  Connection& c_;
  const ConnectionLimits& limits_;
  Clock::time_point read_deadline_;
  mutable std::optional<Clock::time_point> write_deadline_;
  std::size_t budget_;
  bool failed_ = false;
};

}  // namespace

void close_after_response(httplib::Response& res) {
  t_close_after = true;
  res.set_header("Connection", "close");
}

/// The poll loop, the workers and what they hand each other.
struct HttpServer::Loop {
  explicit Loop(HttpServer& o) : owner(o) {
    if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  }
  ~Loop() {
    for (const int fd : {wake[0], wake[1], listener})
      if (fd >= 0) ::close(fd);
  }
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  void run();
  void work();
  bool serve(Connection& c);
  void stop();

 private:
  bool take_back(Clock::time_point now);
  void poll_once();
  bool receive(Connection& c, Clock::time_point now);
  void accept_all(Clock::time_point now);
  bool evict_oldest();
  void dispatch(std::unique_ptr<Connection> c);
  void wake_loop() { [[maybe_unused]] const auto n = ::write(wake[1], "x", 1); }

 public:
  HttpServer& owner;
  int listener = -1;
  int wake[2] = {-1, -1};  ///< workers giving connections back, and stop(), wake the loop
  std::atomic<std::size_t> open{0};

 private:
  std::mutex m;  ///< guards what follows, up to `held`
  std::condition_variable ready_cv;
  std::deque<std::unique_ptr<Connection>> ready;  ///< whole heads, waiting for a worker
  std::vector<std::unique_ptr<Connection>> back;  ///< from the workers, to hold again
  std::vector<int> busy;                          ///< sockets the workers are serving
  bool stopping = false;

  std::vector<std::unique_ptr<Connection>> held;  ///< the loop's own: idle, or reading a head
};

void HttpServer::Loop::run() {
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < kWorkers; ++i) workers.emplace_back([this] { work(); });
  while (take_back(Clock::now())) poll_once();
  held.clear();
  {
    std::lock_guard lock(m);
    ready.clear();
  }
  ready_cv.notify_all();
  for (std::thread& t : workers) t.join();
  back.clear();
  ::close(listener);
  listener = -1;
}

/// Holds again the connections the workers gave back; false once stopping.
bool HttpServer::Loop::take_back(Clock::time_point now) {
  std::lock_guard lock(m);
  if (stopping) return false;
  for (auto& c : back) {
    // A head already begun must be whole within the request timeout; else the idle one runs.
    c->deadline = now + (c->buffered() > 0 ? owner.limits_.request : owner.limits_.idle);
    held.push_back(std::move(c));
  }
  back.clear();
  return true;
}

/// Waits for bytes, connections or a deadline; reads heads, hands whole ones to the workers,
/// closes the connections past their deadline and accepts new ones.
void HttpServer::Loop::poll_once() {
  std::vector<pollfd> fds = {{wake[0], POLLIN, 0}, {listener, POLLIN, 0}};
  Clock::time_point next = Clock::now() + std::chrono::seconds(1);
  for (const auto& c : held) {
    fds.push_back({c->fd, POLLIN, 0});
    next = std::min(next, c->deadline);
  }
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
  ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(wait, 0)));
  char drain[64];
  while (fds[0].revents != 0 && ::read(wake[0], drain, sizeof drain) > 0) {
  }
  const auto now = Clock::now();
  std::vector<std::unique_ptr<Connection>> keep;
  for (std::size_t i = 0; i < held.size(); ++i) {
    auto& c = held[i];
    if (fds[i + 2].revents != 0 && !receive(*c, now)) continue;  // closed
    if (c->head_ready()) {
      dispatch(std::move(c));
    } else if (now < c->deadline) {
      keep.push_back(std::move(c));
    }
  }
  held = std::move(keep);
  if (fds[1].revents != 0) accept_all(now);
}

/// Reads what `c` sent, up to a head's limit; false if it closed or failed.
bool HttpServer::Loop::receive(Connection& c, Clock::time_point now) {
  char buf[4096];
  if (c.buffered() >= kMaxHeadBytes) return true;  // as much of a head as is read here
  const ssize_t n = ::recv(c.fd, buf, std::min(sizeof buf, kMaxHeadBytes - c.buffered()), 0);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return false;
  // Its first byte starts the request's deadline.
  if (c.buffered() == 0) c.deadline = now + owner.limits_.request;
  c.in.append(buf, static_cast<std::size_t>(n));
  return true;
}

void HttpServer::Loop::accept_all(Clock::time_point now) {
  while (true) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      // Out of file descriptors: the listener stays readable; let the others go first.
      if (errno == EMFILE || errno == ENFILE)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return;
    }
    // Headers and body go out in two writes: no waiting for the first one's ACK.
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (open >= kMaxConnections && !evict_oldest()) {
      ::close(fd);
      continue;
    }
    held.push_back(std::make_unique<Connection>(fd, open));
    held.back()->deadline = now + owner.limits_.idle;
  }
}

/// Closes the held connection (idle, or sending a head) nearest its deadline; false if none.
bool HttpServer::Loop::evict_oldest() {
  const auto oldest = std::min_element(held.begin(), held.end(), [](const auto& a, const auto& b) {
    return a->deadline < b->deadline;
  });
  if (oldest == held.end()) return false;
  held.erase(oldest);
  return true;
}

void HttpServer::Loop::dispatch(std::unique_ptr<Connection> c) {
  {
    std::lock_guard lock(m);
    ready.push_back(std::move(c));
  }
  ready_cv.notify_one();
}

/// A worker: serves the connections with whole heads, then gives them back to the loop.
void HttpServer::Loop::work() {
  while (true) {
    std::unique_ptr<Connection> c;
    {
      std::unique_lock lock(m);
      ready_cv.wait(lock, [&] { return stopping || !ready.empty(); });
      if (stopping) return;
      c = std::move(ready.front());
      ready.pop_front();
      busy.push_back(c->fd);
    }
    const bool keep = serve(*c);
    std::lock_guard lock(m);
    busy.erase(std::find(busy.begin(), busy.end(), c->fd));
    if (keep && !stopping) {
      back.push_back(std::move(c));
      wake_loop();
    }
    // Otherwise closed here, under the lock: stop() never shuts down a reused descriptor.
    c.reset();
  }
}

/// Serves the requests whose heads `c` holds. False: close it.
bool HttpServer::Loop::serve(Connection& c) {
  try {
    do {
      RequestStream stream(c, owner.limits_);
      const bool last = ++c.served >= kMaxRequestsPerConnection;
      if (!owner.serve_request(stream, last) || stream.failed() || last) return false;
    } while (c.head_ready());
    return true;
  } catch (...) {
    return false;
  }
}

void HttpServer::Loop::stop() {
  std::lock_guard lock(m);
  if (stopping) return;
  stopping = true;
  // The workers' reads and writes under way end now rather than at their deadlines.
  for (const int fd : busy) ::shutdown(fd, SHUT_RDWR);
  ready_cv.notify_all();
  wake_loop();
}

HttpServer::HttpServer(ConnectionLimits limits)
    : limits_(limits), loop_(std::make_unique<Loop>(*this)) {
  // What the Keep-Alive response header announces.
  set_keep_alive_timeout(std::chrono::ceil<std::chrono::seconds>(limits_.idle).count());
  set_keep_alive_max_count(kMaxRequestsPerConnection);
  set_payload_max_length(limits_.max_body_bytes);
}

HttpServer::~HttpServer() {
  stop();
}

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
  if (bound <= 0) return -1;
  // cpp-httplib listened with its compiled backlog of 5: listen(2) again sets ours.
  loop_->listener = svr_sock_;
  if (::listen(loop_->listener, kListenBacklog) != 0 ||
      fcntl(loop_->listener, F_SETFL, fcntl(loop_->listener, F_GETFL) | O_NONBLOCK) != 0)
    return -1;
  return bound;
}

void HttpServer::serve() {
  loop_->run();
  svr_sock_ = INVALID_SOCKET;
}

void HttpServer::stop() {
  loop_->stop();
}

bool HttpServer::serve_request(httplib::Stream& stream, bool last) {
  t_close_after = false;
  bool closed = false;
  const bool written = process_request(stream, last, closed, nullptr);
  return written && !closed && !t_close_after;
}

}  // namespace qpv::app::serve
