#include "sim/io/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "sim/core/error.hpp"

namespace qpv::io {

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
