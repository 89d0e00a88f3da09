// Typed errors. Bad user input raises InputError, which always names where the problem is
// (file, line, key) and what was expected; library code never calls exit().
#pragma once

#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace qpv {

/// Where a value came from in a user's file. line == 0 when not known (e.g. a missing key).
struct Origin {
  std::string file;
  int line = 0;
  int column = 0;
};

/// A problem in a file the user wrote (scenario TOML, territory CSV, ...).
class InputError : public std::runtime_error {
 public:
  /// `key` is the dotted key or CSV column; `problem` says what is wrong and what is expected.
  InputError(Origin origin, std::string key, std::string problem);

  const Origin& origin() const { return origin_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  Origin origin_;
  std::string key_;
  std::string problem_;
};

/// A failure writing or reading results (HDF5, file system).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A results, comparison, posterior or checkpoint file that cannot be read: damaged, truncated,
/// inconsistent or not qpvsim's. The message names the file and the object (dataset) in it.
/// An OutputError for the code that already catches those around HDF5 calls.
class ReadError : public OutputError {
 public:
  using OutputError::OutputError;
};

/// The run was interrupted (Ctrl-C); partial results were discarded.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

/// The longest word (key, value, QPV code) that gets a "did you mean", in characters. Every
/// name qpvsim knows has at most 30 (creche_priority_single_parents); a longer word is no typo
/// of one, and the edit distance costs its length times each candidate's (a 2 MB key took
/// 2.7 s against the parameter names).
inline constexpr std::size_t kMaxSuggestedLength = 64;

/// " (did you mean 'x'?)" for the candidate closest to `word`, or "" if none is close or
/// either is longer than kMaxSuggestedLength.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
/// The items separated by ", ".
std::string join(const std::vector<std::string>& items);

/// The closest candidate by edit distance, or "" if none is close (or too long, as above).
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace qpv
