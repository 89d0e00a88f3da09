// The qpvsim command line: the one place that wires scenario loading, the simulator, results
// files and analysis together. main() only calls run_cli().
#pragma once

namespace qpv::app {

/// Parses arguments, runs the verb, prints errors. Returns the process exit status:
/// 0 success, 1 bad input, 2 bad command line, 3 output failure, 130 interrupted.
int run_cli(int argc, char** argv);

}  // namespace qpv::app
