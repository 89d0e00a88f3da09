#include "analysis/comparison_file.hpp"

#include <filesystem>
#include <memory>

#include "sim/core/error.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/netcdf_axes.hpp"
#include "sim/io/results_io.hpp"

namespace qpv::analysis {
namespace {

using io::Attribute;
using io::Axis;

const std::string kEuros = "euros";

/// The coordinate values of the comparison's own groups (netcdf_axes.hpp).
io::Axes comparison_axes(const Comparison& c) {
  return io::make_axes(c.replicates, c.qpv_codes, c.qpv_names, c.months, c.start, c.years,
                       c.first_year);
}

/// [qpv][month] arrays of one summary field, for every QPV and month.
struct SummaryArrays {
  std::vector<double> mean, q05, q50, q95, share_better;
  void add(const Distribution& d) {
    mean.push_back(d.mean);
    q05.push_back(d.q05);
    q50.push_back(d.q50);
    q95.push_back(d.q95);
    share_better.push_back(d.share_better);
  }
};

/// Writes mean, q05, q50 and q95 [qpv][month] below `path`, on the group's coordinates;
/// `long_name` (French) is completed with the statistic.
void write_summary(io::ResultSink& sink, const std::string& path, const SummaryArrays& a,
                   std::size_t nq, std::size_t nm, const std::vector<Attribute>& attrs,
                   std::string_view unit, const std::string& long_name) {
  const std::pair<const char*, const std::vector<double>*> fields[] = {
      {"mean", &a.mean}, {"q05", &a.q05}, {"q50", &a.q50}, {"q95", &a.q95}};
  const char* statistic[] = {"moyenne des futurs simulés", "quantile 5 %", "médiane",
                             "quantile 95 %"};
  for (std::size_t f = 0; f < 4; ++f) {
    const std::string p = path + "/" + fields[f].first;
    sink.doubles(p, {nq, nm}, *fields[f].second,
                 io::with_cf(attrs, unit, long_name + " : " + statistic[f]));
    io::attach(sink, p, {"qpv", "month"});
  }
}

std::vector<Attribute> indicator_attrs(const model::IndicatorSpec& spec, const std::string& what) {
  return {{"label_fr", std::string(spec.label_fr)},
          {"unit", std::string(spec.unit)},
          {"better", std::string(model::better_name(spec.better))},
          {"description", what},
          {"dimensions", std::string("qpv (last = all), month")}};
}

/// The summaries of every (scenario, indicator) over all QPVs and months, computed in parallel
/// (each is a pure function of the counters: the same for any thread count).
std::vector<SummaryArrays> summaries(const Comparison& c, bool differences, int threads) {
  const auto& specs = model::indicator_specs();
  const std::size_t first = differences ? 1 : 0;
  const std::size_t items = (c.scenarios.size() - first) * specs.size();
  std::vector<SummaryArrays> out(items);
  if (items == 0) return out;
  engine::TaskRunner(threads).run(static_cast<std::uint32_t>(items), 1, [&](engine::TaskKey k) {
    const std::size_t s = first + k.replicate / specs.size();
    const auto& spec = specs[k.replicate % specs.size()];
    SummaryArrays& a = out[k.replicate];
    for (std::uint32_t q = 0; q < c.qpv_codes.size(); ++q) {
      for (const Distribution& d :
           differences ? difference_trajectory(c, s, spec, q) : trajectory(c, s, spec, q))
        a.add(d);
    }
  });
  return out;
}

void write_summaries(const Comparison& c, const io::Axes& axes, io::ResultSink& sink, int threads) {
  const std::size_t nq = c.qpv_codes.size(), nm = c.months.size();
  const auto& specs = model::indicator_specs();
  const std::vector<SummaryArrays> all = summaries(c, false, threads);
  for (std::size_t s = 0; s < c.scenarios.size(); ++s) {
    const std::string g = "/scenarios/" + c.scenarios[s].id + "/summary/";
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const SummaryArrays& a = all[s * specs.size() + i];
      const std::string p = g + std::string(specs[i].id);
      io::write_coordinates(sink, p, axes, {Axis::qpv, Axis::month});
      const auto attrs =
          indicator_attrs(specs[i], "over replicates: mean and 5 %, 50 %, 95 % quantiles");
      write_summary(sink, p, a, nq, nm, attrs, specs[i].unit, std::string(specs[i].label_fr));
    }
  }
}

void write_differences(const Comparison& c, const io::Axes& axes, io::ResultSink& sink,
                       int threads) {
  const std::size_t nq = c.qpv_codes.size(), nm = c.months.size();
  const auto& specs = model::indicator_specs();
  const std::vector<SummaryArrays> all = summaries(c, true, threads);
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    const std::string g = "/differences/" + c.scenarios[s].id + "/";
    sink.attribute(g.substr(0, g.size() - 1),
                   {"description", "paired differences " + c.scenarios[s].id + " - " +
                                       c.scenarios[0].id + ", replicate by replicate"});
    const model::RunResults& alt = c.results(s);
    const model::RunResults& base = c.results(0);
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& spec = specs[i];
      const std::string p = g + std::string(spec.id);
      const std::string label = "Écart avec la référence — " + std::string(spec.label_fr);
      io::write_coordinates(sink, p, axes, {Axis::replicate, Axis::qpv, Axis::month});
      const std::vector<double> paired = io::per_cell<double>(
          base, threads, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
            return alt.indicator(spec, rep, q, m) - base.indicator(spec, rep, q, m);
          });
      sink.doubles(
          p + "/paired", {c.replicates, nq, nm}, paired,
          io::with_cf({{"label_fr", std::string(spec.label_fr)},
                       {"unit", std::string(spec.unit)},
                       {"description", std::string("alternative - baseline, same replicate")},
                       {"dimensions", std::string("replicate, qpv (last = all), month")}},
                      spec.unit, label + ", futur par futur"));
      io::attach(sink, p + "/paired", {"replicate", "qpv", "month"});
      const SummaryArrays& a = all[(s - 1) * specs.size() + i];
      write_summary(sink, p, a, nq, nm, indicator_attrs(spec, "paired differences over replicates"),
                    spec.unit, label);
      sink.doubles(
          p + "/share_better", {nq, nm}, a.share_better,
          io::with_cf(
              {{"unit", std::string("share")},
               {"description", std::string("share of replicates in which the alternative "
                                           "does better (NaN: no better direction)")},
               {"dimensions", std::string("qpv (last = all), month")}},
              "share",
              "Part des futurs où l'alternative fait mieux — " + std::string(spec.label_fr)));
      io::attach(sink, p + "/share_better", {"qpv", "month"});
    }
  }
}

