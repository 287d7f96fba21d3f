// The reference Argon2 implementation (Debian libargon2-dev), for verifying Argon2id password hashes.
#include <argon2.h>
