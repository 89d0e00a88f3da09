#include "sim/io/embedded.hpp"

#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/io/files.hpp"

namespace qpv::io {

std::string read_text(const std::string& path) {
  if (path.starts_with(kEmbeddedPrefix)) {
    for (const auto& f : embedded_files()) {
      if (f.name == path) return std::string(f.text);
    }
    throw InputError(Origin{path}, "", "no such embedded file");
  }
  return read_text_file(path);
}

std::string resolve_relative(const std::string& file, const std::string& relative) {
  namespace fs = std::filesystem;
  if (relative.starts_with(kEmbeddedPrefix)) return relative;
  if (file.starts_with(kEmbeddedPrefix)) {
    const fs::path base = fs::path(file.substr(kEmbeddedPrefix.size())).parent_path();
    return std::string(kEmbeddedPrefix) + (base / relative).lexically_normal().generic_string();
  }
  if (fs::path(relative).is_absolute()) return relative;
  return (fs::path(file).parent_path() / relative).lexically_normal().string();
}

}  // namespace qpv::io
