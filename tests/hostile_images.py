"""Malformed and hostile image files, made in memory (no binary fixtures).

Each case is a file an attacker or a careless export could hand the upload
form, with what the site must answer: the exact form error, or acceptance (and
then the stored file is checked by the test).
"""

import functools
import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image

from tests.factories import image_bytes, png_bomb_bytes, png_bytes

HTML = b"<html><script>alert(document.domain)</script></html>"

UNREADABLE = "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP image."
DAMAGED = "This image is damaged or incomplete. Please export it again and re-upload."
BOMB = "This image claims to be too large to open safely."


def not_accepted(kind):
    return f"This file is {kind}, which is not accepted. Upload a JPEG, PNG, GIF or WebP image."


def too_many_frames(frames, width, height):
    return (
        f"This animation has {frames} frames of {width}×{height} pixels; the limit is 300 frames and 30 "
        "megapixels across all frames. Shorten it or make it smaller."
    )


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    data: bytes
    error: str | None = None  # None: accepted

    @property
    def accepted(self):
        return self.error is None


# Builders ------------------------------------------------------------------


def jpeg_with_metadata():
    """A camera JPEG: EXIF with GPS and a maker note, an XMP-ish comment holding markup."""
    exif = Image.Exif()
    exif[0x010F] = "Camera maker <script>alert(1)</script>"  # Make
    exif[0x8825] = {2: (37.0, 33.0, 0.0), 4: (126.0, 58.0, 0.0)}  # GPS: Seoul
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(out, "JPEG", exif=exif, comment=HTML, quality=95)
    return out.getvalue()


def gif_frames(width, height, count):
    """A real animated GIF of count distinct frames (Pillow merges identical ones)."""
    frames = [Image.new("P", (width, height), index % 200) for index in range(count)]
    for index, frame in enumerate(frames):
        frame.putpalette([channel for colour in range(256) for channel in (colour, 255 - colour, index % 256)])
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0, comment=b"made for a test")
    return out.getvalue()


def gif_frame_bomb(width, height, frames):
    """One small frame block repeated: a few KB per frame that each decode to width×height pixels."""
    out = io.BytesIO()
    Image.new("P", (width, height), 1).save(out, "GIF")
    data = out.getvalue()
    flags = data[10]
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    head, frame = data[: 13 + table], data[13 + table : -1]
    assert data[-1:] == b";"
    return head + frame * frames + b";"


def gif_with_comment(comment):
    out = io.BytesIO()
    Image.new("P", (24, 24), 3).save(out, "GIF", comment=comment)
    return out.getvalue()


def webp_frames(width, height, count):
    colours = [(index * 90 % 256, 80, 255 - index * 60 % 256) for index in range(count)]  # lossy WebP merges near twins
    frames = [Image.new("RGB", (width, height), colour) for colour in colours]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=80, lossless=True)
    return out.getvalue()


def jpeg_claiming(width, height):
    """A small real JPEG whose frame header (SOF0) claims width×height."""
    data = bytearray(image_bytes(8, 8, "JPEG"))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def gif_claiming(width, height):
    """A small GIF whose logical screen and only frame claim width×height."""
    data = bytearray(image_bytes(8, 8, "GIF", mode="P"))
    struct.pack_into("<HH", data, 6, width, height)
    descriptor = data.index(b",")
    struct.pack_into("<HH", data, descriptor + 5, width, height)
    return bytes(data)


def png_with_bad_crc():
    data = bytearray(png_bytes(16, 16, noisy=True))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # flip bits inside the compressed pixels; the CRC no longer matches
    return bytes(data)


def png_with_valid_crc_and_garbage_pixels():
    """Chunk CRCs all correct, but the zlib stream inside IDAT is garbage: only a full decode notices."""
    width = height = 16
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    garbage = b"\x78\x9c" + b"\xff" * 40  # a zlib header, then nonsense
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", garbage) + chunk(b"IEND", b"")


