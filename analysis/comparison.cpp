#include "analysis/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "analysis/summary.hpp"
#include "sim/core/error.hpp"
#include "sim/io/embedded.hpp"

namespace qpv::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The scenario file's stem ("transport_aid" for ".../transport_aid.toml"), made unique.
std::string scenario_id(const std::string& file, const std::vector<ScenarioRun>& taken) {
  const std::string path =
      file.starts_with(io::kEmbeddedPrefix) ? file.substr(io::kEmbeddedPrefix.size()) : file;
  std::string stem = std::filesystem::path(path).stem().string();
  for (char& ch : stem) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    if (!ok) ch = '_';
  }
  if (stem.empty()) stem = "scenario";
  std::string id = stem;
  for (int n = 2;; ++n) {
    const bool used =
        std::any_of(taken.begin(), taken.end(), [&](const ScenarioRun& s) { return s.id == id; });
    if (!used) return id;
    id = fmt::format("{}_{}", stem, n);
  }
}

double ratio_or_nan(double num, double den) {
  return den != 0 ? num / den : kNaN;
}

/// Counter value of one row.
std::int64_t count(const model::RunResults& r, std::uint32_t rep, std::uint32_t q, std::size_t m,
                   model::Counter c) {
  return r.row(rep, q, m)[static_cast<std::size_t>(c)];
}

/// Per replicate, the effect's amount over the whole run (see Effect).
std::vector<double> effect_amount(const model::RunResults& r, Effect e, std::uint32_t q) {
  using model::Counter;
  std::vector<double> out(r.replicates, 0.0);
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    double sum = 0;
    for (std::size_t m = 0; m < r.months.size(); ++m) {
      switch (e) {
        case Effect::employment:
          sum += static_cast<double>(count(r, rep, q, m, Counter::employed_15_64)) / 12.0;
          break;
        case Effect::screening:
          sum += static_cast<double>(count(r, rep, q, m, Counter::screened_breast) +
                                     count(r, rep, q, m, Counter::screened_cervical) +
                                     count(r, rep, q, m, Counter::screened_colorectal));
          break;
        case Effect::childcare:
          sum +=
              static_cast<double>(count(r, rep, q, m, Counter::children_under_3_in_creche)) / 12.0;
          break;
      }
    }
    out[rep] = sum;
  }
  return out;
}

}  // namespace

void check_comparable(const std::vector<io::Scenario>& scenarios) {
  if (scenarios.empty()) throw InputError(Origin{}, "compare", "no scenario to compare");
  const io::Scenario& base = scenarios.front();
  for (std::size_t k = 1; k < scenarios.size(); ++k) {
    const io::Scenario& s = scenarios[k];
    auto differs = [&](const std::string& key, const std::string& what) {
      throw InputError(Origin{s.file}, key,
                       fmt::format("{}; scenarios compared with {} must share its territory and "
                                   "horizon (paired replicates would not be comparable)",
                                   what, base.file));
    };
    auto texts = [](const io::Scenario& x) {
      std::vector<std::string> t;
      for (const auto& [file, text] : x.territory_sources) t.push_back(text);
      return t;
    };
    if (texts(s) != texts(base) || s.territory.name != base.territory.name)
      differs("scenario.territory",
              fmt::format("territory \"{}\" ({}) differs from \"{}\" ({})", s.territory.name,
                          s.territory_dir, base.territory.name, base.territory_dir));
    if (s.run.start != base.run.start || s.run.end != base.run.end)
      differs("run.start", fmt::format("horizon {} to {} differs from {} to {}",
                                       s.run.start.to_string(), s.run.end.to_string(),
                                       base.run.start.to_string(), base.run.end.to_string()));
    if (s.run.warmup_months != base.run.warmup_months)
      differs("run.warmup_months", fmt::format("warm-up of {} months differs from {}",
                                               s.run.warmup_months, base.run.warmup_months));
  }
}

Comparison make_comparison(std::vector<ScenarioRun> scenarios) {
  if (scenarios.empty()) throw InputError(Origin{}, "compare", "no scenario to compare");
  Comparison c;
  c.scenarios = std::move(scenarios);
  const io::RunRecord& b = c.scenarios.front().record;
  for (const ScenarioRun& s : c.scenarios) {
    const model::RunResults& r = s.record.results;
    if (r.months != b.results.months || r.replicates != b.results.replicates ||
        s.record.qpv_codes != b.qpv_codes) {
      throw InputError(Origin{s.record.file}, s.id,
                       "months, replicates or QPVs differ from the baseline's");
    }
  }
  c.qpvsim_version = b.qpvsim_version;
  c.git_commit = b.git_commit;
  c.created_utc = b.created_utc;
  c.seed = b.seed;
  c.replicates = b.results.replicates;
  c.start = b.start;
  c.end = b.end;
  c.territory = b.territory;
  c.qpv_codes = b.qpv_codes;
  c.qpv_names = b.qpv_names;
  c.qpv_communes = b.qpv_communes;
  c.months = b.results.months;
  c.first_year = b.results.first_year;
  c.years = b.results.years;
  return c;
}

