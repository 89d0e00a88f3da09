// The outcome catalogue of allocation searches and the paired differences it measures
// (outcomes.hpp).

#include "analysis/allocation/outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qpv::analysis::allocation {
namespace {

using model::Counter;

struct BaseOutcome {
  std::string_view id;
  Outcome::Kind kind;
  std::vector<Counter> counters;
  std::string_view label_fr;
  std::string_view unit;
};

const std::vector<BaseOutcome>& base_outcomes() {
  using K = Outcome::Kind;
  static const std::vector<BaseOutcome> outcomes = {
      {"employment_person_years",
       K::person_years,
       {Counter::employed_15_64},
       "Années d'emploi en plus (15-64 ans)",
       "person-years"},
      {"employment_person_years_women",
       K::person_years,
       {Counter::employed_women_15_64},
       "Années d'emploi en plus des femmes (15-64 ans)",
       "person-years"},
      {"employment_person_years_single_parents",
       K::person_years,
       {Counter::employed_single_parents_15_64},
       "Années d'emploi en plus des parents isolés",
       "person-years"},
      {"employment_person_years_15_24",
       K::person_years,
       {Counter::employed_15_24},
       "Années d'emploi en plus des 15-24 ans",
       "person-years"},
      {"employment_person_years_no_diploma",
       K::person_years,
       {Counter::employed_15_64_no_diploma},
       "Années d'emploi en plus des personnes sans diplôme",
       "person-years"},
      {"screenings",
       K::flow_sum,
       {Counter::screened_breast, Counter::screened_cervical, Counter::screened_colorectal},
       "Dépistages du cancer en plus",
       "screenings"},
      {"creche_child_years",
       K::person_years,
       {Counter::children_under_3_in_creche},
       "Années d'accueil en crèche en plus (enfants de moins de 3 ans)",
       "child-years"},
  };
  return outcomes;
}

constexpr std::string_view kGap = "gap:";
constexpr std::string_view kWorst = "worst_qpv:";

Outcome indicator_outcome(const std::string& id, std::string* problem) {
  const model::IndicatorSpec* spec = model::find_indicator(id);
  if (spec == nullptr) {
    *problem = "unknown outcome \"" + id + "\"";
    return {};
  }
  if (spec->better == model::Better::neither) {
    *problem = "the indicator \"" + id + "\" has no direction (neither higher nor lower is better)";
    return {};
  }
  Outcome o;
  o.id = id;
  o.kind = Outcome::Kind::indicator;
  o.indicator = spec;
  o.label_fr = std::string(spec->label_fr) + " (écart moyen)";
  o.unit = std::string(spec->unit);
  return o;
}

/// Sum over the window of the counters of `o` in row (r, q), divided by 12 for person-years.
double counted(const Outcome& o, const model::RunResults& r, std::uint32_t rep, std::uint32_t q,
               const Window& w) {
  std::int64_t sum = 0;
  for (std::size_t m = w.first; m <= w.last; ++m) {
    const std::int64_t* row = r.row(rep, q, m);
    for (const Counter c : o.counters) sum += row[static_cast<std::size_t>(c)];
  }
  const double value = static_cast<double>(sum);
  return o.kind == Outcome::Kind::person_years ? value / 12.0 : value;
}

/// The indicator's mean over the window, signed so that higher is better.
double signed_mean(const model::IndicatorSpec& s, const model::RunResults& r, std::uint32_t rep,
                   std::uint32_t q, const Window& w) {
  const double v = r.indicator_mean(s, rep, q, w.first, w.last);
  return s.better == model::Better::lower ? -v : v;
}

/// Max - min over the QPVs (not the total) of the indicator's mean over the window.
double gap(const model::IndicatorSpec& s, const model::RunResults& r, std::uint32_t rep,
           const Window& w) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::uint32_t q = 0; q + 1 < r.partitions; ++q) {
    const double v = r.indicator_mean(s, rep, q, w.first, w.last);
    if (std::isnan(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return hi >= lo ? hi - lo : 0.0;
}

}  // namespace

Outcome find_outcome(const std::string& id, std::string* problem) {
  problem->clear();
  for (const BaseOutcome& b : base_outcomes()) {
    if (b.id != id) continue;
    Outcome o;
    o.id = id;
    o.kind = b.kind;
    o.counters = b.counters;
    o.label_fr = std::string(b.label_fr);
    o.unit = std::string(b.unit);
    return o;
  }
  if (id.rfind(kGap, 0) == 0) {
    Outcome inner = indicator_outcome(id.substr(kGap.size()), problem);
    if (!problem->empty()) return {};
    if (inner.indicator->unit != "share") {
      *problem =
          "gap: needs a rate (an indicator in shares), \"" + inner.id + "\" is in " + inner.unit;
      return {};
    }
    Outcome o = inner;
    o.id = id;
    o.kind = Outcome::Kind::gap;
    o.label_fr = "Réduction de l'écart entre QPV — " + std::string(inner.indicator->label_fr);
    return o;
  }
  if (id.rfind(kWorst, 0) == 0) {
    const std::string inner_id = id.substr(kWorst.size());
    const Outcome inner = find_outcome(inner_id, problem);
    if (!problem->empty()) return {};
    if (inner.kind == Outcome::Kind::gap || inner.kind == Outcome::Kind::worst_qpv) {
      *problem = "worst_qpv: takes a per-QPV outcome, not \"" + inner_id + "\"";
      return {};
    }
    Outcome o = inner;
    o.id = id;
    o.kind = Outcome::Kind::worst_qpv;
    o.inner = inner_id;
    o.label_fr = inner.label_fr + " — QPV le moins bien servi (pour 1 000 habitants)";
    o.unit = inner.unit + " per 1,000 residents";
    return o;
  }
  return indicator_outcome(id, problem);
}

std::vector<std::string> outcome_ids() {
  std::vector<std::string> ids;
  for (const BaseOutcome& b : base_outcomes()) ids.emplace_back(b.id);
  return ids;
}

Window window_of(const model::RunResults& r, int first_year, int last_year) {
  Window w{r.months.size(), 0};
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    if (r.months[m].year < first_year || r.months[m].year > last_year) continue;
    w.first = std::min(w.first, m);
    w.last = std::max(w.last, m);
  }
  if (w.first > w.last) w = {0, 0};
  return w;
}

