#!/usr/bin/env python3
"""Independent reference decoder for TernCrypto's version-1 formats (see crypto.md).

Written from crypto.md and RFC 9180 alone, with hashlib's scrypt and the `cryptography` package, to
check that the documented layouts are what the Swift code writes. Usage:

    crypto_reference.py WRAPPED_KEYS PASSWORD BLOB BLOB_ID [--recipient] > plaintext

e.g. on the golden files in Tests/TernCryptoTests/Golden (password and blob ids: GoldenFileTests.swift).
"""
import hashlib
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.hmac import HMAC


def hmac(key, data):
    h = HMAC(key, hashes.SHA256())
    h.update(data)
    return h.finalize()


def hkdf_extract(salt, ikm):
    return hmac(salt or b"\0" * 32, ikm)


def hkdf_expand(prk, info, length):
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac(prk, block + info + bytes([counter]))
        out += block
        counter += 1
    return out[:length]


def hkdf(ikm, salt, info):
    return hkdf_expand(hkdf_extract(salt, ikm), info, 32)


def unwrap_keys(wrapped, password):
    """Returns (master key, X25519 private key bytes, public key bytes)."""
    if wrapped[0] != 1 or wrapped[1] != 1 or len(wrapped) != 151:
        raise ValueError("not a version-1 scrypt key file")
    log2n = wrapped[2]
    r, p = struct.unpack(">II", wrapped[3:11])
    salt, public, nonce = wrapped[11:27], wrapped[27:59], wrapped[59:71]
    kek = hashlib.scrypt(password, salt=salt, n=1 << log2n, r=r, p=p, dklen=32, maxmem=(1 << 31) - 1)
    secrets = ChaCha20Poly1305(kek).decrypt(nonce, wrapped[71:], wrapped[:71])
    return secrets[:32], secrets[32:], public


def hpke_export_blob_key(private, public, enc, blob_id):
    """RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305; Export only."""
    def labeled_extract(suite, salt, label, ikm):
        return hkdf_extract(salt, b"HPKE-v1" + suite + label + ikm)

    def labeled_expand(suite, prk, label, info, length):
        return hkdf_expand(prk, struct.pack(">H", length) + b"HPKE-v1" + suite + label + info, length)

    dh = X25519PrivateKey.from_private_bytes(private).exchange(X25519PublicKey.from_public_bytes(enc))
    kem = b"KEM" + struct.pack(">H", 0x20)
    shared = labeled_expand(kem, labeled_extract(kem, b"", b"eae_prk", dh), b"shared_secret", enc + public, 32)
    suite = b"HPKE" + struct.pack(">HHH", 0x20, 1, 3)
    info = b"tern/recipient-blob/v1\x00" + blob_id
    context = b"\0" + labeled_extract(suite, b"", b"psk_id_hash", b"") + labeled_extract(suite, b"", b"info_hash", info)
    exporter = labeled_expand(suite, labeled_extract(suite, shared, b"secret", b""), b"exp", context, 32)
    return labeled_expand(suite, exporter, b"sec", b"tern/recipient-blob-key/v1", 32)


def open_stream(blob_key, stream, blob_id):
    header = stream[:28]
    if header[0] != 1:
        raise ValueError("not a version-1 sealed stream")
    chunk_size = struct.unpack(">I", header[1:5])[0]
    prefix, key_salt = header[5:12], header[12:28]
    aead = AESGCM(hkdf(blob_key, key_salt, b"tern/chunk-key/v1"))
    body, out, index = stream[28:], b"", 0
    while True:
        chunk, body = body[: chunk_size + 16], body[chunk_size + 16 :]
        final = not body
        out += aead.decrypt(prefix + struct.pack(">I", index) + bytes([final]), chunk, header + blob_id)
        index += 1
        if final:
            return out


def main():
    args = [a for a in sys.argv[1:] if a != "--recipient"]
    wrapped_path, password, blob_path, blob_id = args
    master, private, public = unwrap_keys(open(wrapped_path, "rb").read(), password.encode())
    blob, blob_id = open(blob_path, "rb").read(), blob_id.encode()
    if "--recipient" in sys.argv:
        if blob[0] != 1:
            raise ValueError("not a version-1 recipient envelope")
        blob_key = hpke_export_blob_key(private, public, blob[1:33], blob_id)
        blob = blob[33:]
    else:
        blob_key = hkdf(master, b"", b"tern/blob-key/v1\x00" + blob_id)
    sys.stdout.buffer.write(open_stream(blob_key, blob, blob_id))


if __name__ == "__main__":
    main()