Comparison compare(const std::vector<io::Scenario>& scenarios,
                   std::vector<model::RunResults> results) {
  if (results.size() != scenarios.size())
    throw std::invalid_argument("compare: one result per scenario");
  std::vector<ScenarioRun> runs;
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    ScenarioRun run;
    run.id = scenario_id(scenarios[k].file, runs);
    run.record = io::make_record(scenarios[k], std::move(results[k]));
    runs.push_back(std::move(run));
  }
  return make_comparison(std::move(runs));
}

MonthRange months_of_year(const Comparison& c, int year) {
  if (c.months.empty()) throw std::out_of_range("the comparison has no months");
  if (year == 0) return {0, c.months.size() - 1};
  MonthRange r{c.months.size(), 0};
  for (std::size_t m = 0; m < c.months.size(); ++m) {
    if (c.months[m].year != year) continue;
    r.first = std::min(r.first, m);
    r.last = std::max(r.last, m);
  }
  if (r.first == c.months.size())
    throw std::out_of_range(fmt::format("no recorded month in {}", year));
  return r;
}

std::vector<double> indicator_values(const Comparison& c, std::size_t scenario,
                                     const model::IndicatorSpec& spec, std::uint32_t qpv,
                                     MonthRange range) {
  const model::RunResults& r = c.results(scenario);
  std::vector<double> out(r.replicates);
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    out[rep] = r.indicator_mean(spec, rep, qpv, range.first, range.last);
  return out;
}

std::vector<double> paired_differences(const Comparison& c, std::size_t alternative,
                                       const model::IndicatorSpec& spec, std::uint32_t qpv,
                                       MonthRange range) {
  std::vector<double> alt = indicator_values(c, alternative, spec, qpv, range);
  const std::vector<double> base = indicator_values(c, 0, spec, qpv, range);
  for (std::size_t rep = 0; rep < alt.size(); ++rep) alt[rep] -= base[rep];
  return alt;
}

std::vector<Distribution> trajectory(const Comparison& c, std::size_t scenario,
                                     const model::IndicatorSpec& spec, std::uint32_t qpv) {
  std::vector<Distribution> out;
  for (std::size_t m = 0; m < c.months.size(); ++m)
    out.push_back(distribution(indicator_values(c, scenario, spec, qpv, {m, m})));
  return out;
}

std::vector<Distribution> difference_trajectory(const Comparison& c, std::size_t alternative,
                                                const model::IndicatorSpec& spec,
                                                std::uint32_t qpv) {
  std::vector<Distribution> out;
  for (std::size_t m = 0; m < c.months.size(); ++m)
    out.push_back(distribution(paired_differences(c, alternative, spec, qpv, {m, m}), spec.better));
  return out;
}

std::vector<double> spending_euros(const Comparison& c, std::size_t scenario, std::uint32_t qpv,
                                   int year, std::optional<model::Lever> lever) {
  const model::RunResults& r = c.results(scenario);
  std::vector<double> out(r.replicates, 0.0);
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    std::int64_t cents = 0;
    for (std::size_t l = 0; l < model::kLevers; ++l) {
      if (lever && static_cast<std::size_t>(*lever) != l) continue;
      for (std::size_t y = 0; y < r.years; ++y) {
        if (year != 0 && r.first_year + static_cast<int>(y) != year) continue;
        cents += r.spent(rep, qpv, l, y);
      }
    }
    out[rep] = static_cast<double>(cents) / 100.0;
  }
  return out;
}

std::string_view effect_id(Effect e) {
  switch (e) {
    case Effect::employment:
      return "employment";
    case Effect::screening:
      return "screening";
    case Effect::childcare:
      return "childcare";
  }
  return "";
}

std::string_view effect_label_fr(Effect e) {
  switch (e) {
    case Effect::employment:
      return "année d'emploi supplémentaire (15-64 ans)";
    case Effect::screening:
      return "dépistage supplémentaire réalisé";
    case Effect::childcare:
      return "année-enfant supplémentaire en crèche";
  }
  return "";
}

