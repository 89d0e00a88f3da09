#include "sim/io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qpv::io {
namespace {

std::vector<std::string> split_line(const std::string& file, int line_no, const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) throw InputError(Origin{file, line_no}, "", "unclosed double quote");
  fields.push_back(std::move(field));
  return fields;
}

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

}  // namespace

CsvTable::CsvTable(const std::string& file, const std::string& text) : file_(file) {
  std::size_t pos = 0;
  int line_no = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM
    if (trim(line).empty() || line.starts_with('#')) continue;
    auto fields = split_line(file, line_no, line);
    for (auto& f : fields) f = trim(f);
    if (header_.empty()) {
      header_ = std::move(fields);
      header_line_ = line_no;
      continue;
    }
    // A row of the wrong width is reported by require_columns(), after the header: a column
    // missing from the header is the likelier mistake and the clearer message.
    if (fields.size() != header_.size() && !bad_width_) bad_width_ = CsvRow{line_no, fields};
    rows_.push_back(CsvRow{line_no, std::move(fields)});
  }
  if (header_.empty()) throw InputError(Origin{file, 1}, "", "the file has no header line");
}

void CsvTable::require_columns(const std::vector<std::string>& required) const {
  for (const auto& column : required) {
    if (std::find(header_.begin(), header_.end(), column) == header_.end()) {
      std::vector<std::string> extra;
      for (const auto& h : header_) {
        if (std::find(required.begin(), required.end(), h) == required.end()) extra.push_back(h);
      }
      const std::string typo = closest_match(column, extra);
      throw InputError(
          Origin{file_, header_line_}, column,
          "missing column" +
              (typo.empty() ? std::string() : " (is '" + typo + "' a misspelling of it?)") +
              " (the header must list " +
              [&] {
                std::string all;
                for (const auto& c : required) all += (all.empty() ? "" : ",") + c;
                return all;
              }() +
              ")");
    }
  }
  for (const auto& column : header_) {
    if (std::find(required.begin(), required.end(), column) == required.end()) {
      throw InputError(Origin{file_, header_line_}, column,
                       "unknown column" + did_you_mean(column, required));
    }
  }
  if (bad_width_) {
    throw InputError(Origin{file_, bad_width_->line}, "",
                     "expected " + std::to_string(header_.size()) + " fields (" +
                         std::to_string(header_.size()) + " columns in the header), found " +
                         std::to_string(bad_width_->fields.size()));
  }
}

const std::string& CsvTable::at(const CsvRow& row, const std::string& column) const {
  const auto it = std::find(header_.begin(), header_.end(), column);
  return row.fields[static_cast<std::size_t>(it - header_.begin())];
}

double CsvTable::number(const CsvRow& row, const std::string& column) const {
  const std::string& text = at(row, column);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    throw InputError(origin(row), column, "expected a number, got \"" + text + "\"");
  }
  return v;
}

double CsvTable::share(const CsvRow& row, const std::string& column) const {
  const double v = number(row, column);
  const std::string& text = at(row, column);
  if (v < 0 || v > 1) {
    throw InputError(origin(row), column, "expected a share in [0, 1], got " + text);
  }
  return v;
}

std::int64_t CsvTable::count(const CsvRow& row, const std::string& column, std::int64_t max,
                             const std::string& what) const {
  const std::string& text = at(row, column);
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    throw InputError(origin(row), column, "expected a whole number, got \"" + text + "\"");
  }
  if (v < 0) throw InputError(origin(row), column, "expected a count >= 0, got " + text);
  if (v > max)
    throw InputError(origin(row), column,
                     "expected at most " + std::to_string(max) + " (" + what + "), got " + text);
  return v;
}

}  // namespace qpv::io
