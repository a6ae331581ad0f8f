/* token.c — making and hashing API tokens (token.h). */
#include <sodium.h>
#include <string.h>

#include "app/token.h"

static void hash_hex(const char *token, char hash[TDN_TOKEN_HASH_LEN + 1])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hash, TDN_TOKEN_HASH_LEN + 1, h, sizeof h);
}

void tdn_token_new(char token[TDN_TOKEN_LEN + 1], char hash[TDN_TOKEN_HASH_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    memcpy(token, "tdn_", 4);
    sodium_bin2hex(token + 4, TDN_TOKEN_LEN - 4 + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    hash_hex(token, hash);
}

bool tdn_token_hash(const char *token, char hash[TDN_TOKEN_HASH_LEN + 1])
{
    *hash = '\0';
    if (!token || strlen(token) != TDN_TOKEN_LEN || strncmp(token, "tdn_", 4) != 0) return false;
    for (const char *p = token + 4; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    hash_hex(token, hash);
    return true;
}
