// Version and git commit stamped at build time (cmake/GenVersion.cmake).
#pragma once

#include <string_view>

namespace qpv {
std::string_view version();
/// Full commit hash, suffixed "-dirty" for a build from a modified tree; "unknown" outside git.
std::string_view git_commit();
}  // namespace qpv
