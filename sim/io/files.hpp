// What every output of qpvsim shares: the creation stamp it records, and writing a whole text
// file so that readers never see half of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qpv::io {

/// The current UTC time as ISO 8601 ("2025-06-03T14:05:09Z"), for `created_utc` attributes.
std::string utc_now();

/// Writes `content` to `path` atomically: a temporary file in the same folder (so the rename
/// cannot cross file systems), synced, then renamed over `path`. On error throws
/// qpv::OutputError "cannot write the <what> '<path>': <step>: <reason>" and leaves nothing
/// behind, neither at `path` nor the temporary file.
void write_file_atomically(const std::string& path, std::string_view content,
                           std::string_view what);

/// A fingerprint of texts (FNV-1a, 64 bits, a separator after each text), so that a checkpoint
/// is resumed only by the work that wrote it (the same files, the same settings).
class Fingerprint {
 public:
  void add(std::string_view text);
  /// 16 hexadecimal digits.
  std::string hex() const;

 private:
  std::uint64_t h_ = 0xCBF29CE484222325ULL;
};

}  // namespace qpv::io
