# ruff: noqa: E501  (the demo texts are prose, one paragraph a line as members type them)
"""Demo handouts for the quick start: the points of unity and the statement on ID, in English
and Spanish, adopted by a general body meeting with quorum (through the committees rules),
a draft of the next points of unity, and copies given out at the last closed serves.
Idempotent; never used outside DEBUG. The texts are written for the demo organization."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from committees import services as committees
from committees.models import AgendaItem, Body, VoteChoice
from distribution.models import Serve
from handouts import services
from handouts.models import Handout, HandoutTap, Kind

POINTS = {
    "title_en": "Who we are, what we do",
    "title_es": "Quiénes somos, qué hacemos",
    "body_en": """We are neighbours and workers who feed each other every week, and we organize together to change what keeps us hungry.

1. **Food is a right.** Everyone who comes gets a bag. Nobody has to prove anything.
2. **Solidarity, not charity.** We are not a service: we are people in the same situation, working together.
3. **We decide together.** The general body of all members makes the big decisions.
4. **We fight the causes.** Rent, wages, repairs, the police: we find out what is wrong and we organize to win.

Come on Monday, bring a neighbour, join a working group.""",
    "body_es": """Somos vecinos y trabajadores que nos alimentamos cada semana, y nos organizamos para cambiar lo que nos deja con hambre.

1. **La comida es un derecho.** Todas las personas que vienen reciben una bolsa. Nadie tiene que demostrar nada.
2. **Solidaridad, no caridad.** No somos un servicio: somos gente en la misma situación, trabajando juntos.
3. **Decidimos juntos.** La asamblea general de todos los miembros toma las grandes decisiones.
4. **Luchamos contra las causas.** La renta, los salarios, las reparaciones, la policía: averiguamos qué está mal y nos organizamos para ganar.

Ven el lunes, trae a un vecino, únete a un grupo de trabajo.""",
}
NO_ID = {
    "title_en": "We will never ask you for ID",
    "title_es": "Nunca le pediremos identificación",
    "body_en": """Some neighbours asked whether they could lose their bag without papers. The answer is no.

- We **never** ask anyone for identification of any kind: no ID card, no papers, no date of birth.
- A first name or a nickname is enough, and you can ask us to forget it.
- Nobody needs to tell us where they come from to get food here.""",
    "body_es": """Algunos vecinos preguntaron si podían perder su bolsa por no tener papeles. La respuesta es no.

- **Nunca** le pedimos a nadie identificación de ningún tipo: ni tarjeta, ni papeles, ni fecha de nacimiento.
- Basta con un nombre o un apodo, y puede pedirnos que lo olvidemos.
- Nadie tiene que decirnos de dónde viene para recibir comida aquí.""",
}
MEETING_TITLE = "General body: our handouts"


def seed(users: dict[str, User]) -> None:
    if Handout.objects.exists():
        return
    coordinator = users["coordinator"]
    points = services.handout_create(kind=Kind.POINTS_OF_UNITY, by=users["lead"], **POINTS)
    no_id = services.handout_create(kind=Kind.STATEMENT, by=users["lead"], **NO_ID)
    versions = [
        services.handout_version_propose(version=v, by=users["lead"]) for v in (points, no_id)
    ]

    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=10), time(18, 0))
    )
    meeting = committees.meeting_schedule(
        body=Body.GENERAL_BODY,
        group=None,
        title=MEETING_TITLE,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
        place="Elm Street Community Center",
        by=coordinator,
    )
    present = list(User.objects.filter(is_active=True))
    committees.meeting_record_attendance(meeting=meeting, members=present, by=coordinator)
    for version in versions:
        committees.agenda_item_add(
            meeting=meeting,
            kind=AgendaItem.Kind.PROPOSAL,
            title="",
            proposal=version.proposal,
            iso_week="",
            by=coordinator,
        )
        committees.decision_record_at_meeting(
            proposal=version.proposal,
            meeting=meeting,
            votes={f"m{member.pk}": VoteChoice.FOR for member in present},
            reasoning="This is what we say at every serve; now it goes into every bag.",
            by=coordinator,
        )
        services.handout_version_adopt(version=version, by=coordinator)

    # The next points of unity, still a draft.
    draft = services.handout_version_start(handout=points.handout, by=users["lead"])
    services.handout_version_update(
        version=draft,
        title_en=POINTS["title_en"],
        title_es=POINTS["title_es"],
        body_en=POINTS["body_en"]
        + "\n\n5. **We protect each other.** What you tell us stays with us.",
        body_es=POINTS["body_es"]
        + "\n\n5. **Nos protegemos.** Lo que nos cuenta se queda con nosotros.",
        by=users["lead"],
    )

    # Copies given out at the serves held since the adoption (their counts are closed, so the
    # rows are written as the phones would have sent them).
    held = Serve.objects.held().filter(date__gte=meeting.on).order_by("date")
    rows = []
    for serve in held:
        for version in versions:
            for language, copies in (("es", 14), ("en", 9)):
                rows += [
                    HandoutTap(
                        serve=serve,
                        handout_id=version.handout_id,
                        version=version,
                        language=language,
                        by=users["member"],
                    )
                    for _n in range(copies)
                ]
    HandoutTap.objects.bulk_create(rows)
