#!/usr/bin/env python3
"""Draw the window and launcher icon, assets/stance-map.png: a compass whose needle leans
toward the north-east, as a country's stance leans toward a power. Run once; the PNG is
committed. Only the standard library: a 256x256 RGBA image, 4x4 samples a pixel."""

import math
import struct
import zlib

SIZE = 256
SAMPLES = 4
C = SIZE / 2

PAPER = (244, 241, 232, 255)
INK = (35, 57, 91, 255)
RED = (200, 48, 48, 255)
CLEAR = (0, 0, 0, 0)

ANGLE = math.radians(35)  # the needle's lean from north, clockwise
TIP = (math.sin(ANGLE), -math.cos(ANGLE))  # unit vector toward the red tip (y down)
SIDE = (-TIP[1], TIP[0])


def colour_at(x, y):
    dx, dy = x - C, y - C
    r = math.hypot(dx, dy)
    if r > 120:
        return CLEAR
    if r > 106:
        return INK
    # Ticks at north, east, south and west.
    for ux, uy in ((0, -1), (1, 0), (0, 1), (-1, 0)):
        along = dx * ux + dy * uy
        across = abs(dx * uy - dy * ux)
        if 84 < along < 106 and across < 4:
            return INK
    if r < 9:
        return INK
    # The needle: two triangles, 90 long each way, 18 wide at the middle.
    along = dx * TIP[0] + dy * TIP[1]
    across = abs(dx * SIDE[0] + dy * SIDE[1])
    if abs(along) < 92 and across < 18 * (1 - abs(along) / 92):
        return RED if along > 0 else INK
    return PAPER


def pixel(px, py):
    total = [0, 0, 0, 0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            c = colour_at(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
            # Premultiplied, so transparent samples do not darken the edge.
            a = c[3]
            total[0] += c[0] * a
            total[1] += c[1] * a
            total[2] += c[2] * a
            total[3] += a
    n = SAMPLES * SAMPLES
    a = total[3]
    if a == 0:
        return bytes(4)
    return bytes([round(total[0] / a), round(total[1] / a), round(total[2] / a), round(a / n)])


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


rows = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE))
png = (
    b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(rows, 9))
    + chunk(b"IEND", b"")
)
with open(__file__.rsplit("/", 1)[0] + "/stance-map.png", "wb") as f:
    f.write(png)
