/* token.h — API tokens for machine clients (issue 12): "tdn_" and 64 hex
 * characters of 32 random bytes (libsodium randombytes). The store keeps only
 * the hex BLAKE2b-256 (libsodium generic hash) of a token: a token carries 256
 * bits of entropy, so a fast unsalted hash cannot be reversed by guessing,
 * unlike a password (argon2id there). */
#ifndef TDN_APP_TOKEN_H
#define TDN_APP_TOKEN_H

#include <stdbool.h>

enum { TDN_TOKEN_LEN = 4 + 64, TDN_TOKEN_HASH_LEN = 64 };

/* A new random token and its hash. */
void tdn_token_new(char token[TDN_TOKEN_LEN + 1], char hash[TDN_TOKEN_HASH_LEN + 1]);
/* The hash of token; false (hash "") when token does not have the shape of
 * one, so that junk never reaches the store. */
bool tdn_token_hash(const char *token, char hash[TDN_TOKEN_HASH_LEN + 1]);

#endif
