// The comparison report's charts: trajectories with their bands, differences by QPV and the
// quantile dots of a headline card, drawn with the kit of analysis/present/charts.hpp.
#include "analysis/present/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis::report {
namespace {

/// Months of the run as fractional years, with a tick at each January.
void time_axis(const ReportContext& ctx, svg::FanChart& chart) {
  for (const Date& d : ctx.c.months) chart.x.push_back(d.year + (d.month - 1) / 12.0);
  for (const Date& d : ctx.c.months)
    if (d.month == 1)
      chart.x_ticks.push_back({static_cast<double>(d.year), std::to_string(d.year)});
}

svg::FanSeries fan_series(const std::vector<Distribution>& t, double scale, std::string label,
                          std::string color) {
  svg::FanSeries s{std::move(label), std::move(color), {}, {}, {}};
  for (const Distribution& d : t) {
    s.mean.push_back(scale * d.mean);
    s.low.push_back(scale * d.q05);
    s.high.push_back(scale * d.q95);
  }
  return s;
}

std::string level_axis_unit(const IndicatorSpec& spec) {
  return is_share(spec) ? "en %" : "en " + unit_fr(spec.unit, true);
}

std::string difference_axis_unit(const IndicatorSpec& spec) {
  return is_share(spec) ? "écart en points" : "écart en " + unit_fr(spec.unit, true);
}

}  // namespace

/// Levels of the baseline and of `s` (or of the baseline alone), all QPVs, month by month.
std::string level_fan(const ReportContext& ctx, const IndicatorSpec& spec,
                      std::optional<std::size_t> s) {
  const double k = shown_scale(spec);
  svg::FanChart chart;
  chart.title = s ? fmt::format(
                        "{} : ensemble des QPV, {}, situation de référence et scénario "
                        "« {} », moyenne et 9 futurs sur 10, mois par mois",
                        spec.label_fr, ctx.horizon, ctx.name(*s))
                  : fmt::format(
                        "{} : ensemble des QPV, {}, situation de référence, moyenne et 9 "
                        "futurs sur 10, mois par mois",
                        spec.label_fr, ctx.horizon);
  chart.unit = level_axis_unit(spec);
  time_axis(ctx, chart);
  chart.series.push_back(
      fan_series(trajectory(ctx.c, 0, spec, ctx.all), k, "Situation de référence", color_of(0)));
  if (s) {
    chart.series.push_back(fan_series(trajectory(ctx.c, *s, spec, ctx.all), k,
                                      "Scénario « " + ctx.name(*s) + " »", color_of(*s)));
  }
  return svg::fan_chart(chart);
}

/// The paired difference of `s` against the baseline, all QPVs, month by month.
std::string difference_fan(const ReportContext& ctx, const IndicatorSpec& spec, std::size_t s) {
  svg::FanChart chart;
  chart.title = fmt::format(
      "{} : écart entre le scénario « {} » et la situation de référence, "
      "ensemble des QPV, mois par mois",
      spec.label_fr, ctx.name(s));
  chart.unit = difference_axis_unit(spec);
  chart.zero_line = true;
  time_axis(ctx, chart);
  chart.series.push_back(fan_series(difference_trajectory(ctx.c, s, spec, ctx.all),
                                    shown_scale(spec), "Écart scénario − référence (mêmes futurs)",
                                    color_of(s)));
  return svg::fan_chart(chart);
}

/// The difference of `s` in the last year, one bar per QPV.
std::string qpv_bars(const ReportContext& ctx, const IndicatorSpec& spec, std::size_t s) {
  const double k = shown_scale(spec);
  svg::BarChart chart;
  chart.title = fmt::format(
      "{} : écart en {} par quartier, scénario « {} » moins situation de "
      "référence, moyenne et 9 futurs sur 10",
      spec.label_fr, ctx.last_year, ctx.name(s));
  chart.unit = fmt::format("{}, moyenne {}", difference_axis_unit(spec), ctx.last_year);
  chart.color = color_of(s);
  double largest = 0;
  for (std::uint32_t q = 0; q < ctx.all; ++q) {
    const Distribution d = difference(ctx, s, spec, q, ctx.last);
    chart.bars.push_back({qpv_label(ctx.c, q), k * d.mean, k * d.q05, k * d.q95});
    if (std::isfinite(d.mean)) largest = std::max(largest, std::fabs(k * d.mean));
  }
  chart.decimals = difference_decimals(spec, largest);
  chart.width = 900;
  return svg::bar_chart(chart);
}

/// The 20-dot quantile plot of scenario s's paired difference on `spec` in the last year, all
/// QPVs, with the count of favourable dots written out.
std::string quantile_dots_figure(const ReportContext& ctx, std::size_t s,
                                 const IndicatorSpec& spec) {
  const double k = shown_scale(spec);
  std::vector<double> values = paired_differences(ctx.c, s, spec, ctx.all, ctx.last);
  for (double& v : values) v *= k;
  const int better = spec.better == Better::higher ? 1 : spec.better == Better::lower ? -1 : 0;
  svg::QuantileDots chart;
  chart.dots = twenty_quantiles(std::move(values));
  std::size_t favourable = 0;
  for (double v : chart.dots) favourable += better * v > 0;
  chart.title =
      fmt::format("{} : écart en {}, 20 futurs représentatifs", spec.label_fr, ctx.last_year);
  chart.unit = difference_axis_unit(spec);
  chart.color = color_of(s);
  chart.better = better;
  const std::string caption =
      better == 0 ? std::string("Chaque point représente un futur sur 20.")
                  : fmt::format(
                        "Chaque point représente un futur sur 20 : {} sur 20 du côté "
                        "favorable (points pleins).",
                        favourable);
  return fmt::format(
      "<figure class=\"dots\" data-favourable=\"{}\">{}<figcaption>{}</figcaption>"
      "</figure>",
      favourable, svg::quantile_dots(chart), escape_html(caption));
}

}  // namespace qpv::analysis::report
