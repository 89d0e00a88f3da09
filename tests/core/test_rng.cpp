#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <vector>

#include "sim/core/money.hpp"
#include "sim/core/rng.hpp"

using qpv::AgentRng;
using qpv::AgentStreams;
using qpv::Rng;
using qpv::StreamKey;

TEST_CASE("splitmix64 matches its published reference sequence", "[core][rng]") {
  // Reference values of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c test vector).
  std::uint64_t state = 1234567;
  CHECK(qpv::splitmix64(state) == 6457827717110365317ULL);
  CHECK(qpv::splitmix64(state) == 3203168211198807973ULL);
  CHECK(qpv::splitmix64(state) == 9817491932198370423ULL);
}

TEST_CASE("random streams have pinned known values", "[core][rng]") {
  // Fingerprint of the generator and key mixing: if this changes, every result changes.
  Rng rng(StreamKey{42, 0, 0, 1});
  const std::uint64_t first = rng();
  const std::uint64_t second = rng();
  Rng again(StreamKey{42, 0, 0, 1});
  CHECK(again() == first);
  CHECK(again() == second);
  CHECK(first == 0x55A68D5E133254C6ULL);
  CHECK(second == 0xA1B3EE980251D736ULL);
}

TEST_CASE("streams with different keys are different and uncorrelated", "[core][rng]") {
  std::set<std::uint64_t> firsts;
  for (std::uint32_t r = 0; r < 8; ++r)
    for (std::uint32_t q = 0; q < 8; ++q)
      for (std::uint32_t p = 0; p < 4; ++p) firsts.insert(Rng(StreamKey{1, r, q, p})());
  CHECK(firsts.size() == 8u * 8u * 4u);

  // Neighbouring keys (the hardest case for a weak mixer): correlation of uniforms near 0.
  Rng a(StreamKey{1, 0, 0, 1});
  Rng b(StreamKey{1, 0, 0, 2});
  const int n = 200000;
  double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform(), y = b.uniform();
    sa += x;
    sb += y;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double corr =
      cov / std::sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
  CHECK(std::abs(corr) < 0.01);
  CHECK(sa / n == Approx(0.5).margin(0.005));
}

TEST_CASE("distribution helpers have the right moments", "[core][rng]") {
  Rng rng(StreamKey{3, 1, 2, 3});
  const int n = 200000;
  double sum_exp = 0;
  int hits = 0;
  std::uint64_t below_sum = 0;
  double min_u = 1;
  for (int i = 0; i < n; ++i) {
    const double e = rng.exponential(2.0);
    REQUIRE(std::isfinite(e));
    REQUIRE(e >= 0);
    sum_exp += e;
    hits += rng.bernoulli(0.3);
    below_sum += rng.below(10);
    min_u = std::min(min_u, rng.uniform());
  }
  CHECK(sum_exp / n == Approx(0.5).epsilon(0.01));
  CHECK(static_cast<double>(hits) / n == Approx(0.3).margin(0.005));
  CHECK(static_cast<double>(below_sum) / n == Approx(4.5).margin(0.03));
  CHECK(min_u >= 0);
}

TEST_CASE("money is exact integer cents", "[core]") {
  using qpv::Cents;
  CHECK(Cents::from_euros(17000).count() == 1'700'000);
  CHECK(Cents::from_euros(0.125).count() == 13);  // half away from zero
  Cents total;
  for (int i = 0; i < 10; ++i) total += Cents::from_euros(0.1);
  CHECK(total == Cents::from_euros(1.0));
  CHECK((Cents::of(250) * 4).in_euros() == 10.0);
}

TEST_CASE("exponential draws (ziggurat) follow the exponential law", "[core][rng]") {
  // Per-agent streams, as the model uses them: 50,000 agents, four draws each.
  AgentStreams streams(StreamKey{11, 0, 7, 2});
  streams.grow(50000);
  std::vector<double> x;
  for (std::uint32_t i = 0; i < 50000; ++i) {
    AgentRng rng = streams.at(i);
    for (int k = 0; k < 4; ++k) x.push_back(rng.unit_exponential());
  }
  const auto n = static_cast<double>(x.size());
  double sum = 0, sum2 = 0;
  for (double v : x) {
    REQUIRE(std::isfinite(v));
    REQUIRE(v >= 0);
    sum += v;
    sum2 += v * v;
  }
  CHECK(sum / n == Approx(1.0).epsilon(0.01));
  CHECK(sum2 / n - (sum / n) * (sum / n) == Approx(1.0).epsilon(0.02));  // variance 1
  // Kolmogorov-Smirnov distance to 1 - exp(-x): about 1/sqrt(n) = 0.002 for the right law;
  // 0.006 is beyond the 99.9 % critical value.
  std::sort(x.begin(), x.end());
  double ks = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    const double cdf = 1 - std::exp(-x[j]);
    ks = std::max({ks, std::abs(cdf - static_cast<double>(j) / n),
                   std::abs(cdf - static_cast<double>(j + 1) / n)});
  }
  CHECK(ks < 0.006);
  // The far tail, drawn by the ziggurat's shifted repeats: P(X > 6) = e^-6.
  const auto beyond6 = static_cast<double>(x.end() - std::upper_bound(x.begin(), x.end(), 6.0));
  CHECK(beyond6 / n == Approx(std::exp(-6.0)).epsilon(0.25));
}

TEST_CASE("streams count the draws made from them", "[core][rng]") {
  AgentStreams streams(StreamKey{5, 1, 2, 3});
  streams.grow(10);
  CHECK(streams.draws() == 0);
  for (std::uint32_t i = 0; i < 10; ++i) {
    AgentRng rng = streams.at(i);
    for (std::uint32_t k = 0; k < i; ++k) (void)rng();
  }
  CHECK(streams.draws() == 45);  // 0 + 1 + ... + 9
  streams.grow(20);              // new agents have drawn nothing
  CHECK(streams.draws() == 45);
  // Grown one agent at a time (streams are made ahead within the reserved room) or all at
  // once, the streams are the same.
  AgentStreams one_by_one(StreamKey{5, 1, 2, 3}), at_once(StreamKey{5, 1, 2, 3});
  one_by_one.reserve(1000);
  for (std::size_t n = 1; n <= 300; ++n) {
    one_by_one.grow(n);
    REQUIRE(one_by_one.size() >= n);
  }
  CHECK(one_by_one.size() <= 1000);
  at_once.grow(300);
  for (std::uint32_t i = 0; i < 300; ++i) CHECK(one_by_one.at(i)() == at_once.at(i)());
  CHECK(one_by_one.draws() == at_once.draws());
  Rng rng(StreamKey{5, 1, 2, 4});
  for (int k = 0; k < 7; ++k) (void)rng.uniform();
  CHECK(rng.draws() == 7);
}
