"""The site's sharing image (`docs/assets/partage.png`, 1200×630), drawn in plain Python.

Sharing tools (OpenGraph, Twitter cards) want a raster image, and no imaging library
is a dependency of the project: the image is drawn here, pixel by pixel, and written
as a PNG with zlib. It is committed; a test checks that the committed file is the one
this module draws. To redraw it after a change: `python -m generator.siteimage`.

What it shows: the site's name in capitals on the indigo of the theme, over the
three angles of the proposal (mutualisation, communication, participation) as three
linked circles.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
IMAGE_FILE = Path(__file__).resolve().parents[2] / "docs" / "assets" / "partage.png"
INDIGO = (63, 81, 181)  # Material's "indigo", the site's primary colour
WHITE = (255, 255, 255)
LIGHT = (197, 202, 233)  # indigo 100
LINES = ("SOCIAL MEDIA", "GOUVERNANCE")
SCALE = 11  # pixels per font dot
# A 5×7 font for the letters of LINES: one string per row, "#" for a dot.
GLYPHS = {
    "A": (" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "C": (" ####", "#    ", "#    ", "#    ", "#    ", "#    ", " ####"),
    "D": ("#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"),
    "G": (" ####", "#    ", "#    ", "#  ##", "#   #", "#   #", " ####"),
    "I": ("#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "#####"),
    "L": ("#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"),
    "M": ("#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #", "#   #", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "R": ("#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"),
    "S": (" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "),
    "U": ("#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "V": ("#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "),
    " ": ("     ",) * 7,
}
CIRCLES = ((450, 475), (600, 475), (750, 475))  # the three angles, side by side
RADIUS, RING = 56, 10


def draw() -> list[bytearray]:
    """The image as rows of RGB bytes."""
    rows = [bytearray(bytes(INDIGO) * WIDTH) for _ in range(HEIGHT)]
    for number, line in enumerate(LINES):
        _text(rows, line, top=95 + number * 9 * SCALE)
    _rule(rows, CIRCLES[0][0], CIRCLES[-1][0], CIRCLES[0][1], 6)
    for x, y in CIRCLES:
        _ring(rows, x, y)
    return rows


def _set(rows: list[bytearray], x: int, y: int, colour: tuple[int, int, int]) -> None:
    rows[y][3 * x:3 * x + 3] = bytes(colour)


def _text(rows: list[bytearray], line: str, top: int) -> None:
    width = len(line) * 6 * SCALE - SCALE
    left = (WIDTH - width) // 2
    for index, letter in enumerate(line):
        for dy, pattern in enumerate(GLYPHS[letter]):
            for dx, dot in enumerate(pattern):
                if dot == "#":
                    _square(rows, left + (index * 6 + dx) * SCALE, top + dy * SCALE)


def _square(rows: list[bytearray], x: int, y: int) -> None:
    for row in range(y, y + SCALE):
        rows[row][3 * x:3 * (x + SCALE)] = bytes(WHITE) * SCALE


def _rule(rows: list[bytearray], start: int, end: int, y: int, thickness: int) -> None:
    for row in range(y - thickness // 2, y + thickness // 2):
        rows[row][3 * start:3 * end] = bytes(LIGHT) * (end - start)


def _ring(rows: list[bytearray], cx: int, cy: int) -> None:
    for y in range(cy - RADIUS, cy + RADIUS + 1):
        for x in range(cx - RADIUS, cx + RADIUS + 1):
            distance = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
            if distance <= RADIUS - RING:
                _set(rows, x, y, INDIGO)
            elif distance <= RADIUS:
                _set(rows, x, y, WHITE)


def png(rows: list[bytearray]) -> bytes:
    """RGB rows as a PNG file (8 bits per channel, no filter)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", len(rows[0]) // 3, len(rows), 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main() -> None:
    IMAGE_FILE.parent.mkdir(parents=True, exist_ok=True)
    IMAGE_FILE.write_bytes(png(draw()))


if __name__ == "__main__":
    main()
