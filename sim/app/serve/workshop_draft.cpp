// Workshop::scenario_text: the page's JSON request -> the text of a scenario file, a variant of
// the embedded baseline with the lever templates' [[intervention]] tables and the page's values
// in place of theirs. Also reads the lever templates as TOML text.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <regex>
#include <set>

#include "sim/app/serve/workshop.hpp"
#include "sim/core/error.hpp"
#include "sim/core/time.hpp"
#include "sim/core/version.hpp"
#include "sim/io/embedded.hpp"

namespace qpv::app::serve {

namespace {

using nlohmann::json;

/// Longest text value a request may give (aid types, dates, QPV codes are far shorter).
constexpr std::size_t kMaxText = 200;

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
// The request

/// A page request checked at its top level, before any lever's settings.
struct LeverRequest {
  /// The page's QPV selection for every lever, as TOML text (none: each template's own).
  std::optional<std::string> qpv;
  json qpv_value;  ///< the same selection, as the page sent it
  /// The settings of each lever asked for, by lever id (each checked by intervention_table).
  json levers = json::object();
};

/// The request's top level: an object with known fields, a QPV selection, known levers.
LeverRequest parse_request(const json& request) {
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
  LeverRequest out;
  if (request.contains("qpv")) {
    const json& v = request["qpv"];
    if (v.is_array() && v.empty())
      throw RequestError(422, "Choisissez au moins un quartier.", "qpv");
    if (!(v.is_string() || v.is_array()))
      throw RequestError(422, "« qpv » : \"all\" ou une liste de codes de quartier est attendu.",
                         "qpv");
    out.qpv = literal_of(v, "qpv");
    out.qpv_value = v;
  }
  if (request.contains("levers")) out.levers = request["levers"];
  if (!out.levers.is_object())
    throw RequestError(422, "« levers » : un objet est attendu, un réglage par levier.", "levers");
  std::vector<std::string> lever_ids;
  for (const PageLever& l : page_levers()) lever_ids.emplace_back(l.id);
  for (const auto& [key, value] : out.levers.items()) {
    if (find_page_lever(key) == nullptr)
      throw RequestError(422,
                         fmt::format("Levier inconnu « {} »{} ; leviers possibles : {}.", key,
                                     did_you_mean_fr(key, lever_ids), join_fr(lever_ids)),
                         "levers." + key);
  }
  return out;
}

/// The settings objects of a lever in the request: one, or for transport aid a list of up to
/// three (one per aid type).
std::vector<const json*> lever_items(const PageLever& l, const json& spec) {
  std::vector<const json*> items;
  if (spec.is_array() && l.id == "transport_aid") {
    if (spec.size() > 3)
      throw RequestError(422, "Aides à la mobilité : trois aides au plus (une par type d'aide).",
                         "transport_aid");
    for (const json& x : spec) items.push_back(&x);
  } else {
    items.push_back(&spec);
  }
  return items;
}

/// The aid type a settings object names ("" if none). @throws RequestError if it is not an
/// object, or for transport aid if an earlier object of the lever (in `aids`) named the same.
std::string item_aid(const PageLever& l, const json& item, std::set<std::string>& aids) {
  const std::string where(l.id);
  if (!item.is_object())
    throw RequestError(422, fmt::format("{} : un objet de réglages est attendu.", l.label_fr()),
                       where);
  std::string aid;
  if (item.contains("aid") && item["aid"].is_string()) aid = item["aid"].get<std::string>();
  if (l.id == "transport_aid" && !aid.empty() && !aids.insert(aid).second)
    throw RequestError(
        422, fmt::format("Aides à la mobilité : l'aide « {} » est donnée deux fois.", aid),
        where + ".aid");
  return aid;
}

// ---------------------------------------------------------------------------------------------
// The scenario file

/// One [[intervention]] table of the scenario file: a lever template's values, with the page's
/// in place of theirs.
struct InterventionTable {
  const LeverTemplate* from = nullptr;
  std::vector<std::pair<std::string, std::string>> fields;  ///< key and value as TOML text
  std::set<std::string> from_page;                          ///< the keys the page set
  json values;                                              ///< the same values as JSON

