// The charts of the reports, as inline SVG written by our own code (no JavaScript library, no
// external resource), on the kit of analysis/present/svg.hpp: lines with uncertainty bands,
// horizontal bars with whiskers, quantile dot plots and scatter charts.
#pragma once

#include <string>
#include <vector>

#include "analysis/present/svg.hpp"

namespace qpv::analysis::svg {

/// One series of a fan chart: a mean line and a band from `low` to `high`, one value per x of
/// the chart; NaN values leave a gap.
struct FanSeries {
  std::string label;
  std::string color;  ///< CSS colour, e.g. "#0072b2"
  std::vector<double> mean, low, high;
};

/// Lines with their uncertainty bands over a common x axis (months of a run, as years).
struct FanChart {
  std::string title;      ///< the <title> and aria-label: what the chart shows, in words
  std::string unit;       ///< written above the y axis, e.g. "%" or "enfants"
  std::vector<double> x;  ///< increasing
  std::vector<Tick> x_ticks;
  std::vector<FanSeries> series;
  bool zero_line = false;         ///< keep 0 in the y range and draw it (charts of differences)
  int width = 540, height = 260;  ///< of the plot and its axes; the legend adds rows below
};
std::string fan_chart(const FanChart& chart);

/// One bar: a mean and its whisker from `low` to `high` (NaN: no whisker).
struct Bar {
  std::string label;
  double mean = 0, low = 0, high = 0;
};

/// Horizontal bars from zero, with whiskers and the value written at the end of each row; the
/// height follows the number of bars. Long labels are shortened, the full label in a <title>.
struct BarChart {
  std::string title;  ///< the <title> and aria-label
  std::string unit;   ///< written under the x axis, e.g. "écart en points"
  std::string color;
  std::vector<Bar> bars;
  int decimals = 1;            ///< of the value written at the end of each row
  bool plus = true;            ///< write "+" before positive values (differences)
  std::size_t max_label = 40;  ///< characters of a label before it is shortened
  int width = 540;
  /// The line under the axis saying what bars and whiskers are.
  std::string note = "Barre : moyenne des futurs simulés ; trait : 9 futurs sur 10.";
};
std::string bar_chart(const BarChart& chart);

/// A quantile dot plot (Kay et al., CHI 2016; Fernandes et al., CHI 2018): the distribution of
/// a paired difference shown as 20 dots, each the quantile (k + 0.5) / 20 of the values, stacked
/// where they fall on the axis, so that "17 futurs sur 20" can be counted. Dots on the better
/// side of zero are filled with `color`, the others hollow and grey; a line marks zero.
struct QuantileDots {
  std::string title;  ///< the <title> and aria-label
  std::string unit;   ///< written under the x axis, e.g. "écart en points"
  std::string color;
  std::vector<double> dots;  ///< the 20 quantiles, as plotted (already scaled), increasing
  int better = 1;            ///< +1: higher is better; -1: lower is better; 0: neither
  int width = 360;
};
std::string quantile_dots(const QuantileDots& chart);

/// One point of a scatter chart; a labelled point has its label written beside it.
struct Point {
  double x = 0, y = 0;
  std::string label;  ///< in the point's <title>; written on the chart if `labelled`
  bool labelled = false;
};

/// Points on two axes from zero (the Morris chart: mu* across, sigma up).
struct ScatterChart {
  std::string title;           ///< the <title> and aria-label
  std::string x_unit, y_unit;  ///< written under the x axis and above the y axis
  std::string color;
  std::vector<Point> points;
  int width = 540, height = 340;
};
std::string scatter_chart(const ScatterChart& chart);

}  // namespace qpv::analysis::svg
