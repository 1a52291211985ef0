"""The hand-written French demo: a cabinet and three client organisations.

Units are (name, kind, headcount, parent name or None); people are (name, title, unit,
manager?). Everything is fictitious; names are chosen to read like a real engagement.
"""

WORKSPACE = "Cabinet Cap Commun (démo)"
OWNER = ("claire.martin@demo.liant.fr", "Claire Martin")
CONSULTANTS = [
    ("thomas.lefort@demo.liant.fr", "Thomas Lefort"),
    ("amina.diallo@demo.liant.fr", "Amina Diallo"),
]
SPONSOR = ("isabelle.roche@demo.liant.fr", "Isabelle Roche")  # follows the assembly

ASSEMBLY = {
    "name": "Assemblée régionale de Bretagne-Sud — Direction des services législatifs",
    "sector": "Institution parlementaire",
    "description": "Direction qui prépare les séances plénières, les commissions et leurs comptes rendus.",
    "domain": "assemblee-bretagne-sud.example",
    "units": [
        ("Direction des services législatifs", "direction", 3, None),
        ("Service de la séance", "service", 9, "Direction des services législatifs"),
        ("Service des commissions", "service", 10, "Direction des services législatifs"),
        ("Service des comptes rendus", "service", 8, "Direction des services législatifs"),
        ("Documentation et archives", "service", 6, "Direction des services législatifs"),
        ("Secrétariat de direction", "team", 4, "Direction des services législatifs"),
    ],
    "people": [
        (
            "Isabelle Roche",
            "Directrice des services législatifs",
            "Direction des services législatifs",
            True,
        ),
        ("Philippe Garnier", "Directeur adjoint", "Direction des services législatifs", True),
        (
            "Nathalie Brun",
            "Chargée de mission qualité",
            "Direction des services législatifs",
            False,
        ),
        ("Olivier Masson", "Chef du service de la séance", "Service de la séance", True),
        ("Camille Perrot", "Adjointe au chef de service", "Service de la séance", True),
        ("Julien Faure", "Administrateur de la séance", "Service de la séance", False),
        ("Sandrine Colin", "Administratrice de la séance", "Service de la séance", False),
        ("Mathieu Lemaire", "Assistant de séance", "Service de la séance", False),
        ("Aurélie Dupuis", "Assistante de séance", "Service de la séance", False),
        ("Karim Benhamou", "Gestionnaire des amendements", "Service de la séance", False),
        ("Lucie Marchal", "Gestionnaire des amendements", "Service de la séance", False),
        ("Éric Vasseur", "Huissier-chef", "Service de la séance", False),
        ("Hélène Bouvier", "Cheffe du service des commissions", "Service des commissions", True),
        ("Stéphane Royer", "Secrétaire de commission (finances)", "Service des commissions", False),
        (
            "Marion Lucas",
            "Secrétaire de commission (aménagement)",
            "Service des commissions",
            False,
        ),
        (
            "David Fontaine",
            "Secrétaire de commission (éducation)",
            "Service des commissions",
            False,
        ),
        ("Claire Girard", "Secrétaire de commission (santé)", "Service des commissions", False),
        ("Antoine Mercier", "Chargé d’études juridiques", "Service des commissions", False),
        ("Émilie Lambert", "Chargée d’études juridiques", "Service des commissions", False),
        ("Yannick Le Gall", "Assistant de commission", "Service des commissions", False),
        ("Fatima Ouali", "Assistante de commission", "Service des commissions", False),
        ("Hugo Barbier", "Assistant de commission", "Service des commissions", False),
        (
            "Véronique Denis",
            "Cheffe du service des comptes rendus",
            "Service des comptes rendus",
            True,
        ),
        ("Laurent Morin", "Rédacteur des débats", "Service des comptes rendus", False),
        ("Pauline Robin", "Rédactrice des débats", "Service des comptes rendus", False),
        ("Sébastien Guérin", "Rédacteur des débats", "Service des comptes rendus", False),
        ("Anne-Sophie Leroy", "Réviseuse", "Service des comptes rendus", False),
        ("Thierry Boyer", "Réviseur", "Service des comptes rendus", False),
        ("Inès Haddad", "Sténotypiste", "Service des comptes rendus", False),
        ("Benoît Carré", "Sténotypiste", "Service des comptes rendus", False),
        (
            "Martine Picard",
            "Responsable documentation et archives",
            "Documentation et archives",
            True,
        ),
        ("Gilles Renaud", "Archiviste", "Documentation et archives", False),
        ("Sarah Benoît", "Documentaliste", "Documentation et archives", False),
        ("Nicolas Arnaud", "Documentaliste", "Documentation et archives", False),
        ("Chloé Rolland", "Chargée de veille", "Documentation et archives", False),
        ("Patrick Chevalier", "Agent de numérisation", "Documentation et archives", False),
        ("Sylvie Moulin", "Assistante de direction", "Secrétariat de direction", True),
        ("Jessica Baron", "Assistante de direction", "Secrétariat de direction", False),
        ("Rémi Caron", "Gestionnaire administratif", "Secrétariat de direction", False),
        ("Élodie Fabre", "Gestionnaire courrier", "Secrétariat de direction", False),
    ],
    "interfaces": [
        (
            "Service des commissions",
            "Service de la séance",
            "Transmet les textes adoptés en commission et les rapports pour l’ordre du jour.",
        ),
        (
            "Service de la séance",
            "Service des comptes rendus",
            "Communique le déroulé et les amendements examinés en séance.",
        ),
        (
            "Documentation et archives",
            "Service des commissions",
            "Fournit les dossiers documentaires et la veille législative.",
        ),
        (
            "Secrétariat de direction",
            "Direction des services législatifs",
            "Gère l’agenda, le courrier et les convocations.",
        ),
    ],
    "mission": {
        "template": "organisation-coaching",
        "title": "Accompagnement de la Direction des services législatifs",
        "description": "Diagnostic partagé, plan d’actions priorisé, projet de direction puis accompagnement du changement, à la demande de la directrice après une année de fortes tensions sur les délais des comptes rendus.",
        "start_days_ago": 77,
        "progress": 1,  # phases done; the next one is under way
        "consultants": ["thomas.lefort@demo.liant.fr", "claire.martin@demo.liant.fr"],
        "scope": ["Direction des services législatifs"],  # and its five services
    },
}

