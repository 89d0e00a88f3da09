#include "sim/io/hdf5_integrity.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "sim/core/error.hpp"

namespace qpv::io::hdf5 {
namespace {

// The block's text: a first line that says what it is (so that `head -c 100 file.h5` tells a
// reader), then the checksum and the length it covers.
constexpr std::string_view kMagic = "qpvsim integrity block 1\n";
// HDF5's signature, at the start of a file without a user block.
constexpr std::string_view kSignature = "\x89HDF\r\n\x1a\n";

/// An open file descriptor, closed on scope exit.
class Fd {
 public:
  Fd(const std::filesystem::path& file, int flags) : fd_(::open(file.c_str(), flags | O_CLOEXEC)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

/// Reads up to `size` bytes at `offset`; returns the count read (short only at the end).
std::size_t read_at(int fd, char* buf, std::size_t size, off_t offset) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, buf + done, size - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category());
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

/// zlib's CRC-32 of `size` bytes, continuing from `crc` (whose start is 0).
std::uint32_t crc_of(std::uint32_t crc, const char* data, std::size_t size) {
  return static_cast<std::uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(data), static_cast<z_size_t>(size)));
}

/// True if HDF5's signature is where libhdf5 looks for it: at 0, 512, 1024, 2048... A damaged
/// integrity block still has the signature at 512, and must not let libhdf5 read the file.
bool has_hdf5_signature(int fd) {
  char buf[8];
  for (off_t offset = 0;; offset = offset == 0 ? 512 : offset * 2) {
    std::size_t got = 0;
    try {
      got = read_at(fd, buf, sizeof buf, offset);
    } catch (const std::system_error&) {
      return false;
    }
    if (got < sizeof buf) return false;
    if (std::string_view(buf, sizeof buf) == kSignature) return true;
  }
}

struct Digest {
  std::uint32_t crc = 0;
  std::uint64_t bytes = 0;
};

/// CRC-32 (zlib's) and length of everything after the block.
Digest digest_after_block(int fd) {
  Digest d;
  std::vector<char> buf(std::size_t{1} << 20);
  for (;;) {
    const std::size_t n =
        read_at(fd, buf.data(), buf.size(), static_cast<off_t>(kIntegrityBlockBytes + d.bytes));
    if (n == 0) break;
    d.crc = crc_of(d.crc, buf.data(), n);
    d.bytes += n;
  }
  return d;
}

std::string block_text(const Digest& d) {
  char line[96];
  std::snprintf(line, sizeof line, "crc32 %08x\nbytes %llu\n", d.crc,
                static_cast<unsigned long long>(d.bytes));
  return std::string(kMagic) + line;
}

[[noreturn]] void damaged(const std::filesystem::path& file, const std::string& what) {
  throw ReadError("reading '" + file.string() + "': " + what +
                  ": the file was damaged or changed after qpvsim wrote it");
}

}  // namespace

void seal(std::string& file_bytes) {
  if (file_bytes.size() < kIntegrityBlockBytes) throw OutputError("internal error: no user block");
  const std::string_view rest = std::string_view(file_bytes).substr(kIntegrityBlockBytes);
  Digest d;
  d.crc = crc_of(0, rest.data(), rest.size());
  d.bytes = rest.size();
  const std::string text = block_text(d);
  std::fill_n(file_bytes.begin(), kIntegrityBlockBytes, '\0');
  std::copy(text.begin(), text.end(), file_bytes.begin());
}

void verify(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec))
    throw ReadError("reading '" + file.string() + "': not a regular file");  // a FIFO would block
  const Fd fd(file, O_RDONLY);
  if (fd.get() < 0) return;  // libhdf5 then says why it cannot be opened
  std::array<char, kIntegrityBlockBytes> block{};
  std::size_t got = 0;
  try {
    got = read_at(fd.get(), block.data(), block.size(), 0);
  } catch (const std::system_error&) {
    return;
  }
  const std::string_view head(block.data(), got);
  if (!head.starts_with(kMagic)) {
    // No block: written by qpvsim before 0.1.0 sealed its files, by another tool, or damaged
    // where the block was. libhdf5 crashes on some damaged files (its string heap), so such a
    // file is read only when the user says so.
    const char* allow = std::getenv(kReadUnsealed);
    if (has_hdf5_signature(fd.get()) && !(allow && *allow == '1'))
      throw ReadError("reading '" + file.string() +
                      "': an HDF5 file without qpvsim's integrity block (written by an older "
                      "qpvsim or another tool, or damaged at its start); rerun it, or set " +
                      std::string(kReadUnsealed) + "=1 to read it at your own risk");
    return;  // not an HDF5 file at all, or allowed: libhdf5 says what it is
  }
  unsigned crc = 0;
  unsigned long long bytes = 0;
  const std::string text(head.substr(kMagic.size(), 64));
  if (std::sscanf(text.c_str(), "crc32 %8x\nbytes %llu\n", &crc, &bytes) != 2)
    damaged(file, "its integrity block is unreadable");
  Digest d;
  try {
    d = digest_after_block(fd.get());
  } catch (const std::system_error& e) {
    throw ReadError("reading '" + file.string() + "': " + e.what());
  }
  if (d.bytes != bytes)
    damaged(file, "it holds " + std::to_string(d.bytes + kIntegrityBlockBytes) +
                      " bytes where its integrity block says " +
                      std::to_string(bytes + kIntegrityBlockBytes));
  if (d.crc != crc) damaged(file, "its checksum does not match its content");
}

}  // namespace qpv::io::hdf5
