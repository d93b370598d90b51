#include "portal/libraries.hpp"

#include <curl/curl.h>
#include <gmime/gmime.h>
#include <libxml/parser.h>
#include <sodium.h>

#include "common/error.hpp"

namespace councilcast::portal {

void init_libraries() {
    if (sodium_init() < 0) throw Error("libsodium cannot start");
    g_mime_init();
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("libcurl cannot start");
    xmlInitParser();
}

}  // namespace councilcast::portal