ESN = {
    "name": "Numéria Conseil",
    "sector": "Entreprise de services du numérique",
    "description": "ESN de 120 salariés répartis sur trois agences ; l’équipe Data de l’agence de Nantes traverse une période de tensions avec son principal client, un assureur régional.",
    "domain": "numeria.example",
    "units": [
        ("Agence de Nantes", "direction", 42, None),
        ("Équipe Data", "team", 8, "Agence de Nantes"),
    ],
    "people": [
        ("Romain Lebrun", "Manager de l’équipe Data", "Équipe Data", True),
        ("Sophie Tessier", "Data engineer senior", "Équipe Data", False),
        ("Mehdi Cherif", "Data engineer", "Équipe Data", False),
        ("Laura Besson", "Data analyst", "Équipe Data", False),
        ("Kevin Nguyen", "Data engineer", "Équipe Data", False),
        ("Ophélie Marty", "Cheffe de projet", "Équipe Data", False),
        ("Bastien Gillet", "Développeur BI", "Équipe Data", False),
        ("Nora Saïdi", "Data scientist", "Équipe Data", False),
    ],
    "interfaces": [],
    "mission": {
        "template": "team-tension",
        "title": "Retrouver un fonctionnement serein dans l’équipe Data",
        "description": "Entretiens individuels, séminaire d’équipe, règles de vie et points de vigilance, puis suivi à trois mois.",
        "start_days_ago": 16,
        "progress": 0,
        "consultants": ["amina.diallo@demo.liant.fr"],
        "scope": ["Équipe Data"],
    },
}

