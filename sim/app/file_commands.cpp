#include <fmt/format.h>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "analysis/allocation/record.hpp"
#include "analysis/allocation/report.hpp"
#include "analysis/comparison_file.hpp"
#include "analysis/dossier.hpp"
#include "analysis/export_csv.hpp"
#include "analysis/report.hpp"
#include "analysis/sensitivity_report.hpp"
#include "calibration/posterior.hpp"
#include "calibration/report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/console.hpp"
#include "sim/core/error.hpp"
#include "sim/io/embedded.hpp"
#include "sim/io/files.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/priors.hpp"
#include "sim/model/synthesis.hpp"

namespace qpv::app {
namespace {

/// The test list of the qpvsim_tests executable at `tests`: `--list-test-names-only`, once for
/// every case and once for each tag the dossier uses.
analysis::TestList read_test_list(const std::string& tests) {
  if (!std::filesystem::is_regular_file(tests))
    throw std::runtime_error("cannot list the test cases: no test executable at '" + tests +
                             "' (build the tests, or give its path with --tests)");
  const auto quoted = [](const std::string& word) {  // for /bin/sh
    std::string q = "'";
    for (const char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  const auto names = [&](const std::string& filter) {
    std::string command = quoted(tests) + " --list-test-names-only";
    if (!filter.empty()) command += " " + quoted(filter);
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string out;
    std::array<char, 4096> buffer{};
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
      out.append(buffer.data(), n);
    ::pclose(pipe);  // its status is the number of cases listed, not an error
    std::vector<std::string> lines;
    for (std::size_t at = 0, end; at < out.size(); at = end + 1) {
      end = std::min(out.find('\n', at), out.size());
      if (end > at) lines.push_back(out.substr(at, end - at));
    }
    return lines;
  };
  analysis::TestList list;
  list.names = names("");
  if (list.names.empty()) throw std::runtime_error(tests + " lists no test case");
  for (const std::string& tag : analysis::dossier_tags()) list.by_tag[tag] = names(tag);
  return list;
}

/// qpvsim_tests beside this executable, as the build lays them out (build/tests/qpvsim_tests).
std::string default_test_executable() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("tests/qpvsim_tests")
            : (self.parent_path() / "tests" / "qpvsim_tests").string();
}

/// `read()`, the reading of `file`; a failure that names no file (an index out of range, a
/// wrong variant, a size beyond memory, in content no reader check caught) becomes a ReadError
/// naming it. The project's own errors already name it and pass through.
template <class Read>
auto reading(const std::string& file, Read read) {
  try {
    return read();
  } catch (const InputError&) {
    throw;
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw ReadError("reading '" + file + "': its content is inconsistent (" + e.what() + ")");
  }
}

}  // namespace

int cmd_report(const std::string& file, std::string output) {
  if (output.empty()) output = std::filesystem::path(file).stem().string() + ".html";
  if (analysis::is_sensitivity_file(file)) {
    check_writable(output, "report");
    analysis::write_sensitivity_report(
        reading(file, [&] { return analysis::read_sensitivity_file(file); }), output);
    fmt::print("sensitivity report of {}: {}\n", file, output);
    return 0;
  }
  if (analysis::allocation::is_allocation_file(file)) {
    check_writable(output, "report");
    namespace alloc = analysis::allocation;
    const auto r = reading(file, [&] { return alloc::read_allocation_file(file); });
    alloc::write_allocation_report(r, output);
    fmt::print("allocation report of {} ({} candidates, {} fresh replicates): {}\n", file,
               r.candidates.size(), r.fresh_replicates, output);
    return 0;
  }
  if (calibration::is_posterior_file(file)) {
    check_writable(output, "report");
    const auto r = reading(file, [&] { return calibration::read_posterior_file(file); });
    calibration::write_calibration_report(r, output);
    fmt::print("calibration report of {} ({} generations, {} particles): {}\n", file,
               r.outcome.generations.size(), r.particles, output);
    return 0;
  }
  const auto c = reading(file, [&] { return analysis::read_comparison_file(file); });
  check_writable(output, "report");
  analysis::write_report_file(c, output);
  fmt::print("report of {} ({} scenario(s), {} replicates): {}\n", file, c.scenarios.size(),
             c.replicates, output);
  return 0;
}

int cmd_export(const std::string& file, const std::string& dir, bool replicates) {
  if (calibration::is_posterior_file(file)) {
    // A posterior: its particles as posterior.csv, which runs can read (--posterior).
    std::filesystem::create_directories(dir);
    const std::string path = (std::filesystem::path(dir) / "posterior.csv").string();
    const auto r = reading(file, [&] { return calibration::read_posterior_file(file); });
    io::write_file_atomically(path, calibration::posterior_csv(r), "posterior");
    fmt::print("{}\n", path);
    return 0;
  }
  const auto c = reading(file, [&] { return analysis::read_comparison_file(file); });
  for (const std::string& path : analysis::export_csv(c, dir, replicates)) fmt::print("{}\n", path);
  return 0;
}

int cmd_validate(const std::string& path) {
  const io::Scenario s = io::load_scenario(path);
  io::check_uncertainty(s, s.uncertainty, s.uncertainty_origin, "run.uncertainty");
  fmt::print(
      "{}: valid. Scenario \"{}\", territory {} ({} QPV, {} residents), {} to {}, {} replicates, "
      "seed {}, {} parameter override(s), {} intervention(s)\n",
      path, s.name, s.territory.name, s.territory.qpvs.size(),
      [&] {
        std::int64_t n = 0;
        for (const auto& q : s.territory.qpvs) n += q.population;
        return n;
      }(),
      s.run.start.to_string(), s.run.end.to_string(), s.run.replicates, s.run.seed,
      s.overrides.size(), s.interventions.size());
  return 0;
}

int cmd_population(const std::string& path, std::uint32_t replicate,
                   std::optional<std::uint64_t> seed, const std::string& only) {
  io::Scenario s = io::load_scenario(path);
  if (seed) s.run.seed = *seed;
  // Targets of several QPVs are combined with each QPV's own people as weights.
  std::vector<model::MeasuredMarginals> measured, targets;
  std::int64_t target_pop = 0;
  for (const model::Qpv& qpv : s.territory.qpvs) {
    if (!only.empty() && qpv.code != only) continue;
    Rng rng(model::stream_key(s.run, replicate, qpv, model::Stream::synthesis));
    measured.push_back(model::measure(model::synthesize(qpv, s.run.start, rng)));
    targets.push_back(model::expected(qpv.marginals, measured.back()));
    target_pop += qpv.population;
  }
  if (measured.empty()) throw InputError(Origin{}, "--qpv", "unknown QPV code " + only);
  fmt::print("Synthetic population of {} ({}), replicate {}, seed {}, on {}\n",
             only.empty() ? "all QPVs" : only, s.territory.name, replicate, s.run.seed,
             s.run.start.to_string());
  print_marginals(model::combine(measured), model::combine(targets), target_pop);
  return 0;
}

int cmd_params(bool markdown) {
  if (markdown) {
    fmt::print("{}", analysis::parameters_markdown());
    return 0;
  }
  for (const auto& p : model::param_specs()) {
    fmt::print("{:<30} {:>10} {:<18} {:<11} {}\n", p.name, p.default_value, p.unit,
               model::role_name(p.role), p.description);
  }
  return 0;
}

/// `qpvsim dossier`: writes the validation dossier to `output` (stdout if empty), or with
/// `check` compares it with the file there and exits 1 if they differ.
int cmd_dossier(const std::string& output, const std::string& check, std::string tests) {
  if (tests.empty()) tests = default_test_executable();
  const std::string text = analysis::validation_dossier(read_test_list(tests));
  if (!check.empty()) {
    if (io::read_text(check) == text) {
      fmt::print("{} is up to date\n", check);
      return 0;
    }
    fmt::print(stderr,
               "error: {} is stale: it differs from what the code and the tests generate; run "
               "`qpvsim dossier -o {}` and commit it\n",
               check, check);
    return 1;
  }
  if (output.empty()) {
    fmt::print("{}", text);
  } else {
    io::write_file_atomically(output, text, "validation dossier");
    fmt::print("wrote {}\n", output);
  }
  return 0;
}

}  // namespace qpv::app
