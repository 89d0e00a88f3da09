#include "sim/model/national_scale.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"

namespace qpv::model {

Territory scale_territory(const Territory& templates, std::uint32_t n, std::uint64_t seed) {
  if (templates.qpvs.empty()) throw std::invalid_argument("scale_territory: no template QPV");
  Rng rng(StreamKey{seed, 0, 0, stream_id::outside_runs});
  Territory t;
  t.name = fmt::format("{} QPV synthétiques sur le modèle de : {}", n, templates.name);
  t.qpvs.reserve(n);
  for (std::uint32_t k = 0; k < n; ++k) {
    const Qpv& like = templates.qpvs[k % templates.qpvs.size()];
    Qpv q = like;
    q.code = fmt::format("SYN{:05d}", k + 1);
    q.name = fmt::format("QPV synthétique {} (comme {})", k + 1, like.name);
    q.communes = {fmt::format("Commune synthétique {}", k / 10 + 1)};
    q.population =
        kScaleMinPopulation +
        rng.below(static_cast<std::uint32_t>(kScaleMaxPopulation - kScaleMinPopulation + 1));
    q.population_source = "synthetic (qpvsim bench --scale): uniform in [1250, 5000]";
    // The template's crèche places per resident.
    q.creche_places = like.population > 0 ? std::llround(static_cast<double>(like.creche_places) *
                                                         static_cast<double>(q.population) /
                                                         static_cast<double>(like.population))
                                          : 0;
    t.qpvs.push_back(std::move(q));
  }
  return t;
}

}  // namespace qpv::model
