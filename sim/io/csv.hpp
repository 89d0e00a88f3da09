// A small CSV reader for the territory files: comma-separated, UTF-8, a header line, fields
// optionally double-quoted ("" for a quote inside), lines starting with '#' and blank lines
// ignored. Every row remembers its line number for error messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace qpv::io {

struct CsvRow {
  int line = 0;
  std::vector<std::string> fields;
};

class CsvTable {
 public:
  /// Parses `text`; `file` names it in errors. Throws InputError on a malformed line (unclosed
  /// quote, wrong number of fields) naming the line.
  CsvTable(const std::string& file, const std::string& text);
  /// Checks that every column in `required` is present; throws InputError naming the missing
  /// column and the header line otherwise. Unknown columns are an error too (with a suggestion),
  /// and so is a row whose number of fields differs from the header's. Call it before reading.
  void require_columns(const std::vector<std::string>& required) const;

  const std::vector<CsvRow>& rows() const { return rows_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::string& file() const { return file_; }
  /// The value of `column` in `row` (the column must exist).
  const std::string& at(const CsvRow& row, const std::string& column) const;
  Origin origin(const CsvRow& row) const { return Origin{file_, row.line}; }

  /// Field parsers: throw InputError naming file, line and column.
  double share(const CsvRow& row, const std::string& column) const;
  double number(const CsvRow& row, const std::string& column) const;  ///< any finite number
  /// A whole number in [0, max]; `what` says what max is ("residents of the QPV").
  std::int64_t count(const CsvRow& row, const std::string& column, std::int64_t max = INT64_MAX,
                     const std::string& what = "") const;

 private:
  std::string file_;
  int header_line_ = 0;
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
  std::optional<CsvRow> bad_width_;  ///< the first row whose width differs from the header's
};

}  // namespace qpv::io
