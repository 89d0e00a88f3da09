// `qpvsim serve --port 0` started as a child process, its port read from what it prints, and the
// memory a process uses: for the tests of the real command (test_serve_process.cpp,
// test_serve_load.cpp) and of the server's memory (test_serve.cpp).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

namespace qpv::test {

/// A field of /proc/PID/status in MB ("VmRSS", "VmHWM": resident memory now and at its peak).
inline double status_mb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field + ":")) return std::stod(line.substr(field.size() + 1)) / 1024.0;
  FAIL("no " << field << " in /proc/" << pid << "/status");
  return 0;
}

/// Resets a process's VmHWM to its current RSS (writing 5 to clear_refs, Linux 4.0 and later),
/// so that it gives the peak from now on.
inline void reset_peak_rss(pid_t pid) {
  std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";
}

/// A `qpvsim serve` process on a free loopback port; killed, if still running, when destroyed.
class ServeProcess {
 public:
  /// Starts `binary serve --port 0 --stages 2` and waits until it prints its address.
  explicit ServeProcess(const char* binary = QPVSIM_BINARY) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(binary, binary, "serve", "--port", "0", "--stages", "2", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    std::smatch m;
    const std::regex listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
    while (!std::regex_search(text_, m, listening) && read_some()) {
    }
    INFO("output: " << text_);
    REQUIRE(std::regex_search(text_, m, listening));
    port_ = std::stoi(m[1].str());
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  /// What it printed so far.
  const std::string& text() const { return text_; }

  /// Ctrl-C: SIGINT, then waits for the exit and reads the rest of what it printed. Returns the
  /// wait status.
  int interrupt() {
    REQUIRE(kill(pid_, SIGINT) == 0);
    int status = 0;
    REQUIRE(waitpid(pid_, &status, 0) == pid_);
    pid_ = -1;
    while (read_some()) {
    }
    return status;
  }

 private:
  bool read_some() {
    char buf[512];
    const ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) return false;
    text_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = -1;
  std::string text_;
};

}  // namespace qpv::test
