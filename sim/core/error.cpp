#include "sim/core/error.hpp"

#include <algorithm>
#include <vector>

namespace qpv {
namespace {

/// A key longer than this many characters is shown cut, with its length: a 2 MB key would
/// otherwise fill the terminal. Twice kMaxSuggestedLength, so any key a user could mean is
/// shown whole.
constexpr std::size_t kMaxShownKey = 2 * kMaxSuggestedLength;

std::string format_message(const Origin& o, const std::string& key, const std::string& problem) {
  std::string msg;
  if (!o.file.empty()) {
    msg.append(o.file);
    if (o.line > 0) msg.append(":").append(std::to_string(o.line));
    msg.append(": ");
  }
  if (key.size() > kMaxShownKey) {
    msg.append("key '").append(key, 0, kMaxShownKey);
    msg.append("...' (" + std::to_string(key.size()) + " characters): ");
  } else if (!key.empty()) {
    msg.append("key '").append(key).append("': ");
  }
  msg.append(problem);
  return msg;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

template <class Range>
std::string closest(const std::string& word, const Range& candidates) {
  // The edit distance costs the product of the lengths: past the bound, no suggestion.
  if (word.size() > kMaxSuggestedLength) return {};
  std::string best;
  std::size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    if (c.size() > kMaxSuggestedLength) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  // Close enough to be a typo: at most a third of the word's letters differ.
  return best_d <= std::max<std::size_t>(2, word.size() / 3) ? best : std::string();
}

}  // namespace

InputError::InputError(Origin origin, std::string key, std::string problem)
    : std::runtime_error(format_message(origin, key, problem)),
      origin_(std::move(origin)),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  return closest(word, candidates);
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string guess = closest(word, candidates);
  return guess.empty() ? std::string() : " (did you mean '" + guess + "'?)";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out.append(out.empty() ? "" : ", ").append(item);
  return out;
}

}  // namespace qpv
