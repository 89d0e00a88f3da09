// The workshop page's files (sim/app/serve/web/), compiled into the binary at build time
// (cmake/Embed.cmake) so that `qpvsim serve` works offline from any folder and never reads a
// file named by a request.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sim/io/embedded.hpp"

namespace qpv::app::serve {

/// Defined in a source generated at build time: index.html, app.js, allocation.js, style.css,
/// communes.csv.
const std::vector<io::EmbeddedFile>& web_files();

/// The text of the embedded page file `name` ("app.js"), or nothing if there is none.
inline std::optional<std::string_view> web_file(std::string_view name) {
  for (const io::EmbeddedFile& f : web_files())
    if (f.name == name) return f.text;
  return std::nullopt;
}

}  // namespace qpv::app::serve