  /// Sets `key` to the page's value, or removes it when there is no `literal`.
  void set(const std::string& key, const std::optional<std::string>& literal, const json& value) {
    std::erase_if(fields, [&](const auto& f) { return f.first == key; });
    values.erase(key);
    if (literal) {
      fields.emplace_back(key, *literal);
      values[key] = value;
    }
    from_page.insert(key);
  }
};

/// The table of one settings object `item` of lever `l`: the template's values with the item's
/// and the request's QPV selection in place of theirs, in the loader's order.
InterventionTable intervention_table(const PageLever& l, const json& item,
                                     const LeverTemplate& from, const LeverRequest& request) {
  const std::string where(l.id);
  InterventionTable t{&from, from.fields, {}, from.values};
  // The page gives places or a budget: either replaces both of the template's.
  if (item.contains("places") || item.contains("budget_eur_per_year")) {
    for (const char* k : {"places", "budget_eur_per_year"}) {
      if (l.id == "transport_aid" && !item.contains(k)) t.set(k, std::nullopt, nullptr);
    }
  }
  for (const auto& [key, value] : item.items()) {
    if (std::find(l.settable.begin(), l.settable.end(), key) == l.settable.end()) {
      throw RequestError(
          422,
          fmt::format("{} : « {} » n'est pas un réglage de la page{} ; réglages possibles : {}.",
                      l.label_fr(), key, did_you_mean_fr(key, l.settable), join_fr(l.settable)),
          where + "." + key);
    }
    if (key == "qpv" && value.is_array() && value.empty())
      throw RequestError(422, "Choisissez au moins un quartier.", where + ".qpv");
    if (value.is_null())
      t.set(key, std::nullopt, nullptr);
    else
      t.set(key, literal_of(value, where + "." + key), value);
  }
  if (request.qpv && !item.contains("qpv")) t.set("qpv", request.qpv, request.qpv_value);
  // Keys in the loader's order.
  const std::vector<std::string> order = key_order(l.id);
  std::stable_sort(t.fields.begin(), t.fields.end(), [&](const auto& a, const auto& b) {
    return std::find(order.begin(), order.end(), a.first) <
           std::find(order.begin(), order.end(), b.first);
  });
  return t;
}

/// The French label of a table: the lever's, and the template's name if it has one.
std::string table_label(const PageLever& l, const InterventionTable& t) {
  std::string label(l.label_fr());
  if (t.values.contains("name") && t.values["name"].is_string())
    label += " — " + t.values["name"].get<std::string>();
  return label;
}

/// The scenario file's comment, base and [scenario] table, naming the levers used (`summary`,
/// their French labels).
std::string scenario_header(const std::vector<std::string>& summary) {
  // Lower case after the first word, as a French title reads.
  std::string names;
  for (std::size_t i = 0; i < summary.size(); ++i) {
    std::string s = summary[i];
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    names += (i == 0 ? "" : i + 1 == summary.size() ? " et " : ", ") + s;
  }
  return fmt::format(
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
}

/// A table as TOML, after a comment naming its template; the page's values are marked.
std::string table_text(const InterventionTable& t) {
  std::string text = fmt::format("\n# {}\n[[intervention]]\n", t.from->file);
  for (const auto& [key, literal] : t.fields) {
    const std::string line = key + " = " + literal;
    text +=
        t.from_page.count(key) != 0 ? fmt::format("{:<40} # from the page\n", line) : line + "\n";
  }
  return text;
}

}  // namespace

std::vector<LeverTemplate> read_lever_templates(const PageLever& l) {
  // The template must load as a scenario: its values are valid on their own.
  (void)io::load_scenario(std::string(l.file));
  const std::string text = io::read_text(std::string(l.file));
  const toml::table root = toml::parse(text, std::string(l.file));
  const toml::array* list = root["intervention"].as_array();
  if (list == nullptr) throw std::logic_error(std::string(l.file) + " has no [[intervention]]");
  const std::vector<std::string> order = key_order(l.id);
  std::vector<LeverTemplate> out;
  for (const toml::node& el : *list) {
    const toml::table& tbl = *el.as_table();
    LeverTemplate t{std::string(l.id), std::string(l.file), {}, json::object()};
    for (const std::string& key : order) {
      if (const toml::node* n = tbl.get(key)) {
        t.fields.emplace_back(key, literal_of(*n));
        t.values[key] = json_of(*n);
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

ScenarioText Workshop::scenario_text(const json& request) const {
  const LeverRequest asked = parse_request(request);
  std::vector<InterventionTable> tables;
  ScenarioText out;
  std::vector<std::string> summary;  // French, for the scenario's description
  for (const PageLever& l : page_levers()) {
    if (!asked.levers.contains(l.id)) continue;
    std::set<std::string> aids;
    for (const json* item : lever_items(l, asked.levers[std::string(l.id)])) {
      const std::string aid = item_aid(l, *item, aids);
      const LeverTemplate& from = *find_template(std::string(l.id), aid);
      InterventionTable t = intervention_table(l, *item, from, asked);
      out.levers.emplace_back(l.id);
      out.labels.push_back(table_label(l, t));
      tables.push_back(std::move(t));
    }
    summary.emplace_back(l.label_fr());
  }
  out.toml = scenario_header(summary);
  for (const InterventionTable& t : tables) out.toml += table_text(t);
  return out;
}

}  // namespace qpv::app::serve
