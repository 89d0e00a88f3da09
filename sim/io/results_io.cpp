#include "sim/io/results_io.hpp"

#include <stdexcept>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/netcdf_axes.hpp"
#include "sim/io/tree_reader.hpp"

namespace qpv::io {
namespace {

// What a results file may say: months of the years the scenario loader accepts, and at most as
// many replicates as the command line lets a run ask for.
constexpr std::int64_t kFirstMonth = 190001, kLastMonth = 220012;
constexpr std::int64_t kMaxReplicates = 1'000'000;

/// A string dataset of a results tree: its path below the tree's prefix, the record's field, its
/// description ("" for none), its French long_name, the coordinate variable of its axis in the
/// same group ("": it is that coordinate variable itself, named like its dimension), and whether
/// a reader accepts a tree without it (a file written before it was added).
struct StringColumn {
  const char* path;
  std::vector<std::string> RunRecord::*field;
  const char* description;
  const char* long_name;
  const char* axis;
  bool optional = false;
};

/// Provenance: the files read and the interventions.
const std::vector<StringColumn> kMetaStrings = {
    {"/meta/scenario_files", &RunRecord::scenario_files, "scenario file and its bases, top first",
     "fichiers du scénario (le fichier donné, puis ses bases)", ""},
    {"/meta/scenario_toml", &RunRecord::scenario_toml, "text of each scenario file as given",
     "texte de chaque fichier du scénario", "scenario_files"},
    {"/meta/territory_files", &RunRecord::territory_files, "territory CSV files the run read",
     "fichiers du territoire", ""},
    {"/meta/territory_csv", &RunRecord::territory_csv, "text of each territory file as read",
     "texte de chaque fichier du territoire", "territory_files"},
    {"/meta/interventions", &RunRecord::interventions,
     "interventions declared by the scenario (kind [id]: name)", "interventions du scénario", ""},
    {"/meta/intervention_kind", &RunRecord::intervention_kinds,
     "kind of each intervention, in order", "type de chaque intervention", "interventions", true},
    {"/meta/intervention_name", &RunRecord::intervention_names,
     "name of each intervention (French), in order", "nom de chaque intervention", "interventions",
     true},
};

/// The parameter registry's texts (its names and numbers are written apart).
const std::vector<StringColumn> kParameterStrings = {
    {"/meta/parameters/unit", &RunRecord::parameter_units, "", "unité", "parameter"},
    {"/meta/parameters/prior", &RunRecord::parameter_priors, "", "loi a priori", "parameter"},
    {"/meta/parameters/source", &RunRecord::parameter_sources, "", "source", "parameter"},
    {"/meta/parameters/role", &RunRecord::parameter_roles,
     "calibrated (drawn from the posterior), uncertain (drawn from its prior) or policy (never "
     "drawn)",
     "rôle du paramètre", "parameter", true},
    {"/meta/parameters/drawn_from", &RunRecord::parameter_drawn_from,
     "where this run's values come from: registry (default), scenario, posterior or prior",
     "origine des valeurs de ce calcul", "parameter", true},
};

/// The territory table's texts, one row per QPV and a last one for all of them.
const std::vector<StringColumn> kTerritoryStrings = {
    {"/territory/code", &RunRecord::qpv_codes, "", "code du QPV", "qpv"},
    {"/territory/name", &RunRecord::qpv_names, "", "nom du QPV", "qpv"},
    {"/territory/communes", &RunRecord::qpv_communes, "", "communes du QPV", "qpv"},
};

void write_strings(const RunRecord& rec, ResultSink& sink, const std::string& prefix,
                   const std::vector<StringColumn>& columns) {
  for (const StringColumn& c : columns) {
    std::vector<Attribute> attrs;
    if (*c.description != '\0') attrs.push_back({"description", std::string(c.description)});
    attrs.push_back({"long_name", std::string(c.long_name)});
    sink.strings(prefix + c.path, rec.*c.field, attrs);
    if (*c.axis == '\0')
      make_coordinate(sink, prefix + c.path);
    else
      attach(sink, prefix + c.path, {c.axis});
  }
}

void read_strings(const TreeReader& t, RunRecord& rec, const std::vector<StringColumn>& columns) {
  for (const StringColumn& c : columns)
    rec.*c.field = c.optional ? t.strings_or_empty(c.path) : t.strings(c.path);
}

/// /meta's attributes and the provenance strings.
void read_meta(const TreeReader& t, RunRecord& rec) {
  rec.qpvsim_version = t.attribute<std::string>("/meta", "qpvsim_version");
  rec.git_commit = t.attribute<std::string>("/meta", "git_commit");
  rec.created_utc = t.attribute<std::string>("/meta", "created_utc");
  rec.name = t.attribute<std::string>("/meta", "scenario_name");
  rec.description = t.string_or("/meta", "scenario_description", "");
  rec.file = t.attribute<std::string>("/meta", "scenario_file");
  rec.territory = t.attribute<std::string>("/meta", "territory");
  rec.seed = static_cast<std::uint64_t>(t.attribute<std::int64_t>("/meta", "seed"));
  rec.start = t.attribute<std::string>("/meta", "start");
  rec.end = t.attribute<std::string>("/meta", "end");
  rec.warmup_months = t.attribute<std::int64_t>("/meta", "warmup_months");
  read_strings(t, rec, kMetaStrings);
}

/// The parameter registry with the values used, and the territory table.
void read_parameters_and_territory(const TreeReader& t, RunRecord& rec) {
  rec.parameter_names = t.strings("/meta/parameters/name");
  rec.parameter_values = t.doubles("/meta/parameters/value").values;
  rec.parameter_defaults = t.doubles("/meta/parameters/default").values;
  rec.parameter_overridden = t.integers("/meta/parameters/overridden").values;
  read_strings(t, rec, kParameterStrings);
  rec.uncertainty = t.string_or("/meta", "uncertainty", "none");
  read_strings(t, rec, kTerritoryStrings);
  rec.qpv_population = t.integers("/territory/population").values;
  rec.qpv_creche_places = t.integers("/territory/creche_places").values;
  rec.qpv_transit_access = t.doubles("/territory/transit_access").values;
}

/// The month and year axes, the counters [replicate][qpv][month] and the run's size.
void read_counts(const TreeReader& t, RunRecord& rec) {
  model::RunResults& r = rec.results;
  for (std::int64_t yyyymm : t.integers("/time/month").values) {
    if (yyyymm < kFirstMonth || yyyymm > kLastMonth || yyyymm % 100 < 1 || yyyymm % 100 > 12)
      t.fail("/time/month", "holds " + std::to_string(yyyymm) + ", not a month YYYYMM");
    r.months.push_back(Date{static_cast<int>(yyyymm / 100), static_cast<int>(yyyymm % 100), 1});
  }
  const auto years = t.integers("/time/year").values;
  if (years.empty() || r.months.empty()) t.fail("/time", "no months or years");
  for (std::size_t y = 0; y < years.size(); ++y)
    if (years[y] != r.months.front().year + static_cast<std::int64_t>(y))
      t.fail("/time/year", "expected the years from the first month's on, one after another");
  r.first_year = static_cast<int>(years.front());
  r.years = years.size();
  r.partitions = static_cast<std::uint32_t>(rec.qpv_codes.size());
  const std::int64_t replicates = t.attribute<std::int64_t>("/meta", "replicates");
  if (replicates < 1 || replicates > kMaxReplicates)
    t.fail("/meta", "attribute 'replicates' is " + std::to_string(replicates) + "; expected 1 to " +
                        std::to_string(kMaxReplicates));
  r.replicates = static_cast<std::uint32_t>(replicates);
  r.wall_seconds = t.attribute<double>("/meta", "wall_seconds");
  const std::vector<std::size_t> shape = {r.replicates, r.partitions, r.months.size()};
  const std::size_t cells = std::size_t{r.replicates} * r.partitions * r.months.size();
  if (cells > Hdf5Reader::kMaxValues)
    t.fail("/meta", "declares " + std::to_string(cells) + " cells (replicate x QPV x month), " +
                        "more than a qpvsim file holds");
  for (const auto& c : model::counter_specs()) {  // every shape, before allocating for them
    const std::string p = "/counts/" + std::string(c.name);
    if (t.shape(p) != shape) t.fail(p, "has the wrong shape");
  }
  r.counters.assign(cells * model::kCounterCount, 0);
  for (const auto& c : model::counter_specs()) {
    const std::string p = "/counts/" + std::string(c.name);
    const auto a = t.integers(p);
    if (a.shape != shape) t.fail(p, "has the wrong shape");
    for (std::size_t cell = 0; cell < cells; ++cell)
      r.counters[cell * model::kCounterCount + static_cast<std::size_t>(c.id)] = a.values[cell];
  }
}

/// Spending per lever [replicate][qpv][year] and the planned budgets.
void read_spending(const TreeReader& t, RunRecord& rec) {
  model::RunResults& r = rec.results;
  r.spending.assign(std::size_t{r.replicates} * r.partitions * model::kLevers * r.years, 0);
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    const std::string p =
        "/spending/" + std::string(model::lever_name(static_cast<model::Lever>(l)));
    const auto a = t.integers(p);
    if (a.shape != std::vector<std::size_t>{r.replicates, r.partitions, r.years})
      t.fail(p, "has the wrong shape");
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      for (std::uint32_t q = 0; q < r.partitions; ++q)
        for (std::size_t y = 0; y < r.years; ++y)
          r.spending[r.spending_offset(rep, q) + l * r.years + y] =
              a.values[(std::size_t{rep} * r.partitions + q) * r.years + y];
    rec.planned_budget_cents[l] = t.attribute<std::int64_t>(p, "planned_budget_per_year_cents");
  }
}

/// Event counts, each replicate's parameter values and the posterior's particles, if any.
void read_draws(const TreeReader& t, RunRecord& rec) {
  model::RunResults& r = rec.results;
  const auto events = t.integers("/events/handled");
  r.events.assign(events.values.begin(), events.values.end());
  if (t.exists("/meta/parameters/replicate_value")) {
    const auto values = t.doubles("/meta/parameters/replicate_value");
    if (values.shape != std::vector<std::size_t>{r.replicates, rec.parameter_names.size()})
      t.fail("/meta/parameters/replicate_value", "has the wrong shape");
    r.parameter_values = values.values;
  }
  r.particle.assign(r.replicates, -1);
  if (t.exists("/posterior/particle")) {
    rec.posterior_file = t.attribute<std::string>("/posterior", "file");
    r.particle = t.integers("/posterior/particle").values;
    rec.posterior_names = t.strings("/posterior/parameter");
    rec.posterior_values = t.doubles("/posterior/values").values;
  }
}

/// The lengths that must agree with each other once everything is read: one territory row per
/// partition, one value per parameter, per replicate or per posterior parameter.
void check_lengths(const TreeReader& t, const RunRecord& rec) {
  const model::RunResults& r = rec.results;
  auto expect = [&](const std::string& p, std::size_t found, std::size_t expected,
                    const std::string& per) {
    if (found != expected)
      t.fail(p, "holds " + std::to_string(found) + " values where " + std::to_string(expected) +
                    " were expected (" + per + ")");
  };
  if (r.partitions < 2) t.fail("/territory/code", "expected at least one QPV and the total");
  const std::size_t q = r.partitions, n = rec.parameter_names.size();
  expect("/territory/name", rec.qpv_names.size(), q, "one per QPV code");
  expect("/territory/communes", rec.qpv_communes.size(), q, "one per QPV code");
  expect("/territory/population", rec.qpv_population.size(), q, "one per QPV code");
  expect("/territory/creche_places", rec.qpv_creche_places.size(), q, "one per QPV code");
  expect("/territory/transit_access", rec.qpv_transit_access.size(), q, "one per QPV code");
  expect("/meta/parameters/value", rec.parameter_values.size(), n, "one per parameter name");
  expect("/meta/parameters/default", rec.parameter_defaults.size(), n, "one per parameter name");
  expect("/meta/parameters/overridden", rec.parameter_overridden.size(), n,
         "one per parameter name");
  for (const StringColumn& c : kParameterStrings)
    if (!(rec.*c.field).empty() || !c.optional)
      expect(c.path, (rec.*c.field).size(), n, "one per parameter name");
  expect("/events/handled", r.events.size(), std::size_t{r.replicates} * (q - 1),
         "one per replicate and QPV");
  expect("/posterior/particle", r.particle.size(), r.replicates, "one per replicate");
  expect("/posterior/values", rec.posterior_values.size(),
         std::size_t{r.replicates} * rec.posterior_names.size(),
         "one per replicate and posterior parameter");
}

}  // namespace

