"""The two questions of issue 16, asked on both databases of a year of prevention work
(tests/support/prevention_year.py) projected by the real projection worker (the store's
events as the relay encodes them and the consumer decodes them; only NATS is left out):

- "how many pupils in Prizren and Ferizaj did we reach in Q2, by sex, and how did their
  scores change?" — pupils are school grades 1-12 (`pupil = 1`), Prizren KAS 20 and
  Ferizaj KAS 25 (domain/places.py), activities held 1 April to 30 June 2026;
- "how many referrals came from our prevention work this year?" — disclosures at
  activities held in 2026, those referred onwards, and the cases opened from them;

in SQL on the analysts' views, and over the API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.store.read_database import read_engine
from projections import catalog
from projections.prevention import Prevention
from projections.worker import ProjectionWorker, WorkerSettings
from services.access import Role
from tests.support.http import Api, build_api
from tests.support.prevention_year import NOW, POST, PRE, PUPILS_BY_SEX, a_year
from tests.support.projecting import ScriptedSource, deliveries

REPORTS = "/api/v1/prevention/reports"
Q2 = {"municipality": "20,25", "from": "2026-04-01", "to": "2026-06-30"}

PUPILS_BY_SEX_SQL = """
SELECT sex, SUM(people) AS pupils
FROM prevention_reach
WHERE pupil = 1 AND municipality IN ('20', '25')
  AND held_on BETWEEN '2026-04-01' AND '2026-06-30'
GROUP BY sex
"""

KNOWLEDGE_SQL = """
SELECT SUM(pre_count) AS pre_count,
       SUM(pre_count * pre_mean) / SUM(pre_count) AS pre_mean,
       CAST(SUM(pre_passed) AS FLOAT) / SUM(pre_count) AS pre_pass_share,
       SUM(post_count) AS post_count,
       SUM(post_count * post_mean) / SUM(post_count) AS post_mean,
       CAST(SUM(post_passed) AS FLOAT) / SUM(post_count) AS post_pass_share
FROM prevention_knowledge
WHERE activity_id IN (
  SELECT activity_id FROM prevention_reach
  WHERE pupil = 1 AND municipality IN ('20', '25')
    AND held_on BETWEEN '2026-04-01' AND '2026-06-30')
"""

REFERRALS_SQL = """
SELECT COUNT(*) AS disclosures,
       SUM(CASE WHEN route <> 'not_referred' THEN 1 ELSE 0 END) AS referred,
       SUM(CASE WHEN route = 'direct_assistance' THEN 1 ELSE 0 END) AS to_direct_assistance,
       SUM(cases_opened) AS cases_opened
FROM prevention_referrals
WHERE held_on BETWEEN '2026-01-01' AND '2026-12-31'
"""


def project_with_worker(journey: Journey, engine: Engine) -> None:
    """The prevention model's worker, in batches of 7, until it has applied the store."""
    catalog.create_catalog(engine)
    source = ScriptedSource(deliveries(journey))
    worker = ProjectionWorker(
        Prevention(), engine, source, WorkerSettings(batch=7, fetch_timeout=0.01)
    )

    async def run() -> None:
        await worker.open()
        while worker.stream_seq < len(source.deliveries):
            await worker.step()
            assert not worker.failed

    asyncio.run(run())


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    journey = build(database_url, ScriptedClock(NOW))
    engine = read_engine(read_url)
    try:
        a_year(journey)
        project_with_worker(journey, engine)
        with build_api(journey, engine) as built:
            yield built
    finally:
        journey.close()
        engine.dispose()


def answer(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_the_questions_in_sql(api: Api) -> None:
    with api.engine.connect() as conn:
        by_sex = {str(sex): int(n) for sex, n in conn.execute(text(PUPILS_BY_SEX_SQL))}
        knowledge = conn.execute(text(KNOWLEDGE_SQL)).mappings().one()
        referrals = conn.execute(text(REFERRALS_SQL)).mappings().one()
    assert by_sex == PUPILS_BY_SEX
    assert (knowledge["pre_count"], knowledge["post_count"]) == (PRE["count"], POST["count"])
    assert knowledge["pre_mean"] == pytest.approx(PRE["weighted"] / PRE["count"])
    assert knowledge["post_mean"] == pytest.approx(POST["weighted"] / POST["count"])
    assert knowledge["pre_pass_share"] == pytest.approx(PRE["passed"] / PRE["count"])
    assert knowledge["post_pass_share"] == pytest.approx(POST["passed"] / POST["count"])
    found = {name: int(value) for name, value in referrals.items()}
    assert found == {
        "disclosures": 3,
        "referred": 2,
        "to_direct_assistance": 2,
        "cases_opened": 1,
    }


def test_the_questions_over_the_api(api: Api) -> None:
    pupils = answer(api.get(Role.CASE_MANAGER, f"{REPORTS}/reach/summary", group="pupils", **Q2))
    assert pupils["by_sex"] == PUPILS_BY_SEX
    assert (pupils["people"], pupils["activities"]) == (sum(PUPILS_BY_SEX.values()), 3)
    pre, post = pupils["knowledge"]["pre"], pupils["knowledge"]["post"]
    assert pre["mean"] == pytest.approx(PRE["weighted"] / PRE["count"])
    assert post["pass_share"] == pytest.approx(POST["passed"] / POST["count"])
    year = {"from": "2026-01-01", "to": "2026-12-31"}
    referrals = answer(api.get(Role.ANALYST, f"{REPORTS}/referrals/summary", **year))
    assert (referrals["referred"], referrals["cases_opened"]) == (2, 1)
    lines = answer(api.get(Role.ANALYST, f"{REPORTS}/reach", total="true", **Q2))
    assert lines["total"] == 2 + 3 + 2 + 1 + 2 + 3  # pupils, university, parents, training
    refused = api.get(Role.CASEWORKER, f"{REPORTS}/reach/summary", group="pupils")
    assert refused.status_code == 403
    bad = api.get(Role.ANALYST, f"{REPORTS}/reach", municipality="Prizren")
    assert bad.status_code == 422
    assert "municipality" in bad.text
