#include "analysis/export_csv.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "sim/core/error.hpp"
#include "sim/io/files.hpp"

namespace qpv::analysis {
namespace {

namespace fs = std::filesystem;

/// A CSV file written to "<name>.tmp-<pid>" and renamed over `path` by commit(). The path is
/// checked and the temporaries of killed exports removed first (io::prepare_output).
class CsvFile {
 public:
  CsvFile(fs::path path, const std::vector<std::string>& header)
      : path_(prepared(std::move(path))),
        temp_(path_.string() + ".tmp-" + std::to_string(::getpid())),
        out_(temp_, std::ios::binary | std::ios::trunc) {
    if (!out_) throw OutputError(fmt::format("{}: cannot create the file", path_.string()));
    row(header);
  }
  ~CsvFile() {
    if (!committed_) {
      std::error_code ec;
      fs::remove(temp_, ec);
    }
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  void row(const std::vector<std::string>& fields) {
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (k > 0) out_ << ',';
      out_ << csv_field(fields[k]);
    }
    out_ << "\r\n";
  }
  std::string commit() {
    out_.close();
    if (!out_) throw OutputError(fmt::format("{}: write failed", path_.string()));
    std::error_code ec;
    fs::rename(temp_, path_, ec);
    if (ec) throw OutputError(fmt::format("{}: cannot rename: {}", path_.string(), ec.message()));
    committed_ = true;
    return path_.string();
  }