CostEffectiveness cost_effectiveness(const Comparison& c, std::size_t alternative, Effect effect,
                                     std::uint32_t qpv) {
  std::vector<double> cost = spending_euros(c, alternative, qpv);
  const std::vector<double> base_cost = spending_euros(c, 0, qpv);
  std::vector<double> gain = effect_amount(c.results(alternative), effect, qpv);
  const std::vector<double> base_gain = effect_amount(c.results(0), effect, qpv);
  std::vector<double> ratio;
  std::size_t positive = 0;
  for (std::size_t rep = 0; rep < cost.size(); ++rep) {
    cost[rep] -= base_cost[rep];
    gain[rep] -= base_gain[rep];
    if (gain[rep] > 0) {
      ++positive;
      ratio.push_back(cost[rep] / gain[rep]);
    }
  }
  CostEffectiveness ce;
  ce.extra_cost = distribution(cost);
  ce.extra_effect = distribution(gain, model::Better::higher);
  ce.euros_per_unit =
      ce.extra_effect.mean > 0 ? ratio_or_nan(ce.extra_cost.mean, ce.extra_effect.mean) : kNaN;
  // Only when nearly every future gains is the ratio's spread meaningful.
  ce.interval =
      !gain.empty() && static_cast<double>(positive) >= 0.95 * static_cast<double>(gain.size());
  if (ce.interval) {
    std::sort(ratio.begin(), ratio.end());
    ce.q05 = quantile_sorted(ratio, 0.05);
    ce.q95 = quantile_sorted(ratio, 0.95);
  } else {
    ce.q05 = ce.q95 = kNaN;
  }
  return ce;
}

std::vector<const model::IndicatorSpec*> key_indicators(const ScenarioRun& s) {
  std::vector<const model::IndicatorSpec*> out;
  auto add = [&](std::string_view id) {
    const model::IndicatorSpec* spec = model::find_indicator(id);
    if (spec != nullptr && std::find(out.begin(), out.end(), spec) == out.end())
      out.push_back(spec);
  };
  for (const std::string& kind : s.record.intervention_kinds) {
    if (kind == "transport_aid") {
      add("employment_rate");
      add("refusal_mobility_share");
      add("licence_holders");
    } else if (kind == "creche_places") {
      add("creche_coverage");
      add("employment_rate_single_parents");
      add("creche_waitlist");
    } else if (kind == "screening_truck") {
      add("screening_breast");
    }
  }
  if (out.empty()) add("employment_rate");
  return out;
}

std::vector<Effect> key_effects(const ScenarioRun& s) {
  std::vector<Effect> out;
  auto add = [&](Effect e) {
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  for (const std::string& kind : s.record.intervention_kinds) {
    if (kind == "transport_aid") add(Effect::employment);
    if (kind == "creche_places") {
      add(Effect::childcare);
      add(Effect::employment);
    }
    if (kind == "screening_truck") add(Effect::screening);
  }
  return out;
}

bool is_package(const ScenarioRun& s) {
  const auto& kinds = s.record.intervention_kinds;
  return std::any_of(kinds.begin(), kinds.end(),
                     [&](const std::string& k) { return k != kinds.front(); });
}

std::optional<PublishedEvidence> published_evidence(const ScenarioRun& s,
                                                    const model::IndicatorSpec& spec) {
  // What each lever's evaluations measured (shared interventions_reference.csv): employment
  // for transport aid and crèches, screening uptake for mobile units. Every one of them
  // includes no effect in its range.
  struct Row {
    std::string_view kind, indicator_prefix, references;
  };
  static constexpr std::array<Row, 3> kRows = {{
      {"transport_aid", "employment_rate",
       "aucun effet sur l'emploi après quatre ans (Abebe et al., 2021), effets faibles du permis "
       "financé (Le Gallo, L'Horty et Petit, 2017)"},
      {"creche_places", "employment_rate",
       "peu ou pas d'effet des places en crèche sur l'emploi des mères (Havnes et Mogstad, "
       "2011)"},
      {"screening_truck", "screening_",
       "pas d'effet d'ensemble démontré des unités mobiles sur la participation au dépistage "
       "(Vang et al., 2018)"},
  }};
  std::optional<PublishedEvidence> out;
  for (const Row& row : kRows) {
    const auto& kinds = s.record.intervention_kinds;
    if (std::find(kinds.begin(), kinds.end(), row.kind) == kinds.end() ||
        !spec.id.starts_with(row.indicator_prefix))
      continue;
    if (!out) out = PublishedEvidence{true, ""};
    out->references_fr += (out->references_fr.empty() ? "" : " ; ") + std::string(row.references);
  }
  return out;
}

std::string futures_fr(double share, bool published_no_effect) {
  if (std::isnan(share)) return "";
  if (share >= 1.0)
    return published_no_effect ? "dans 10 futurs simulés sur 10" : "dans tous les futurs simulés";
  if (share <= 0.0) return "dans aucun des futurs simulés";
  const long tenths = std::lround(share * 10.0);
  if (tenths >= 10) return "dans presque tous les futurs simulés";
  if (tenths <= 0) return "dans presque aucun des futurs simulés";
  return tenths == 1 ? std::string("dans 1 futur sur 10")
                     : fmt::format("dans {} futurs sur 10", tenths);
}

std::string futures_short_fr(const model::IndicatorSpec& spec, double share_better,
                             const std::optional<PublishedEvidence>& evidence) {
  if (spec.better == model::Better::neither) return "";
  const bool published_no_effect = evidence && evidence->includes_no_effect;
  std::string out = futures_fr(share_better, published_no_effect);
  if (!out.empty() && published_no_effect) out += " (effet nul selon des évaluations publiées)";
  return out;
}

}  // namespace qpv::analysis