RunRecord read_run(const Hdf5Reader& h5, const std::string& prefix) {
  const TreeReader t(h5, prefix);
  RunRecord rec;
  read_meta(t, rec);
  read_parameters_and_territory(t, rec);
  read_counts(t, rec);
  read_spending(t, rec);
  read_draws(t, rec);
  check_lengths(t, rec);
  return rec;
}

namespace {

/// The coordinate values of a run's tree (netcdf_axes.hpp); months count days from its start.
Axes run_axes(const RunRecord& rec) {
  const model::RunResults& r = rec.results;
  return make_axes(r.replicates, rec.qpv_codes, rec.qpv_names, r.months, rec.start, r.years,
                   r.first_year);
}

/// /meta's attributes, the provenance strings and the parameter registry with the values used.
void write_meta(const RunRecord& rec, const Axes& axes, ResultSink& sink,
                const std::string& prefix) {
  const model::RunResults& r = rec.results;
  const std::string g = prefix + "/meta";
  sink.attribute(g, {"qpvsim_version", rec.qpvsim_version});
  sink.attribute(g, {"git_commit", rec.git_commit});
  sink.attribute(g, {"created_utc", rec.created_utc});
  sink.attribute(g, {"scenario_name", rec.name});
  sink.attribute(g, {"scenario_description", rec.description});
  sink.attribute(g, {"scenario_file", rec.file});
  sink.attribute(g, {"territory", rec.territory});
  sink.attribute(g, {"seed", static_cast<std::int64_t>(rec.seed)});
  sink.attribute(g, {"replicates", static_cast<std::int64_t>(r.replicates)});
  sink.attribute(g, {"start", rec.start});
  sink.attribute(g, {"end", rec.end});
  sink.attribute(g, {"warmup_months", rec.warmup_months});
  sink.attribute(g, {"wall_seconds", r.wall_seconds});
  sink.attribute(g, {"uncertainty", rec.uncertainty});
  write_strings(rec, sink, prefix, kMetaStrings);
  // The parameters' values have one unit each (unit): the arrays over them have no `units`.
  const std::string p = g + "/parameters";
  write_coordinates(sink, p, axes, {Axis::replicate});
  sink.strings(p + "/parameter", rec.parameter_names, {{"long_name", std::string("paramètre")}});
  make_coordinate(sink, p + "/parameter");
  sink.strings(p + "/name", rec.parameter_names, {{"long_name", std::string("paramètre")}});
  sink.doubles(p + "/value", {rec.parameter_values.size()}, rec.parameter_values,
               {{"description", std::string("resolved value used by the run")},
                {"long_name", std::string("valeur utilisée")}});
  sink.doubles(p + "/default", {rec.parameter_defaults.size()}, rec.parameter_defaults,
               {{"long_name", std::string("valeur par défaut")}});
  sink.integers(p + "/overridden", {rec.parameter_overridden.size()}, rec.parameter_overridden,
                with_cf({{"description", std::string("1 if set by the scenario")}}, "1",
                        "fixé par le scénario (1) ou non (0)"));
  for (const char* name : {"/name", "/value", "/default", "/overridden"})
    attach(sink, p + name, {"parameter"});
  write_strings(rec, sink, prefix, kParameterStrings);
  sink.doubles(p + "/replicate_value", {r.replicates, rec.parameter_names.size()},
               r.parameter_values,
               {{"dimensions", std::string("replicate, parameter")},
                {"description", std::string("the value each replicate ran with")},
                {"long_name", std::string("valeur de chaque futur simulé")}});
  attach(sink, p + "/replicate_value", {"replicate", "parameter"});
}

/// The territory table: one row per QPV, the last for all of them.
void write_territory(const RunRecord& rec, ResultSink& sink, const std::string& prefix) {
  const std::string t = prefix + "/territory";
  sink.attribute(t, {"name", rec.territory});
  sink.attribute(t, {"description", std::string("one row per QPV; the last row (index " +
                                                std::to_string(rec.qpv_codes.size() - 1) +
                                                ") is all QPVs together")});
  sink.strings(t + "/qpv", rec.qpv_codes,
               {{"long_name", std::string("code du QPV (ALL : ensemble des QPV)")}});
  make_coordinate(sink, t + "/qpv");
  write_strings(rec, sink, prefix, kTerritoryStrings);
  sink.integers(t + "/population", {rec.qpv_population.size()}, rec.qpv_population,
                with_cf({{"unit", std::string("persons")},
                         {"description", std::string("territory input (not simulated)")}},
                        "persons", "population (données du territoire)"));
  sink.integers(t + "/creche_places", {rec.qpv_creche_places.size()}, rec.qpv_creche_places,
                with_cf({{"unit", std::string("places")}}, "places", "places de crèche"));
  sink.doubles(
      t + "/transit_access", {rec.qpv_transit_access.size()}, rec.qpv_transit_access,
      with_cf({{"unit", std::string("share")}}, "share", "accès aux transports en commun"));
  for (const char* name : {"/population", "/creche_places", "/transit_access"})
    attach(sink, t + name, {"qpv"});
}

/// Every indicator and every counter [replicate][qpv][month].
void write_months(const model::RunResults& r, const Axes& axes, ResultSink& sink,
                  const std::string& prefix, int threads) {
  const std::vector<std::size_t> shape = {r.replicates, r.partitions, r.months.size()};
  const std::string dims = "replicate, qpv (last = all), month";
  write_coordinates(sink, prefix + "/indicators", axes, {Axis::replicate, Axis::qpv, Axis::month});
  for (const auto& spec : model::indicator_specs()) {
    const std::vector<double> v =
        per_cell<double>(r, threads, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
          return r.indicator(spec, rep, q, m);
        });
    const std::string path = prefix + "/indicators/" + std::string(spec.id);
    sink.doubles(path, shape, v,
                 with_cf({{"label_fr", std::string(spec.label_fr)},
                          {"unit", std::string(spec.unit)},
                          {"definition", std::string(spec.definition)},
                          {"better", std::string(model::better_name(spec.better))},
                          {"dimensions", dims}},
                         spec.unit, std::string(spec.label_fr)));
    attach(sink, path, {"replicate", "qpv", "month"});
  }
  // Counters carry their French label as long_name and label_fr, as indicators do, so a reader
  // of a results file sees French everywhere; their English description stays beside it.
  write_coordinates(sink, prefix + "/counts", axes, {Axis::replicate, Axis::qpv, Axis::month});
  for (const auto& c : model::counter_specs()) {
    const auto counter = static_cast<std::size_t>(c.id);
    const std::vector<std::int64_t> v =
        per_cell<std::int64_t>(r, threads, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
          return r.row(rep, q, m)[counter];
        });
    const std::string path = prefix + "/counts/" + std::string(c.name);
    sink.integers(path, shape, v,
                  with_cf({{"label_fr", std::string(c.label_fr)},
                           {"unit", std::string(c.unit)},
                           {"description", std::string(c.description)},
                           {"dimensions", dims}},
                          c.unit, std::string(c.label_fr)));
    attach(sink, path, {"replicate", "qpv", "month"});
  }
}

