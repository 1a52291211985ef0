"""Suggest groups of cards from their texts (French and English). No Django here.

Texts are tokenised, stripped of stop words and lemmatised with simplemma, weighted with
TF-IDF (lemmas and lemma pairs), then grouped by agglomerative clustering on cosine
distance (average linkage, cut at a distance threshold). Each group is labelled with its
most characteristic lemmas, shown in the surface form most used in its cards.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import simplemma
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

# Cosine distance (average linkage) under which cards are grouped. Short post-its share few
# words, so groups form at large distances: tuned on the themed cards of the tests, where
# 0.93–0.95 recovers every theme and 0.97 starts to merge them.
DISTANCE_THRESHOLD = 0.95
LABEL_WORDS = 3

FRENCH_STOP_WORDS = set(
    """a à afin ai aie aient ait alors as au aucun aucune aussi autre autres aux avait avant
    avec avez avoir avons ayant bcp beaucoup bien c ça car ce ceci cela celle celles celui
    cependant ces cet cette ceux chaque chez ci comme comment d dans de des doit donc dont
    du elle elles en encore entre est et étaient était été être eu eux fait faire fois font
    ici il ils j je jusqu l la là le les leur leurs lors lui m ma mais me même mêmes mes
    moi moins mon n ne ni nos notre nous on ont ou où par parce pas peu peut peuvent plus
    plutôt pour pourquoi pouvoir qu quand que quel quelle quelles quels qui quoi s sa sans
    se ses si sien son sont sous souvent sur t ta te tes toi ton tous tout toute toutes
    très trop tu un une vers vos votre vous y été avoir être aller devoir falloir faut
    fais fait faites font sera seront serait cela ceux-ci là-bas etc oui non rien tout""".split()
)
ENGLISH_STOP_WORDS = set(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can cannot could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just let me more most my myself no nor not of off on once only
    or other ought our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves get got make made lot lots really also much many way""".split()
)
STOP_WORDS = {"fr": FRENCH_STOP_WORDS, "en": ENGLISH_STOP_WORDS}
TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    indices: tuple[int, ...]
    label: str
    keywords: tuple[str, ...]


def fold(text: str) -> str:
    """Lowercase without accents, for matching only."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def lemma(token: str, language: str) -> str:
    return fold(simplemma.lemmatize(token, lang=language))


def content_words(text: str, language: str) -> list[tuple[str, str]]:
    """(lemma, surface form) of each content word of a text."""
    stop = STOP_WORDS.get(language, FRENCH_STOP_WORDS)
    words = []
    for match in TOKEN.finditer(text.lower()):
        surface = match.group().replace("’", "'")
        # "l'équipe", "d'accord": the elided article goes, the word stays.
        if "'" in surface:
            head, _, tail = surface.partition("'")
            if len(head) <= 2:
                surface = tail
        if len(surface) < 3 or surface in stop or fold(surface) in stop:
            continue
        base = lemma(surface, language)
        if base in stop or len(base) < 3:
            continue
        words.append((base, surface))
    return words


def suggest_groups(
    texts: list[str], language: str = "fr", *, max_groups: int | None = None, min_size: int = 2
) -> list[Suggestion]:
    """Groups of similar cards, largest first; cards that fit no group are left out."""
    language = language if language in STOP_WORDS else "fr"
    analysed = [content_words(text or "", language) for text in texts]
    usable = [i for i, words in enumerate(analysed) if words]
    if len(usable) < max(2, min_size):
        return []
    documents = [[w for w, _ in analysed[i]] for i in usable]
    vectorizer = TfidfVectorizer(
        analyzer=lambda words: words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)],
        sublinear_tf=True,
        norm="l2",
    )
    matrix = vectorizer.fit_transform(documents)
    dense = matrix.toarray().astype(np.float32)
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=DISTANCE_THRESHOLD,
    )
    labels = model.fit_predict(dense) if len(usable) > 1 else np.zeros(1, dtype=int)
    members: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        members[int(label)].append(row)
    groups = [rows for rows in members.values() if len(rows) >= min_size]
    groups.sort(key=lambda rows: (-len(rows), min(usable[r] for r in rows)))
    if max_groups is not None:
        groups = groups[:max_groups]
    vocabulary = np.array(vectorizer.get_feature_names_out())
    suggestions = []
    for rows in groups:
        keywords = _keywords(dense[rows], vocabulary, [analysed[usable[r]] for r in rows])
        indices = tuple(sorted(usable[r] for r in rows))
        suggestions.append(Suggestion(indices, " · ".join(keywords), tuple(keywords)))
    return suggestions


def _keywords(rows: np.ndarray, vocabulary: np.ndarray, words: list[list[tuple[str, str]]]):
    """The group's heaviest single lemmas, each shown in its most frequent surface form."""
    weights = rows.sum(axis=0)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for card in words:
        for base, surface in card:
            surfaces[base][surface] += 1
    chosen = []
    for index in np.argsort(-weights, kind="stable"):
        term = vocabulary[index]
        if " " in term or weights[index] <= 0 or term not in surfaces:
            continue
        chosen.append(surfaces[term].most_common(1)[0][0])
        if len(chosen) == LABEL_WORDS:
            break
    return chosen
