// What every output of qpvsim shares: the creation stamp it records, and writing a whole text
// file so that readers never see half of it.
#pragma once

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

}  // namespace qpv::io
