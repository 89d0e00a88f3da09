// The libFuzzer targets' shared parts (common.hpp): scratch folder, inputs as files, expected
// errors, and the report/export path of a results file.
#include "tests/fuzz/common.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "analysis/allocation/record.hpp"
#include "analysis/allocation/report.hpp"
#include "analysis/comparison_file.hpp"
#include "analysis/export_csv.hpp"
#include "analysis/report.hpp"
#include "analysis/sensitivity_report.hpp"
#include "analysis/sensitivity_study.hpp"
#include "calibration/posterior.hpp"
#include "calibration/report.hpp"
#include "sim/app/serve/problems.hpp"
#include "sim/core/error.hpp"

namespace qpv::fuzz {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "qpvsim fuzz: %s\n", what.c_str());
  std::abort();
}

/// The folder the scratch folder is made in.
fs::path scratch_parent() {
  if (const char* dir = std::getenv("QPVSIM_FUZZ_TMP"); dir != nullptr && *dir != '\0')
    return dir;
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

void copy_into(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

/// The project files the seeds name, laid out as scratch() says.
void make_fixture(const fs::path& root) {
  const fs::path src = QPVSIM_SOURCE_DIR;
  const fs::path tiny = src / "tests/data/tiny";
  copy_into(src / "scenarios/valenciennes", root / "scenarios/valenciennes");
  copy_into(src / "scenarios/territories/valenciennes", root / "scenarios/territories/valenciennes");
  copy_into(tiny / "territory", root / "scenarios/valenciennes/territory");
  copy_into(tiny / "baseline.toml", root / "calibration/baseline.toml");
  copy_into(tiny / "territory", root / "calibration/territory");
  copy_into(src / "calibration/valenciennes/posterior.csv",
            root / "calibration/valenciennes/posterior.csv");
}

fs::path* scratch_path = nullptr;

void remove_scratch() {
  std::error_code ec;
  if (scratch_path != nullptr) fs::remove_all(*scratch_path, ec);
}

}  // namespace

const fs::path& scratch() {
  if (scratch_path == nullptr) {
    // Never freed: it must outlive every target's statics (removed at exit by remove_scratch).
    scratch_path =
        new fs::path(scratch_parent() / ("qpvsim-fuzz-" + std::to_string(::getpid())));
    fs::remove_all(*scratch_path);
    fs::create_directories(*scratch_path);
    std::atexit(remove_scratch);
    make_fixture(*scratch_path);
  }
  return *scratch_path;
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail("cannot write " + path.string());
}

std::vector<std::string> split_files(std::string_view input, const std::vector<std::string>& names) {
  std::vector<std::string> files(names.size());
  const auto header = [&](std::size_t k) { return "==> " + names[k] + " <==\n"; };
  // The first file's own header, if the input starts with it.
  if (input.starts_with(header(0))) input.remove_prefix(header(0).size());
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k + 1 == names.size()) {
      files[k] = std::string(input);
      break;
    }
    const std::string next = "\n" + header(k + 1);
    const std::size_t at = input.find(next);
    if (at == std::string_view::npos) {
      files[k] = std::string(input);
      break;
    }
    files[k] = std::string(input.substr(0, at + 1));
    input.remove_prefix(at + next.size());
  }
  return files;
}

static bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && std::strcmp(value, "1") == 0;
}

void expected_error(const std::exception& e) {
  static const bool strict = env_set("QPVSIM_FUZZ_STRICT");
  static const bool verbose = env_set("QPVSIM_FUZZ_VERBOSE");
  if (verbose) std::fprintf(stderr, "qpvsim fuzz: error: %s\n", e.what());
  if (!strict) return;
  if (dynamic_cast<const InputError*>(&e) != nullptr ||
      dynamic_cast<const OutputError*>(&e) != nullptr ||
      dynamic_cast<const app::serve::RequestError*>(&e) != nullptr)
    return;
  fail(std::string("an error of no project type (QPVSIM_FUZZ_STRICT): ") + typeid(e).name() +
       ": " + e.what());
}

InputFile::InputFile(const std::uint8_t* data, std::size_t size, const std::string& extension)
    : path_((scratch() / ("input" + extension)).string()) {
  write_file(path_, std::string_view(reinterpret_cast<const char*>(data), size));
}

InputFile::~InputFile() {
  std::error_code ec;
  fs::remove(path_, ec);
  // The file is removed, but HDF5 would keep it open behind a leaked handle and serve the next
  // input from its caches: every object must be closed by now.
  const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
  if (open != 0) {
    fail(std::to_string(open) + " HDF5 object(s) left open after reading " + path_ + " (" +
         std::to_string(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_FILE)) + " file(s), " +
         std::to_string(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_DATASET)) + " dataset(s), " +
         std::to_string(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_GROUP)) + " group(s), " +
         std::to_string(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ATTR)) + " attribute(s))");
  }
}

bool is_hdf5(const std::uint8_t* data, std::size_t size) {
  static constexpr char kSignature[] = "\x89HDF\r\n\x1a\n";
  return size >= 8 && std::memcmp(data, kSignature, 8) == 0;
}

void report_and_export(const std::string& path) {
  const std::string dir = (scratch() / "export").string();
  // `report` and `export` read the file the same way; what each makes of it may fail alone.
  if (calibration::is_posterior_file(path)) {
    const calibration::PosteriorRecord r = calibration::read_posterior_file(path);
    run_input([&] { (void)calibration::calibration_report_html(r); });
    run_input([&] { (void)calibration::posterior_csv(r); });
    return;
  }
  const bool sensitivity = analysis::is_sensitivity_file(path);
  if (sensitivity || analysis::allocation::is_allocation_file(path)) {
    namespace alloc = analysis::allocation;
    run_input([&] {
      if (sensitivity)
        (void)analysis::sensitivity_report_html(analysis::read_sensitivity_file(path));
      else
        (void)alloc::allocation_report_html(alloc::read_allocation_file(path));
    });
    // `export` knows no such kind and reads the file as a comparison.
    (void)analysis::export_csv(analysis::read_comparison_file(path), dir, true);
    return;
  }
  const analysis::Comparison c = analysis::read_comparison_file(path);
  run_input([&] { (void)analysis::report_html(c); });
  run_input([&] { (void)analysis::export_csv(c, dir, true); });
}

}  // namespace qpv::fuzz
