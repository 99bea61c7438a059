#!/usr/bin/env python3
"""Writes 2**K records whose ids all had one hash under rt_map's old unseeded
hash (lib/rt_map.c before the keyed hash): the flood an upstream could send
to make rt-dedupe quadratic.  The old hash was invertible, so this takes a
moment: K pairs of 16-byte blocks, the two of each pair leading to the same
state (Joux's multicollision), give 2**K ids of one hash.

usage: collide.py K >records.ndjson"""

import random
import sys

M = 2**64 - 1
G = 0x9E3779B97F4A7C15
C1, C2 = 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53
OK = bytes(c for c in range(0x21, 0x7F) if c not in b'"\\')


def mix(h):
    h ^= h >> 33
    h = h * C1 & M
    h ^= h >> 33
    h = h * C2 & M
    return h ^ (h >> 33)


def unmix(h):
    h ^= h >> 33
    h = h * pow(C2, -1, 2**64) & M
    h ^= h >> 33
    h = h * pow(C1, -1, 2**64) & M
    return h ^ (h >> 33)


def word(b):
    return int.from_bytes(b, "little")


def block(rng):
    return bytes(rng.choice(OK) for _ in range(8))


def pair(h, rng):
    """Two 16-byte strings that take the hash state h to the same next state."""
    b1, b2 = block(rng), block(rng)
    s1 = (h ^ mix(word(b1))) * G & M
    while True:
        c1 = block(rng)
        if c1 == b1:
            continue
        t1 = (h ^ mix(word(c1))) * G & M
        c2 = unmix(s1 ^ t1 ^ mix(word(b2))).to_bytes(8, "little")
        if all(c in OK for c in c2):
            return b1 + b2, c1 + c2, ((s1 ^ mix(word(b2))) * G) & M


def main():
    k = int(sys.argv[1])
    rng = random.Random(20261121)
    prefix = b"c:x"
    idlen = len(prefix) + 16 * k
    n = 5 + idlen  # the map's key: 's', a 4-byte length, the id
    assert n % 8 == 0
    key0 = b"s" + idlen.to_bytes(4, "big") + prefix
    h = (0x9E3779B97F4A7C15 ^ (n * 0x100000001B3)) & M
    h = (h ^ mix(word(key0))) * G & M
    pairs = []
    for _ in range(k):
        a, b, h = pair(h, rng)
        pairs.append((a, b))
    out = sys.stdout.buffer
    for i in range(2**k):
        parts = [pairs[j][(i >> j) & 1] for j in range(k)]
        out.write(b'{"id":"' + prefix + b"".join(parts) + b'","source":"close"}\n')


if __name__ == "__main__":
    main()
