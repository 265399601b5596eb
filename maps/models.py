import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from personas.models import Persona
from workspaces.models import Workspace

# The four built-in journey types are stored as migration 0002 seeded them, in
# French; each reader sees them in their own language. Keyed by slug: the seeded
# (name, definition), then what to show instead.
BUILT_IN_JOURNEY_TYPES = {
    "integration": (
        ("Intégration", "Le premier achat : le client découvre la marque et achète."),
        (
            pgettext_lazy("journey type", "Onboarding"),
            _("The first purchase: the customer discovers the brand and buys."),
        ),
    ),
    "entretien": (
        ("Entretien", "Le service après-vente ou une question sur le produit."),
        (
            pgettext_lazy("journey type", "Support"),
            _("After-sales service, or a question about the product."),
        ),
    ),
    "utilisation": (
        ("Utilisation", "L'usage du produit au quotidien."),
        (pgettext_lazy("journey type", "Use"), _("Using the product, day after day.")),
    ),
    "renouvellement": (
        ("Renouvellement", "Le remplacement d'un ancien produit."),
        (pgettext_lazy("journey type", "Renewal"), _("Replacing an old product.")),
    ),
}


class JourneyType(models.Model):
    """Intégration, entretien, utilisation, renouvellement (seeded), or one an admin adds."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    definition = models.CharField(_("definition"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Empty for the four built-in types every workspace shares; set for the ones
    # a workspace's admins add, which no other workspace sees.
    workspace = models.ForeignKey(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="journey_types",
        verbose_name=_("workspace"),
    )

    class Meta:
        verbose_name = _("journey type")
        verbose_name_plural = _("journey types")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    def _shown(self, field: int) -> str:
        """A built-in type's text in the reader's language; any other text as typed
        (a workspace's own types, or a built-in one an admin reworded)."""
        stored = (self.name, self.definition)[field]
        built_in = BUILT_IN_JOURNEY_TYPES.get(self.slug) if self.workspace_id is None else None
        if built_in is None or built_in[0][field] != stored:
            return stored
        return str(built_in[1][field])

    @property
    def display_name(self) -> str:
        return self._shown(0)

    @property
    def display_definition(self) -> str:
        return self._shown(1)


class JourneyMap(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="maps", verbose_name=_("workspace")
    )
    title = models.CharField(_("title"), max_length=160)
    targets = models.TextField(_("targets"), blank=True, help_text=_("Which customers."))
    offers = models.TextField(_("offers"), blank=True, help_text=_("Which products or services."))
    journey_type = models.ForeignKey(
        JourneyType, on_delete=models.PROTECT, related_name="maps", verbose_name=_("journey type")
    )
    personas = models.ManyToManyField(
        Persona, related_name="maps", blank=True, verbose_name=_("personas")
    )
    # Bumped by every change; MapEvent rows carry the same numbers.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # Changes of the title and scope are checked against this, like any item's version.
    version = models.PositiveIntegerField(default=1, editable=False)
    locked = models.BooleanField(_("locked"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("maps:detail", args=[self.pk])

    @property
    def open_workshop(self) -> "Workshop | None":
        # Reads the prefetched workshops when there are: the header shows it on every render.
        return next((w for w in self.workshops.all() if w.ended_at is None), None)

    @property
    def guests_read_until(self):
        """Until when guests of its ended workshops read it (the latest), if that is to come."""
        ends = [w.guests_until for w in self.workshops.all() if w.ended_at and w.guests_until]
        latest = max(ends, default=None)
        return latest if latest and latest > timezone.now() else None


class MapItem(models.Model):
    """What every editable part of a map shares: an order and a version."""

    position = models.PositiveIntegerField(default=0)
    # Compared with the version a form was loaded with: a stale save is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Evidence(models.TextChoices):
    """How much a card or touchpoint rests on: the method asks for facts, not guesses."""

    ASSUMPTION = "assumption", _("Assumption")
    # Interviews, verbatims, field visits.
    OBSERVED = "observed", _("Observed")
    # Analytics, CRM, surveys.
    MEASURED = "measured", _("Measured")


class Evidenced(models.Model):
    """What a card or a touchpoint rests on: its level of evidence and where it comes from."""

    evidence = models.CharField(
        _("evidence"), max_length=10, choices=Evidence.choices, default=Evidence.ASSUMPTION
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where it comes from: a study, a tool, an interview."),
    )
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    source_date = models.DateField(_("date of the source"), null=True, blank=True)

    # What the item's form, events, exports and diff carry about its evidence.
    EVIDENCE_FIELDS = ("evidence", "source", "source_url", "source_date")

    class Meta:
        abstract = True


class Stage(MapItem):
    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="stages", verbose_name=_("map")
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Emotion(models.IntegerChoices):
    VERY_NEGATIVE = -2, _("very negative")
    NEGATIVE = -1, _("negative")
    NEUTRAL = 0, _("neutral")
    POSITIVE = 1, _("positive")
    VERY_POSITIVE = 2, _("very positive")


class Touchpoint(Evidenced, MapItem):
    """A moment where the customer meets the company, in the order they live it."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="touchpoints", verbose_name=_("map")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="touchpoints", verbose_name=_("stage")
    )
    channel = models.CharField(_("channel"), max_length=120)
    action = models.TextField(_("what the customer does"), blank=True)
    emotion = models.SmallIntegerField(
        _("emotion"),
        choices=Emotion.choices,
        default=Emotion.NEUTRAL,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )
    feeling = models.CharField(_("feeling"), max_length=60, blank=True)
    # A key moment ("moment de vérité"): where the customer decides to stay or to leave.
    moment_of_truth = models.BooleanField(_("moment of truth"), default=False)
    # On a map with several personas, each one's emotion here, keyed by the persona's id
    # ("12": -1); a persona without one feels what ``emotion`` says (``maps.persona_curves``).
    persona_emotions = models.JSONField(_("emotion of each persona"), default=dict, blank=True)

    # What the team writes about a touchpoint: its forms, the admin, the map file and the
    # item kind (what an event records) list these, each with its own extras.
    CONTENT_FIELDS = (
        "channel",
        "action",
        "emotion",
        "feeling",
        "moment_of_truth",
        "persona_emotions",
        *Evidenced.EVIDENCE_FIELDS,
    )

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emotion__gte=-2, emotion__lte=2), name="emotion_in_range"
            )
        ]

    def __str__(self) -> str:
        return self.channel


class LaneKind(models.TextChoices):
    THOUGHTS = "thoughts", _("Thoughts and verbatims")
    PAIN_POINTS = "pain_points", _("Pain points")
    OPPORTUNITIES = "opportunities", _("Opportunities")
    METRICS = "metrics", _("Metrics")
    # What works, beside what hurts: the method asks for both.
    STRENGTHS = "strengths", _("Strong points")
    BACKSTAGE = "backstage", _("Backstage")


class Lane(MapItem):
    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="lanes", verbose_name=_("map")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LaneKind.choices)
    title = models.CharField(_("title"), max_length=120)

    class Meta:
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Cause(models.TextChoices):
    PSYCHOLOGY = "psychology", _("Psychology")
    TIME = "time", _("Time")
    MONEY = "money", _("Money")
    CHOICE = "choice", _("Choice")


class Unit(models.TextChoices):
    """The unit of a figure on a metrics card."""

    PERCENT = "percent", _("%")
    EUROS = "euros", _("€")
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")
    MINUTES = "minutes", _("minutes")
    NPS = "nps", _("NPS")
    RATING = "rating", _("rating out of 5")
    COUNT = "count", _("count")


class Card(Evidenced, MapItem):
    """A card in one stage × lane cell: a thought, a pain point, an opportunity, a figure…"""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="cards", verbose_name=_("map")
    )
    lane = models.ForeignKey(
        Lane, on_delete=models.CASCADE, related_name="cards", verbose_name=_("lane")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="cards", verbose_name=_("stage")
    )
    text = models.TextField(_("text"))
    # Pain points only: why it hurts.
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True)
    # Metrics only: the figure as a number with its unit, the text says what it measures;
    # ``target`` is what the team aims at, ``higher_is_better`` which side of it is ahead.
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    period = models.CharField(
        _("period"), max_length=40, blank=True, help_text=_("When it was measured: “Q3 2026”.")
    )
    # A figure written as text, from before figures were numbers ("about 3 min"); kept
    # as it was when it did not read as a number and a unit.
    figure = models.CharField(_("figure as text"), max_length=40, blank=True)

    # A metrics card's figure: its form, events, exports and diff carry these.
    FIGURE_FIELDS = ("value", "unit", "target", "higher_is_better", "period", "figure")
    # What the team writes on a card, as ``Touchpoint.CONTENT_FIELDS``.
    CONTENT_FIELDS = ("text", "cause", *FIGURE_FIELDS, *Evidenced.EVIDENCE_FIELDS)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class MapEvent(models.Model):
    """One row per change of a map: the spine of live sync, catch-up and history."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="events", verbose_name=_("map")
    )
    revision = models.PositiveIntegerField(_("revision"))
    kind = models.CharField(_("kind"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    # An undo or a redo: the revision of the event this one takes back (``maps.undo``).
    reverts = models.PositiveIntegerField(_("takes back"), null=True, blank=True)
    # Who it was, as they were named then: a guest's account is deleted once their
    # access has expired (``prune_guests``), and the history still names them.
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("map event")
        verbose_name_plural = _("map events")
        ordering = ["journey_map", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["journey_map", "revision"], name="one_event_a_revision")
        ]
        indexes = [
            # A person's own changes (their undo stack, the history filtered by person),
            # what took a change back, and the history by period.
            models.Index(fields=["journey_map", "actor", "revision"], name="event_by_actor"),
            models.Index(fields=["journey_map", "reverts"], name="event_reverts"),
            models.Index(fields=["journey_map", "created_at"], name="event_by_time"),
            # The people of the history's filter: a DISTINCT over the map's names that
            # reads this index alone instead of every event of the map.
            models.Index(fields=["journey_map", "actor_name"], name="event_by_actor_name"),
        ]

    def __str__(self) -> str:
        return f"{self.journey_map_id}@{self.revision} {self.kind}"

    def save(self, *args, **kwargs) -> None:
        if self.actor is not None and not self.actor_name:
            self.actor_name = actor_name(self.actor)
        super().save(*args, **kwargs)


def actor_name(user) -> str:
    """How the event log names a person: a guest's account carries their display name."""
    return (user.get_full_name() or user.get_username())[:150]


def new_join_token() -> str:
    return secrets.token_urlsafe(24)


# The short join code typed at /join: no 0/O or 1/I to confuse on a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


# The longest countdown a facilitator may set.
TIMER_MAX_MINUTES = 180


class Workshop(models.Model):
    """A live session on a map: while it is open, its join link lets guests in to edit."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("map")
    )
    # The secret of the join link. A new token revokes the old link and every guest
    # who came in through it.
    token = models.CharField(_("join token"), max_length=64, unique=True, default=new_join_token)
    # The same secret, short enough to type on a phone at /join; it changes with the token
    # and is valid only while the workshop is open (unique among open workshops).
    code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, default=new_join_code)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Once it has ended, its guests read the map until then (a grace period, or at once
    # when the facilitator closes their access).
    guests_until = models.DateTimeField(_("guests read until"), null=True, blank=True)
    # The countdown everyone sees: running while ``timer_ends_at`` is set; paused or
    # reset, ``timer_left`` seconds remain.
    timer_duration = models.PositiveIntegerField(_("timer duration"), default=0)
    timer_left = models.PositiveIntegerField(default=0)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    # The DOM id of the stage or lane the facilitator brings everyone to ("stage-12").
    focus = models.CharField(_("focus"), max_length=40, blank=True)
    # Guests always edit cards and touchpoints; deleting or reordering stages and lanes
    # (the map's structure) is theirs only when the facilitator says so.
    guests_restructure = models.BooleanField(
        _("guests may delete and reorder stages and lanes"), default=False
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey_map"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_workshop_a_map",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_workshop_a_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journey_map} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def get_join_path(self) -> str:
        return reverse("workshop-join", args=[self.token])

    @property
    def code_display(self) -> str:
        """ "K7MP2Q" as "K7M P2Q": easier to read out and to type."""
        half = len(self.code) // 2
        return f"{self.code[:half]} {self.code[half:]}"

    def guests_may_read(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_open or (self.guests_until is not None and self.guests_until > now)

    # The timer's arithmetic; ``maps.facilitation`` saves and broadcasts each change.

    def seconds_left(self) -> int:
        if self.timer_ends_at is None:
            return self.timer_left
        return max(0, round((self.timer_ends_at - timezone.now()).total_seconds()))

    def start_timer(self, minutes: int | None = None) -> None:
        """Start (or resume) the countdown; with ``minutes``, a fresh countdown of that length."""
        if minutes is not None:
            self.timer_duration = self.timer_left = max(1, min(minutes, TIMER_MAX_MINUTES)) * 60
        if self.timer_ends_at is None and self.timer_left > 0:
            self.timer_ends_at = timezone.now() + timedelta(seconds=self.timer_left)

    def pause_timer(self) -> None:
        self.timer_left = self.seconds_left()
        self.timer_ends_at = None

    def add_timer_minute(self) -> None:
        if self.timer_ends_at is not None and self.timer_ends_at > timezone.now():
            self.timer_ends_at += timedelta(minutes=1)
        elif self.timer_ends_at is not None:
            # Already at zero: a minute from now.
            self.timer_ends_at = timezone.now() + timedelta(minutes=1)
        else:
            self.timer_left += 60
        self.timer_duration += 60

    def reset_timer(self) -> None:
        self.timer_ends_at = None
        self.timer_left = self.timer_duration


class Guest(models.Model):
    """Someone who joined a workshop through its link, under a display name, without an account
    of their own (a password-less user is made for them, so that sessions, CSRF and the event
    log's actor work as for everyone else)."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="guests", verbose_name=_("workshop")
    )
    # Emptied when the guest's password-less account is pruned after their access
    # expired: the row stays, so the workshop's history keeps their name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="guest_passes",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=40)
    # The link token the guest came in with: valid while it is still the workshop's.
    token = models.CharField(max_length=64)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_pass_a_workshop")
        ]

    def __str__(self) -> str:
        return self.display_name


class Presence(models.Model):
    """One tab open on a map (one WebSocket). Kept in the database so that every server
    process sees the same list; rows of crashed processes age out (``seen_at``)."""

    journey_map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=150)
    colour = models.PositiveSmallIntegerField(default=0)
    # The DOM id of the item this tab has an edit form open on ("card-12"), if any.
    editing = models.CharField(max_length=60, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} on {self.journey_map_id}"


class RoundKind(models.TextChoices):
    EMOTION = "emotion", _("Silent emotion scoring")
    DOTS = "dots", _("Dot voting")


class Round(models.Model):
    """A facilitated vote: everyone scores or votes alone; results show when it closes."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("map")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices)
    # Dot voting: which lanes' cards are on the ballot, how many dots each
    # participant has, and whether several may go on one card.
    lane_kinds = models.JSONField(_("lanes"), default=list, blank=True)
    dots_each = models.PositiveSmallIntegerField(_("dots each"), default=0)
    stacking = models.BooleanField(_("several dots on one card"), default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Emotion scoring "as a persona": the group scores how that persona feels, and adopting
    # the mean sets that persona's curve rather than the map's.
    persona = models.ForeignKey(
        Persona,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("as the persona"),
    )
    # Emotion scoring: when the facilitator made the group's mean the map's emotion.
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    # Results stay on the map until the facilitator puts them away (or opens a new round).
    dismissed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey_map"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_round_a_map",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Vote(models.Model):
    """One participant's ballot entry: a score for a touchpoint, or dots on a card.

    Secret while the round is open: only its voter reads it (``maps.rounds``).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    # Emptied when a guest's account is pruned: a closed round's results stay as they were.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    touchpoint = models.ForeignKey(
        Touchpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The score (−2…+2), or the number of dots.
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "voter", "touchpoint"], name="one_score_a_touchpoint"
            ),
            models.UniqueConstraint(fields=["round", "voter", "card"], name="one_dot_line_a_card"),
            models.CheckConstraint(
                condition=models.Q(touchpoint__isnull=False) ^ models.Q(card__isnull=False),
                name="vote_on_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.value}"


class Scale(models.IntegerChoices):
    """How much an action is expected to change, or to cost: low, medium, high."""

    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class ActionStatus(models.TextChoices):
    TO_DO = "todo", _("To do")
    IN_PROGRESS = "doing", _("In progress")
    DONE = "done", _("Done")


class Action(MapItem):
    """A step of the map's action plan: what the team will do about a pain point or an
    opportunity (the fifth criterion of a good map: it yields priority actions)."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="actions", verbose_name=_("map")
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    # A name, not a user: the people who take actions on are often workshop guests.
    owner = models.CharField(_("owner"), max_length=80, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    impact = models.PositiveSmallIntegerField(
        _("expected impact"), choices=Scale.choices, default=Scale.MEDIUM
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"), choices=Scale.choices, default=Scale.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.TO_DO
    )
    # The pain point or opportunity it answers; the action outlives the card.
    source_card = models.ForeignKey(
        Card,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("answers the card"),
    )

    # What the team writes about an action: its form, the admin and the item kind (what a
    # change compares) list these, each with its own extras.
    CONTENT_FIELDS = ("title", "description", "owner", "due_date", "impact", "effort", "status")

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=3, effort__gte=1, effort__lte=3),
                name="action_scales_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_date is not None
            and self.status != ActionStatus.DONE
            and self.due_date < timezone.localdate()
        )


# How long a deleted item stays restorable from the trash.
TRASH_DAYS = 30


class TrashedItem(models.Model):
    """A deleted stage, lane, touchpoint, card or action, with everything it held
    (``maps.trash``): restorable for ``TRASH_DAYS`` days, then pruned."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="trash", verbose_name=_("map")
    )
    # An item kind (``maps.item_kinds``) and the id the item had, and has again once restored.
    kind = models.CharField(_("kind"), max_length=20)
    item_id = models.PositiveIntegerField()
    label = models.CharField(_("what"), max_length=200)
    # What it held: a stage's touchpoints and cards, a lane's cards.
    content_count = models.PositiveIntegerField(_("items inside"), default=0)
    data = models.JSONField(default=dict)
    # The revision of the event that deleted it: undoing that event restores it.
    revision = models.PositiveIntegerField(_("revision"))
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    deleted_by_name = models.CharField(_("deleted by"), max_length=150, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True)

    class Meta:
        verbose_name = _("deleted item")
        verbose_name_plural = _("deleted items")
        ordering = ["-revision"]
        indexes = [models.Index(fields=["journey_map", "revision"], name="trash_by_revision")]

    def __str__(self) -> str:
        return self.label

    @property
    def expires_at(self):
        return self.deleted_at + timedelta(days=TRASH_DAYS)


