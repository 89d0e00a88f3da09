// The body of a request (request_body.hpp): framing, content type, size limit and JSON.
#include "sim/app/serve/request_body.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sim/app/serve/connections.hpp"
#include "sim/app/serve/problems.hpp"

namespace qpv::app::serve {

namespace {

/// Refuses the request with its body (partly) unread: the connection closes after the answer.
[[noreturn]] void refuse(httplib::Response& res, int status, const std::string& message_fr) {
  close_after_response(res);
  throw RequestError(status, message_fr);
}

bool is_runs_post(const httplib::Request& req) {
  return req.method == "POST" && req.path == "/api/runs";
}

}  // namespace

void check_body_framing(const httplib::Request& req, httplib::Response& res,
                        std::size_t max_bytes) {
  // cpp-httplib would inflate a gzip or brotli body with no limit; the page never sends one.
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity")
    refuse(res, 415, "Corps de requête compressé : envoyez-le sans compression.");
  // Read with no limit by cpp-httplib, but for POST /api/runs, read by read_json_body.
  if (req.has_header("Transfer-Encoding") && !is_runs_post(req)) refuse(res, 413, status_fr(413));
  const std::string length = req.get_header_value("Content-Length");
  if (length.find_first_not_of("0123456789") != std::string::npos)
    refuse(res, 400, "En-tête Content-Length invalide : un nombre d'octets est attendu.");
  // Over 12 digits is far over any limit (and 20 would overflow).
  if (!length.empty() && (length.size() > 12 || std::stoull(length) > max_bytes))
    refuse(res, 413, status_fr(413));
}

bool is_json_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  return std::equal(media.begin(), media.end(), kJson.begin(), kJson.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

std::string read_json_body(const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& read, std::size_t max_bytes) {
  if (!is_json_type(req.get_header_value("Content-Type"))) refuse(res, 415, status_fr(415));
  // Neither a length nor chunks: no body (cpp-httplib would read until the client closes).
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) return {};
  std::string body;
  bool too_big = false;
  const bool whole = read([&](const char* data, std::size_t n) {
    too_big = body.size() + n > max_bytes;
    if (!too_big) body.append(data, n);
    return !too_big;
  });
  if (too_big) refuse(res, 413, status_fr(413));
  if (!whole) refuse(res, 400, "Le corps de la requête est arrivé incomplet ou mal découpé.");
  return body;
}

nlohmann::json parse_json_body(const std::string& body) {
  using nlohmann::json;
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    throw RequestError(
        400, fmt::format("Le corps de la requête n'est pas du JSON valide (octet {}).", e.byte), {},
        e.what());
  } catch (const json::out_of_range& e) {
    // 1e999 or a 400-digit integer: beyond a double, which nlohmann::json reports this way.
    throw RequestError(400, "Le corps de la requête contient un nombre trop grand pour être lu.",
                       {}, e.what());
  }
}

}  // namespace qpv::app::serve
