"""Stage: sentences. Input: the cleaned text. Output: its sentences and paragraphs as character spans, the unit
the later stages read in (a signing, an event word near a phrase, the nearest country)."""

import re

# A sentence ends at . ! ? ; or a line break; a paragraph is a line of the cleaned text. A full stop between two
# digits ends nothing: it separates a day from its month ("Ngày 26.11") or thousands ("1.200 người"); nor does the
# one glued after a city's or a town's unit ("TP.HCM", "Tp.Cần Thơ", "TX.Sơn Tây").
SENTENCE = re.compile(
    r"(?:[^.!?;\n]+|(?<=\d)\.(?=\d)|(?<=\bTP|\bTp|\bTX)\.(?=\w))+(?:[.!?;]+|$)", re.MULTILINE
)  # runs of ordinary characters first: one step per run, not per character
PARAGRAPH = re.compile(r"[^\n]+")


def sentences(body: str) -> list[tuple[int, str]]:
    """(offset, text) of each sentence of the text."""
    return [(match.start(), match.group(0)) for match in SENTENCE.finditer(body)]
