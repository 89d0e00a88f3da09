// What every file qpvsim reads or writes shares: text inputs read whole but bounded, outputs
// checked before any work and written whole through a temporary (whose stale copies, left by
// killed runs, are removed), and the creation stamp outputs record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qpv::io {

/// The largest text input qpvsim reads whole (scenario, territory CSV, calibration, posterior
/// CSV), in bytes: 64 MiB. The largest file the project ships has 40 KB (the Valenciennes
/// posterior, 200 particles); a posterior of the most particles a calibration may have
/// (100,000) has about 20 MB. Without a bound, `base = "/dev/zero"` was read until memory ran out.
inline constexpr std::uint64_t kMaxTextFileBytes = 64ULL << 20;

/// The whole text of the regular file at `path`. @throws qpv::InputError naming the path if it
/// cannot be opened, is a folder, a device (/dev/zero), a pipe or a socket rather than a regular
/// file, or holds more than kMaxTextFileBytes.
std::string read_text_file(const std::string& path);

/// Before anything is computed for it, checks that the output `path` (a `what`: "results file",
/// "report"...) can be written, and removes the stale temporaries killed writers of it left
/// (remove_stale_temporaries). Every command calls it for every file it will write, so that a
/// bad `-o` fails at once rather than after the simulation. @throws qpv::OutputError "cannot
/// write the <what> '<path>': <why>" if `path` names a folder or an existing file that is not a
/// regular one (a device: the rename would replace it), or its folder is missing or not
/// writable.
void prepare_output(const std::string& path, std::string_view what);

/// Removes the "<path>.tmp-<pid>" files (what write_file_atomically and the HDF5 and CSV
/// writers write before renaming over `path`) whose process <pid> is dead, and returns them.
/// A PID counts as dead when kill(pid, 0) fails with ESRCH; a PID reused by another process
/// keeps its file until a later call finds it dead, so a live writer's file is never removed.
/// PIDs are those of this machine: two hosts writing the same path on a shared file system
/// could see each other's temporaries as stale.
std::vector<std::string> remove_stale_temporaries(const std::string& path);

/// The current UTC time as ISO 8601 ("2025-06-03T14:05:09Z"), for `created_utc` attributes.
std::string utc_now();

/// Writes `content` to `path` atomically: a temporary file in the same folder (so the rename
/// cannot cross file systems), synced, then renamed over `path`. Calls prepare_output first.
/// On error throws
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
