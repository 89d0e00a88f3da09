// Text files compiled into the binary (the default Valenciennes scenarios, territory and
// calibrated posterior), and reading a text file either from disk or from that embedded set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qpv::io {

struct EmbeddedFile {
  std::string_view name;  ///< "embedded:<path relative to scenarios/>", or to the project root
                          ///< for a file outside scenarios/ (calibration/...)
  std::string_view text;
};
/// Defined in a source generated at build time (cmake/Embed.cmake).
const std::vector<EmbeddedFile>& embedded_files();

inline constexpr std::string_view kEmbeddedPrefix = "embedded:";
/// The embedded default scenario that the main job runs.
inline constexpr std::string_view kDefaultScenario = "embedded:valenciennes/baseline.toml";

/// Reads a whole text file. Paths starting with "embedded:" come from the binary.
/// Throws qpv::InputError naming the path if it cannot be read.
std::string read_text(const std::string& path);
/// Resolves `relative` against the folder holding `file` (works for embedded paths too). An
/// "embedded:" name or an absolute path is returned as given, so a file anywhere on disk can
/// name an embedded base or territory (`base = "embedded:valenciennes/baseline.toml"`).
std::string resolve_relative(const std::string& file, const std::string& relative);

}  // namespace qpv::io
