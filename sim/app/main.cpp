#include "sim/app/cli.hpp"

int main(int argc, char** argv) {
  return qpv::app::run_cli(argc, argv);
}