/// Spending per lever [replicate][qpv 0..15][year] in cents, and the planned budgets.
void write_spending(const RunRecord& rec, const Axes& axes, ResultSink& sink,
                    const std::string& prefix) {
  const model::RunResults& r = rec.results;
  write_coordinates(sink, prefix + "/spending", axes, {Axis::replicate, Axis::qpv, Axis::year});
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    std::vector<std::int64_t> v;
    v.reserve(std::size_t{r.replicates} * r.partitions * r.years);
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      for (std::uint32_t q = 0; q < r.partitions; ++q)
        for (std::size_t y = 0; y < r.years; ++y) v.push_back(r.spent(rep, q, l, y));
    const model::LeverSpec& lever = model::lever_spec(static_cast<model::Lever>(l));
    const std::string path = prefix + "/spending/" + std::string(lever.name);
    const std::string label = "Dépenses — " + std::string(lever.spending_fr);
    sink.integers(path, {r.replicates, r.partitions, r.years}, v,
                  with_cf({{"unit", std::string("cents")},
                           {"label_fr", label},
                           {"planned_budget_per_year_cents", rec.planned_budget_cents[l]},
                           {"dimensions", std::string("replicate, qpv (last = all), year")}},
                          "cents", label));
    attach(sink, path, {"replicate", "qpv", "year"});
  }
}