 private:
  static fs::path prepared(fs::path path) {
    io::prepare_output(path.string(), "CSV table");
    return path;
  }
  fs::path path_, temp_;
  std::ofstream out_;
  bool committed_ = false;
};

std::string month_text(const Date& d) {
  return fmt::format("{:04}-{:02}", d.year, d.month);
}

/// Calls row(s, spec, q, m, x) for every scenario from `first`, indicator, QPV and month, with x
/// the month's distribution in distributions_of(c, s, spec, q).
template <class Trajectory, class Row>
void each_month(const Comparison& c, std::size_t first, Trajectory distributions_of, Row row) {
  for (std::size_t s = first; s < c.scenarios.size(); ++s)
    for (const auto& spec : model::indicator_specs())
      for (std::uint32_t q = 0; q < c.qpv_codes.size(); ++q) {
        const auto traj = distributions_of(c, s, spec, q);
        for (std::size_t m = 0; m < c.months.size(); ++m) row(s, spec, q, m, traj[m]);
      }
}

void write_indicators(const Comparison& c, CsvFile& out) {
  each_month(c, 0, trajectory,
             [&](std::size_t s, const model::IndicatorSpec& spec, std::uint32_t q, std::size_t m,
                 const Distribution& x) {
               out.row({c.scenarios[s].id, c.qpv_codes[q], c.qpv_names[q], month_text(c.months[m]),
                        std::string(spec.id), std::string(spec.label_fr), std::string(spec.unit),
                        csv_number(x.mean), csv_number(x.q05), csv_number(x.q50), csv_number(x.q95),
                        std::to_string(x.n)});
             });
}

void write_differences(const Comparison& c, CsvFile& out) {
  each_month(c, 1, difference_trajectory,
             [&](std::size_t s, const model::IndicatorSpec& spec, std::uint32_t q, std::size_t m,
                 const Distribution& x) {
               out.row({c.scenarios[s].id, c.scenarios[0].id, c.qpv_codes[q], c.qpv_names[q],
                        month_text(c.months[m]), std::string(spec.id),
                        std::string(spec.unit) + " (difference)",
                        std::string(model::better_name(spec.better)), csv_number(x.mean),
                        csv_number(x.q50), csv_number(x.q05), csv_number(x.q95),
                        csv_number(x.share_better)});
             });
}

void write_spending(const Comparison& c, CsvFile& out) {
  for (std::size_t s = 0; s < c.scenarios.size(); ++s)
    for (std::size_t l = 0; l < model::kLevers; ++l)
      for (std::uint32_t q = 0; q < c.qpv_codes.size(); ++q)
        for (std::size_t y = 0; y < c.years; ++y) {
          const int year = c.first_year + static_cast<int>(y);
          const Distribution x =
              distribution(spending_euros(c, s, q, year, static_cast<model::Lever>(l)));
          const std::int64_t planned = c.scenarios[s].record.planned_budget_cents[l];
          // Budgets are set for all QPVs together.
          const std::string budget = q == c.all_qpvs() && planned > 0
                                         ? csv_number(static_cast<double>(planned) / 100.0)
                                         : std::string();
          out.row({c.scenarios[s].id, c.qpv_codes[q], c.qpv_names[q], std::to_string(year),
                   std::string(model::lever_name(static_cast<model::Lever>(l))), "euros",
                   csv_number(x.mean), csv_number(x.q05), csv_number(x.q95), budget});
        }
}

void write_cost_effectiveness(const Comparison& c, CsvFile& out) {
  for (std::size_t s = 1; s < c.scenarios.size(); ++s)
    for (Effect e : kEffects)
      for (std::uint32_t q = 0; q < c.qpv_codes.size(); ++q) {
        const CostEffectiveness x = cost_effectiveness(c, s, e, q);
        out.row({c.scenarios[s].id, c.scenarios[0].id, c.qpv_codes[q], c.qpv_names[q],
                 std::string(effect_id(e)), "euros per " + std::string(effect_label_fr(e)),
                 csv_number(x.euros_per_unit), csv_number(x.q05), csv_number(x.q95),
                 csv_number(x.extra_cost.mean), csv_number(x.extra_effect.mean),
                 csv_number(x.extra_effect.q05), csv_number(x.extra_effect.q95)});
      }
}

void write_replicates(const Comparison& c, CsvFile& out) {
  for (std::size_t s = 0; s < c.scenarios.size(); ++s) {
    const model::RunResults& r = c.results(s);
    for (const auto& spec : model::indicator_specs())
      for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
        for (std::uint32_t q = 0; q < c.qpv_codes.size(); ++q)
          for (std::size_t m = 0; m < c.months.size(); ++m)
            out.row({c.scenarios[s].id, std::to_string(rep), c.qpv_codes[q],
                     month_text(c.months[m]), std::string(spec.id), std::string(spec.unit),
                     csv_number(r.indicator(spec, rep, q, m))});
  }
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  return fmt::format("{}", v);
}

std::vector<std::string> export_csv(const Comparison& c, const std::string& dir,
                                    bool with_replicates) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw OutputError(fmt::format("{}: cannot create the folder: {}", dir, ec.message()));
  const fs::path d(dir);
  // Every table is written before any is committed.
  CsvFile indicators(d / "indicators.csv",
                     {"scenario", "qpv_code", "qpv_name", "month", "indicator", "label_fr", "unit",
                      "mean", "q05", "q50", "q95", "replicates"});
  write_indicators(c, indicators);
  CsvFile differences(d / "differences.csv",
                      {"scenario", "baseline", "qpv_code", "qpv_name", "month", "indicator", "unit",
                       "better", "mean", "median", "q05", "q95", "share_better"});
  write_differences(c, differences);
  CsvFile spending(d / "spending.csv", {"scenario", "qpv_code", "qpv_name", "year", "lever", "unit",
                                        "mean", "q05", "q95", "planned_budget_per_year"});
  write_spending(c, spending);
  CsvFile cost(d / "cost_effectiveness.csv",
               {"scenario", "baseline", "qpv_code", "qpv_name", "effect", "unit", "euros_per_unit",
                "q05", "q95", "extra_cost_euros_mean", "extra_effect_mean", "extra_effect_q05",
                "extra_effect_q95"});
  write_cost_effectiveness(c, cost);

  std::vector<std::string> written;
  written.push_back(indicators.commit());
  written.push_back(differences.commit());
  written.push_back(spending.commit());
  written.push_back(cost.commit());
  if (with_replicates) {
    CsvFile per_rep(d / "indicators_by_replicate.csv",
                    {"scenario", "replicate", "qpv_code", "month", "indicator", "unit", "value"});
    write_replicates(c, per_rep);
    written.push_back(per_rep.commit());
  }
  return written;
}

}  // namespace qpv::analysis
