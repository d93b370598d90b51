// Unguessable tokens (sessions, mailed links) and the digests under which they and content are
// stored.
#pragma once

#include <string>
#include <string_view>

namespace councilcast {

// 256 random bits from libsodium, base64url without padding (43 characters).
std::string new_secret_token();

// BLAKE2b-256 of `bytes`, hex. What the database keeps instead of a token: a fast hash suffices
// because the token itself has 256 bits of entropy; a stolen database yields no usable token.
std::string digest_hex(std::string_view bytes);

// SHA-256 of `bytes`, hex: the digest others can recompute with common tools (`sha256sum`), for
// stored documents and the vote log's chain.
std::string sha256_hex(std::string_view bytes);

// True when `text` could be a token new_secret_token made: checked before any lookup, so a
// hostile cookie or link never reaches the database.
bool looks_like_token(std::string_view text);

}  // namespace councilcast