/// Event counts, and the posterior particle each replicate drew with its values, if any.
void write_draws(const RunRecord& rec, const Axes& axes, ResultSink& sink,
                 const std::string& prefix) {
  const model::RunResults& r = rec.results;
  std::vector<std::int64_t> events(r.events.begin(), r.events.end());
  write_coordinates(sink, prefix + "/events", axes, {Axis::replicate, Axis::each_qpv});
  sink.integers(
      prefix + "/events/handled", {r.replicates, r.partitions - 1}, events,
      with_cf({{"unit", std::string("events")}, {"dimensions", std::string("replicate, qpv")}},
              "events", "événements traités"));
  attach(sink, prefix + "/events/handled", {"replicate", "qpv"});
  if (rec.posterior_file.empty()) return;
  const std::string q = prefix + "/posterior";
  sink.attribute(q, {"file", rec.posterior_file});
  write_coordinates(sink, q, axes, {Axis::replicate});
  sink.integers(
      q + "/particle", {r.particle.size()}, r.particle,
      with_cf({{"description", std::string("posterior particle drawn by each replicate")}}, "1",
              "particule tirée"));
  attach(sink, q + "/particle", {"replicate"});
  sink.strings(q + "/parameter", rec.posterior_names, {{"long_name", std::string("paramètre")}});
  make_coordinate(sink, q + "/parameter");
  sink.doubles(q + "/values", {r.replicates, rec.posterior_names.size()}, rec.posterior_values,
               {{"dimensions", std::string("replicate, parameter")},
                {"description", std::string("the particle's values (a parameter the scenario sets "
                                            "explicitly keeps the scenario's value)")},
                {"long_name", std::string("valeurs de la particule")}});
  attach(sink, q + "/values", {"replicate", "parameter"});
}

}  // namespace

void write_run(const RunRecord& rec, ResultSink& sink, const std::string& prefix, int threads) {
  const Axes axes = run_axes(rec);
  write_meta(rec, axes, sink, prefix);
  write_territory(rec, sink, prefix);
  write_time(sink, prefix, axes);
  write_months(rec.results, axes, sink, prefix, threads);
  write_spending(rec, axes, sink, prefix);
  write_draws(rec, axes, sink, prefix);
}

void write_run(const Scenario& s, const model::RunResults& r, ResultSink& sink,
               const std::string& prefix, int threads) {
  write_run(make_record(s, r), sink, prefix, threads);
}

void write_run_file(const Scenario& s, const model::RunResults& r, const std::string& path) {
  Hdf5Sink sink(path);
  write_run(s, r, sink);
  sink.commit();
}

}  // namespace qpv::io