class SnapshotReason(models.TextChoices):
    MANUAL = "manual", _("Taken by hand")
    WORKSHOP = "workshop", _("End of a workshop")
    IMPORT = "import", _("Before an import")
    RESTORE = "restore", _("Before a restore")


class Snapshot(models.Model):
    """A named, read-only copy of the whole map at a revision (``maps.snapshots``)."""

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("map")
    )
    name = models.CharField(_("name"), max_length=120)
    reason = models.CharField(
        _("why"), max_length=10, choices=SnapshotReason.choices, default=SnapshotReason.MANUAL
    )
    revision = models.PositiveIntegerField(_("revision"))
    # The map's state, zlib-compressed JSON: a 400-card map is a few tens of kilobytes.
    state = models.BinaryField()
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    workshop = models.ForeignKey(
        Workshop,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="snapshots",
        verbose_name=_("workshop"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("taken by"),
    )
    created_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class ShareLink(models.Model):
    """A read-only link to one map for people without an account.

    Only a SHA-256 of the link's secret is kept: the full address is shown once, at
    creation, as a password would be. Someone reading a backup of the database learns
    no working link; a facilitator who lost the address revokes it and makes another.
    """

    journey_map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("map")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=80)
    # Django's ``make_password`` hash; empty when the link has no password.
    password = models.CharField(max_length=128, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Whoever holds the link may also download the map's PDF (``maps.share_pdf``).
    allow_pdf = models.BooleanField(_("allows the PDF"), default=False)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired
