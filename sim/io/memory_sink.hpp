// An in-memory ResultSink for tests: everything written is kept in maps by path.
#pragma once

#include <map>

#include "sim/io/result_sink.hpp"

namespace qpv::io {

class MemorySink final : public ResultSink {
 public:
  struct Doubles {
    std::vector<std::size_t> shape;
    std::vector<double> values;
    std::vector<Attribute> attrs;
  };
  struct Integers {
    std::vector<std::size_t> shape;
    std::vector<std::int64_t> values;
    std::vector<Attribute> attrs;
  };
  struct Strings {
    std::vector<std::string> values;
    std::vector<Attribute> attrs;
  };

  void attribute(const std::string& group, const Attribute& attr) override {
    attributes[group].push_back(attr);
  }
  void doubles(const std::string& path, const std::vector<std::size_t>& shape,
               const std::vector<double>& values, const std::vector<Attribute>& attrs) override {
    double_sets[path] = {shape, values, attrs};
  }
  void integers(const std::string& path, const std::vector<std::size_t>& shape,
                const std::vector<std::int64_t>& values,
                const std::vector<Attribute>& attrs) override {
    integer_sets[path] = {shape, values, attrs};
  }
  void strings(const std::string& path, const std::vector<std::string>& values,
               const std::vector<Attribute>& attrs) override {
    string_sets[path] = {values, attrs};
  }
  void scale(const std::string& path) override { scales.push_back(path); }
  void dimensions(const std::string& path, const std::vector<std::string>& axes) override {
    dimension_lists[path] = axes;
  }
  void commit() override { committed = true; }

  std::map<std::string, std::vector<Attribute>> attributes;
  std::map<std::string, Doubles> double_sets;
  std::map<std::string, Integers> integer_sets;
  std::map<std::string, Strings> string_sets;
  std::vector<std::string> scales;                                  ///< in the order made
  std::map<std::string, std::vector<std::string>> dimension_lists;  ///< dataset -> its scales
  bool committed = false;
};

}  // namespace qpv::io
