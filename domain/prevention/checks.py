"""Checks of what a prevention activity or campaign records (domain/prevention/values.py):
each returns the value, cleaned, or raises InvalidInput naming the field by its path
(`reach.participants[2].count`), so a form or a CSV row can show where the mistake is."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar
from uuid import UUID

from domain import checks, places
from domain.errors import InvalidInput
from domain.prevention.values import (
    ActivityDetails,
    AudienceFigure,
    CampaignPlan,
    Indicator,
    KnowledgeScores,
    MaterialDistributed,
    ParticipantCount,
    Reach,
    ScoreSummary,
)
from domain.prevention.vocab import ActivityType, Measure, ParticipantGroup, Setting

T = TypeVar("T")

MAX_PEOPLE = 100_000
MAX_AUDIENCE = 100_000_000
MAX_MATERIALS = 1_000_000
MAX_MINUTES = 24 * 60
MAX_FACILITATORS = 20
MAX_PARTNERS = 20
MAX_CAMPAIGN_DAYS = 5 * 366


def count(field: str, value: int, most: int) -> int:
    if not 1 <= value <= most:
        raise InvalidInput(field, f"must be 1 to {most:,}, got {value}")
    return value


def unique(
    field: str, items: Sequence[T], key: Callable[[T], Hashable] | None = None
) -> tuple[T, ...]:
    """`items` as a tuple; refused when one repeats an earlier one (by `key`)."""
    seen: set[Hashable] = set()
    for index, item in enumerate(items):
        marker = item if key is None else key(item)
        if marker in seen:
            raise InvalidInput(f"{field}[{index}]", "repeats an earlier entry")
        seen.add(marker)
    return tuple(items)


def municipalities(field: str, codes: Iterable[str]) -> tuple[str, ...]:
    checked = tuple(places.municipality(f"{field}[{i}]", code).code for i, code in enumerate(codes))
    return unique(field, checked)


def partner_ids(field: str, ids: Sequence[UUID]) -> tuple[UUID, ...]:
    if len(ids) > MAX_PARTNERS:
        raise InvalidInput(field, f"names {len(ids)} organisations; at most {MAX_PARTNERS}")
    return unique(field, ids)


# ------------------------------------------------------------------ activity


def details(value: ActivityDetails, today: date) -> ActivityDetails:
    if value.held_on > today:
        raise InvalidInput(
            "details.held_on", f"{value.held_on} is in the future (today is {today})"
        )
    count("details.duration_minutes", value.duration_minutes, MAX_MINUTES)
    return replace(
        value,
        municipality=_place(value),
        title=checks.optional_text("details.title", value.title, max_length=200),
        facilitators=_facilitators(value.facilitators),
        partner_ids=partner_ids("details.partner_ids", value.partner_ids),
    )


def _place(value: ActivityDetails) -> str | None:
    if value.municipality is not None:
        return places.municipality("details.municipality", value.municipality).code
    if value.type.is_media or value.setting is Setting.ONLINE:
        return None
    raise InvalidInput(
        "details.municipality", f"is required for {value.type} held in a {value.setting} setting"
    )


def _facilitators(names: Sequence[str]) -> tuple[str, ...]:
    if not 1 <= len(names) <= MAX_FACILITATORS:
        raise InvalidInput(
            "details.facilitators", f"names {len(names)} staff; 1 to {MAX_FACILITATORS}"
        )
    checked = [checks.user_name(f"details.facilitators[{i}]", n) for i, n in enumerate(names)]
    return unique("details.facilitators", checked)


def reach(value: Reach, kind: ActivityType) -> Reach:
    """People met in person for in-person work, audience figures for media work: never both."""
    if kind.is_media and value.participants:
        raise InvalidInput("reach.participants", f"{kind} counts an audience, not people met")
    if not kind.is_media and value.audience:
        raise InvalidInput("reach.audience", f"{kind} counts people met, not an audience")
    rows = _participants(value.participants, kind)
    people = sum(row.count for row in rows)
    if people > MAX_PEOPLE:
        raise InvalidInput("reach.participants", f"add up to {people:,}; at most {MAX_PEOPLE:,}")
    for name in ("roma_ashkali_egyptian", "other_communities", "with_disability"):
        of_whom = getattr(value.inclusion, name)
        if not 0 <= of_whom <= people:
            raise InvalidInput(f"reach.inclusion.{name}", f"must be 0 to {people} (people met)")
    return Reach(
        participants=rows,
        inclusion=value.inclusion,
        audience=_audience(value.audience),
        materials=_materials(value.materials),
        learning=_learning(value.learning, kind, people),
    )


def _participants(
    rows: Sequence[ParticipantCount], kind: ActivityType
) -> tuple[ParticipantCount, ...]:
    for i, row in enumerate(rows):
        path = f"reach.participants[{i}]"
        count(f"{path}.count", row.count, MAX_PEOPLE)
        professional = row.group is ParticipantGroup.PROFESSIONALS
        if professional and row.sector is None:
            raise InvalidInput(f"{path}.sector", "is required for professionals")
        if not professional and row.sector is not None:
            raise InvalidInput(f"{path}.sector", f"is for professionals only, not {row.group}")
        if kind is ActivityType.PROFESSIONAL_TRAINING and not professional:
            raise InvalidInput(
                f"{path}.group",
                f"a training of professionals counts professionals, not {row.group}",
            )
    return unique("reach.participants", rows, lambda r: (r.group, r.sector, r.sex, r.age_band))


def _audience(figures: Sequence[AudienceFigure]) -> tuple[AudienceFigure, ...]:
    cleaned = []
    for i, figure in enumerate(figures):
        path = f"reach.audience[{i}]"
        count(f"{path}.count", figure.count, MAX_AUDIENCE)
        outlet = checks.optional_text(f"{path}.outlet", figure.outlet, max_length=200)
        cleaned.append(replace(figure, outlet=outlet))
    return unique("reach.audience", cleaned, lambda f: (f.source, f.outlet))


def _materials(items: Sequence[MaterialDistributed]) -> tuple[MaterialDistributed, ...]:
    for i, item in enumerate(items):
        path = f"reach.materials[{i}]"
        count(f"{path}.quantity", item.quantity, MAX_MATERIALS)
        checks.languages(f"{path}.language", [item.language])
    return unique("reach.materials", items, lambda m: (m.material, m.language))


def _learning(
    scores: KnowledgeScores | None, kind: ActivityType, people: int
) -> KnowledgeScores | None:
    if scores is None:
        return None
    if not kind.measures_learning:
        raise InvalidInput(
            "reach.learning", f"knowledge scores are for trainings and school sessions, not {kind}"
        )
    if scores.max_score <= 0:
        raise InvalidInput("reach.learning.max_score", "must be above 0")
    if not 0 < scores.pass_mark <= scores.max_score:
        raise InvalidInput(
            "reach.learning.pass_mark", f"must be above 0 and at most {scores.max_score:g}"
        )
    for name in ("pre", "post"):
        _scores(f"reach.learning.{name}", getattr(scores, name), scores.max_score, people)
    return scores


def _scores(path: str, summary: ScoreSummary, max_score: float, people: int) -> None:
    count(f"{path}.count", summary.count, max(people, 1))
    if not 0 <= summary.mean <= max_score:
        raise InvalidInput(f"{path}.mean", f"must be 0 to {max_score:g}, got {summary.mean:g}")
    if not 0 <= summary.passed <= summary.count:
        raise InvalidInput(f"{path}.passed", f"must be 0 to {summary.count} (who took the test)")


# ------------------------------------------------------------------ campaign


def plan(value: CampaignPlan) -> CampaignPlan:
    if value.ends_on < value.starts_on:
        raise InvalidInput("plan.ends_on", f"{value.ends_on} is before starts_on {value.starts_on}")
    if (value.ends_on - value.starts_on).days > MAX_CAMPAIGN_DAYS:
        raise InvalidInput("plan.ends_on", "is more than 5 years after starts_on")
    if not value.target_groups:
        raise InvalidInput("plan.target_groups", "must name at least one group")
    return replace(
        value,
        name=checks.text("plan.name", value.name, max_length=200),
        aims=checks.optional_text("plan.aims", value.aims, max_length=2000),
        grant=checks.optional_text("plan.grant", value.grant, max_length=100),
        target_groups=unique("plan.target_groups", value.target_groups),
        municipalities=municipalities("plan.municipalities", value.municipalities),
        partner_ids=partner_ids("plan.partner_ids", value.partner_ids),
        indicators=_indicators(value.indicators),
    )


def _indicators(items: Sequence[Indicator]) -> tuple[Indicator, ...]:
    cleaned = []
    for i, item in enumerate(items):
        path = f"plan.indicators[{i}]"
        count(f"{path}.target", item.target, MAX_AUDIENCE)
        audience = item.measure is Measure.MEDIA_AUDIENCE
        if audience and item.source is None:
            raise InvalidInput(f"{path}.source", "is required for media_audience")
        if not audience and item.source is not None:
            raise InvalidInput(f"{path}.source", f"is for media_audience only, not {item.measure}")
        text = checks.optional_text(f"{path}.description", item.description, max_length=200)
        cleaned.append(replace(item, description=text))
    return unique("plan.indicators", cleaned, lambda x: (x.measure, x.source))