void write_cost_effectiveness(const Comparison& c, const io::Axes& axes, io::ResultSink& sink) {
  const std::size_t nq = c.qpv_codes.size();
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    for (Effect e : kEffects) {
      std::vector<double> ratio, q05, q95, cost_mean, cost_q05, cost_q95, gain_mean, gain_q05,
          gain_q95;
      for (std::uint32_t q = 0; q < nq; ++q) {
        const CostEffectiveness ce = cost_effectiveness(c, s, e, q);
        ratio.push_back(ce.euros_per_unit);
        q05.push_back(ce.q05);
        q95.push_back(ce.q95);
        cost_mean.push_back(ce.extra_cost.mean);
        cost_q05.push_back(ce.extra_cost.q05);
        cost_q95.push_back(ce.extra_cost.q95);
        gain_mean.push_back(ce.extra_effect.mean);
        gain_q05.push_back(ce.extra_effect.q05);
        gain_q95.push_back(ce.extra_effect.q95);
      }
      const std::string p =
          "/cost_effectiveness/" + c.scenarios[s].id + "/" + std::string(effect_id(e));
      const std::string per = "euros par " + std::string(effect_label_fr(e));
      sink.attribute(p, {"label_fr", per});
      io::write_coordinates(sink, p, axes, {Axis::qpv});
      const std::string per_unit = "euros per " + std::string(effect_id(e)) + " unit";
      const std::string units = std::string(effect_id(e)) + " units";
      const std::string gain = "gain : " + std::string(effect_label_fr(e));
      // Money and these effects have no UDUNITS spelling: `units` repeats `unit`.
      const struct {
        const char* name;
        const std::vector<double>& values;
        const std::string& unit;
        std::string long_name;
      } fields[] = {{"euros_per_unit", ratio, per_unit, per},
                    {"q05", q05, per_unit, per + ", quantile 5 %"},
                    {"q95", q95, per_unit, per + ", quantile 95 %"},
                    {"extra_cost_mean", cost_mean, kEuros, "surcoût moyen"},
                    {"extra_cost_q05", cost_q05, kEuros, "surcoût, quantile 5 %"},
                    {"extra_cost_q95", cost_q95, kEuros, "surcoût, quantile 95 %"},
                    {"extra_effect_mean", gain_mean, units, gain + ", moyenne"},
                    {"extra_effect_q05", gain_q05, units, gain + ", quantile 5 %"},
                    {"extra_effect_q95", gain_q95, units, gain + ", quantile 95 %"}};
      for (const auto& f : fields) {
        sink.doubles(
            p + "/" + f.name, {nq}, f.values,
            io::with_cf({{"unit", f.unit}, {"dimensions", std::string("qpv (last = all)")}}, f.unit,
                        f.long_name));
        io::attach(sink, p + "/" + f.name, {"qpv"});
      }
    }
  }
}

