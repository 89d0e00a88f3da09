#include "analysis/serve/workshop.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <regex>
#include <set>

#include "analysis/present/french.hpp"
#include "analysis/report.hpp"
#include "analysis/serve/web.hpp"
#include "sim/core/error.hpp"
#include "sim/core/time.hpp"
#include "sim/core/version.hpp"
#include "sim/io/csv.hpp"
#include "sim/io/embedded.hpp"

namespace qpv::serve {

RequestError::RequestError(int status, std::string message_fr, std::string key, std::string detail)
    : std::runtime_error(message_fr),
      status_(status),
      message_(std::move(message_fr)),
      key_(std::move(key)),
      detail_(std::move(detail)) {}

namespace {

using analysis::Distribution;
using model::IndicatorSpec;
using nlohmann::json;

constexpr const char* kBaselineFile = "embedded:valenciennes/baseline.toml";
constexpr std::string_view kNarrowNbsp = "\u202f";
constexpr std::string_view kNbsp = "\u00a0";
/// Longest text value a request may give (aid types, dates, QPV codes are far shorter).
constexpr std::size_t kMaxText = 200;

/// A lever of the page: its template file and the keys the page may set, all of them keys of
/// the scenario loader for that intervention kind (scenarios/README.md).
struct Lever {
  std::string_view id, file;
  std::vector<std::string> settable;
  /// The panel's title (model::LeverSpec::panel_fr).
  std::string_view label_fr() const { return model::lever_spec(*model::find_lever(id)).panel_fr; }
};
const std::array<Lever, 3>& levers() {
  static const std::array<Lever, 3> kLevers = {{
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
const Lever* find_lever(std::string_view id) {
  for (const Lever& l : levers())
    if (l.id == id) return &l;
  return nullptr;
}

/// The keys of an intervention kind in the loader's order (io::scenario_keys()).
std::vector<std::string> key_order(std::string_view kind) {
  std::vector<std::string> out;
  const std::string prefix = std::string(kind) + ".";
  for (const std::string& k : io::scenario_keys())
    if (k.starts_with(prefix)) out.push_back(k.substr(prefix.size()));
  return out;
}

// ---------------------------------------------------------------------------------------------
// TOML text

/// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"') {
      out += "\\\"";
    } else if (ch == '\\') {
      out += "\\\\";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04X}", u);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

/// A float as TOML reads it back exactly (shortest round trip), always with a decimal part so
/// that it stays a float.
std::string toml_float(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string date_text(const toml::date& d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

/// A template value as TOML text, and as JSON for the page.
std::string literal_of(const toml::node& n) {
  if (n.is_integer()) return fmt::format("{}", n.as_integer()->get());
  if (n.is_floating_point()) return toml_float(n.as_floating_point()->get());
  if (n.is_boolean()) return n.as_boolean()->get() ? "true" : "false";
  if (n.is_string()) return toml_string(n.as_string()->get());
  if (n.is_date()) return date_text(n.as_date()->get());
  if (n.is_array()) {
    std::string out = "[";
    for (const toml::node& el : *n.as_array()) out += (out.size() > 1 ? ", " : "") + literal_of(el);
    return out + "]";
  }
  throw std::logic_error("lever template: a value of an unexpected TOML type");
}
json json_of(const toml::node& n) {
  if (n.is_integer()) return n.as_integer()->get();
  if (n.is_floating_point()) return n.as_floating_point()->get();
  if (n.is_boolean()) return n.as_boolean()->get();
  if (n.is_string()) return n.as_string()->get();
  if (n.is_date()) return date_text(n.as_date()->get());
  if (n.is_array()) {
    json out = json::array();
    for (const toml::node& el : *n.as_array()) out.push_back(json_of(el));
    return out;
  }
  throw std::logic_error("lever template: a value of an unexpected TOML type");
}

/// A request value as TOML text. Every kind of JSON scalar maps to the TOML value of the same
/// kind, so that the scenario loader judges it as it would in a file ("expected a whole number,
/// got a string"); a text that is a valid date becomes a TOML date.
std::string literal_of(const json& v, const std::string& key, bool nested = false) {
  switch (v.type()) {
    case json::value_t::number_integer:
      return fmt::format("{}", v.get<std::int64_t>());
    case json::value_t::number_unsigned: {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw RequestError(422, fmt::format("« {} » : nombre trop grand.", key), key);
      return fmt::format("{}", u);
    }
    case json::value_t::number_float:
      return toml_float(v.get<double>());
    case json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (s.size() > kMaxText)
        throw RequestError(
            422, fmt::format("« {} » : texte trop long ({} caractères au plus).", key, kMaxText),
            key);
      static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
      if (std::regex_match(s, kDate)) {
        try {
          return Date::parse(s).to_string();
        } catch (const std::exception&) {
          // Not a calendar date: the loader says so, naming the key.
        }
      }
      return toml_string(s);
    }
    case json::value_t::array: {
      if (nested)
        throw RequestError(
            422, fmt::format("« {} » : une liste ne peut pas contenir de liste.", key), key);
      if (v.size() > 64)
        throw RequestError(422, fmt::format("« {} » : liste trop longue.", key), key);
      std::string out = "[";
      for (const json& el : v) out += (out.size() > 1 ? ", " : "") + literal_of(el, key, true);
      return out + "]";
    }
    default:
      throw RequestError(
          422,
          fmt::format("« {} » : valeur d'un type non pris en charge (un nombre, un texte ou une "
                      "liste de textes est attendu).",
                      key),
          key);
  }
}

// ---------------------------------------------------------------------------------------------
// French messages

/// " (vouliez-vous dire « x » ?)" for the closest candidate, or "".
std::string did_you_mean_fr(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string m = closest_match(word, candidates);
  return m.empty() ? "" : fmt::format(" (vouliez-vous dire « {} » ?)", m);
}

std::string join_fr(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

/// "1.5" as "1,5".
std::string decimal_fr(std::string s) {
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

using Words = std::vector<std::pair<std::string_view, std::string_view>>;

/// The French of `what` in `words`, or `what` itself when it has none.
std::string translated(const std::string& what, const Words& words) {
  for (const auto& [en, fr] : words)
    if (what == en) return std::string(fr);
  return what;
}

/// The loader's words for what it expected, in French.
std::string expected_fr(const std::string& what) {
  static const Words kWords = {
      {"a whole number", "un nombre entier"},
      {"a share", "une part (un nombre de 0 à 1)"},
      {"a relative increase (0.05 = +5 %)", "une hausse relative (0,05 = +5 %)"},
      {"an amount in euros >= 0", "un montant en euros positif ou nul"},
      {"a number", "un nombre"},
      {"a string", "un texte"},
      {"a date (YYYY-MM-DD)", "une date (AAAA-MM-JJ)"},
      {"an array of strings", "une liste de textes"},
      {"strings in the array", "des textes dans la liste"},
      {"an array of dates", "une liste de dates"},
  };
  if (what.starts_with("a number (")) return "un nombre";
  return translated(what, kWords);
}

/// The loader's names of TOML types, in French.
std::string type_fr(const std::string& what) {
  static const Words kWords = {
      {"a table", "une table"},
      {"an array", "une liste"},
      {"a string", "un texte"},
      {"an integer", "un nombre entier"},
      {"a decimal number", "un nombre décimal"},
      {"a boolean", "un booléen (vrai ou faux)"},
      {"a date", "une date"},
      {"a time", "une heure"},
      {"a date-time", "une date et heure"},
      {"nothing", "rien"},
  };
  return translated(what, kWords);
}

/// " (did you mean 'x'?)" inside a loader message, as French.
std::string suggestion_fr(const std::string& text) {
  static const std::regex kMean(R"( \(did you mean '([^']*)'\?\))");
  std::smatch m;
  if (std::regex_search(text, m, kMean))
    return fmt::format(" (vouliez-vous dire « {} » ?)", m[1].str());
  return "";
}

// ---------------------------------------------------------------------------------------------
// Results

bool is_share(const IndicatorSpec& spec) {
  return spec.unit == "share";
}

json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json distribution_json(const Distribution& d, double scale = 1.0) {
  return {{"mean", number(scale * d.mean)},         {"q05", number(scale * d.q05)},
          {"q50", number(scale * d.q50)},           {"q95", number(scale * d.q95)},
          {"share_better", number(d.share_better)}, {"n", d.n}};
}

json shown_json(const analysis::ShownFigure& s) {
  return {{"value", s.value}, {"interval", s.interval}};
}

/// "Dans 9 futurs simulés sur 10, l'écart est compris entre +0,2 et +0,9 point." from the
/// report's own figures (analysis::show_difference).
std::string range_fr(const IndicatorSpec& spec, const Distribution& d) {
  if (analysis::no_difference(d))
    return "Aucun écart dans les futurs simulés : ce scénario ne change pas cet indicateur.";
  const analysis::ShownFigure s = analysis::show_difference(spec, d);
  // show_difference writes the interval "[lo ; hi]" with a narrow no-break space before ';'.
  const std::string sep = std::string(kNarrowNbsp) + "; ";
  const std::size_t at = s.interval.find(sep);
  if (s.interval.size() < 2 || s.interval.front() != '[' || s.interval.back() != ']' ||
      at == std::string::npos)
    return "";
  const std::string lo = s.interval.substr(1, at - 1);
  const std::string hi =
      s.interval.substr(at + sep.size(), s.interval.size() - at - sep.size() - 1);
  // The unit as the report writes it after the upper bound ("point", "points", "enfants").
  Distribution top = d;
  top.mean = d.q95;
  const std::string shown_top = analysis::show_difference(spec, top).value;
  const std::size_t unit_at = shown_top.rfind(kNbsp);
  const std::string unit =
      unit_at == std::string::npos ? "" : shown_top.substr(unit_at);  // with its no-break space
  return fmt::format("Dans 9 futurs simulés sur 10, l'écart est compris entre {} et {}{}.", lo, hi,
                     unit);
}

std::string axis_unit(const IndicatorSpec& spec) {
  if (is_share(spec)) return "écart en points";
  if (spec.unit == "children") return "écart en enfants";
  if (spec.unit == "persons") return "écart en personnes";
  return "écart en " + std::string(spec.unit);
}

/// One indicator: the difference for all QPVs in `range`, the levels, and for headlines the
/// difference per QPV and month by month.
json indicator_json(const analysis::Comparison& c, const IndicatorSpec& spec,
                    analysis::MonthRange range, bool headline) {
  const std::uint32_t all = c.all_qpvs();
  const double k = is_share(spec) ? 100.0 : 1.0;
  const Distribution d =
      analysis::distribution(analysis::paired_differences(c, 1, spec, all, range), spec.better);
  const Distribution base =
      analysis::distribution(analysis::indicator_values(c, 0, spec, all, range));
  const Distribution alt =
      analysis::distribution(analysis::indicator_values(c, 1, spec, all, range));
  const auto evidence = analysis::published_evidence(c.scenarios[1], spec);
  json out = {
      {"id", spec.id},
      {"label", spec.label_fr},
      {"unit", spec.unit},
      {"better", model::better_name(spec.better)},
      {"scale", k},
      {"axis", axis_unit(spec)},
      {"difference", distribution_json(d, k)},
      {"shown", shown_json(analysis::show_difference(spec, d))},
      {"no_difference", analysis::no_difference(d)},
      {"range_fr", range_fr(spec, d)},
      {"certainty_fr", analysis::no_difference(d) ? "" : analysis::certainty_fr(spec, d, evidence)},
      {"futures_fr", analysis::no_difference(d)
                         ? ""
                         : analysis::futures_short_fr(spec, d.share_better, evidence)},
      {"baseline", shown_json(analysis::show_level(spec, base))},
      {"scenario", shown_json(analysis::show_level(spec, alt))},
  };
  if (!headline) return out;
  json per_qpv = json::array();
  for (std::uint32_t q = 0; q < all; ++q) {
    const Distribution dq =
        analysis::distribution(analysis::paired_differences(c, 1, spec, q, range), spec.better);
    per_qpv.push_back(
        {{"code", c.qpv_codes.at(q)},
         {"difference", distribution_json(dq, k)},
         {"shown", shown_json(analysis::show_difference(spec, dq))},
         {"no_difference", analysis::no_difference(dq)},
         {"futures_fr", analysis::no_difference(dq)
                            ? ""
                            : analysis::futures_short_fr(spec, dq.share_better, evidence)}});
  }
  out["qpv"] = std::move(per_qpv);
  json months = {{"x", json::array()},
                 {"mean", json::array()},
                 {"q05", json::array()},
                 {"q95", json::array()}};
  const std::vector<Distribution> t = analysis::difference_trajectory(c, 1, spec, all);
  for (std::size_t m = 0; m < t.size(); ++m) {
    months["x"].push_back(c.months[m].year + (c.months[m].month - 1) / 12.0);
    months["mean"].push_back(number(k * t[m].mean));
    months["q05"].push_back(number(k * t[m].q05));
    months["q95"].push_back(number(k * t[m].q95));
  }
  out["months"] = std::move(months);
  return out;
}

json money_json(const Distribution& d) {
  return {{"mean", number(d.mean)},
          {"value", analysis::format_euros_fr(d.mean)},
          {"interval", std::isfinite(d.q05) && std::isfinite(d.q95)
                           ? fmt::format("[{}{}; {}]", analysis::format_euros_fr(d.q05),
                                         kNarrowNbsp, analysis::format_euros_fr(d.q95))
                           : std::string()}};
}

std::string lever_label_fr(std::string_view id) {
  const Lever* l = find_lever(id);
  return l ? std::string(l->label_fr()) : std::string(id);
}

json costs_json(const analysis::Comparison& c, int last_year) {
  const std::uint32_t all = c.all_qpvs();
  const analysis::ScenarioRun& run = c.scenarios.at(1);
  json levers_out = json::array();
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    const auto lever = static_cast<model::Lever>(l);
    const Distribution total =
        analysis::distribution(analysis::spending_euros(c, 1, all, 0, lever));
    const std::int64_t planned = run.record.planned_budget_cents[l];
    if (!(std::isfinite(total.mean) && total.mean != 0) && planned == 0) continue;
    levers_out.push_back(
        {{"lever", model::lever_name(lever)},
         {"label", lever_label_fr(model::lever_name(lever))},
         {"last_year", money_json(analysis::distribution(
                           analysis::spending_euros(c, 1, all, last_year, lever)))},
         {"total", money_json(total)},
         {"planned_per_year",
          planned > 0 ? json(analysis::format_euros_fr(static_cast<double>(planned) / 100.0))
                      : json(nullptr)}});
  }
  std::vector<double> extra = analysis::spending_euros(c, 1, all);
  const std::vector<double> base = analysis::spending_euros(c, 0, all);
  for (std::size_t r = 0; r < extra.size(); ++r) extra[r] -= base[r];

  json per_result = json::array();
  for (const analysis::Effect e : analysis::key_effects(run)) {
    const analysis::CostEffectiveness ce = analysis::cost_effectiveness(c, 1, e, all);
    const bool defined = ce.interval && std::isfinite(ce.euros_per_unit) && ce.extra_cost.mean > 0;
    const Distribution& g = ce.extra_effect;
    const int dec = std::isfinite(g.mean) && std::fabs(g.mean) >= 10 ? 0 : 1;
    const double shown =
        std::isfinite(g.mean) ? std::round(g.mean * std::pow(10, dec)) / std::pow(10, dec) : 0;
    per_result.push_back(
        {{"effect", analysis::effect_id(e)},
         {"label", analysis::effect_label_fr(e)},
         {"defined", defined},
         {"no_effect", analysis::no_difference(g)},
         {"value", defined ? analysis::format_euros_fr(ce.euros_per_unit) : std::string()},
         {"interval", defined ? fmt::format("[{}{}; {}]", analysis::format_euros_fr(ce.q05),
                                            kNarrowNbsp, analysis::format_euros_fr(ce.q95))
                              : std::string()},
         {"text",
          defined ? fmt::format("{} par {}", analysis::format_euros_fr(ce.euros_per_unit),
                                analysis::effect_label_fr(e))
          : analysis::no_difference(g)
              ? fmt::format("aucun effet sur les {}", analysis::effect_unit_fr(e, true))
              : fmt::format("coût par {} : effet trop incertain", analysis::effect_label_fr(e))},
         {"extra_effect", fmt::format("{}{}{}", analysis::format_fr(g.mean, dec, true), kNbsp,
                                      analysis::effect_unit_fr(e, std::fabs(shown) >= 2))}});
  }
  return {{"levers", std::move(levers_out)},
          {"extra_total", money_json(analysis::distribution(extra))},
          {"cost_per_result", std::move(per_result)}};
}

/// The indicators shown as headline cards: the first key indicator of each lever used (as the
/// report's headline card of a scenario with that lever alone), in the page's lever order.
std::vector<const IndicatorSpec*> headline_specs(const analysis::ScenarioRun& run) {
  std::vector<const IndicatorSpec*> out;
  for (const Lever& l : levers()) {
    const auto& kinds = run.record.intervention_kinds;
    if (std::find(kinds.begin(), kinds.end(), l.id) == kinds.end()) continue;
    analysis::ScenarioRun one;
    one.record.intervention_kinds = {std::string(l.id)};
    const IndicatorSpec* spec = analysis::key_indicators(one).front();
    if (std::find(out.begin(), out.end(), spec) == out.end()) out.push_back(spec);
  }
  if (out.empty()) out.push_back(analysis::key_indicators(run).front());
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string problem_fr(const std::string& problem) {
  std::smatch m;
  static const std::regex kBadDate(
      R"(^(not a calendar date: (.+)|expected a date YYYY-MM-DD, got (.+))$)");
  if (std::regex_match(problem, m, kBadDate)) {
    return fmt::format("date invalide : {} (format attendu : AAAA-MM-JJ)",
                       m[2].matched ? m[2].str() : m[3].str());
  }
  static const std::regex kRange(R"(^expected (.+) in \[([^,\]]+), ([^\]]+)\], got (.+)$)");
  if (std::regex_match(problem, m, kRange)) {
    return fmt::format("valeur hors des limites (attendu : {} de {} à {} ; reçu : {})",
                       expected_fr(m[1].str()), decimal_fr(m[2].str()), decimal_fr(m[3].str()),
                       decimal_fr(m[4].str()));
  }
  static const std::regex kType(R"(^expected (.+), got (.+)$)");
  if (std::regex_match(problem, m, kType)) {
    return fmt::format("type de valeur incorrect (attendu : {} ; reçu : {})",
                       expected_fr(m[1].str()), type_fr(m[2].str()));
  }
  static const std::regex kUnknownValue(
      R"re(^unknown (value|eligibility) "([^"]*)".*; expected one of: (.+)$)re");
  if (std::regex_match(problem, m, kUnknownValue)) {
    return fmt::format("valeur « {} » inconnue{} ; valeurs possibles : {}", m[2].str(),
                       suggestion_fr(problem), m[3].str());
  }
  static const std::regex kQpv(R"re(^unknown QPV code "([^"]*)".*$)re");
  if (std::regex_match(problem, m, kQpv)) {
    return fmt::format(
        "code de quartier « {} » inconnu{} ; codes possibles : ceux des 15 QPV du "
        "territoire",
        m[1].str(), suggestion_fr(problem));
  }
  static const std::regex kHorizon(R"(^date (\S+) is outside the run horizon (\S+) to (\S+)$)");
  if (std::regex_match(problem, m, kHorizon)) {
    return fmt::format("la date {} est hors de la période simulée (du {} au {})", m[1].str(),
                       m[2].str(), m[3].str());
  }
  static const std::regex kBefore(R"(^(\w+) (\S+) is before start (\S+)$)");
  if (std::regex_match(problem, m, kBefore)) {
    return fmt::format("la date {} est antérieure à la date de début {}", m[2].str(), m[3].str());
  }
  static const std::regex kMammography(R"(^mammography date is before the run start (\S+)$)");
  if (std::regex_match(problem, m, kMammography)) {
    return fmt::format("la date de la mammographie est antérieure au début de la simulation ({})",
                       m[1].str());
  }
  if (problem.starts_with("missing key: give places"))
    return "indiquez un nombre de places ou un budget annuel";
  if (problem.starts_with("missing key: the aid type"))
    return "indiquez le type d'aide (transit_pass, driving_licence ou car_rental)";
  if (problem.starts_with("missing key: the date the new places"))
    return "indiquez la date à laquelle toutes les nouvelles places sont ouvertes";
  if (problem.starts_with("give exactly one of increase"))
    return "indiquez soit une hausse relative (increase), soit un nombre de places (places)";
  if (problem.starts_with("give exactly one of passages_per_year"))
    return "indiquez soit un nombre de passages par an, soit un calendrier de dates";
  if (problem.starts_with("unknown key")) return "réglage inconnu" + suggestion_fr(problem);
  return "valeur refusée";
}

Workshop::Workshop() : baseline_(io::load_scenario(kBaselineFile)) {
  for (const Lever& l : levers()) {
    // The template must load as a scenario: its values are valid on their own.
    (void)io::load_scenario(std::string(l.file));
    const std::string text = io::read_text(std::string(l.file));
    const toml::table root = toml::parse(text, std::string(l.file));
    const toml::array* list = root["intervention"].as_array();
    if (list == nullptr) throw std::logic_error(std::string(l.file) + " has no [[intervention]]");
    const std::vector<std::string> order = key_order(l.id);
    for (const toml::node& el : *list) {
      const toml::table& tbl = *el.as_table();
      Template t{std::string(l.id), std::string(l.file), {}, json::object()};
      for (const std::string& key : order) {
        if (const toml::node* n = tbl.get(key)) {
          t.fields.emplace_back(key, literal_of(*n));
          t.values[key] = json_of(*n);
        }
      }
      templates_.push_back(std::move(t));
    }
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

const Workshop::Template* Workshop::find_template(const std::string& lever,
                                                  const std::string& aid) const {
  const Template* first = nullptr;
  for (const Template& t : templates_) {
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
  for (const Lever& l : levers()) {
    json options = json::array();
    for (const Template& tp : templates_)
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

ScenarioDraft Workshop::draft(const json& request) const {
  if (!request.is_object())
    throw RequestError(400,
                       "La requête doit être un objet JSON : {\"levers\": {…}, \"qpv\": […]}.");
  static const std::vector<std::string> kTop = {"client", "qpv", "levers"};
  for (const auto& [key, value] : request.items()) {
    if (std::find(kTop.begin(), kTop.end(), key) == kTop.end())
      throw RequestError(422,
                         fmt::format("Champ inconnu « {} »{} ; champs possibles : {}.", key,
                                     did_you_mean_fr(key, kTop), join_fr(kTop)),
                         key);
  }
  std::optional<std::string> qpv;  // the page's QPV selection, for every lever
  if (request.contains("qpv")) {
    const json& v = request["qpv"];
    if (v.is_array() && v.empty())
      throw RequestError(422, "Choisissez au moins un quartier.", "qpv");
    if (!(v.is_string() || v.is_array()))
      throw RequestError(422, "« qpv » : \"all\" ou une liste de codes de quartier est attendu.",
                         "qpv");
    qpv = literal_of(v, "qpv");
  }
  const json empty = json::object();
  const json& asked = request.contains("levers") ? request["levers"] : empty;
  if (!asked.is_object())
    throw RequestError(422, "« levers » : un objet est attendu, un réglage par levier.", "levers");
  std::vector<std::string> lever_ids;
  for (const Lever& l : levers()) lever_ids.emplace_back(l.id);
  for (const auto& [key, value] : asked.items()) {
    if (find_lever(key) == nullptr)
      throw RequestError(422,
                         fmt::format("Levier inconnu « {} »{} ; leviers possibles : {}.", key,
                                     did_you_mean_fr(key, lever_ids), join_fr(lever_ids)),
                         "levers." + key);
  }

  struct Table {
    const Template* from = nullptr;
    std::vector<std::pair<std::string, std::string>> fields;
    std::set<std::string> from_page;
    json values;
  };
  std::vector<Table> tables;
  ScenarioDraft draft;
  std::vector<std::string> summary;  // French, for the scenario's description
  for (const Lever& l : levers()) {
    if (!asked.contains(l.id)) continue;
    const json& spec = asked[std::string(l.id)];
    std::vector<const json*> items;
    if (spec.is_array() && l.id == "transport_aid") {
      if (spec.size() > 3)
        throw RequestError(422, "Aides à la mobilité : trois aides au plus (une par type d'aide).",
                           "transport_aid");
      for (const json& x : spec) items.push_back(&x);
    } else {
      items.push_back(&spec);
    }
    std::set<std::string> aids;
    for (const json* item : items) {
      const std::string where(l.id);
      if (!item->is_object())
        throw RequestError(422, fmt::format("{} : un objet de réglages est attendu.", l.label_fr()),
                           where);
      std::string aid;
      if (item->contains("aid") && (*item)["aid"].is_string())
        aid = (*item)["aid"].get<std::string>();
      if (l.id == "transport_aid" && !aid.empty() && !aids.insert(aid).second)
        throw RequestError(
            422, fmt::format("Aides à la mobilité : l'aide « {} » est donnée deux fois.", aid),
            where + ".aid");
      Table t;
      t.from = find_template(std::string(l.id), aid);
      t.fields = t.from->fields;
      t.values = t.from->values;
      auto set = [&](const std::string& key, const std::optional<std::string>& literal,
                     const json& value) {
        std::erase_if(t.fields, [&](const auto& f) { return f.first == key; });
        t.values.erase(key);
        if (literal) {
          t.fields.emplace_back(key, *literal);
          t.values[key] = value;
        }
        t.from_page.insert(key);
      };
      // The page gives places or a budget: either replaces both of the template's.
      if (item->contains("places") || item->contains("budget_eur_per_year")) {
        for (const char* k : {"places", "budget_eur_per_year"}) {
          if (l.id == "transport_aid" && !item->contains(k)) set(k, std::nullopt, nullptr);
        }
      }
      for (const auto& [key, value] : item->items()) {
        if (std::find(l.settable.begin(), l.settable.end(), key) == l.settable.end()) {
          throw RequestError(
              422,
              fmt::format(
                  "{} : « {} » n'est pas un réglage de la page{} ; réglages possibles : {}.",
                  l.label_fr(), key, did_you_mean_fr(key, l.settable), join_fr(l.settable)),
              where + "." + key);
        }
        if (key == "qpv" && value.is_array() && value.empty())
          throw RequestError(422, "Choisissez au moins un quartier.", where + ".qpv");
        if (value.is_null())
          set(key, std::nullopt, nullptr);
        else
          set(key, literal_of(value, where + "." + key), value);
      }
      if (qpv && !item->contains("qpv")) set("qpv", qpv, request["qpv"]);
      // Keys in the loader's order.
      const std::vector<std::string> order = key_order(l.id);
      std::stable_sort(t.fields.begin(), t.fields.end(), [&](const auto& a, const auto& b) {
        return std::find(order.begin(), order.end(), a.first) <
               std::find(order.begin(), order.end(), b.first);
      });
      draft.levers.emplace_back(l.id);
      std::string label(l.label_fr());
      if (t.values.contains("name") && t.values["name"].is_string())
        label += " — " + t.values["name"].get<std::string>();
      draft.labels.push_back(label);
      tables.push_back(std::move(t));
    }
    summary.emplace_back(l.label_fr());
  }

  // Lower case after the first word, as a French title reads.
  std::string names;
  for (std::size_t i = 0; i < summary.size(); ++i) {
    std::string s = summary[i];
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    names += (i == 0 ? "" : i + 1 == summary.size() ? " et " : ", ") + s;
  }
  std::string text = fmt::format(
      "# Scénario préparé en atelier avec la page de `qpvsim serve` (qpvsim {}).\n"
      "# A variant of the embedded Valenciennes baseline. Rerun it at full precision with\n"
      "#   qpvsim compare embedded:valenciennes/baseline.toml THIS_FILE.toml --report "
      "rapport.html\n"
      "# (or scenarios/valenciennes/baseline.toml in place of the embedded name). Values marked\n"
      "# \"from the page\" were set in the workshop; the others are those of the lever's scenario\n"
      "# file named above its table. Keys: scenarios/README.md.\n"
      "base = {}\n\n[scenario]\nname = {}\ndescription = {}\n",
      version(), toml_string(kBaselineFile),
      toml_string(summary.empty() ? "Essai en atelier : aucun levier"
                                  : "Essai en atelier : " + names),
      toml_string(
          summary.empty()
              ? "Situation de référence, sans nouvelle intervention (aucun levier activé)."
              : "Leviers réglés en atelier : " + names +
                    ". Les réglages de chaque levier sont dans ses tables [[intervention]]."));
  for (const Table& t : tables) {
    text += fmt::format("\n# {}\n[[intervention]]\n", t.from->file);
    for (const auto& [key, literal] : t.fields) {
      const std::string line = key + " = " + literal;
      text +=
          t.from_page.count(key) != 0 ? fmt::format("{:<40} # from the page\n", line) : line + "\n";
    }
  }
  draft.toml = std::move(text);
  return draft;
}

io::Scenario Workshop::load(const ScenarioDraft& draft) const {
  try {
    io::Scenario s = io::load_scenario_text(draft.toml, kWorkshopOrigin);
    analysis::check_comparable({baseline_, s});
    return s;
  } catch (const InputError& e) {
    // "intervention[2].passages_per_year" -> the lever of table 2 and its key.
    static const std::regex kKey(R"(^intervention\[(\d+)\]\.(\w+)$)");
    std::smatch m;
    std::string key = e.key(), where = "Scénario";
    if (std::regex_match(e.key(), m, kKey)) {
      const auto index = static_cast<std::size_t>(std::stoul(m[1].str()));
      if (index < draft.levers.size()) {
        key = draft.levers[index] + "." + m[2].str();
        where = draft.labels[index];
      }
    }
    const std::string leaf = key.substr(key.rfind('.') + 1);
    throw RequestError(
        422,
        fmt::format("{} : « {} » — {}.", where, leaf.empty() ? key : leaf, problem_fr(e.problem())),
        key, e.problem());
  }
}

json Workshop::results(const analysis::Comparison& c) const {
  if (c.scenarios.size() != 2)
    throw std::logic_error("workshop results: expected the baseline and one scenario");
  const int last_year = c.months.back().year;
  const analysis::MonthRange last = analysis::months_of_year(c, last_year);
  const std::vector<const IndicatorSpec*> heads = headline_specs(c.scenarios[1]);
  json headlines = json::array(), others = json::array();
  for (const IndicatorSpec* spec : heads) headlines.push_back(indicator_json(c, *spec, last, true));
  for (const IndicatorSpec* spec : analysis::key_indicators(c.scenarios[1])) {
    if (std::find(heads.begin(), heads.end(), spec) == heads.end())
      others.push_back(indicator_json(c, *spec, last, false));
  }
  json qpv = json::array();
  for (std::uint32_t q = 0; q < c.all_qpvs(); ++q) {
    qpv.push_back({{"code", c.qpv_codes[q]}, {"label", analysis::qpv_label(c, q)}});
  }
  const int first_year = c.months.front().year;
  return {
      {"replicates", c.replicates},
      {"seed", c.seed},
      {"year", last_year},
      {"horizon", first_year == last_year ? std::to_string(first_year)
                                          : fmt::format("{}-{}", first_year, last_year)},
      {"scenario",
       {{"name", c.scenarios[1].record.name}, {"description", c.scenarios[1].record.description}}},
      {"qpv", std::move(qpv)},
      {"headlines", std::move(headlines)},
      {"indicators", std::move(others)},
      {"costs", costs_json(c, last_year)}};
}

}  // namespace qpv::serve
