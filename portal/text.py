"""Counting characters the way a person does.

An Arabic letter with its vowel marks, or an emoji built from several code points, counts
once: limits use extended grapheme clusters, and the browser counter uses Intl.Segmenter.
"""
import regex

_GRAPHEME = regex.compile(r"\X")


def char_count(text):
    return len(_GRAPHEME.findall(text or ""))


def clip(text, limit):
    """The first `limit` characters of `text`, never splitting a character."""
    return "".join(_GRAPHEME.findall(text or "")[:limit])
