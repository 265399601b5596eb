"""``python manage.py load_demo``: a workspace to try Parcours in one command.

It creates the workspace "Atelier démo", a facilitator and a marketer account,
the personas Nell and Ludovic and three maps drawn from the example journeys
of the method (a baguette, concert tickets, running shoes).

Running it again changes nothing: every row is found by its natural key
(a username, a title, a position inside its parent) and only written when its
content differs. A demo map that has been edited in the app since
(``revision`` > 1) is left as it is, because rewriting it here would bypass the
event log that open tabs and the history rely on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.urls import reverse
from PIL import Image, ImageDraw

from maps.models import (
    Card,
    Cause,
    JourneyMap,
    JourneyType,
    Lane,
    LaneKind,
    MapEvent,
    Stage,
    Touchpoint,
)
from personas.models import Persona, Segment
from workspaces.models import Membership, Role, Workspace

WORKSPACE_NAME = "Atelier démo"
PASSWORD = "parcours-demo"
FACILITATOR = "facilitatrice"
MARKETER = "marketeur"

THOUGHTS = LaneKind.THOUGHTS
PAIN_POINTS = LaneKind.PAIN_POINTS
OPPORTUNITIES = LaneKind.OPPORTUNITIES
METRICS = LaneKind.METRICS
BACKSTAGE = LaneKind.BACKSTAGE

LANE_TITLES = {
    THOUGHTS: "Pensées et verbatims",
    PAIN_POINTS: "Irritants",
    OPPORTUNITIES: "Opportunités",
    METRICS: "Chiffres clés",
    BACKSTAGE: "Coulisses",
}


# The demo content -------------------------------------------------------------


@dataclass(frozen=True)
class DemoTouchpoint:
    channel: str
    action: str
    emotion: int
    feeling: str


@dataclass(frozen=True)
class DemoCard:
    text: str
    cause: str = ""
    figure: str = ""


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


ACCOUNTS = [
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

PERSONAS = [
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
        "frictions": (
            "Les files qui n'avancent pas, les montants minimums pour la carte, "
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
        personas=["Nell"],
        lanes=[THOUGHTS, PAIN_POINTS, OPPORTUNITIES, METRICS],
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
                    ),
                    DemoTouchpoint(
                        "Vitrine de la boulangerie",
                        "Aperçoit de loin l'enseigne et les pains dorés en vitrine.",
                        1,
                        "rassurée",
                    ),
                ],
                {
                    THOUGHTS: [DemoCard("« Si je descends ici, j'y suis en cinq minutes. »")],
                    OPPORTUNITIES: [
                        DemoCard(
                            "Afficher les heures d'affluence sur la fiche en ligne du magasin."
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
                    ),
                    DemoTouchpoint(
                        "Supérette voisine",
                        "Hésite à prendre un pain sous plastique à côté, puis reste pour la "
                        "qualité.",
                        -1,
                        "tiraillée",
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
                    OPPORTUNITIES: [
                        DemoCard("Un comptoir express pour qui ne prend qu'une baguette.")
                    ],
                    METRICS: [
                        DemoCard("Attente moyenne le vendredi entre 18 h et 19 h", figure="12 min")
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
                    ),
                    DemoTouchpoint(
                        "Vendeuse",
                        "Demande conseil et se laisse guider vers une tradition.",
                        1,
                        "soulagée",
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
                    OPPORTUNITIES: [
                        DemoCard("Des étiquettes « parfait avec… » pour choisir d'un coup d'œil.")
                    ],
                },
            ),
            DemoStage(
                "Paiement",
                [
                    DemoTouchpoint(
                        "Terminal de paiement",
                        "Pas de monnaie, et la carte n'est acceptée qu'à partir de 5 € : elle "
                        "ajoute deux croissants.",
                        -1,
                        "coincée",
                    ),
                    DemoTouchpoint(
                        "Caisse", "Paie et repart, sa baguette sous le bras.", 1, "contente"
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
                            "Le minimum pour la carte lui fait dépenser plus que prévu.",
                            cause=Cause.MONEY,
                        )
                    ],
                    OPPORTUNITIES: [
                        DemoCard("Accepter la carte sans contact dès le premier euro.")
                    ],
                    METRICS: [DemoCard("Montant minimum pour payer par carte", figure="5 €")],
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
                    ),
                    DemoTouchpoint(
                        "Téléphone",
                        "Se dit que la prochaine fois elle commandera tout au même endroit.",
                        0,
                        "songeuse",
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
                            figure="1 sur 4",
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
                    METRICS: [DemoCard("Budget maximum fixé par Ludovic", figure="120 €")],
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
                    ),
                    DemoTouchpoint(
                        "Magasin Adidas",
                        "Essaie, court quelques minutes sur le tapis et choisit une paire Adidas.",
                        2,
                        "convaincu",
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
                        DemoCard("Délai pour échanger une paire déjà portée", figure="30 jours")
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
                    METRICS: [DemoCard("Note moyenne laissée après un échange", figure="4,7 / 5")],
                },
            ),
        ],
    ),
]


# Writing it -------------------------------------------------------------------


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_maps: list[str] = field(default_factory=list)


def upsert(
    model: type[models.Model], tally: Tally, lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    """Like ``update_or_create``, but saves nothing when nothing differs.

    ``update_or_create`` always saves, which would move every ``updated_at``
    on each run; here a second run writes no row at all.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        tally.created += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        tally.unchanged += 1
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    if hasattr(obj, "version"):
        # An edit form opened on the old text must now report a conflict.
        obj.version += 1
    obj.save()
    tally.updated += 1
    return obj


