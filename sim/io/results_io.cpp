#include "sim/io/results_io.hpp"

#include <chrono>
#include <ctime>

#include "sim/core/version.hpp"
#include "sim/io/hdf5_sink.hpp"

namespace qpv::io {
namespace {

using engine::Attribute;

constexpr std::array<std::string_view, model::kLevers> kLeverLabelsFr = {
    "aides à la mobilité", "places en crèche", "camion de dépistage"};

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_meta(const Scenario& s, const model::RunResults& r, engine::ResultSink& sink) {
  const std::string g = "/meta";
  sink.attribute(g, {"qpvsim_version", std::string(version())});
  sink.attribute(g, {"git_commit", std::string(git_commit())});
  sink.attribute(g, {"created_utc", utc_now()});
  sink.attribute(g, {"scenario_name", s.name});
  sink.attribute(g, {"scenario_file", s.file});
  sink.attribute(g, {"territory", s.territory.name});
  sink.attribute(g, {"seed", static_cast<std::int64_t>(s.run.seed)});
  sink.attribute(g, {"replicates", static_cast<std::int64_t>(r.replicates)});
  sink.attribute(g, {"start", s.run.start.to_string()});
  sink.attribute(g, {"end", s.run.end.to_string()});
  sink.attribute(g, {"warmup_months", static_cast<std::int64_t>(s.run.warmup_months)});
  sink.attribute(g, {"wall_seconds", r.wall_seconds});

  std::vector<std::string> files, texts;
  for (const auto& [file, text] : s.sources) {
    files.push_back(file);
    texts.push_back(text);
  }
  sink.strings(g + "/scenario_files", files,
               {{"description", std::string("scenario file and its bases, top first")}});
  sink.strings(g + "/scenario_toml", texts,
               {{"description", std::string("text of each scenario file as given")}});
  std::vector<std::string> territory_files, territory_texts;
  for (const auto& [file, text] : s.territory_sources) {
    territory_files.push_back(file);
    territory_texts.push_back(text);
  }
  sink.strings(g + "/territory_files", territory_files,
               {{"description", std::string("territory CSV files the run read")}});
  sink.strings(g + "/territory_csv", territory_texts,
               {{"description", std::string("text of each territory file as read")}});

  std::vector<std::string> names, units, sources, priors;
  std::vector<double> values, defaults;
  std::vector<std::int64_t> overridden;
  for (const auto& spec : model::param_specs()) {
    names.emplace_back(spec.name);
    units.emplace_back(spec.unit);
    sources.emplace_back(spec.source);
    priors.push_back(std::string(model::prior_kind_name(spec.prior.kind)) + "(" +
                     std::to_string(spec.prior.a) + ", " + std::to_string(spec.prior.b) + ")");
    values.push_back(s.parameters[spec.id]);
    defaults.push_back(spec.default_value);
    bool set = false;
    for (const auto& [n, v] : s.overrides) set = set || n == spec.name;
    overridden.push_back(set);
  }
  const std::string p = g + "/parameters";
  sink.strings(p + "/name", names);
  sink.doubles(p + "/value", {values.size()}, values,
               {{"description", std::string("resolved value used by the run")}});
  sink.doubles(p + "/default", {defaults.size()}, defaults);
  sink.integers(p + "/overridden", {overridden.size()}, overridden,
                {{"description", std::string("1 if set by the scenario")}});
  sink.strings(p + "/unit", units);
  sink.strings(p + "/prior", priors);
  sink.strings(p + "/source", sources);

  std::vector<std::string> interventions;
  for (const auto& i : s.interventions)
    interventions.push_back(std::string(model::kind_name(i)) +
                            (i.id.empty() ? "" : " [" + i.id + "]") +
                            (i.name.empty() ? "" : ": " + i.name));
  sink.strings(
      g + "/interventions", interventions,
      {{"description", std::string("interventions declared by the scenario (kind [id]: name)")}});
}

void write_territory(const model::Territory& t, engine::ResultSink& sink) {
  std::vector<std::string> code, name, communes;
  std::vector<std::int64_t> population, creche;
  std::vector<double> transit;
  std::int64_t total_pop = 0, total_creche = 0;
  for (const auto& q : t.qpvs) {
    code.push_back(q.code);
    name.push_back(q.name);
    std::string c;
    for (const auto& x : q.communes) c += (c.empty() ? "" : ";") + x;
    communes.push_back(c);
    population.push_back(q.population);
    creche.push_back(q.creche_places);
    transit.push_back(q.transit_access);
    total_pop += q.population;
    total_creche += q.creche_places;
  }
  code.emplace_back("ALL");
  name.push_back("Ensemble des " + std::to_string(t.qpvs.size()) + " QPV");
  communes.emplace_back("");
  population.push_back(total_pop);
  creche.push_back(total_creche);
  transit.push_back(std::numeric_limits<double>::quiet_NaN());
  const std::string g = "/territory";
  sink.attribute(g, {"name", t.name});
  sink.attribute(
      g, {"description", std::string("one row per QPV; the last row (index " +
                                     std::to_string(t.qpvs.size()) + ") is all QPVs together")});
  sink.strings(g + "/code", code);
  sink.strings(g + "/name", name);
  sink.strings(g + "/communes", communes);
  sink.integers(g + "/population", {population.size()}, population,
                {{"unit", std::string("persons")},
                 {"description", std::string("territory input (not simulated)")}});
  sink.integers(g + "/creche_places", {creche.size()}, creche, {{"unit", std::string("places")}});
  sink.doubles(g + "/transit_access", {transit.size()}, transit, {{"unit", std::string("share")}});
}

}  // namespace

void write_run(const Scenario& s, const model::RunResults& r, engine::ResultSink& sink) {
  write_meta(s, r, sink);
  write_territory(s.territory, sink);

  std::vector<std::int64_t> months;
  for (const auto& d : r.months) months.push_back(d.yyyymm());
  sink.integers("/time/month", {months.size()}, months,
                {{"unit", std::string("YYYYMM")},
                 {"description",
                  std::string("stocks on the first day of the month; flows during the month")}});

  const std::vector<std::size_t> shape = {r.replicates, r.partitions, r.months.size()};
  const std::size_t cells = std::size_t{r.replicates} * r.partitions * r.months.size();
  for (const auto& spec : model::indicator_specs()) {
    std::vector<double> v;
    v.reserve(cells);
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      for (std::uint32_t q = 0; q < r.partitions; ++q)
        for (std::size_t m = 0; m < r.months.size(); ++m) v.push_back(r.indicator(spec, rep, q, m));
    sink.doubles("/indicators/" + std::string(spec.id), shape, v,
                 {{"label_fr", std::string(spec.label_fr)},
                  {"unit", std::string(spec.unit)},
                  {"definition", std::string(spec.definition)},
                  {"dimensions", std::string("replicate, qpv (last = all), month")}});
  }
  for (const auto& c : model::counter_specs()) {
    std::vector<std::int64_t> v;
    v.reserve(cells);
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      for (std::uint32_t q = 0; q < r.partitions; ++q)
        for (std::size_t m = 0; m < r.months.size(); ++m)
          v.push_back(r.row(rep, q, m)[static_cast<std::size_t>(c.id)]);
    sink.integers("/counts/" + std::string(c.name), shape, v,
                  {{"unit", std::string(c.unit)},
                   {"description", std::string(c.description)},
                   {"dimensions", std::string("replicate, qpv (last = all), month")}});
  }
  // Spending per lever: [replicate][qpv 0..15][year], in cents, and the planned budgets.
  std::vector<std::int64_t> years;
  for (std::size_t y = 0; y < r.years; ++y) years.push_back(r.first_year + static_cast<int>(y));
  sink.integers("/time/year", {years.size()}, years, {{"unit", std::string("calendar year")}});
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    std::vector<std::int64_t> v;
    v.reserve(std::size_t{r.replicates} * r.partitions * r.years);
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      for (std::uint32_t q = 0; q < r.partitions; ++q)
        for (std::size_t y = 0; y < r.years; ++y) v.push_back(r.spent(rep, q, l, y));
    std::int64_t planned = 0;
    for (const auto& i : s.interventions) {
      if (model::kind_name(i) == model::kLeverNames[l] && i.budget_per_year)
        planned += i.budget_per_year->count();
    }
    sink.integers("/spending/" + std::string(model::kLeverNames[l]),
                  {r.replicates, r.partitions, r.years}, v,
                  {{"unit", std::string("cents")},
                   {"label_fr", "Dépenses — " + std::string(kLeverLabelsFr[l])},
                   {"planned_budget_per_year_cents", planned},
                   {"dimensions", std::string("replicate, qpv (last = all), year")}});
  }
  std::vector<std::int64_t> events(r.events.begin(), r.events.end());
  sink.integers("/events/handled", {r.replicates, r.partitions - 1}, events,
                {{"unit", std::string("events")}, {"dimensions", std::string("replicate, qpv")}});
}

void write_run_file(const Scenario& s, const model::RunResults& r, const std::string& path) {
  Hdf5Sink sink(path);
  write_run(s, r, sink);
  sink.commit();
}

}  // namespace qpv::io
