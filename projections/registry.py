"""The read models, by name."""

from __future__ import annotations

from projections.capacity import Capacity
from projections.care import CareServices
from projections.caseload import Caseload
from projections.directory import Directory
from projections.due import DEFAULT_NO_CONTACT_DAYS, Due
from projections.model import ReadModel
from projections.outcomes import Outcomes
from projections.timeline import Timeline


def read_models(no_contact_days: int = DEFAULT_NO_CONTACT_DAYS) -> dict[str, ReadModel]:
    models: list[ReadModel] = [Caseload(), Capacity(), Outcomes(), Timeline(), Directory()]
    models.append(Due(no_contact_days))  # issue 14: what is due (setting no_contact_days)
    models.append(CareServices())  # care plans (issue 14, careplan)
    return {model.name: model for model in models}


def read_model(name: str, no_contact_days: int = DEFAULT_NO_CONTACT_DAYS) -> ReadModel:
    models = read_models(no_contact_days)
    if name not in models:
        msg = f"no read model {name!r}; there are: {', '.join(sorted(models))}"
        raise LookupError(msg)
    return models[name]
