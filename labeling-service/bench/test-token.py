#!/usr/bin/python3
"""Prints a bearer token like service-test-support's TestTokens.of(USER, ROLES...): RS256, key id 1,
signed with the test key bundled in io.quarkus:quarkus-test-oidc-server (privateKey.jwk), issuer
https://keycloak.radflow.test/realms/radflow, roles in realm_access.roles, valid for SECONDS.
A service started with TestTokens.serviceJvmOptions() (-Dquarkus.oidc.public-key=... and
-Dradflow.oidc.issuer=...) validates it offline, exactly as it validates a Keycloak token once it has
Keycloak's keys: one local RS256 signature check per request. For benchmarks and tests only.

usage: test-token.py PRIVATE_KEY_JWK USER SECONDS ROLE...
"""
import base64
import hashlib
import json
import sys
import time

ISSUER = "https://keycloak.radflow.test/realms/radflow"
# DER prefix of the DigestInfo of a SHA-256 hash (RFC 8017, 9.2 note 1)
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def integer(value):
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


def main():
    jwk_file, user, seconds, roles = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    jwk = json.load(open(jwk_file))
    n, d = integer(jwk["n"]), integer(jwk["d"])
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": jwk.get("kid", "1")}
    claims = {"iss": ISSUER, "sub": "test-" + user, "preferred_username": user, "azp": "radflow-viewer",
              "typ": "Bearer", "realm_access": {"roles": roles}, "iat": now, "exp": now + seconds}
    signing_input = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())).encode()
    k = (n.bit_length() + 7) // 8
    t = SHA256_PREFIX + hashlib.sha256(signing_input).digest()
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    signature = pow(int.from_bytes(em, "big"), d, n).to_bytes(k, "big")
    print(signing_input.decode() + "." + b64(signature))


if __name__ == "__main__":
    main()
