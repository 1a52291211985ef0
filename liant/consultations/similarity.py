"""Near-duplicate statements, found before a participant submits a new one.

The texts are reduced to lemmas with ``liant.analysis.clustering.content_words`` (the card
grouping's French/English tokeniser, stop words and simplemma lemmas), weighted with TF-IDF
over the consultation's statements (lemmas and lemma pairs), and compared by cosine.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from liant.analysis.clustering import STOP_WORDS, content_words

# Cosine similarity from which two statements are shown as "already said". Checked on the
# tests' rephrasings ("Pas de mails après 20 h" / "Aucun mail après 20 heures" ≈ 0.6) and
# on statements that merely share a topic word (< 0.35).
THRESHOLD = 0.5
MAX_SHOWN = 3


def _terms(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def near_duplicates(text: str, statements: list, *, language: str = "fr") -> list:
    """The statements (objects with ``.text``) most similar to ``text``, best first."""
    language = language if language in STOP_WORDS else "fr"
    new_words = [w for w, _ in content_words(text, language)]
    if not new_words or not statements:
        return []
    documents = [[w for w, _ in content_words(s.text, language)] for s in statements]
    vectorizer = TfidfVectorizer(analyzer=_terms, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform([new_words, *documents])
    scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
    order = np.argsort(-scores, kind="stable")
    return [statements[i] for i in order[:MAX_SHOWN] if scores[i] >= THRESHOLD]
