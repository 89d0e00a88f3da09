#include "sim/io/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "sim/core/error.hpp"

namespace qpv::io {
namespace {

namespace fs = std::filesystem;

/// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

/// The PID in `name` if it is "<stem>.tmp-<pid>" with <pid> > 0 written as to_string writes it,
/// else 0. PIDs 0 and below are refused: kill() would signal process groups.
pid_t temporary_pid(std::string_view name, std::string_view stem) {
  const std::string prefix = std::string(stem) + ".tmp-";
  if (!name.starts_with(prefix)) return 0;
  const std::string_view digits = name.substr(prefix.size());
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0 ||
      std::to_string(pid) != digits)
    return 0;
  return pid;
}

/// True if no process has the id `pid`: kill with signal 0 checks without sending anything and
/// fails with ESRCH only then (EPERM means a process of another user lives).
bool process_is_dead(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  const auto fail = [&](const std::string& problem) {
    throw InputError(Origin{path}, "", problem);
  };
  // O_NONBLOCK: opening a pipe would otherwise wait for a writer.
  const Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0)
    fail(errno == ENOENT ? "cannot open the file (does it exist?)"
                         : std::string("cannot open the file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0)
    fail(std::string("cannot read the file: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) fail("is a directory, expected a file");
  if (!S_ISREG(st.st_mode))
    fail("is not a regular file (a device such as /dev/zero, a pipe or a socket), expected a file");
  const auto too_big = [&] {
    fail(fmt::format("holds more than the {} MiB a text input may hold", kMaxTextFileBytes >> 20));
  };
  if (static_cast<std::uint64_t>(st.st_size) > kMaxTextFileBytes) too_big();
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(std::string("cannot read the file: ") + std::strerror(errno));
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxTextFileBytes) too_big();  // it grew while read
  }
}

void prepare_output(const std::string& path, std::string_view what) {
  const auto fail = [&](const std::string& why) {
    throw OutputError(fmt::format("cannot write the {} '{}': {}", what, path, why));
  };
  const fs::path p(path);
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (p.filename().empty() || fs::is_directory(st))
    fail("it is a folder; give the path of a file in it");
  if (fs::exists(st) && !fs::is_regular_file(st))
    fail("it exists and is not a regular file (a device, a pipe...): writing would replace it");
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) fail("the folder " + dir.string() + " does not exist");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    fail("the folder " + dir.string() + " is not writable: " + std::strerror(errno));
  remove_stale_temporaries(path);
}

std::vector<std::string> remove_stale_temporaries(const std::string& path) {
  const fs::path p(path);
  const std::string stem = p.filename().string();
  std::vector<std::string> removed;
  std::error_code ec;  // a folder that cannot be listed has nothing we could remove
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const pid_t pid = temporary_pid(it->path().filename().string(), stem);
    std::error_code ignored;
    if (pid == 0 || !it->is_regular_file(ignored) || !process_is_dead(pid)) continue;
    if (fs::remove(it->path(), ignored)) removed.push_back(it->path().string());
  }
  return removed;
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_file_atomically(const std::string& path, std::string_view content,
                           std::string_view what) {
  prepare_output(path, what);
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  auto fail = [&](const std::string& step, int error) {
    const std::string reason = std::strerror(error);
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw OutputError(fmt::format("cannot write the {} '{}': {}: {}", what, path, step, reason));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create '" + temp + "'", errno);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      fail("cannot write '" + temp + "'", error);
    }
    done += static_cast<std::size_t>(n);
  }
  // Without fsync a crash soon after the rename could leave an empty file.
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail("cannot sync '" + temp + "'", error);
  }
  if (::close(fd) != 0) fail("cannot close '" + temp + "'", errno);
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail("cannot rename '" + temp + "'", errno);
}

void Fingerprint::add(std::string_view text) {
  for (unsigned char ch : text) {
    h_ ^= ch;
    h_ *= 0x100000001B3ULL;
  }
  h_ ^= 0xFF;
  h_ *= 0x100000001B3ULL;
}

std::string Fingerprint::hex() const {
  return fmt::format("{:016x}", h_);
}

}  // namespace qpv::io
