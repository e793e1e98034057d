"""The demo's year of prevention work (issue 16), planned: its two campaigns, where the team
works (municipalities weighted by population) and what each kind of activity counts.

The figures are invented but shaped like an NGO's prevention year in Kosovo: school
sessions on online recruitment for grades 6 to 12, with knowledge tests before and after
that show pupils learning; trainings of police, prosecutors, judges, social workers and
labour inspectors; parents' meetings; workshops in Roma, Ashkali and Egyptian
neighbourhoods with their own NGO; information stands; a few television and radio
appearances and an online campaign, counted by their audience apart from people met.
"""

from __future__ import annotations

from datetime import date
from random import Random

from domain.organisation import organisation_id
from domain.prevention.values import (
    AudienceFigure,
    CampaignPlan,
    Inclusion,
    Indicator,
    KnowledgeScores,
    MaterialDistributed,
    ParticipantCount,
    Reach,
    ScoreSummary,
)
from domain.prevention.vocab import (
    AgeBand,
    AudienceSource,
    MaterialType,
    Measure,
    ParticipantGroup,
    Sector,
    Sex,
    TargetGroup,
)

OFFICER = "drita.gashi"  # records the team's work (role prevention_officer)
TEAM = ("drita.gashi", "arben.hoxha", "vlora.krasniqi")
YEAR_STARTS = date(2025, 11, 24)
YEAR_ENDS = date(2026, 11, 13)
# Where the team works: KAS code and weight (about the 2024 census population, thousands).
MUNICIPALITIES = (
    ("19", 227), ("20", 147), ("25", 109), ("17", 83), ("04", 80), ("02", 78),
    ("18", 71), ("11", 64), ("09", 60), ("27", 60), ("13", 52), ("03", 48),
    ("30", 48), ("16", 47), ("24", 45), ("21", 40), ("26", 38), ("35", 20), ("38", 20),
)  # fmt: skip
SERBIAN_SPEAKING = frozenset({"35", "38"})  # Graçanicë, North Mitrovica
RAE_NEIGHBOURHOODS = ("09", "20", "25", "17", "02", "11", "15")  # Roma, Ashkali, Egyptian
SCHOOLS = CampaignPlan(
    name="Safe online: recognising recruitment, 2025-2026",
    starts_on=YEAR_STARTS,
    ends_on=date(2026, 11, 30),
    target_groups=(TargetGroup.STUDENTS, TargetGroup.PARENTS, TargetGroup.TEACHERS),
    aims="Pupils of grades 6 to 12 recognise how traffickers recruit online, and they and "
    "their parents know where to call.",
    grant="EU-IPA-2025-031",
    partner_ids=(
        organisation_id("ministry-education"),
        organisation_id("save-the-children-kosovo"),
    ),
    indicators=(
        Indicator(Measure.STUDENTS_REACHED, 2500, "2,500 pupils in grades 6 to 12"),
        Indicator(Measure.PARENTS_REACHED, 400),
        Indicator(Measure.MUNICIPALITIES_REACHED, 10),
        Indicator(Measure.ACTIVITIES_HELD, 120),
        Indicator(Measure.MEDIA_AUDIENCE, 60000, "60,000 views online", AudienceSource.VIEWS),
        Indicator(Measure.MATERIALS_DISTRIBUTED, 4000),
        Indicator(Measure.REFERRALS_TO_ASSISTANCE, 4),
    ),
)
TRAININGS = CampaignPlan(
    name="Professionals against trafficking: training programme 2026",
    starts_on=date(2026, 1, 15),
    ends_on=date(2026, 11, 30),
    target_groups=(TargetGroup.PROFESSIONALS,),
    aims="Front-line professionals identify victims and refer them to assistance.",
    grant="OSCE-KOS-2026-007",
    partner_ids=(organisation_id("kosovo-police"), organisation_id("labour-inspectorate")),
    indicators=(
        Indicator(Measure.PROFESSIONALS_TRAINED, 350),
        Indicator(Measure.ACTIVITIES_HELD, 20),
    ),
)
# sector: its trainees' share of women
SECTORS = {
    Sector.POLICE: 0.25,
    Sector.PROSECUTION: 0.4,
    Sector.JUDICIARY: 0.45,
    Sector.SOCIAL_WORK: 0.7,
    Sector.LABOUR_INSPECTION: 0.3,
    Sector.BORDER_AND_MIGRATION: 0.2,
}
OUTLETS = ("RTK 1", "Klan Kosova", "Radio Kosova", "KTV")
PLATFORMS = ("Facebook", "Instagram", "TikTok")


def municipality(rng: Random) -> str:
    return rng.choices([c for c, _ in MUNICIPALITIES], weights=[w for _, w in MUNICIPALITIES])[0]


def _split(rng: Random, people: int, women: float) -> tuple[int, int]:
    female = round(people * min(max(rng.gauss(women, 0.08), 0.0), 1.0))
    return female, people - female


def _rows(
    group: ParticipantGroup,
    band: AgeBand,
    female: int,
    male: int,
    sector: Sector | None = None,
) -> list[ParticipantCount]:
    counts = ((Sex.FEMALE, female), (Sex.MALE, male))
    return [ParticipantCount(group, sex, band, n, sector) for sex, n in counts if n]


def _materials(rng: Random, people: int, language: str) -> tuple[MaterialDistributed, ...]:
    items = [MaterialDistributed(MaterialType.LEAFLET, language, people)]
    if rng.random() < 0.5:
        items.append(MaterialDistributed(MaterialType.HELPLINE_CARD, language, people))
    return tuple(items)