COMPANY = {
    "name": "Ardelis Industrie",
    "sector": "Fabrication d’équipements de manutention",
    "description": "PME industrielle de 85 salariés près de Cholet ; après deux saisons de retards de livraison, les services veulent clarifier ce qu’ils attendent les uns des autres.",
    "domain": "ardelis.example",
    "units": [
        ("Direction générale", "direction", 4, None),
        ("Comptabilité", "service", 6, "Direction générale"),
        ("Commercial", "service", 14, "Direction générale"),
        ("Logistique", "service", 22, "Direction générale"),
        ("ADV", "service", 7, "Direction générale"),
        ("SAV", "service", 11, "Direction générale"),
        ("R&D", "service", 16, "Direction générale"),
        ("RH", "service", 5, "Direction générale"),
    ],
    "people": [
        ("François Delmas", "Directeur général", "Direction générale", True),
        ("Agnès Poirier", "Assistante de direction", "Direction générale", False),
        ("Nadia Benali", "Responsable comptable", "Comptabilité", True),
        ("Louis Garnier", "Comptable fournisseurs", "Comptabilité", False),
        ("Céline Huet", "Comptable clients", "Comptabilité", False),
        ("Marc Lefebvre", "Directeur commercial", "Commercial", True),
        ("Julie Charpentier", "Ingénieure commerciale", "Commercial", False),
        ("Alexandre Petit", "Ingénieur commercial", "Commercial", False),
        ("Jérôme Gautier", "Responsable logistique", "Logistique", True),
        ("Samir Belkacem", "Chef d’équipe expédition", "Logistique", True),
        ("Valérie Noël", "Gestionnaire des stocks", "Logistique", False),
        ("Emma Roux", "Responsable ADV", "ADV", True),
        ("Manon Lacroix", "Assistante ADV", "ADV", False),
        ("Damien Perrin", "Responsable SAV", "SAV", True),
        ("Thibault Andrieu", "Technicien SAV", "SAV", False),
        ("Laëtitia Weber", "Directrice R&D", "R&D", True),
        ("Hervé Collet", "Ingénieur méthodes", "R&D", False),
        ("Sonia Ferreira", "Responsable RH", "RH", True),
        ("Paul Meunier", "Chargé de recrutement", "RH", False),
    ],
    "interfaces": [
        (
            "ADV",
            "Logistique",
            "Transmet les commandes validées, avec les dates de livraison promises.",
        ),
        ("Logistique", "ADV", "Confirme les expéditions et signale les ruptures de stock."),
        ("Commercial", "ADV", "Fournit les offres signées et les conditions particulières."),
        ("ADV", "Comptabilité", "Transmet les éléments de facturation."),
        (
            "Comptabilité",
            "Commercial",
            "Informe des retards de paiement et des blocages de compte client.",
        ),
        ("SAV", "R&D", "Remonte les pannes récurrentes et les demandes d’évolution."),
        ("R&D", "SAV", "Fournit la documentation technique et les correctifs."),
        ("RH", "Direction générale", "Prépare les recrutements, la paie et le dialogue social."),
        ("Logistique", "SAV", "Prépare et expédie les pièces détachées."),
        ("Comptabilité", "RH", "Contrôle les éléments variables de paie."),
    ],
    "mission": {
        "template": "service-promise",
        "title": "Promesses de service entre les services d’Ardelis",
        "description": "Chaque service écrit sa mission, l’image qu’il souhaite donner et ses engagements envers ses clients internes ; revue à six mois.",
        "start_days_ago": 9,
        "progress": 0,
        "consultants": ["claire.martin@demo.liant.fr", "amina.diallo@demo.liant.fr"],
        "scope": [],
    },
}

CLIENTS = [ASSEMBLY, ESN, COMPANY]