def avatar_png(background: str, figure: str) -> bytes:
    """A plain silhouette: the demo needs a photo, and ships no picture of a real person."""
    image = Image.new("RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((88, 44, 168, 124), fill=figure)
    draw.ellipse((44, 140, 212, 320), fill=figure)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_photo(name: str, colours: tuple[str, str]) -> str:
    """The stored name of the persona's photo, written once: a rerun reuses the file."""
    path = f"personas/demo-{name.lower()}.png"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(avatar_png(*colours)))
    return path


def load_accounts(workspace: Workspace, tally: Tally) -> dict[str, Any]:
    user_model = get_user_model()
    users = {}
    for account in ACCOUNTS:
        values = {key: value for key, value in account.items() if key not in {"username", "role"}}
        user = upsert(
            user_model, tally, {"username": account["username"]}, {**values, "is_active": True}
        )
        # check_password first: set_password salts afresh, so it would change the row each run.
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        upsert(
            Membership,
            tally,
            {"workspace_id": workspace.pk, "user_id": user.pk},
            {"role": account["role"]},
        )
        users[account["username"]] = user
    return users


def load_personas(workspace: Workspace, tally: Tally) -> dict[str, Persona]:
    personas = {}
    for spec in PERSONAS:
        values = {key: value for key, value in spec.items() if key not in {"name", "photo_colours"}}
        values["photo"] = demo_photo(spec["name"], spec["photo_colours"])
        personas[spec["name"]] = upsert(
            Persona, tally, {"workspace_id": workspace.pk, "name": spec["name"]}, values
        )
    return personas


def load_map(
    spec: DemoMap, workspace: Workspace, author: Any, personas: dict[str, Persona], tally: Tally
) -> None:
    existing = JourneyMap.objects.filter(workspace=workspace, title=spec.title).first()
    if existing is not None and existing.revision > 1:
        tally.kept_maps.append(spec.title)
        return
    journey_map = upsert(
        JourneyMap,
        tally,
        {"workspace_id": workspace.pk, "title": spec.title},
        {
            "journey_type_id": JourneyType.objects.get(slug=spec.journey_type).pk,
            "targets": spec.targets,
            "offers": spec.offers,
            "created_by_id": author.pk,
        },
    )
    journey_map.personas.set([personas[name] for name in spec.personas])

    lanes = {}
    for position, kind in enumerate(spec.lanes):
        lanes[kind] = upsert(
            Lane,
            tally,
            {"journey_map_id": journey_map.pk, "position": position},
            {"kind": kind, "title": LANE_TITLES[kind]},
        )
    for stage_position, stage_spec in enumerate(spec.stages):
        stage = upsert(
            Stage,
            tally,
            {"journey_map_id": journey_map.pk, "position": stage_position},
            {"name": stage_spec.name},
        )
        for position, touchpoint in enumerate(stage_spec.touchpoints):
            upsert(
                Touchpoint,
                tally,
                {"stage_id": stage.pk, "position": position},
                {
                    "journey_map_id": journey_map.pk,
                    "channel": touchpoint.channel,
                    "action": touchpoint.action,
                    "emotion": touchpoint.emotion,
                    "feeling": touchpoint.feeling,
                },
            )
        for kind, cards in stage_spec.cards.items():
            for position, card in enumerate(cards):
                upsert(
                    Card,
                    tally,
                    {"stage_id": stage.pk, "lane_id": lanes[kind].pk, "position": position},
                    {
                        "journey_map_id": journey_map.pk,
                        "text": card.text,
                        "cause": card.cause,
                        "figure": card.figure,
                    },
                )

    # Like services.map_create: the log starts at revision 1 with "map.created".
    if journey_map.revision == 0:
        journey_map.revision = 1
        journey_map.save(update_fields=["revision"])
    MapEvent.objects.get_or_create(
        journey_map=journey_map,
        revision=1,
        defaults={
            "kind": "map.created",
            "payload": {"title": journey_map.title, "source": "load_demo"},
        },
    )


class Command(BaseCommand):
    help = (
        "Load the demo workspace “Atelier démo”: two accounts, two personas and three "
        "journey maps. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tally = Tally()
        with transaction.atomic():
            workspace = upsert(Workspace, tally, {"name": WORKSPACE_NAME}, {})
            users = load_accounts(workspace, tally)
            personas = load_personas(workspace, tally)
            for spec in MAPS:
                load_map(spec, workspace, users[FACILITATOR], personas, tally)

        self.stdout.write(
            f"Workspace “{WORKSPACE_NAME}”: {len(ACCOUNTS)} accounts, {len(PERSONAS)} personas, "
            f"{len(MAPS)} maps. Rows created: {tally.created}, updated: {tally.updated}, "
            f"unchanged: {tally.unchanged}."
        )
        for title in tally.kept_maps:
            self.stdout.write(f"Kept “{title}” as it is: it was edited in the app since.")
        self.stdout.write(self.style.SUCCESS(f"Demo ready: log in as {FACILITATOR} / {PASSWORD}"))
        self.stdout.write(
            f"  {FACILITATOR} runs the workshops and is also a superuser, so the Django admin "
            f"at {reverse('admin:index')} is open to it.\n"
            f"  {MARKETER} / {PASSWORD} reads the maps without changing them."
        )
        self.stdout.write(
            self.style.WARNING(
                "These passwords are public: never load the demo on a server others can reach."
            )
        )