bool is_comparison(const io::Hdf5Reader& h5) {
  if (!h5.exists("/meta") || !h5.has_attribute("/meta", "kind")) return false;
  const io::AttributeValue kind = h5.attribute("/meta", "kind");
  const auto* text = std::get_if<std::string>(&kind);
  return text != nullptr && *text == "comparison";
}

}  // namespace

void write_comparison(const Comparison& c, io::ResultSink& sink, int threads) {
  const std::string g = "/meta";
  sink.attribute(g, {"kind", std::string("comparison")});
  sink.attribute(g, {"qpvsim_version", c.qpvsim_version});
  sink.attribute(g, {"git_commit", c.git_commit});
  sink.attribute(g, {"created_utc", c.created_utc});
  sink.attribute(g, {"baseline", c.scenarios.at(0).id});
  sink.attribute(g, {"seed", static_cast<std::int64_t>(c.seed)});
  sink.attribute(g, {"replicates", static_cast<std::int64_t>(c.replicates)});
  sink.attribute(g, {"start", c.start});
  sink.attribute(g, {"end", c.end});
  sink.attribute(g, {"territory", c.territory});
  sink.attribute(g, {"pairing", std::string("common random numbers: replicate r of every "
                                            "scenario uses the same seed and streams")});
  std::vector<std::string> ids, names;
  for (const auto& s : c.scenarios) {
    ids.push_back(s.id);
    names.push_back(s.record.name);
  }
  sink.strings(g + "/scenario", ids,
               {{"long_name", std::string("scénario (la référence d'abord)")}});
  io::make_coordinate(sink, g + "/scenario");
  sink.strings(g + "/scenarios", ids,
               {{"description", std::string("baseline first")},
                {"long_name", std::string("scénario (la référence d'abord)")}});
  sink.strings(g + "/scenario_names", names, {{"long_name", std::string("nom du scénario")}});
  io::attach(sink, g + "/scenarios", {"scenario"});
  io::attach(sink, g + "/scenario_names", {"scenario"});
  sink.strings("/territory/qpv", c.qpv_codes,
               {{"long_name", std::string("code du QPV (ALL : ensemble des QPV)")}});
  io::make_coordinate(sink, "/territory/qpv");
  sink.strings("/territory/code", c.qpv_codes, {{"long_name", std::string("code du QPV")}});
  sink.strings("/territory/name", c.qpv_names, {{"long_name", std::string("nom du QPV")}});
  io::attach(sink, "/territory/code", {"qpv"});
  io::attach(sink, "/territory/name", {"qpv"});
  const io::Axes axes = comparison_axes(c);
  io::write_time(sink, "", axes);

  for (const auto& s : c.scenarios) io::write_run(s.record, sink, "/scenarios/" + s.id, threads);
  write_summaries(c, axes, sink, threads);
  write_differences(c, axes, sink, threads);
  write_cost_effectiveness(c, axes, sink);
}

void write_comparison_file(const Comparison& c, const std::string& path, int threads) {
  io::Hdf5Sink sink(path);
  write_comparison(c, sink, threads);
  sink.commit();
}

Comparison read_comparison_file(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw InputError(Origin{path}, "file", "no such results file");
  const auto h5 = std::make_unique<io::Hdf5Reader>(path);  // ReadError names what is wrong
  std::vector<ScenarioRun> scenarios;
  if (is_comparison(*h5)) {
    for (const std::string& id : h5->strings("/meta/scenarios")) {
      ScenarioRun s;
      s.id = id;
      s.record = io::read_run(*h5, "/scenarios/" + id);
      scenarios.push_back(std::move(s));
    }
    if (scenarios.empty()) throw InputError(Origin{path}, "/meta/scenarios", "no scenario");
  } else {
    ScenarioRun s;
    s.record = io::read_run(*h5);  // throws InputError if not a results file
    s.id = std::filesystem::path(s.record.file).stem().string();
    if (s.id.empty()) s.id = "scenario";
    scenarios.push_back(std::move(s));
  }
  return make_comparison(std::move(scenarios));
}

}  // namespace qpv::analysis
