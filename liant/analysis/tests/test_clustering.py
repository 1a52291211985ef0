"""Suggested groups recover the themes of realistic workshop cards."""

from collections import Counter

from liant.analysis.clustering import content_words, suggest_groups

THEMES = {
    "réunions": [
        "Trop de réunions dans la semaine",
        "Les réunions sont trop longues",
        "Réunions sans ordre du jour",
        "On sort des réunions sans décision",
        "Des réunions qui commencent en retard",
        "Réunion hebdomadaire inutile",
        "Moins de réunions, plus de décisions",
        "Les comptes rendus de réunion n'arrivent jamais",
    ],
    "outils": [
        "Les outils informatiques sont lents",
        "Logiciel de gestion trop lent",
        "Outils informatiques inadaptés au terrain",
        "Le logiciel plante souvent",
        "Pas de formation aux nouveaux outils",
        "Trop d'outils différents pour la même tâche",
        "Le réseau informatique coupe souvent",
        "Les ordinateurs portables sont trop vieux",
    ],
    "reconnaissance": [
        "Manque de reconnaissance du travail fait",
        "Aucune reconnaissance de la hiérarchie",
        "Le travail bien fait n'est jamais reconnu",
        "Besoin de reconnaissance et de remerciements",
        "Pas de retour sur notre travail",
        "La reconnaissance passe toujours après",
    ],
    "charge": [
        "Charge de travail trop lourde",
        "Trop de charge en fin de mois",
        "Surcharge de travail permanente",
        "Charge mal répartie dans l'équipe",
        "Heures supplémentaires non récupérées à cause de la charge",
        "La charge augmente sans renfort",
    ],
    "communication": [
        "Mauvaise communication entre les services",
        "Communication descendante uniquement",
        "Les informations circulent mal entre services",
        "Pas de communication sur les décisions",
        "Communication difficile avec la direction",
        "On apprend les changements par hasard, faute de communication",
    ],
}


def cards():
    texts, themes = [], []
    for theme, items in THEMES.items():
        texts += items
        themes += [theme] * len(items)
    return texts, themes


def test_the_themes_are_recovered():
    texts, themes = cards()
    suggestions = suggest_groups(texts, "fr")
    for theme, items in THEMES.items():
        # The suggestion that holds most of this theme's cards…
        best = max(suggestions, key=lambda s: sum(themes[i] == theme for i in s.indices))
        found = sum(themes[i] == theme for i in best.indices)
        purity = Counter(themes[i] for i in best.indices).most_common(1)[0][1] / len(best.indices)
        assert found / len(items) >= 0.6, (theme, best)
        assert purity >= 0.7, (theme, best)


def test_labels_name_the_theme():
    texts, _ = cards()
    labels = " ".join(s.label for s in suggest_groups(texts, "fr")).lower()
    for word in ("réunion", "charge", "reconnaissance", "communication"):
        assert word in labels


def test_each_card_in_at_most_one_group_and_largest_first():
    texts, _ = cards()
    suggestions = suggest_groups(texts, "fr")
    seen = [i for s in suggestions for i in s.indices]
    assert len(seen) == len(set(seen))
    sizes = [len(s.indices) for s in suggestions]
    assert sizes == sorted(sizes, reverse=True)


def test_plural_singular_and_accents_match():
    suggestions = suggest_groups(["Réunions trop longues", "reunion trop longue", "Pause café"])
    assert suggestions and suggestions[0].indices == (0, 1)


def test_english_cards():
    texts = [
        "Too many meetings",
        "Meetings are too long",
        "Slow computers",
        "Our computer is slow",
        "Nobody thanks us",
    ]
    groups = {s.indices for s in suggest_groups(texts, "en")}
    assert (0, 1) in groups and (2, 3) in groups


def test_stop_words_only_cards_are_left_out_and_empty_input():
    assert content_words("et de la le", "fr") == []
    assert suggest_groups([]) == []
    assert suggest_groups(["Une seule carte"]) == []
    suggestions = suggest_groups(["et de la", "Réunions longues", "réunions trop longues"])
    assert all(0 not in s.indices for s in suggestions)


def test_deterministic_and_max_groups():
    texts, _ = cards()
    assert suggest_groups(texts) == suggest_groups(list(texts))
    assert len(suggest_groups(texts, max_groups=2)) == 2


def test_odd_input_does_not_crash():
    texts = ["<script>alert(1)</script>", "🙂🙂", "", "   ", "12345", "l’équipe", "L'équipe soudée"]
    suggest_groups(texts, "fr")
    suggest_groups(texts, "xx")  # unknown language: French rules
