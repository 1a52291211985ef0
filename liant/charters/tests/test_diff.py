from types import SimpleNamespace

from liant.charters import diff


def clause(key, text, title=""):
    return SimpleNamespace(key=key, title=title, text=text)


def test_word_diff_marks_changed_words_only():
    html = diff.word_diff_html("Pas de courriel après 20 h.", "Pas de courriel après 19 h.")
    assert html == "Pas de courriel après <del>20</del><ins>19</ins> h."


def test_word_diff_escapes_every_piece_of_text():
    html = diff.word_diff_html("<b>gras</b> & co", "<script>x</script> & co")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp; co" in html


def test_identical_texts_have_no_marks():
    assert diff.word_diff_html("Une phrase.", "Une phrase.") == "Une phrase."


def test_compare_aligns_clauses_by_key_and_places_removed_ones():
    old = [clause(1, "Un"), clause(2, "Deux"), clause(3, "Trois")]
    new = [clause(1, "Un"), clause(3, "Trois bis"), clause(4, "Quatre")]
    rows = diff.compare(old, new)
    assert [r.status for r in rows] == ["same", "removed", "changed", "added"]
    assert rows[1].text_html == "<del>Deux</del>"
    assert rows[2].text_html == "Trois<ins> bis</ins>"
    assert rows[3].text_html == "<ins>Quatre</ins>"
    assert diff.counts(rows) == {"same": 1, "changed": 1, "added": 1, "removed": 1}


def test_a_removed_first_clause_comes_first():
    rows = diff.compare([clause(1, "Un"), clause(2, "Deux")], [clause(2, "Deux")])
    assert [r.status for r in rows] == ["removed", "same"]
