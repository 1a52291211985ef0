from liant.reports.typography import NARROW_NBSP, NBSP, french, typeset


def test_spaces_before_double_punctuation_become_non_breaking():
    assert french("Pourquoi ? Parce que ; enfin : oui !") == (
        f"Pourquoi{NARROW_NBSP}? Parce que{NARROW_NBSP}; enfin{NBSP}: oui{NARROW_NBSP}!"
    )


def test_glued_signs_get_their_space_but_not_hours_nor_addresses():
    assert french("Vraiment? Note: à 10:30 sur https://liant.fr") == (
        f"Vraiment{NARROW_NBSP}? Note{NBSP}: à 10:30 sur https://liant.fr"
    )


def test_quotes_become_guillemets_with_inner_spaces():
    assert french('Il a dit "on verra" puis « non »') == (
        f"Il a dit «{NBSP}on verra{NBSP}» puis «{NBSP}non{NBSP}»"
    )


def test_only_french_is_changed():
    assert typeset("Why? Because: yes!", "en") == "Why? Because: yes!"
    assert typeset("", "fr") == ""
