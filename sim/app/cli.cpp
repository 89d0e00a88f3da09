// The command line: parses the arguments (CLI11) into a verb's options and dispatches to the
// verb (commands.hpp), mapping failures to exit codes: 1 bad input, 2 bad command line, 3 an
// output that cannot be written, 130 interrupted.
#include "sim/app/cli.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/app/commands.hpp"
#include "sim/app/jobs.hpp"
#include "sim/app/serve/server.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/io/embedded.hpp"
#include "sim/model/uncertainty.hpp"

namespace qpv::app {
namespace {

extern "C" void on_sigint(int) {
  interrupted() = true;
}

/// A verb: its name, its help line, and the function that adds its options to its subcommand
/// and returns what it does once the arguments are parsed.
struct VerbSpec {
  const char* name;
  const char* help;
  std::function<int()> (*add)(CLI::App* cmd);
};

/// --threads, as every verb that simulates has it (`threads`: int or std::optional<int>).
template <class T>
void add_threads_option(CLI::App* cmd, T& threads, const std::string& what = "Worker threads") {
  cmd->add_option("--threads", threads, what + ", 0 = all cores (results do not depend on it)")
      ->check(CLI::Range(0, 4096));
}

/// --uncertainty, as run and compare have it.
void add_uncertainty_option(CLI::App* cmd, std::optional<std::string>& uncertainty) {
  cmd->add_option("--uncertainty", uncertainty,
                  "Parameters each replicate draws: none; calibrated (from the posterior); full "
                  "(calibrated ones from the posterior, uncertain ones from their priors). "
                  "Overrides [run] uncertainty (default full)")
      ->check(CLI::IsMember(model::uncertainty_names()));
}

/// --replicates, --threads, --seed, --posterior and --uncertainty, which override a scenario's
/// [run] settings: those of `run`, or for a comparison (`of_baseline`) those of the baseline,
/// which every scenario then shares. `Options`: RunOptions or CompareOptions.
template <class Options>
void add_run_overrides(CLI::App* cmd, Options& o, bool of_baseline) {
  cmd->add_option("--replicates", o.replicates,
                  of_baseline
                      ? "Replicates of every scenario (overrides the baseline's [run] replicates)"
                      : "Number of replicates (overrides [run] replicates)")
      ->check(CLI::Range(1u, 1000000u));
  add_threads_option(cmd, o.threads);
  cmd->add_option("--seed", o.seed,
                  of_baseline ? "Random seed of every scenario (overrides the baseline's)"
                              : "Random seed (overrides [run] seed)")
      ->check(CLI::Range(std::uint64_t{0}, static_cast<std::uint64_t>(INT64_MAX)));
  cmd->add_option("--posterior", o.posterior,
                  of_baseline
                      ? "Calibrated posterior (qpvsim calibrate, or its CSV export): replicate r "
                        "of every scenario draws the same particle (overrides the baseline's "
                        "[run] posterior; \"none\": no posterior)"
                      : "Calibrated posterior (qpvsim calibrate, or its CSV export) each "
                        "replicate draws the calibrated parameters from (overrides [run] "
                        "posterior; \"none\": no posterior)");
  add_uncertainty_option(cmd, o.uncertainty);
}

void add_run_options(CLI::App* cmd, RunOptions& o, bool with_output) {
  if (with_output) {
    cmd->add_option("-o,--output", o.output,
                    "Results file (HDF5); default: <scenario file name>.h5 in the current folder");
    cmd->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  }
  add_run_overrides(cmd, o, false);
  cmd->add_option("--scale", o.scale,
                  "Replace the territory by N synthetic QPV modelled on its own (populations "
                  "1,250-5,000; 1,600 make about 5 million people), for benchmarks")
      ->check(CLI::Range(1u, 100000u));
}

void add_compare_options(CLI::App* cmd, CompareOptions& o) {
  cmd->add_option("-o,--output", o.output,
                  "Comparison results file (HDF5); default: " +
                      (o.output.empty() ? std::string("comparison.h5") : o.output));
  cmd->add_option("--report", o.report,
                  "Also write the French HTML report there" +
                      (o.report.empty() ? std::string() : "; default: " + o.report));
  add_run_overrides(cmd, o, true);
  cmd->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
}

std::function<int()> run_verb(CLI::App* cmd) {
  auto o = std::make_shared<RunOptions>();
  cmd->add_option("scenario", o->scenario, "Scenario file (TOML)")->required();
  add_run_options(cmd, *o, true);
  return [o] { return cmd_run(*o); };
}

std::function<int()> validate_verb(CLI::App* cmd) {
  auto path = std::make_shared<std::string>();
  cmd->add_option("scenario", *path, "Scenario file (TOML)")->required();
  return [path] { return cmd_validate(*path); };
}

std::function<int()> population_verb(CLI::App* cmd) {
  struct Options {
    std::string path;
    std::uint32_t replicate = 0;
    std::optional<std::uint64_t> seed;
    std::string qpv;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("scenario", o->path, "Scenario file (TOML)")->required();
  cmd->add_option("--replicate", o->replicate, "Replicate whose synthetic population to show");
  cmd->add_option("--seed", o->seed, "Random seed (overrides [run] seed)")
      ->check(CLI::Range(std::uint64_t{0}, static_cast<std::uint64_t>(INT64_MAX)));
  cmd->add_option("--qpv", o->qpv, "Show one QPV (code) instead of all");
  return [o] { return cmd_population(o->path, o->replicate, o->seed, o->qpv); };
}

std::function<int()> bench_verb(CLI::App* cmd) {
  struct Options {
    RunOptions run;
    bool main_job = false, sensitivity = false, allocate = false;
    std::uint32_t repeat = 1;
  };
  auto o = std::make_shared<Options>();
  o->run.scenario = std::string(io::kDefaultScenario);
  cmd->add_option("scenario", o->run.scenario, "Scenario file (TOML)");
  add_run_options(cmd, o->run, false);
  cmd->add_flag("--main-job", o->main_job,
                "Time the main job instead (compare 5 scenarios x 200 replicates on 2 threads, "
                "write the results file and the report)");
  cmd->add_flag("--sensitivity", o->sensitivity,
                "Time the transport-aid sensitivity analysis instead (Morris r = 20, then "
                "Sobol' N = 512 on 8 factors; about 20 minutes on 2 cores)");
  cmd->add_flag("--allocate", o->allocate,
                "Time the Valenciennes default funding-allocation study instead (curves, search, "
                "frontier and re-evaluation)");
  cmd->add_option("--repeat", o->repeat,
                  "Run the one-core measurement and the replicate batch N times each and "
                  "print the lowest times too (for a machine whose speed drifts)")
      ->check(CLI::Range(1U, 100U));
  return [o] {
    return cmd_bench(o->run, o->main_job, o->repeat, o->sensitivity, o->allocate);
  };
}

std::function<int()> params_verb(CLI::App* cmd) {
  auto markdown = std::make_shared<bool>(false);
  cmd->add_flag("--markdown", *markdown, "Print a Markdown table");
  return [markdown] { return cmd_params(*markdown); };
}

std::function<int()> dossier_verb(CLI::App* cmd) {
  struct Options {
    std::string output, check, tests;
  };
  auto o = std::make_shared<Options>();
  CLI::Option* output_option =
      cmd->add_option("-o,--output", o->output, "Markdown file; default: standard output");
  cmd->add_option("--check", o->check, "Compare with this file instead and exit 1 if it is stale")
      ->excludes(output_option);
  cmd->add_option("--tests", o->tests,
                  "The test executable whose cases the dossier lists; default: "
                  "tests/qpvsim_tests beside qpvsim");
  return [o] { return cmd_dossier(o->output, o->check, o->tests); };
}

std::function<int()> compare_verb(CLI::App* cmd) {
  auto o = std::make_shared<CompareOptions>();
  cmd->add_option("scenarios", o->scenarios,
                  "Scenario files (TOML): the baseline, then the alternatives")
      ->required()
      ->expected(2, -1);
  add_compare_options(cmd, *o);
  return [o] { return cmd_compare(*o); };
}

std::function<int()> report_verb(CLI::App* cmd) {
  struct Options {
    std::string file, output;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("file", o->file, "Results, posterior, sensitivity or allocation file (HDF5)")
      ->required();
  cmd->add_option("-o,--output", o->output,
                  "Report file (HTML); default: <results file name>.html");
  return [o] { return cmd_report(o->file, o->output); };
}

std::function<int()> export_verb(CLI::App* cmd) {
  struct Options {
    std::string file, dir;
    bool replicates = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("file", o->file, "Results or posterior file (HDF5)")->required();
  cmd->add_option("--csv", o->dir, "Folder for the CSV files (created if missing)")->required();
  cmd->add_flag("--all-replicates", o->replicates,
                "Also write every replicate's indicator values (a large file)");
  return [o] { return cmd_export(o->file, o->dir, o->replicates); };
}

std::function<int()> calibrate_verb(CLI::App* cmd) {
  auto o = std::make_shared<CalibrateOptions>();
  cmd->add_option("calibration", o->file, "Calibration file (TOML)")->required();
  cmd->add_option("-o,--output", o->output, "Posterior file (HDF5); default: posterior.h5");
  cmd->add_option("--holdout", o->holdout,
                  "Leave this target out of the fit and check it on the posterior "
                  "(repeatable)");
  add_threads_option(cmd, o->threads);
  cmd->add_flag("--restart", o->restart, "Ignore an existing checkpoint and start from the prior");
  cmd->add_option("--report", o->report,
                  "Also write the French HTML diagnostics report of the calibration there");
  cmd->add_flag("-q,--quiet", o->quiet, "Print nothing but errors");
  return [o] { return cmd_calibrate(*o); };
}

std::function<int()> sensitivity_verb(CLI::App* cmd) {
  auto o = std::make_shared<SensitivityOptions>();
  cmd->add_option("file", o->file, "Sensitivity file (TOML)")->required();
  cmd->add_option("-o,--output", o->output, "Results file (HDF5); default: sensibilite.h5");
  cmd->add_option("--report", o->report, "Also write the French HTML report there");
  add_threads_option(cmd, o->threads);
  cmd->add_flag("--restart", o->restart, "Ignore an existing checkpoint and start again");
  cmd->add_flag("-q,--quiet", o->quiet, "Print nothing but errors");
  return [o] { return cmd_sensitivity(*o); };
}

std::function<int()> allocate_verb(CLI::App* cmd) {
  auto o = std::make_shared<AllocateOptions>();
  cmd->add_option("file", o->file, "Allocation file (TOML)")->required();
  cmd->add_option("-o,--output", o->output, "Results file (HDF5); default: allocation.h5");
  cmd->add_option("--report", o->report, "Also write the French HTML report there");
  cmd->add_option("--scenario", o->scenario,
                  "Write the recommended allocation as a scenario file there; default: beside "
                  "the results file, <name>_recommandation.toml");
  add_threads_option(cmd, o->threads);
  cmd->add_flag("--restart", o->restart, "Ignore an existing checkpoint and start again");
  cmd->add_flag("-q,--quiet", o->quiet, "Print nothing but errors");
  return [o] { return cmd_allocate(*o); };
}

std::function<int()> demo_verb(CLI::App* cmd) {
  auto o = std::make_shared<CompareOptions>(main_job());
  add_compare_options(cmd, *o);
  return [o] { return cmd_compare(*o); };
}

std::function<int()> serve_verb(CLI::App* cmd) {
  // The workshop page (sim/app/serve/server.hpp, docs/workshop.md).
  auto o = std::make_shared<serve::ServerOptions>();
  cmd->add_option("--port", o->port, "TCP port, 0 = any free port; default 8080")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", o->host,
                  "Address to listen on; default 127.0.0.1 (this machine only: the page "
                  "has no login)");
  add_threads_option(cmd, o->threads, "Worker threads per run");
  cmd->add_option("--max-runs", o->max_runs, "Runs computing at a time; default 2")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--stages", o->stages,
                  "Replicates of each stage of a run, increasing (default 10,30 then the "
                  "baseline's replicates)")
      ->delimiter(',')
      ->check(CLI::Range(1u, 100000u));
  return [o] {
    std::signal(SIGTERM, on_sigint);  // a service manager's stop is a Ctrl-C too
    return serve::serve(*o, interrupted(), stdout);
  };
}

/// Every verb, in the order --help lists them.
const VerbSpec kVerbs[] = {
    {"run", "Run a scenario and write its results (HDF5)", run_verb},
    {"validate", "Check a scenario, its bases and its territory without running", validate_verb},
    {"population", "Synthesise the population and print its marginals beside the targets",
     population_verb},
    {"bench",
     "Benchmarks of DESIGN.md section 9: time per replicate, events per second, the bare "
     "event loop's floor, 1 vs 2 threads, the workshop's answer, peak memory (default "
     "scenario: the embedded baseline)",
     bench_verb},
    {"params", "List the model parameters with units, defaults, priors and sources", params_verb},
    {"dossier",
     "Write the validation dossier (the model in the ODD protocol, its validation in the "
     "ISPOR-SMDM structure), generated from the code: docs/validation.md",
     dossier_verb},
    {"compare",
     "Run a baseline and alternatives with the same random draws; write the paired "
     "differences (HDF5) and the report (HTML)",
     compare_verb},
    {"report",
     "Rebuild the HTML report from a results file (compare or run), a posterior file "
     "(calibrate), a sensitivity file (sensitivity) or an allocation file (allocate), without "
     "rerunning",
     report_verb},
    {"export",
     "Write tidy CSV tables (with units) of a results file for spreadsheets, or a posterior's "
     "particles as posterior.csv",
     export_verb},
    {"calibrate",
     "Fit the model to observed figures (ABC-SMC) and write the posterior (HDF5); resumes from "
     "its checkpoint if interrupted",
     calibrate_verb},
    {"sensitivity",
     "Global sensitivity analysis (Morris, then Sobol') of a level or of a paired effect, over "
     "the uncertain and calibrated parameters; writes the indices (HDF5) and a French report; "
     "resumes from its checkpoint if interrupted",
     sensitivity_verb},
    {"allocate",
     "Split a yearly envelope between the levers and the QPVs: budget-response curves, a "
     "search over the same futures, re-evaluation on fresh ones beside simple rules; writes "
     "the candidates (HDF5), the recommendation as a scenario file and a French report; "
     "resumes from its checkpoint if interrupted",
     allocate_verb},
    {"demo",
     "The main job (same as no command): the Valenciennes baseline, transport aid, +5 % "
     "crèche places, the screening truck and all three together, compared; writes "
     "valenciennes_comparaison.h5 and rapport_valenciennes.html",
     demo_verb},
    {"serve",
     "Workshop mode: a French web page where officials move the levers per QPV and see the "
     "comparison with the baseline within seconds, refined as more futures are simulated",
     serve_verb},
};

/// Runs a verb's action, mapping its failures to a message and an exit code.
int run_guarded(const std::function<int()>& action) {
  try {
    return action();
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const ReadError& e) {  // a damaged or foreign file given to read: bad input
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const OutputError& e) {
    fmt::print(stderr, "error writing results: {}\n", e.what());
    return 3;
  } catch (const Interrupted&) {
    fmt::print(stderr, "\ninterrupted: no results file was written\n");
    return 130;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}

}  // namespace

int run_cli(int argc, char** argv) {
  // Named "qpvsim" whatever the path it was started by, so that --help reads the same from the
  // build folder and from /usr/bin, and the man page (cmake/Packaging.cmake, made by help2man
  // from --help and --version) names the command, not the build folder.
  CLI::App app{
      "qpvsim: agent-based simulator of the priority neighbourhoods (QPV) of Valenciennes "
      "Metropole.\n"
      "Without a command, runs the main job (see demo): the Valenciennes baseline and the three "
      "levers compared, with the report.",
      "qpvsim"};
  app.footer(
      "Every command has --help (qpvsim compare --help). The Valenciennes scenarios and "
      "territory are built in (embedded:valenciennes/baseline.toml), so the main job runs from "
      "any folder; Debian's package also installs them, with the documentation, under "
      "/usr/share/qpvsim.");
  // "qpvsim 0.1.0 (git <commit>)": the program, then its version, as help2man reads them.
  app.set_version_flag("--version", fmt::format("qpvsim {} (git {})", version(), git_commit()));
  app.require_subcommand(0, 1);

  std::vector<std::pair<CLI::App*, std::function<int()>>> verbs;
  for (const VerbSpec& v : kVerbs) {
    CLI::App* cmd = app.add_subcommand(v.name, v.help);
    verbs.emplace_back(cmd, v.add(cmd));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every command-line mistake exits 2 (CLI11's own codes vary).
    return app.exit(e) == 0 ? 0 : 2;
  }
  std::signal(SIGINT, on_sigint);
  for (const auto& [cmd, action] : verbs)
    if (*cmd) return run_guarded(action);
  for (const auto& [cmd, action] : verbs)  // no verb: the main job
    if (cmd->get_name() == "demo") return run_guarded(action);
  return 2;
}

}  // namespace qpv::app
