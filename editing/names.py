"""Name matching that ignores how a name was romanised or spaced.

"Kim Soo Hyun", "Kim Soo-hyun" and "kim soohyun" are one name to a reader, so
names are compared after folding case and dropping everything that is not a
letter or digit (spaces, hyphens, apostrophes, dots). Hangul is kept as it is.
"""

import unicodedata

# Keeps one stored name from running into the next, so a query never matches
# across two names; normalise() never produces it.
NAME_SEPARATOR = "|"


def normalise(text):
    """'Kim Soo-hyun' → 'kimsoohyun'; '김수현' stays '김수현'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def search_key(*names):
    """Every non-empty name, normalised and joined: what a model stores for matching."""
    keys = []
    for name in names:
        key = normalise(name)
        if key and key not in keys:
            keys.append(key)
    return NAME_SEPARATOR.join(keys)


def query_words(query, limit=8):
    """The normalised words of a reader's query, at most `limit` of them."""
    words = []
    for word in query.split():
        key = normalise(word)
        if key and key not in words:
            words.append(key)
    return words[:limit]
