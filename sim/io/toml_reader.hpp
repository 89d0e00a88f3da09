// Reading validated values out of TOML files (scenarios, calibration settings): every value
// keeps the file, line and column it came from, unknown keys are refused with a "did you
// mean", and a value of the wrong type or out of range raises an InputError naming the file,
// line and key and saying what was expected.
#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/money.hpp"
#include "sim/core/time.hpp"

namespace qpv::io {

/// The keys a table accepts.
using Keys = std::vector<std::string>;

/// Every key of `tables` (table name, its keys) as "table.key", or "key" for the top table
/// (named ""): what a documentation test checks is documented.
inline std::vector<std::string> dotted_keys(
    const std::vector<std::pair<std::string, Keys>>& tables) {
  std::vector<std::string> out;
  for (const auto& [table, keys] : tables)
    for (const auto& key : keys) out.push_back(table.empty() ? key : table + "." + key);
  return out;
}

/// A value with where it was set.
template <class T>
struct Sourced {
  T value;
  Origin origin;
  std::string key;  ///< full dotted key, for errors found after all files are read
};

/// The position of a TOML node in its file.
inline Origin origin_of(const std::string& file, const toml::source_region& s) {
  return Origin{file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)};
}

inline std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a decimal number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

/// Reads typed values out of one table of one file, rejecting unknown keys.
class Reader {
 public:
  Reader(std::string file, const toml::table& table, std::string prefix)
      : file_(std::move(file)), table_(table), prefix_(std::move(prefix)) {}

  void allow_only(const Keys& keys) const {
    for (auto&& [k, node] : table_) {
      const std::string key(k.str());
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        throw InputError(
            origin_of(file_, k.source()), full(key),
            "unknown key" + did_you_mean(key, keys) + "; expected one of: " + join(keys));
      }
    }
  }

  const toml::node* find(std::string_view key) const { return table_.get(key); }
  Origin where(std::string_view key) const {
    const toml::node* n = find(key);
    return n ? origin_of(file_, n->source()) : origin_of(file_, table_.source());
  }
  std::string full(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const {
    throw InputError(where(key), full(key), problem);
  }

  std::optional<Sourced<std::string>> string(std::string_view key) const {
    const toml::node* n = find(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) fail(key, "expected a string, got " + type_name(*n));
    return Sourced<std::string>{n->as_string()->get(), where(key), full(key)};
  }

  std::optional<Sourced<std::string>> choice(std::string_view key,
                                             const std::vector<std::string>& options) const {
    auto s = string(key);
    if (s && std::find(options.begin(), options.end(), s->value) == options.end()) {
      fail(key, "unknown value \"" + s->value + "\"" + did_you_mean(s->value, options) +
                    "; expected one of: " + join(options));
    }
    return s;
  }

  std::optional<Sourced<std::int64_t>> integer(std::string_view key, std::int64_t min,
                                               std::int64_t max) const {
    const toml::node* n = find(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) fail(key, "expected a whole number, got " + type_name(*n));
    const std::int64_t v = n->as_integer()->get();
    if (v < min || v > max)
      fail(key, "expected a whole number in [" + std::to_string(min) + ", " + std::to_string(max) +
                    "], got " + std::to_string(v));
    return Sourced<std::int64_t>{v, where(key), full(key)};
  }

  std::optional<Sourced<double>> number(std::string_view key, double min, double max,
                                        std::string_view what = "a number") const {
    const toml::node* n = find(key);
    if (!n) return std::nullopt;
    double v = 0;
    if (n->is_integer())
      v = static_cast<double>(n->as_integer()->get());
    else if (n->is_floating_point())
      v = n->as_floating_point()->get();
    else
      fail(key, "expected " + std::string(what) + ", got " + type_name(*n));
    if (!(v >= min && v <= max))
      fail(key, "expected " + std::string(what) + " in [" + fmt_num(min) + ", " + fmt_num(max) +
                    "], got " + fmt_num(v));
    return Sourced<double>{v, where(key), full(key)};
  }
  std::optional<Sourced<double>> share(std::string_view key) const {
    return number(key, 0.0, 1.0, "a share");
  }
  /// The cost of one unit (a place-year, a passage...), in euros: 0 to kMaxUnitCostEur.
  std::optional<Sourced<double>> unit_cost(std::string_view key) const {
    return number(key, 0.0, kMaxUnitCostEur, "an amount in euros per unit");
  }
  /// A yearly budget or envelope, in euros a year: 0 to kMaxBudgetEur.
  std::optional<Sourced<double>> budget(std::string_view key) const {
    return number(key, 0.0, kMaxBudgetEur, "an amount in euros a year");
  }

  /// A date (TOML date or "YYYY-MM-DD") of the years kMinInputYear to kMaxInputYear.
  static Sourced<Date> date_of(const std::string& file, const toml::node& n,
                               const std::string& key) {
    const Origin o = origin_of(file, n.source());
    if (!n.is_date() && !n.is_string())
      throw InputError(o, key, "expected a date (YYYY-MM-DD), got " + type_name(n));
    Date date;
    try {
      if (n.is_date()) {
        const toml::date d = n.as_date()->get();
        date = Date::make(d.year, d.month, d.day);
      } else {
        date = Date::parse(n.as_string()->get());
      }
    } catch (const std::exception& e) {
      throw InputError(o, key, e.what());
    }
    if (date.year < kMinInputYear || date.year > kMaxInputYear)
      throw InputError(o, key,
                       "expected a date of the years " + std::to_string(kMinInputYear) + " to " +
                           std::to_string(kMaxInputYear) + ", got " + date.to_string());
    return {date, o, key};
  }
  std::optional<Sourced<Date>> date(std::string_view key) const {
    const toml::node* n = find(key);
    if (!n) return std::nullopt;
    return date_of(file_, *n, full(key));
  }

  /// An array of strings (a single string is accepted as a one-element array).
  std::optional<std::vector<Sourced<std::string>>> strings(std::string_view key) const {
    const toml::node* n = find(key);
    if (!n) return std::nullopt;
    std::vector<Sourced<std::string>> out;
    if (n->is_string()) {
      out.push_back({n->as_string()->get(), where(key), full(key)});
      return out;
    }
    if (!n->is_array()) fail(key, "expected an array of strings, got " + type_name(*n));
    for (const toml::node& el : *n->as_array()) {
      if (!el.is_string())
        throw InputError(origin_of(file_, el.source()), full(key),
                         "expected strings in the array, got " + type_name(el));
      out.push_back({el.as_string()->get(), origin_of(file_, el.source()), full(key)});
    }
    return out;
  }

  const std::string& file() const { return file_; }

 private:
  static std::string fmt_num(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  std::string file_;
  const toml::table& table_;
  std::string prefix_;
};

inline const toml::table& sub_table(const std::string& file, const toml::node& n,
                                    const std::string& key) {
  if (!n.is_table())
    throw InputError(origin_of(file, n.source()), key,
                     "expected a table [" + key + "], got " + type_name(n));
  return *n.as_table();
}

/// `qpv = "all"` or a list of codes; codes are checked once the territory is known.

/// Parses a whole TOML text; malformed TOML raises an InputError with the file and line.
inline toml::table parse_file(const std::string& file, const std::string& text) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError(origin_of(file, e.source()), "",
                     "malformed TOML: " + std::string(e.description()));
  }
}

}  // namespace qpv::io
