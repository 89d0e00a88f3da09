// The body of a request to the workshop server: its framing checked before anything is read (the
// size limit holds for chunked and compressed bodies too), its content type, and its JSON parsed,
// every refusal a RequestError in French.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace qpv::app::serve {

/// Refuses, before anything of it is read, a body the server will not read: compressed (415),
/// declaring more than `max_bytes` (413), or chunked to any route but POST /api/runs (413; its
/// handler reads at most `max_bytes`). @throws RequestError, the connection then closed.
void check_body_framing(const httplib::Request& req, httplib::Response& res, std::size_t max_bytes);

/// True for the media type application/json (any case), with or without parameters
/// ("application/json; charset=utf-8"); false for "application/jsonfoo".
bool is_json_type(std::string_view content_type);

/// The body of a JSON request, read up to `max_bytes` whatever its framing.
/// @throws RequestError: 415 if not JSON, 413 if larger, 400 if cut short; the connection then
/// closed (its body unread).
std::string read_json_body(const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& read, std::size_t max_bytes);

/// The body parsed. @throws RequestError 400 for text that is not JSON (with the byte where it
/// fails) or a number JSON cannot hold (1e999: out of a double's range).
nlohmann::json parse_json_body(const std::string& body);

}  // namespace qpv::app::serve
