#include "sim/io/netcdf_axes.hpp"

#include <array>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace qpv::io {
namespace {

// What results files count: a count is a number, "1" in UDUNITS (persons are not a unit).
constexpr std::array<std::string_view, 9> kCountNouns = {"persons",  "households", "children",
                                                         "places",   "events",     "offers",
                                                         "passages", "births",     "employees"};

bool is_count_noun(std::string_view word) {
  for (std::string_view noun : kCountNouns)
    if (word == noun) return true;
  return false;
}

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "" : path.substr(0, slash);
}

void write_month(ResultSink& sink, const std::string& path, const Axes& a) {
  std::vector<std::int64_t> days;
  days.reserve(a.months.size());
  for (const Date& d : a.months) days.push_back(d.days_since_epoch() - a.origin.days_since_epoch());
  sink.integers(path, {days.size()}, days,
                {{"units", "days since " + a.origin.to_string()},
                 {"calendar", std::string("standard")},
                 {"long_name", std::string("mois (son premier jour)")},
                 {"description", std::string("stocks on the first day of the month; flows "
                                             "during the month (YYYYMM: /time/month)")}});
}

}  // namespace

Axes make_axes(std::size_t replicates, std::vector<std::string> qpv_codes,
               std::vector<std::string> qpv_names, std::vector<Date> months,
               const std::string& start, std::size_t years, int first_year) {
  Axes a;
  a.replicates = replicates;
  a.qpv_codes = std::move(qpv_codes);
  a.qpv_names = std::move(qpv_names);
  a.months = std::move(months);
  try {
    a.origin = Date::parse(start);
  } catch (const std::invalid_argument&) {
    if (!a.months.empty()) a.origin = a.months.front();
  }
  for (std::size_t y = 0; y < years; ++y) a.years.push_back(first_year + static_cast<int>(y));
  return a;
}

void write_coordinates(ResultSink& sink, const std::string& group, const Axes& a,
                       std::initializer_list<Axis> which) {
  for (const Axis axis : which) {
    switch (axis) {
      case Axis::replicate:
        write_index_coordinate(sink, group + "/replicate", a.replicates,
                               "futur simulé (réplication)");
        break;
      case Axis::qpv:
      case Axis::each_qpv: {
        const std::size_t n = a.qpv_codes.size() - (axis == Axis::each_qpv ? 1 : 0);
        const std::vector<std::string> codes(a.qpv_codes.begin(), a.qpv_codes.begin() + n);
        const std::vector<std::string> names(a.qpv_names.begin(), a.qpv_names.begin() + n);
        sink.strings(
            group + "/qpv", codes,
            {{"long_name", std::string(axis == Axis::qpv ? "code du QPV (ALL : ensemble des QPV)"
                                                         : "code du QPV")}});
        make_coordinate(sink, group + "/qpv");
        sink.strings(group + "/qpv_name", names, {{"long_name", std::string("nom du QPV")}});
        attach(sink, group + "/qpv_name", {"qpv"});
        break;
      }
      case Axis::month:
        write_month(sink, group + "/month", a);
        make_coordinate(sink, group + "/month");
        break;
      case Axis::year:
        sink.integers(group + "/year", {a.years.size()}, a.years, cf_attributes("1", "année"));
        make_coordinate(sink, group + "/year");
        break;
    }
  }
}

void write_time(ResultSink& sink, const std::string& prefix, const Axes& axes) {
  std::vector<std::int64_t> months;
  for (const auto& d : axes.months) months.push_back(d.yyyymm());
  sink.integers(
      prefix + "/time/month", {months.size()}, months,
      with_cf({{"unit", std::string("YYYYMM")},
               {"description", std::string("stocks on the first day of the month; flows during the "
                                           "month")}},
              "1", "mois (AAAAMM)"));
  make_coordinate(sink, prefix + "/time/month");
  sink.integers(prefix + "/time/year", {axes.years.size()}, axes.years,
                with_cf({{"unit", std::string("calendar year")}}, "1", "année"));
  make_coordinate(sink, prefix + "/time/year");
}

void attach(ResultSink& sink, const std::string& path, const std::vector<std::string_view>& dims) {
  const std::string group = parent_of(path);
  std::vector<std::string> scales;
  for (std::string_view d : dims) scales.push_back(group + "/" + std::string(d));
  sink.dimensions(path, scales);
}

void describe(ResultSink& sink, const std::string& path, std::string_view unit,
              const std::string& long_name, const std::vector<std::string_view>& dims) {
  if (!unit.empty()) sink.attribute(path, {"units", udunits(unit)});
  sink.attribute(path, {"long_name", long_name});
  if (!dims.empty()) attach(sink, path, dims);
}

void write_index_coordinate(ResultSink& sink, const std::string& path, std::size_t n,
                            const std::string& long_name) {
  std::vector<std::int64_t> ids(n);
  std::iota(ids.begin(), ids.end(), std::int64_t{0});
  sink.integers(path, {n}, ids, cf_attributes("1", long_name));
  make_coordinate(sink, path);
}

void make_coordinate(ResultSink& sink, const std::string& path) {
  sink.scale(path);
}

std::string udunits(std::string_view unit) {
  if (unit == "share" || is_count_noun(unit)) return "1";
  constexpr std::string_view kPerMonth = " per month";
  if (unit.size() > kPerMonth.size() && unit.ends_with(kPerMonth) &&
      is_count_noun(unit.substr(0, unit.size() - kPerMonth.size())))
    return "1/month";
  return std::string(unit);
}

std::vector<Attribute> cf_attributes(std::string_view unit, std::string long_name) {
  return {{"units", udunits(unit)}, {"long_name", std::move(long_name)}};
}

std::vector<Attribute> with_cf(std::vector<Attribute> attrs, std::string_view unit,
                               std::string long_name) {
  for (Attribute& a : cf_attributes(unit, std::move(long_name))) attrs.push_back(std::move(a));
  return attrs;
}

}  // namespace qpv::io
