"""The shared XSS corpus (../shared/security/xss-corpus/ beside the clone), read once for every test.

``load_corpus()`` gives (file stem, line number, payload) for every non-empty
line of every payload file; xss_alert.txt has CRLF endings and no final newline,
so files are read with newline="" and split with str.splitlines().
``pack(payloads, width)`` fits payloads into as few strings of at most ``width``
characters as it can, so one short field (a headline, a tag name) can carry
several payloads and the whole corpus reaches it in a few hundred rows.
Under CI=true a missing corpus is an error, never a silent pass.
"""

import os
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "security" / "xss-corpus"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SEPARATOR = " "


def payload_files():
    return [
        path
        for path in sorted(CORPUS_DIR.glob("*.txt"))
        if path.name != "README.txt" and not path.name.startswith("LICENSE")
    ]


def load_corpus():
    """Every non-empty payload line of every corpus file except the README and licence."""
    payloads = []
    if not CORPUS_DIR.is_dir():
        if IN_CI:
            # CI always has shared/ beside the clone; a missing corpus there is a broken setup, not a pass.
            raise RuntimeError(f"CI=true but the XSS corpus is missing at {CORPUS_DIR}")
        return payloads
    for path in payload_files():
        with open(path, encoding="utf-8", newline="") as handle:
            lines = handle.read().splitlines()
        payloads.extend((path.stem, number, line) for number, line in enumerate(lines, start=1) if line.strip())
    return payloads


CORPUS = load_corpus()
# Distinct payload texts in corpus order (a few lines repeat across files).
PAYLOADS = list(dict.fromkeys(payload for _, _, payload in CORPUS))


def pack(payloads, width):
    """Payloads joined by spaces into strings of at most width characters, in corpus order.

    Each payload goes into the first string it still fits in (first fit), so
    the strings stay few. One longer than width is cut to width: the field
    could not hold more, and its opening (where the markup is) still arrives.
    """
    chunks = []
    for payload in payloads:
        payload = payload[:width]
        for index, chunk in enumerate(chunks):
            if len(chunk) + len(SEPARATOR) + len(payload) <= width:
                chunks[index] = chunk + SEPARATOR + payload
                break
        else:
            chunks.append(payload)
    return chunks