def psd_bytes(width=16, height=16):
    """A minimal Photoshop file, written by hand (Pillow reads PSD but cannot write it)."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)  # version 1, RGB, 8 bits
    sections = struct.pack(">III", 0, 0, 0)  # colour mode data, image resources, layers: all empty
    return header + sections + struct.pack(">H", 0) + bytes(3 * width * height)  # raw, uncompressed


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\n(/etc/passwd) (r) file showpage\n%%EOF\n"


@functools.cache
def cases():
    """Every hostile file, with the answer it must get (made once per run)."""
    png = png_bytes(64, 64, noisy=True)
    jpeg = image_bytes(64, 64, "JPEG", noisy=True)
    gif = gif_frames(32, 32, 4)
    return (
        # Truncated: a header that promises more than the file holds.
        Case("truncated-png", "cut.png", png[: len(png) // 2], DAMAGED),
        Case("truncated-jpeg", "cut.jpg", jpeg[: len(jpeg) // 2], DAMAGED),
        Case("truncated-gif", "cut.gif", gif[: len(gif) // 2], DAMAGED),
        Case("header-only-png", "empty.png", png[:33], UNREADABLE),
        Case("empty-file", "nothing.jpg", b"", UNREADABLE),
        # Wrong magic bytes.
        Case("png-signature-jpeg-body", "odd.png", b"\x89PNG\r\n\x1a\n" + jpeg[2:], DAMAGED),
        Case("jpeg-magic-then-junk", "odd.jpg", b"\xff\xd8\xff\xe0" + b"\x00junk" * 50, UNREADABLE),
        Case("html-named-gif", "cat.gif", b"GIF89a" + HTML, UNREADABLE),
        Case("png-bad-crc", "crc.png", png_with_bad_crc(), DAMAGED),
        Case("png-garbage-pixels", "zlib.png", png_with_valid_crc_and_garbage_pixels(), DAMAGED),
        # Huge dimensions claimed by a tiny file.
        Case("png-100-megapixel-header", "bomb.png", png_bomb_bytes(10_000, 10_000), BOMB),
        Case("jpeg-65000-square-header", "bomb.jpg", jpeg_claiming(65_000, 65_000), BOMB),
        Case("gif-65535-square-header", "bomb.gif", gif_claiming(65_535, 65_535), BOMB),
        Case(
            "png-over-40-megapixels",
            "wide.png",
            png_bomb_bytes(8_000, 6_000),
            "This image is 8000×6000 pixels; the limit is 40 megapixels.",
        ),
        # Markup smuggled alongside real pixels: accepted, but only Pillow's bytes are stored.
        Case("gif-with-html-appended", "polyglot.gif", gif + HTML),
        Case("jpeg-with-html-appended", "polyglot.jpg", jpeg + HTML),
        Case("gif-with-html-comment", "comment.gif", gif_with_comment(HTML)),
        Case("jpeg-with-exif-gps-and-comment", "camera.jpg", jpeg_with_metadata()),
        # Animations: a short one is kept; frame bombs are refused before any frame is decoded.
        Case("short-animated-gif", "reaction.gif", gif),
        Case("short-animated-webp", "reaction.webp", webp_frames(32, 24, 3)),
        Case("gif-frame-bomb", "frames.gif", gif_frame_bomb(2_000, 2_000, 100), too_many_frames(100, 2000, 2000)),
        Case("gif-many-tiny-frames", "many.gif", gif_frame_bomb(2, 2, 50_000), too_many_frames(50_000, 2, 2)),
        Case("webp-frame-bomb", "frames.webp", webp_frames(1_000, 1_000, 40), too_many_frames(40, 1000, 1000)),
        # Formats Pillow can read but the site does not take.
        Case("eps", "poster.eps", EPS, not_accepted("EPS")),
        Case("eps-named-jpg", "poster.jpg", EPS, not_accepted("EPS")),
        Case("psd", "layers.psd", psd_bytes(), not_accepted("PSD")),
        Case("tiff", "scan.tiff", image_bytes(16, 16, "TIFF"), not_accepted("TIFF")),
        Case("tiff-named-png", "scan.png", image_bytes(16, 16, "TIFF"), not_accepted("TIFF")),
        Case("bmp", "old.bmp", image_bytes(16, 16, "BMP"), not_accepted("BMP")),
    )
