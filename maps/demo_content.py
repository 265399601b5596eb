"""What ``load_demo`` loads: the demo workspace's accounts, personas and maps.

The maps follow the example journeys of the method (Nell's baguette and
concert tickets, Ludovic's running shoes), written as data so the loader in
``maps/management/commands/load_demo.py`` stays short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from maps.models import Cause, Evidence, LaneKind, Unit
from personas.models import Segment
from workspaces.models import Role

WORKSPACE_NAME = "Atelier démo"
PASSWORD = "parcours-demo"
FACILITATOR = "facilitatrice"
MARKETER = "marketeur"

THOUGHTS = LaneKind.THOUGHTS
PAIN_POINTS = LaneKind.PAIN_POINTS
OPPORTUNITIES = LaneKind.OPPORTUNITIES
METRICS = LaneKind.METRICS
BACKSTAGE = LaneKind.BACKSTAGE
STRENGTHS = LaneKind.STRENGTHS

LANE_TITLES: dict[str, str] = {
    THOUGHTS: "Pensées et verbatims",
    PAIN_POINTS: "Irritants",
    OPPORTUNITIES: "Opportunités",
    METRICS: "Chiffres clés",
    BACKSTAGE: "Coulisses",
    STRENGTHS: "Points forts",
}

# What a card of each lane usually rests on in the demo, unless it says otherwise:
# verbatims and frictions were heard in interviews, ideas are still guesses.
LANE_EVIDENCE: dict[str, str] = {
    THOUGHTS: Evidence.OBSERVED,
    PAIN_POINTS: Evidence.OBSERVED,
    STRENGTHS: Evidence.OBSERVED,
    OPPORTUNITIES: Evidence.ASSUMPTION,
    METRICS: Evidence.MEASURED,
    BACKSTAGE: Evidence.ASSUMPTION,
}


@dataclass(frozen=True)
class DemoTouchpoint:
    channel: str
    action: str
    emotion: int
    feeling: str
    evidence: str = Evidence.ASSUMPTION
    moment_of_truth: bool = False
    # How another persona of the map feels here, by the persona's name.
    persona_emotions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoCard:
    text: str
    cause: str = ""
    # Empty: the lane's usual level (``LANE_EVIDENCE``), from the map's interviews.
    evidence: str = ""
    source: str = ""
    source_date: date | None = None
    value: Decimal | None = None
    unit: str = ""
    target: Decimal | None = None
    higher_is_better: bool = True
    period: str = ""


@dataclass(frozen=True)
class DemoStage:
    name: str
    touchpoints: list[DemoTouchpoint]
    cards: dict[str, list[DemoCard]] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoMap:
    title: str
    journey_type: str
    targets: str
    offers: str
    personas: list[str]
    lanes: list[str]
    stages: list[DemoStage]
    # Where the observed cards come from: the team's interviews for this journey.
    interviews: str = ""


ACCOUNTS: list[dict[str, Any]] = [
    {
        "username": FACILITATOR,
        "first_name": "Camille",
        "last_name": "Facilitatrice",
        "email": "facilitatrice@example.org",
        "role": Role.FACILITATOR,
        # A superuser, so that the demo also shows the Django admin.
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "username": MARKETER,
        "first_name": "Malik",
        "last_name": "Marketeur",
        "email": "marketeur@example.org",
        "role": Role.MARKETER,
        "is_staff": False,
        "is_superuser": False,
    },
]

PERSONAS: list[dict[str, Any]] = [
    {
        "name": "Nell",
        "age": 32,
        "segment": Segment.B2C,
        "professional_situation": (
            "Cheffe de projet dans une agence de communication du centre-ville. "
            "Ses journées débordent souvent ; elle rentre en bus vers 18 h 30."
        ),
        "family_situation": (
            "Vit en couple dans un appartement en ville, sans enfant. "
            "Reçoit volontiers des amis le vendredi soir."
        ),
        "hobbies": (
            "Les concerts (pop, électro, et tout ce qui passe dans les petites salles), "
            "la cuisine de saison, le vélo le dimanche."
        ),
        "consumption_habits": (
            "Achète moins mais mieux : le pain chez l'artisan, le reste à la supérette "
            "du quartier. Réserve ses sorties en ligne, souvent depuis son téléphone."
        ),
        "needs": "Faire les courses du soir vite, sur le chemin du retour.",
        "expectations": (
            "Des produits de qualité, un service rapide, payer comme elle veut "
            "et quel que soit le montant."
        ),
        "goals": "Garder ses soirées pour ses amis et ses sorties, pas pour les files d'attente.",
        "motivations": (
            "Bien recevoir ses amis, manger des produits frais et de saison, soutenir "
            "les commerçants de son quartier."
        ),
        "reluctances": (
            "Perdre du temps le soir, dépenser plus que prévu pour atteindre un minimum, "
            "se sentir pressée de choisir."
        ),
        "frictions": (
            "Les files qui n'avancent pas, les montants minimums pour payer par carte bancaire, "
            "trop de choix quand elle est fatiguée, les sites envahis de fenêtres surgissantes."
        ),
        "quote": "« Un bon pain vaut bien cinq minutes d'attente… pas un quart d'heure. »",
        "photo_colours": ("#f4d8c4", "#8a4b2a"),
    },
    {
        "name": "Ludovic",
        "age": 38,
        "segment": Segment.B2C,
        "professional_situation": (
            "Comptable dans une PME de transport, en télétravail deux jours par semaine. "
            "Beaucoup d'heures assis devant un écran."
        ),
        "family_situation": "Marié, deux enfants de 8 et 11 ans, une maison en périphérie.",
        "hobbies": (
            "Le football à la télévision, le bricolage, et depuis peu la course à pied "
            "le dimanche matin."
        ),
        "consumption_habits": (
            "Compare longtemps avant d'acheter : tests, comparatifs, avis clients. "
            "Reste fidèle aux marques qui le traitent bien."
        ),
        "needs": "Une première paire de chaussures de course adaptée à un débutant.",
        "expectations": (
            "Des conseils simples, pouvoir essayer avant d'acheter, un échange facile "
            "si la paire ne convient pas."
        ),
        "goals": "Courir 10 km sans s'arrêter d'ici l'été et retrouver la forme.",
        "motivations": (
            "Retrouver la forme, montrer l'exemple à ses enfants, tenir une bonne résolution "
            "jusqu'au bout."
        ),
        "reluctances": (
            "Payer cher un équipement dont il ne se servira peut-être plus, avoir l'air "
            "d'un débutant devant les vendeurs."
        ),
        "frictions": (
            "Le jargon technique des fiches produit, les prix qui grimpent vite, "
            "la peur de se tromper et d'avoir payé pour rien."
        ),
        "quote": "« Je ne veux pas la chaussure des champions, je veux celle qui me fera tenir. »",
        "photo_colours": ("#cfe3f2", "#2f5d7c"),
    },
]

MAPS = [
    DemoMap(
        title="Nell achète une baguette",
        journey_type="integration",
        targets="Actifs urbains qui font leurs courses du soir sur le trajet du retour.",
        offers="Le pain et les viennoiseries d'une boulangerie de quartier.",
        # Two evening customers who live the same visit differently: the map draws
        # one emotion curve for each.
        personas=["Nell", "Ludovic"],
        lanes=[THOUGHTS, PAIN_POINTS, STRENGTHS, OPPORTUNITIES, METRICS],
        interviews="Entretiens avec huit clients du soir, octobre 2026",
        stages=[
            DemoStage(
                "Besoin",
                [
                    DemoTouchpoint(
                        "Liste de courses sur le téléphone",
                        "Vendredi, 18 h 30 : dans le bus, elle réalise qu'il n'y a plus de pain "
                        "pour la salade de ce soir.",
                        -1,
                        "contrariée",
                        evidence=Evidence.OBSERVED,
                        persona_emotions={"Ludovic": 0},
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Zut, plus de pain… et les amis arrivent à 20 h. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Elle s'en aperçoit tard, sans marge pour un détour.",
                            cause=Cause.TIME,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Commander sa baguette depuis le bureau et la retirer en passant.")
                    ],
                    METRICS: [
                        DemoCard(
                            "Clients du soir qui décident d'acheter du pain dans l'heure",
                            value=Decimal(68),
                            unit=Unit.PERCENT,
                            source="Questionnaire en caisse, 120 réponses",
                            source_date=date(2026, 10, 16),
                            period="Octobre 2026",
                        )
                    ],
                },
            ),
            DemoStage(
                "Trajet",
                [
                    DemoTouchpoint(
                        "Bus",
                        "Descend un arrêt plus tôt pour passer devant la boulangerie.",
                        0,
                        "déterminée",
                        persona_emotions={"Ludovic": 0},
                    ),
                    DemoTouchpoint(
                        "Vitrine de la boulangerie",
                        "Aperçoit de loin l'enseigne et les pains dorés en vitrine.",
                        1,
                        "rassurée",
                        evidence=Evidence.OBSERVED,
                        persona_emotions={"Ludovic": 1},
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Si je descends ici, j'y suis en cinq minutes. »")],
                    STRENGTHS: [DemoCard("La vitrine se voit de l'arrêt de bus.")],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Afficher les heures d'affluence sur la fiche en ligne du magasin."
                        )
                    ],
                    METRICS: [
                        DemoCard(
                            "Passants devant la vitrine entre 18 h et 19 h",
                            value=Decimal(140),
                            unit=Unit.COUNT,
                            source="Comptage devant la boutique",
                            source_date=date(2026, 10, 9),
                            period="Vendredi 9 octobre 2026",
                        )
                    ],
                },
            ),
            DemoStage(
                "File d'attente",
                [
                    DemoTouchpoint(
                        "Boutique",
                        "Trouve une file qui déborde jusque sur le trottoir.",
                        -2,
                        "agacée",
                        evidence=Evidence.MEASURED,
                        moment_of_truth=True,
                        persona_emotions={"Ludovic": -1},
                    ),
                    DemoTouchpoint(
                        "Supérette voisine",
                        "Hésite à prendre un pain sous plastique à côté, puis reste pour la "
                        "qualité.",
                        -1,
                        "tiraillée",
                        evidence=Evidence.OBSERVED,
                        persona_emotions={"Ludovic": 0},
                    ),
                ],
                {
                    THOUGHTS: [
                        DemoCard("« Quinze personnes devant moi, je vais y laisser ma soirée. »")
                    ],
                    PAIN_POINTS: [
                        DemoCard(
                            "Attendre debout sans savoir combien de temps ça va durer.",
                            cause=Cause.PSYCHOLOGY,
                        ),
                        DemoCard(
                            "Dix minutes perdues au bout d'une longue journée.", cause=Cause.TIME
                        ),
                    ],
                    STRENGTHS: [
                        DemoCard("La qualité du pain fait rester les clients dans la file.")
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Un comptoir express pour qui ne prend qu'une baguette.")
                    ],
                    METRICS: [
                        DemoCard(
                            "Attente moyenne le vendredi entre 18 h et 19 h",
                            value=Decimal(12),
                            unit=Unit.MINUTES,
                            target=Decimal(5),
                            higher_is_better=False,
                            source="Chronométrage en boutique, quatre vendredis",
                            source_date=date(2026, 10, 30),
                            period="Octobre 2026",
                        )
                    ],
                },
            ),
            DemoStage(
                "Choix",
                [
                    DemoTouchpoint(
                        "Comptoir",
                        "Devant une quinzaine de pains, elle ne sait plus lequel ira avec sa "
                        "salade.",
                        -1,
                        "sous pression",
                        evidence=Evidence.OBSERVED,
                        # Ludovic compares everything: the choice weighs on him most.
                        persona_emotions={"Ludovic": -2},
                    ),
                    DemoTouchpoint(
                        "Vendeuse",
                        "Demande conseil et se laisse guider vers une tradition.",
                        1,
                        "soulagée",
                        evidence=Evidence.OBSERVED,
                        moment_of_truth=True,
                        persona_emotions={"Ludovic": 2},
                    ),
                ],
                {
                    THOUGHTS: [
                        DemoCard(
                            "« Campagne, seigle, aux graines… et la file qui pousse derrière. »"
                        )
                    ],
                    PAIN_POINTS: [
                        DemoCard(
                            "Trop de pains différents à choisir en quelques secondes.",
                            cause=Cause.CHOICE,
                        )
                    ],
                    STRENGTHS: [DemoCard("Les conseils de la vendeuse, appréciés de tous.")],
                    OPPORTUNITIES: [
                        DemoCard("Des étiquettes « parfait avec… » pour choisir d'un coup d'œil.")
                    ],
                    METRICS: [
                        DemoCard(
                            "Pains différents en rayon à 18 h",
                            value=Decimal(15),
                            unit=Unit.COUNT,
                            target=Decimal(8),
                            higher_is_better=False,
                            source="Relevé du rayon",
                            source_date=date(2026, 10, 30),
                        )
                    ],
                },
            ),
            DemoStage(
                "Paiement",
                [
                    DemoTouchpoint(
                        "Terminal de paiement",
                        "Pas de monnaie, et la carte bancaire n'est acceptée qu'à partir de 5 € : "
                        "elle ajoute deux croissants.",
                        -1,
                        "coincée",
                        evidence=Evidence.OBSERVED,
                        moment_of_truth=True,
                        # Ludovic buys for four: the card minimum never stops him.
                        persona_emotions={"Ludovic": 1},
                    ),
                    DemoTouchpoint(
                        "Caisse",
                        "Paie et repart, sa baguette sous le bras.",
                        1,
                        "contente",
                        persona_emotions={"Ludovic": 1},
                    ),
                ],
                {
                    THOUGHTS: [
                        DemoCard(
                            "« Deux croissants dont je n'avais pas besoin, juste pour payer. »"
                        )
                    ],
                    PAIN_POINTS: [
                        DemoCard(
                            "Le minimum pour payer par carte bancaire lui fait dépenser plus "
                            "que prévu.",
                            cause=Cause.MONEY,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Accepter le paiement sans contact dès le premier euro.")
                    ],
                    METRICS: [
                        DemoCard(
                            "Montant minimum pour payer par carte bancaire",
                            value=Decimal(5),
                            unit=Unit.EUROS,
                            target=Decimal(1),
                            higher_is_better=False,
                            source="Affichette en caisse",
                            source_date=date(2026, 10, 9),
                        )
                    ],
                },
            ),
            DemoStage(
                "Retour à la maison",
                [
                    DemoTouchpoint(
                        "Cuisine",
                        "En sortant les courses, s'aperçoit qu'il manque aussi des tomates et "
                        "de la feta.",
                        -2,
                        "découragée",
                        persona_emotions={"Ludovic": -1},
                    ),
                    DemoTouchpoint(
                        "Téléphone",
                        "Se dit que la prochaine fois elle commandera tout au même endroit.",
                        0,
                        "songeuse",
                        persona_emotions={"Ludovic": 0},
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« La prochaine fois, je fais tout en une seule fois. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Il faut ressortir pour le reste des ingrédients.", cause=Cause.TIME
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Quelques produits frais à côté du pain : tomates, fromage, œufs.")
                    ],
                    METRICS: [
                        DemoCard(
                            "Clients du soir qui achètent aussi autre chose que du pain",
                            value=Decimal(25),
                            unit=Unit.PERCENT,
                            target=Decimal(40),
                            source="Tickets de caisse du logiciel d'encaissement",
                            source_date=date(2026, 10, 31),
                            period="Octobre 2026",
                        )
                    ],
                },
            ),
        ],
    ),
    DemoMap(
        title="Nell réserve des places de concert",
        journey_type="integration",
        targets="Citadins de 25 à 40 ans qui sortent le week-end et réservent en ligne.",
        offers="La vente en ligne de billets de concerts à Bordeaux.",
        personas=["Nell"],
        lanes=[THOUGHTS, PAIN_POINTS, OPPORTUNITIES, BACKSTAGE],
        interviews="Tests utilisateurs du site de billetterie, septembre 2026",
        stages=[
            DemoStage(
                "L'idée",
                [
                    DemoTouchpoint(
                        "Machine à café du bureau",
                        "Pendant la pause, une collègue parle d'un groupe en tournée : "
                        "Nell a envie d'un concert.",
                        2,
                        "enthousiaste",
                    ),
                ],
                {
                    THOUGHTS: [
                        DemoCard("« Ça fait des mois que je ne suis pas allée à un concert ! »")
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Être présent là où naît l'envie : playlists, réseaux sociaux.")
                    ],
                },
            ),
            DemoStage(
                "L'invitation",
                [
                    DemoTouchpoint(
                        "Messagerie du téléphone",
                        "Propose à son amie Jeanne de venir ce week-end ; Jeanne accepte aussitôt.",
                        2,
                        "impatiente",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Jeanne est libre samedi, il faut trouver vite. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Deux places à trouver avant que l'envie ou l'amie ne s'envole.",
                            cause=Cause.TIME,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Partager une sélection de concerts avec une amie avant d'acheter."
                        )
                    ],
                },
            ),
            DemoStage(
                "La recherche",
                [
                    DemoTouchpoint(
                        "Moteur de recherche",
                        "De retour à son bureau, tape « concert Bordeaux ce week-end ».",
                        0,
                        "curieuse",
                    ),
                    DemoTouchpoint(
                        "Page de résultats",
                        "Fait défiler billetteries, agendas et annonces qui se ressemblent.",
                        -1,
                        "perdue",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Tant de sites… lequel est fiable ? »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Des dizaines de résultats impossibles à comparer rapidement.",
                            cause=Cause.CHOICE,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Un agenda des concerts de la ville, filtré par date et par style."
                        )
                    ],
                },
            ),
            DemoStage(
                "Le choix du site",
                [
                    DemoTouchpoint(
                        "Grande billetterie en ligne",
                        "Choisit un site dont elle connaît le nom, par prudence.",
                        1,
                        "confiante",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Celui-là, je le connais : pas de risque d'arnaque. »")],
                    OPPORTUNITIES: [
                        DemoCard("Afficher les garanties : billets officiels, remboursement.")
                    ],
                },
            ),
            DemoStage(
                "La navigation",
                [
                    DemoTouchpoint(
                        "Site de la billetterie",
                        "Une bannière de cookies, puis une fenêtre pour la lettre d'information, "
                        "puis une autre pour l'application.",
                        -2,
                        "exaspérée",
                    ),
                    DemoTouchpoint(
                        "Page du concert",
                        "Trouve enfin le concert qui lui plaît.",
                        1,
                        "pleine d'espoir",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Laissez-moi juste voir le concert ! »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Trois fenêtres à fermer avant de voir la moindre date.",
                            cause=Cause.PSYCHOLOGY,
                        ),
                        DemoCard("Chaque fenêtre grignote un peu plus sa pause.", cause=Cause.TIME),
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Une seule bannière de cookies, sobre, et rien d'autre avant le "
                            "premier clic."
                        )
                    ],
                    BACKSTAGE: [
                        DemoCard(
                            "Les fenêtres d'inscription sont pilotées par l'équipe marketing, "
                            "pas par celle de la billetterie."
                        )
                    ],
                },
            ),
            DemoStage(
                "Le concert complet",
                [
                    DemoTouchpoint(
                        "Page du concert",
                        "« Complet ». Les autres concerts du week-end sont pleins ou bien plus "
                        "tard dans la saison.",
                        -2,
                        "déçue",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Complet… et le suivant, c'est dans trois semaines. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Aucune autre piste proposée : ni liste d'attente, ni concert proche.",
                            cause=Cause.CHOICE,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Proposer une liste d'attente et des concerts du même style le "
                            "même soir."
                        )
                    ],
                    BACKSTAGE: [
                        DemoCard(
                            "Les places disponibles ne sont synchronisées avec les salles "
                            "qu'une fois par nuit."
                        )
                    ],
                },
            ),
            DemoStage(
                "Le départ",
                [
                    DemoTouchpoint(
                        "Sites des salles de concert",
                        "Ferme l'onglet, frustrée, et va voir directement les sites des salles "
                        "bordelaises.",
                        -1,
                        "frustrée",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Tant pis, je vais voir chez les salles elles-mêmes. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Elle repart sans billet et avec une mauvaise image du site.",
                            cause=Cause.PSYCHOLOGY,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Prévenir par e-mail, si elle l'accepte, quand des places se libèrent."
                        )
                    ],
                },
            ),
        ],
    ),
    DemoMap(
        title="Ludovic se met à la course",
        journey_type="integration",
        targets="Adultes qui débutent la course à pied et cherchent leur première paire.",
        offers="Chaussures de course, conseil en magasin, échange après achat.",
        personas=["Ludovic"],
        lanes=[THOUGHTS, PAIN_POINTS, OPPORTUNITIES, METRICS],
        interviews="Entretiens avec cinq coureurs débutants, novembre 2026",
        stages=[
            DemoStage(
                "Connaissance",
                [
                    DemoTouchpoint(
                        "Publicité sur les réseaux sociaux",
                        "Voit des coureurs dans une publicité et se dit qu'il lui faut de vraies "
                        "chaussures.",
                        1,
                        "motivé",
                    ),
                    DemoTouchpoint(
                        "Collègue qui court",
                        "Un collègue lui déconseille de courir avec ses vieilles baskets.",
                        0,
                        "attentif",
                    ),
                ],
                {
                    THOUGHTS: [
                        DemoCard(
                            "« Si je veux tenir plus de deux semaines, il me faut le bon "
                            "matériel. »"
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Un guide pour débutants : choisir sa première paire sans se blesser."
                        )
                    ],
                },
            ),
            DemoStage(
                "Considération",
                [
                    DemoTouchpoint(
                        "Tableur personnel", "Se fixe un budget de 120 € au plus.", 0, "raisonnable"
                    ),
                    DemoTouchpoint(
                        "Sites de comparatifs",
                        "Lit des comparatifs de chaussures pour débutants.",
                        -1,
                        "noyé",
                        evidence=Evidence.OBSERVED,
                    ),
                    DemoTouchpoint(
                        "Boutiques en ligne",
                        "Parcourt les boutiques en ligne pour voir prix et avis.",
                        0,
                        "prudent",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Drop, amorti, pronation… je n'y comprends rien. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Le vocabulaire technique des comparatifs le perd.", cause=Cause.CHOICE
                        ),
                        DemoCard(
                            "Les modèles conseillés dépassent souvent son budget.",
                            cause=Cause.MONEY,
                        ),
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Trois questions, puis deux ou trois paires dans son budget.")
                    ],
                    METRICS: [
                        DemoCard(
                            "Budget maximum fixé par Ludovic",
                            evidence=Evidence.OBSERVED,
                            value=Decimal(120),
                            unit=Unit.EUROS,
                        )
                    ],
                },
            ),
            DemoStage(
                "Achat",
                [
                    DemoTouchpoint(
                        "Magasin Nike",
                        "Essaie plusieurs paires, mais le vendeur est pressé.",
                        -1,
                        "peu écouté",
                        evidence=Evidence.OBSERVED,
                        moment_of_truth=True,
                    ),
                    DemoTouchpoint(
                        "Magasin Adidas",
                        "Essaie, court quelques minutes sur le tapis et choisit une paire Adidas.",
                        2,
                        "convaincu",
                        evidence=Evidence.OBSERVED,
                        moment_of_truth=True,
                    ),
                ],
                {
                    THOUGHTS: [
                        DemoCard("« Chez Adidas, on m'a laissé courir avec : ça change tout. »")
                    ],
                    PAIN_POINTS: [
                        DemoCard(
                            "Chez Nike, il a longtemps attendu un vendeur pour peu de conseils.",
                            cause=Cause.TIME,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Proposer à chaque débutant un essai sur tapis et une analyse "
                            "de la foulée."
                        )
                    ],
                },
            ),
            DemoStage(
                "Fidélisation",
                [
                    DemoTouchpoint(
                        "Sorties du dimanche",
                        "Après trois sorties, la semelle trop rigide lui fait mal au pied.",
                        -2,
                        "inquiet",
                    ),
                    DemoTouchpoint(
                        "Service client du magasin Adidas",
                        "Rapporte la paire : elle est échangée gratuitement contre un modèle "
                        "plus souple.",
                        2,
                        "soulagé",
                        evidence=Evidence.MEASURED,
                        moment_of_truth=True,
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Ils vont sûrement me dire que c'est ma faute. »")],
                    PAIN_POINTS: [
                        DemoCard(
                            "Il a peur de devoir racheter une paire complète.", cause=Cause.MONEY
                        ),
                        DemoCard(
                            "Il n'ose pas rapporter des chaussures déjà portées.",
                            cause=Cause.PSYCHOLOGY,
                        ),
                    ],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Annoncer l'échange gratuit dès l'achat : ça rassure les débutants."
                        )
                    ],
                    METRICS: [
                        DemoCard(
                            "Délai pour échanger une paire déjà portée",
                            value=Decimal(30),
                            unit=Unit.DAYS,
                            source="Conditions générales de vente",
                            source_date=date(2026, 9, 1),
                        )
                    ],
                },
            ),
            DemoStage(
                "Recommandation",
                [
                    DemoTouchpoint(
                        "Page Facebook de la marque",
                        "Publie un avis enthousiaste sur l'échange et sur sa nouvelle paire.",
                        2,
                        "ravi",
                    ),
                    DemoTouchpoint(
                        "Bouche-à-oreille",
                        "Conseille le magasin à son beau-frère, qui veut s'y mettre aussi.",
                        1,
                        "fier",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Un service comme ça, je le dis à tout le monde. »")],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Inviter les clients contents à laisser un avis, et leur "
                            "répondre publiquement."
                        )
                    ],
                    METRICS: [
                        DemoCard(
                            "Moyenne des avis laissés après un échange",
                            value=Decimal("4.7"),
                            unit=Unit.RATING,
                            target=Decimal("4.5"),
                            source="Avis clients du site, 212 avis",
                            source_date=date(2026, 11, 2),
                            period="Depuis janvier 2026",
                        )
                    ],
                },
            ),
        ],
    ),
]
