// Raw TCP connections to a test server on 127.0.0.1, for what an HTTP client library does not
// send: a request cut short, sent slowly or chunked without end (tests/app/test_serve*.cpp).
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace qpv::test {

/// A TCP connection to 127.0.0.1:port, non-blocking and under way (`blocking`: blocking and
/// made, sends timing out after 5 s).
inline int connect_to(int port, bool blocking = false) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (blocking ? 0 : SOCK_NONBLOCK), 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a);
  REQUIRE((rc == 0 || (!blocking && errno == EINPROGRESS)));
  if (blocking) {
    const timeval five{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &five, sizeof five);
  }
  return fd;
}

/// Sends all of `text` on a blocking connection; false if the connection failed or timed out.
inline bool send_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// What the server sends until it closes the connection or `seconds` pass; `closed` says which.
inline std::string receive_until_closed(int fd, double seconds, bool* closed = nullptr) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::string out;
  if (closed != nullptr) *closed = false;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return out;
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EAGAIN) {
      if (closed != nullptr) *closed = true;
      return out;
    }
  }
}

/// True if the server closes the connection within `seconds`.
inline bool closed_within(int fd, double seconds) {
  bool closed = false;
  receive_until_closed(fd, seconds, &closed);
  return closed;
}

}  // namespace qpv::test
