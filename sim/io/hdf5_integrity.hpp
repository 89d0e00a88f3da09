// The integrity block of the HDF5 files qpvsim writes: a 512-byte HDF5 user block (which HDF5
// itself skips) holding a CRC-32 and the length of everything after it. A file damaged after it
// was written is refused before libhdf5 parses a byte of it, which libhdf5 cannot be trusted to
// do safely (a flipped byte in a string heap crashes it).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace qpv::io::hdf5 {

/// Size of the user block reserved at the start of every file Hdf5Sink writes (HDF5 requires a
/// power of two >= 512; the block's text needs under 100 bytes).
inline constexpr std::size_t kIntegrityBlockBytes = 512;

/// Fills the first kIntegrityBlockBytes of `file_bytes`, a whole file's bytes whose HDF5 part
/// (created with a user block of that size) follows, with the integrity block of the rest.
void seal(std::string& file_bytes);

/// The environment variable that lets qpvsim read an HDF5 file without an integrity block
/// (one written before qpvsim sealed its files): "1" allows it.
inline constexpr const char* kReadUnsealed = "QPVSIM_READ_UNSEALED";

/// Checks the integrity block of `file`. Throws ReadError if the block is present and the rest
/// of the file does not match it, or if the file starts with HDF5's signature (no block: an
/// older qpvsim's file, another tool's, or one damaged at its start) unless kReadUnsealed is
/// "1". Anything else (not HDF5 at all, unreadable) is left to libhdf5 to name.
void verify(const std::filesystem::path& file);

}  // namespace qpv::io::hdf5
