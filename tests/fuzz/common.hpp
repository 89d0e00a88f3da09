// What the libFuzzer targets share: a scratch folder per process holding copies of the project
// files that inputs refer to, inputs written as the files the tool reads, the errors the tool
// reports to its user, and what `qpvsim report` and `qpvsim export` do with a results file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qpv::fuzz {

/// This process's scratch folder, made on first use and removed at exit: under $QPVSIM_FUZZ_TMP
/// if set (run.sh sets it), else /dev/shm, else the system's temporary folder. It holds copies of
/// the project's files that the inputs name (made from the source tree):
///   scenarios/valenciennes/*.toml            the Valenciennes scenarios
///   scenarios/valenciennes/territory/        the tiny territory (tests/data/tiny/territory)
///   scenarios/territories/valenciennes/      the Valenciennes territory
///   calibration/baseline.toml, territory/    the tiny baseline and territory
///   calibration/valenciennes/posterior.csv   the Valenciennes posterior
/// so that the seeds' relative `base`, `territory` and `scenario` resolve as they do in the
/// source tree (a scenario input is written to scenarios/valenciennes/input.toml, a calibration
/// input to calibration/valenciennes/), and nothing a target does touches the source tree.
const std::filesystem::path& scratch();

/// Writes `bytes` to `path` as they are (created or truncated).
void write_file(const std::filesystem::path& path, std::string_view bytes);

/// The files of an input that stands for several: `names` in order, each after a line
/// "==> NAME <==" (the form of `head a b`), the first one's line optional. A missing separator
/// leaves that file and the ones after it empty; text before the first file's line is its own.
std::vector<std::string> split_files(std::string_view input, const std::vector<std::string>& names);

/// What the tool does with an exception that reaches its command line: prints the message and
/// exits 1 (sim/app/cli.cpp). Such errors are expected from bad input, so they are swallowed;
/// anything that is not a std::exception escapes and ends the process, a finding. With the
/// environment variable QPVSIM_FUZZ_STRICT=1, an exception of none of the project's types
/// (InputError, OutputError, RequestError) is a finding too: its message names no file. With
/// QPVSIM_FUZZ_VERBOSE=1, every error's message is printed (why an input is refused).
void expected_error(const std::exception& e);

template <class F>
void run_input(F&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    expected_error(e);
  }
}

/// An HDF5 input: the bytes as the file at scratch()/"input"+extension, for readers that open a
/// path. On destruction the file is removed and every HDF5 object must have been closed; one left
/// open (a handle leaked on an error path) is reported and aborts, a finding.
class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size, const std::string& extension = ".h5");
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// True if `data` opens with the HDF5 signature (a file qpvsim writes has its superblock at 0).
bool is_hdf5(const std::uint8_t* data, std::size_t size);

/// What `qpvsim report FILE` and `qpvsim export FILE DIR` do with the file (sim/app/
/// file_commands.cpp), a reading shared by both where they read it the same way: a posterior
/// file gives its report and its particles as CSV; a sensitivity or allocation file its report,
/// and `export` reads it as a comparison; any other is read as a comparison (or a run file, as a
/// comparison of one scenario) and gives its report and the CSV tables with the per-replicate
/// one. Each command's own step fails alone (run_input); reports are built in memory, the CSV
/// tables, which the library writes only to files, go to scratch()/export. Errors of the shared
/// reading are the caller's.
void report_and_export(const std::string& path);

}  // namespace qpv::fuzz
