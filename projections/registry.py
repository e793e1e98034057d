"""The read models, by name."""

from __future__ import annotations

from domain.retention.policy import RetentionRules
from projections.capacity import Capacity
from projections.care import CareServices
from projections.caseload import Caseload
from projections.directory import Directory
from projections.due import DEFAULT_NO_CONTACT_DAYS, Due
from projections.grants import Grants
from projections.justice import Justice
from projections.model import ReadModel
from projections.organisations import Organisations
from projections.outcomes import Outcomes
from projections.prevention import Prevention
from projections.retention import Retention
from projections.returns import Returns
from projections.statistics import Statistics
from projections.timeline import Timeline


def read_models(
    no_contact_days: int = DEFAULT_NO_CONTACT_DAYS, retention: RetentionRules | None = None
) -> dict[str, ReadModel]:
    models: list[ReadModel] = [Caseload(), Capacity(), Outcomes(), Timeline(), Directory()]
    models.append(Due(no_contact_days, retention))  # issue 14: what is due (and issue 17's)
    models.append(CareServices())  # care plans (issue 14, careplan)
    models.append(Justice())  # criminal proceedings (issue 15, justice)
    models.append(Returns())  # returns across a border (issue 15, return)
    models.append(Organisations())  # partner registry (issue 15)
    models.append(Prevention())  # prevention work's reach and referrals (issue 16)
    models.append(Statistics())  # non-identifying statistics for period reports (issue 17)
    models.append(Grants())  # grants and what is attributed to them (issue 17)
    models.append(Retention())  # what was erased under the retention policy (issue 17)
    return {model.name: model for model in models}


def read_model(
    name: str,
    no_contact_days: int = DEFAULT_NO_CONTACT_DAYS,
    retention: RetentionRules | None = None,
) -> ReadModel:
    models = read_models(no_contact_days, retention)
    if name not in models:
        msg = f"no read model {name!r}; there are: {', '.join(sorted(models))}"
        raise LookupError(msg)
    return models[name]