OutcomeValues outcome_values(const Outcome& outcome, const model::RunResults& baseline,
                             const model::RunResults& candidate, const Window& w,
                             const std::vector<std::int64_t>& population) {
  const std::uint32_t reps = candidate.replicates;
  const std::uint32_t qpvs = candidate.partitions - 1;
  OutcomeValues v;
  v.total.assign(reps, 0.0);
  v.by_qpv.assign(std::size_t{reps} * qpvs, 0.0);
  if (outcome.kind == Outcome::Kind::worst_qpv) {
    std::string problem;
    const OutcomeValues inner =
        outcome_values(find_outcome(outcome.inner, &problem), baseline, candidate, w, population);
    for (std::uint32_t r = 0; r < reps; ++r) {
      double worst = std::numeric_limits<double>::infinity();
      for (std::uint32_t q = 0; q < qpvs; ++q) {
        const double per_1000 = inner.by_qpv[std::size_t{r} * qpvs + q] * 1000.0 /
                                static_cast<double>(std::max<std::int64_t>(1, population[q]));
        v.by_qpv[std::size_t{r} * qpvs + q] = per_1000;
        worst = std::min(worst, per_1000);
      }
      v.total[r] = qpvs > 0 ? worst : 0.0;
    }
    return v;
  }
  for (std::uint32_t r = 0; r < reps; ++r) {
    if (outcome.kind == Outcome::Kind::gap) {
      // One value for the territory, repeated for each QPV (the equity rule compares QPVs).
      const double d =
          gap(*outcome.indicator, baseline, r, w) - gap(*outcome.indicator, candidate, r, w);
      v.total[r] = d;
      std::fill_n(v.by_qpv.begin() + static_cast<std::ptrdiff_t>(std::size_t{r} * qpvs), qpvs, d);
      continue;
    }
    for (std::uint32_t q = 0; q <= qpvs; ++q) {
      double d = 0;
      switch (outcome.kind) {
        case Outcome::Kind::person_years:
        case Outcome::Kind::flow_sum:
          d = counted(outcome, candidate, r, q, w) - counted(outcome, baseline, r, q, w);
          break;
        case Outcome::Kind::indicator:
          d = signed_mean(*outcome.indicator, candidate, r, q, w) -
              signed_mean(*outcome.indicator, baseline, r, q, w);
          if (std::isnan(d)) d = 0;  // an indicator with no denominator in either run
          break;
        case Outcome::Kind::gap:
        case Outcome::Kind::worst_qpv:
          break;
      }
      if (q == qpvs)
        v.total[r] = d;
      else
        v.by_qpv[std::size_t{r} * qpvs + q] = d;
    }
  }
  return v;
}

}  // namespace qpv::analysis::allocation
