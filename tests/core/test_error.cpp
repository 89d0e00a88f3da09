// InputError's message and the "did you mean" suggestions: close words get one, words too long
// to be a typo of any name get none, and fast.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

using qpv::closest_match;
using qpv::kMaxSuggestedLength;

TEST_CASE("did you mean: a typo of a short name gets a suggestion", "[core][error]") {
  const std::vector<std::string> keys = {"replicates", "seed", "threads"};
  CHECK(closest_match("replicate", keys) == "replicates");
  CHECK(qpv::did_you_mean("sed", keys) == " (did you mean 'seed'?)");
  CHECK(closest_match("completely_different", keys).empty());
}

TEST_CASE("did you mean: words longer than the bound get no suggestion, and fast",
          "[core][error]") {
  // One edit from a candidate just as long: a typo by the distance, but past the bound.
  const std::string name(kMaxSuggestedLength + 1, 'a');
  const std::string typo = name.substr(1) + "b";
  CHECK(closest_match(typo, {name}).empty());
  // A 2 MB key against a hundred names took seconds before the bound.
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) names.push_back("parameter_name_" + std::to_string(i));
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(closest_match(std::string(2'000'000, 'x'), names).empty());
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 0.1);
}

TEST_CASE("an input error shows a very long key cut, with its length", "[core][error]") {
  const qpv::InputError e(qpv::Origin{"s.toml", 3}, "run." + std::string(100'000, 'x'), "unknown");
  const std::string what = e.what();
  CHECK(what.size() < 300);
  CHECK(what.find("s.toml:3: key 'run.xxx") == 0);
  CHECK(what.find("(100004 characters): unknown") != std::string::npos);
  CHECK(e.key().size() == 100'004);  // the key itself is kept whole
}
