# ruff: noqa: RUF001, RUF002 -- Cyrillic and look-alike letters are what this module folds
"""How a person's name is folded before it is looked up: one spelling for the ways
staff write the same Albanian or Serbian name (docs/privacy.md#matching-rules).

Pure: the blind index (adapters/privacy/blind_index.py) keys what this returns; it
never stores it. Steps, in order:

1. Unicode compatibility form, case folded (`KRASNIQI` = `krasniqi`).
2. Serbian and Macedonian Cyrillic to Serbian Latin (`Јовановић` = `Jovanović`,
   `Ђорђе` = `Đorđe`; Macedonian `ќ` = `ć`, `ѓ` = `đ`, `ѕ` = `dz`: `Красниќи` = `Krasnići`).
3. Letters that are not a base letter with a mark: `đ` -> `dj`, `ł` -> `l`, `ß` -> `ss`,
   `æ` -> `ae`, `ø` -> `o`, `ı` -> `i`.
4. Every diacritic dropped: `ë` -> `e`, `ç` -> `c`, `č`/`ć` -> `c`, `š` -> `s`, `ž` -> `z`,
   `dž` -> `dz`, `ü` -> `u`.
5. Albanian digraphs and letters written as their Serbian counterparts would be:
   `xh` -> `dz` (Xhafa = Džafa), `sh` -> `s` (Shala = Šala), `zh` -> `z`, `ch` -> `c`,
   `gj` -> `dj` (Gjergj = Đerđ), `dh` -> `d`, `th` -> `t` (Thaçi = Tači), `q` -> `c`
   (Krasniqi = Krasnići), `x` -> `dz`, `y` -> `i` (Ymeri = Imeri).
6. Serbian `ij` before a vowel written as Albanian `i` (`Sejdiju` = `Sejdiu`,
   `Marija` = `Maria`).
7. A letter written twice counts once (`Hoxholl` = `Hoxhol`, `Rr` = `R`).
8. Apostrophes vanish (`D'Angelo` = `DAngelo`); any other character that is not a
   letter separates words (`Gashi-Berisha` is two words); words shorter than two
   letters (initials) are left out.
"""

from __future__ import annotations

import re
import unicodedata

MIN_TOKEN_LETTERS = 2

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "ќ": "ć", "ѓ": "đ", "ѕ": "dz",  # Macedonian
}  # fmt: skip
_UNDECOMPOSABLE = {"đ": "dj", "ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "ı": "i", "œ": "oe"}
_SPELLINGS = (
    ("xh", "dz"),
    ("sh", "s"),
    ("zh", "z"),
    ("ch", "c"),
    ("gj", "dj"),
    ("dh", "d"),
    ("th", "t"),
    ("q", "c"),
    ("x", "dz"),
    ("y", "i"),
)
_APOSTROPHES = re.compile(r"['’`ʼ‘]")
_NOT_LETTER = re.compile(r"[^a-z]+")
_IJ_BEFORE_VOWEL = re.compile(r"ij(?=[aeiou])")
_DOUBLED = re.compile(r"([a-z])\1+")


def fold(text: str) -> str:
    """The name in folded letters, words separated by single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(_CYRILLIC.get(char, char) for char in folded)
    folded = "".join(_UNDECOMPOSABLE.get(char, char) for char in folded)
    folded = _without_marks(_APOSTROPHES.sub("", folded))
    for written, said in _SPELLINGS:
        folded = folded.replace(written, said)
    folded = _IJ_BEFORE_VOWEL.sub("i", folded)
    folded = _DOUBLED.sub(r"\1", folded)
    return " ".join(_NOT_LETTER.sub(" ", folded).split())


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_tokens(*names: str) -> frozenset[str]:
    """The distinct folded words of the names, initials left out."""
    return frozenset(
        word for name in names for word in fold(name).split() if len(word) >= MIN_TOKEN_LETTERS
    )
