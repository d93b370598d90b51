// Cross-site request forgery defence for every state-changing form and browser JSON call.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace councilcast::portal {

// Two checks, both required (OWASP CSRF cheat sheet): the request comes from our own origin
// (Origin and Sec-Fetch-Site, which browsers set and pages cannot forge), and it carries a token
// only our pages know: HMAC-SHA256 of what binds it to the visitor, the session for someone
// signed in, otherwise a random cookie of its own (so sign-in and sign-up forms are covered
// too). The token is stateless: nothing is stored per form.
class CsrfGuard {
  public:
    // The key lives in `key_file` (32 random bytes, created 0600 on first use) so tokens in open
    // pages survive a restart.
    explicit CsrfGuard(const std::filesystem::path& key_file);

    std::string token_for(std::string_view binding) const;
    bool token_matches(std::string_view binding, std::string_view submitted) const;

    // `origin` and `fetch_site` are the request's Origin and Sec-Fetch-Site headers (empty when
    // absent); `host` its Host header. A request from another site is refused even with a
    // valid token. Old browsers send neither header; the token then decides alone.
    static bool same_origin(std::string_view origin, std::string_view fetch_site,
                            std::string_view host);

  private:
    std::array<unsigned char, 32> key_;
};

}  // namespace councilcast::portal