def _scores(rng: Random, people: int, max_score: float, pass_mark: float) -> KnowledgeScores:
    """Before and after: most improve by about a fifth of the maximum score."""
    pre_mean = min(max(rng.gauss(0.5, 0.07) * max_score, 0.2 * max_score), 0.7 * max_score)
    gain = max(rng.gauss(0.22, 0.06) * max_score, 0.02 * max_score)
    post_mean = min(pre_mean + gain, 0.95 * max_score)
    pre = _summary(people - rng.randint(0, 2), pre_mean, max_score, pass_mark)
    post = _summary(people - rng.randint(0, 3), post_mean, max_score, pass_mark)
    return KnowledgeScores(max_score, pass_mark, pre, post)


def _summary(count: int, mean: float, max_score: float, pass_mark: float) -> ScoreSummary:
    share = min(max(0.5 + (mean - pass_mark) / (0.35 * max_score), 0.03), 0.97)
    return ScoreSummary(count, round(mean, 1), round(count * share))


def school_session(rng: Random, language: str) -> Reach:
    upper = rng.random() < 0.4
    group = (
        ParticipantGroup.STUDENTS_GRADES_10_12 if upper else ParticipantGroup.STUDENTS_GRADES_6_9
    )
    band = AgeBand.FROM_15_TO_17 if upper else AgeBand.FROM_11_TO_14
    female, male = _split(rng, rng.randint(18, 32), 0.5)
    people = female + male
    inclusion = Inclusion(
        roma_ashkali_egyptian=rng.choice((0, 0, 1, 2, 3)),
        other_communities=rng.choice((0, 0, 0, 1, 2)),
        with_disability=rng.choice((0, 0, 0, 1)),
    )
    return Reach(
        participants=tuple(_rows(group, band, female, male)),
        inclusion=inclusion,
        materials=_materials(rng, people, language),
        learning=_scores(rng, people, 10, 7),
    )


def training(rng: Random, sector: Sector) -> Reach:
    people = rng.randint(12, 26)
    young = rng.randint(0, 3) if sector in (Sector.POLICE, Sector.SOCIAL_WORK) else 0
    rows = []
    for band, n in ((AgeBand.FROM_18_TO_24, young), (AgeBand.FROM_25_TO_64, people - young)):
        female, male = _split(rng, n, SECTORS[sector])
        rows += _rows(ParticipantGroup.PROFESSIONALS, band, female, male, sector)
    handbooks = (MaterialDistributed(MaterialType.HANDBOOK, "sq", people),)
    return Reach(tuple(rows), materials=handbooks, learning=_scores(rng, people, 20, 14))


def parents_meeting(rng: Random, language: str) -> Reach:
    female, male = _split(rng, rng.randint(15, 45), 0.7)
    rows = _rows(ParticipantGroup.PARENTS, AgeBand.FROM_25_TO_64, female, male)
    inclusion = Inclusion(roma_ashkali_egyptian=rng.choice((0, 0, 1, 3)))
    return Reach(tuple(rows), inclusion, materials=_materials(rng, female + male, language))


def community_workshop(rng: Random) -> Reach:
    """A workshop in a Roma, Ashkali and Egyptian neighbourhood: nearly all of them."""
    adults = _drawn(rng, ParticipantGroup.COMMUNITY_MEMBERS, AgeBand.FROM_25_TO_64, (8, 20), 0.65)
    youth = _drawn(rng, ParticipantGroup.YOUTH_OUT_OF_SCHOOL, AgeBand.FROM_15_TO_17, (3, 12), 0.5)
    people = sum(row.count for row in adults + youth)
    inclusion = Inclusion(roma_ashkali_egyptian=people - rng.randint(0, 2))
    return Reach(tuple(adults + youth), inclusion, materials=_materials(rng, people, "sq"))


def information_stand(rng: Random) -> Reach:
    public = ParticipantGroup.GENERAL_PUBLIC
    young = _drawn(rng, public, AgeBand.FROM_18_TO_24, (20, 60), 0.55)
    adults = _drawn(rng, public, AgeBand.FROM_25_TO_64, (30, 90), 0.55)
    people = sum(row.count for row in young + adults)
    posters = MaterialDistributed(MaterialType.POSTER, "sq", rng.randint(5, 15))
    return Reach(tuple(young + adults), materials=(*_materials(rng, people, "sq"), posters))


def _drawn(
    rng: Random, group: ParticipantGroup, band: AgeBand, between: tuple[int, int], women: float
) -> list[ParticipantCount]:
    """Rows of `group` in `band`: between the two numbers of people, about `women` of them
    women."""
    return _rows(group, band, *_split(rng, rng.randint(*between), women))


def media(rng: Random) -> Reach:
    figure = AudienceFigure(
        AudienceSource.BROADCAST_REACH, rng.randint(20, 140) * 1000, rng.choice(OUTLETS)
    )
    return Reach(audience=(figure,))


def online(rng: Random, platform: str) -> Reach:
    views = rng.randint(15, 40) * 1000
    return Reach(
        audience=(
            AudienceFigure(AudienceSource.VIEWS, views, platform),
            AudienceFigure(AudienceSource.IMPRESSIONS, views * rng.randint(3, 6), platform),
            AudienceFigure(AudienceSource.UNIQUE_REACH, round(views * 0.7), platform),
        )
    )
