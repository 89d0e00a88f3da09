#include "sim/app/serve/workshop.hpp"

#include <fmt/format.h>

#include <regex>

#include "analysis/report.hpp"
#include "sim/app/serve/web.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/io/csv.hpp"

namespace qpv::app::serve {

using nlohmann::json;

const std::array<PageLever, 3>& page_levers() {
  static const std::array<PageLever, 3> kLevers = {{
      {"transport_aid",
       "embedded:valenciennes/transport_aid.toml",
       {"aid", "places", "budget_eur_per_year", "take_up", "eligibility", "start", "end", "qpv"}},
      {"creche_places",
       "embedded:valenciennes/creche_plus5.toml",
       {"increase", "start", "reached_by", "avip_share", "qpv"}},
      {"screening_truck",
       "embedded:valenciennes/screening_truck.toml",
       {"passages_per_year", "qpv_share", "qpv"}},
  }};
  return kLevers;
}
const PageLever* find_page_lever(std::string_view id) {
  for (const PageLever& l : page_levers())
    if (l.id == id) return &l;
  return nullptr;
}

Workshop::Workshop() : baseline_(io::load_scenario(kBaselineFile)) {
  for (const PageLever& l : page_levers()) {
    for (LeverTemplate& t : read_lever_templates(l)) templates_.push_back(std::move(t));
  }
  // Commune centres for the schematic map (approximate; shared data of the project).
  const io::CsvTable communes("communes.csv", std::string(web_file("communes.csv").value_or("")));
  communes.require_columns({"commune", "lat", "lon", "note"});
  communes_ = json::array();
  for (const io::CsvRow& row : communes.rows()) {
    communes_.push_back({{"name", communes.at(row, "commune")},
                         {"lat", std::stod(communes.at(row, "lat"))},
                         {"lon", std::stod(communes.at(row, "lon"))}});
  }
}

const LeverTemplate* Workshop::find_template(const std::string& lever,
                                             const std::string& aid) const {
  const LeverTemplate* first = nullptr;
  for (const LeverTemplate& t : templates_) {
    if (t.lever != lever) continue;
    if (first == nullptr) first = &t;
    if (aid.empty() || (t.values.contains("aid") && t.values["aid"] == aid)) return &t;
  }
  return first;
}

json Workshop::config() const {
  const model::Territory& t = baseline_.territory;
  std::vector<std::string> names;
  for (const model::Qpv& x : t.qpvs) names.push_back(x.name);
  json qpvs = json::array();
  for (std::size_t q = 0; q < t.qpvs.size(); ++q) {
    const model::Qpv& x = t.qpvs[q];
    qpvs.push_back(
        {{"code", x.code},
         {"name", x.name},
         {"label", analysis::qpv_label(names, q, x.communes.empty() ? "" : x.communes.front())},
         {"communes", x.communes},
         {"population", x.population}});
  }
  json lever_list = json::array();
  for (const PageLever& l : page_levers()) {
    json options = json::array();
    for (const LeverTemplate& tp : templates_)
      if (tp.lever == l.id) options.push_back(tp.values);
    lever_list.push_back({{"id", l.id},
                          {"label", l.label_fr()},
                          {"template", l.file},
                          {"settable", l.settable},
                          {"defaults", options}});
  }
  return {{"qpvsim_version", version()},
          {"territory", t.name},
          {"baseline", {{"name", baseline_.name}, {"file", baseline_.file}}},
          {"start", baseline_.run.start.to_string()},
          {"end", baseline_.run.end.to_string()},
          {"year", baseline_.run.end.year},
          {"seed", baseline_.run.seed},
          {"qpv", std::move(qpvs)},
          {"communes", communes_},
          {"levers", std::move(lever_list)}};
}

io::Scenario Workshop::load(const ScenarioText& text) const {
  try {
    io::Scenario s = io::load_scenario_text(text.toml, kWorkshopOrigin);
    analysis::check_comparable({baseline_, s});
    return s;
  } catch (const InputError& e) {
    // "intervention[2].passages_per_year" -> the lever of table 2 and its key.
    static const std::regex kKey(R"(^intervention\[(\d+)\]\.(\w+)$)");
    std::smatch m;
    std::string key = e.key(), where = "Scénario";
    if (std::regex_match(e.key(), m, kKey)) {
      const auto index = static_cast<std::size_t>(std::stoul(m[1].str()));
      if (index < text.levers.size()) {
        key = text.levers[index] + "." + m[2].str();
        where = text.labels[index];
      }
    }
    const std::string leaf = key.substr(key.rfind('.') + 1);
    throw RequestError(
        422,
        fmt::format("{} : « {} » — {}.", where, leaf.empty() ? key : leaf, problem_fr(e.problem())),
        key, e.problem());
  }
}

}  // namespace qpv::app::serve
