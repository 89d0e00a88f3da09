// The workshop's problems in French, for the page: the error a refused request raises, the
// scenario loader's messages and the HTTP statuses in French, and the small French helpers of the
// request checks.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace qpv::app::serve {

/// A request the server will not run: the HTTP status, a French message for the page, the
/// request key it concerns ("screening_truck.passages_per_year"; empty if none) and the
/// technical detail in English (the scenario loader's message; may be empty).
class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::string message_fr, std::string key = {}, std::string detail = {});
  int status() const { return status_; }
  const std::string& message_fr() const { return message_; }
  const std::string& key() const { return key_; }
  const std::string& detail() const { return detail_; }

 private:
  int status_;
  std::string message_, key_, detail_;
};

/// The French version of a scenario loader message (InputError::problem()), for the page.
std::string problem_fr(const std::string& problem);

/// The French message of an HTTP error status ("Requête trop volumineuse." for 413).
std::string status_fr(int status);

/// " (vouliez-vous dire « x » ?)" for the closest candidate, or "".
std::string did_you_mean_fr(const std::string& word, const std::vector<std::string>& candidates);

/// The items separated by ", ".
std::string join_fr(const std::vector<std::string>& items);

}  // namespace qpv::app::serve
