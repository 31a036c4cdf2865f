"""The situation's settings (situation.yaml in the data folder): one model, every key declared.

A missing file means the defaults; the review keys say who may review figures in the browser
and whether only reviewed figures may headline."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ReviewSettings(BaseModel):
    """Who maintains the figures, and what may headline."""

    model_config = ConfigDict(extra="forbid")

    maintainers: list[str] = Field(
        default_factory=list,
        description="E-mail addresses (as the sign-in provider gives them) allowed to review.",
    )
    maintainer_groups: list[str] = Field(
        default_factory=list,
        description="Groups whose members may review, read from the sign-in's `group_claim`.",
    )
    group_claim: str = Field("groups", description="The ID token claim that lists groups.")
    headline: Literal["all", "reviewed"] = Field(
        "all",
        description="`reviewed`: only figures a person accepted or corrected (and curated"
        " rows) make headlines; `all`: every figure, and a headline resting on unreviewed"
        " figures says so.",
    )

    def allows(self, email: str, groups: list[str]) -> bool:
        """Whether a signed-in person with this e-mail and these groups is a maintainer."""
        wanted = {m.strip().lower() for m in self.maintainers if m.strip()}
        return bool(email and email.strip().lower() in wanted) or bool(
            set(self.maintainer_groups) & set(groups)
        )


class Situation(BaseModel):
    """situation.yaml: the situation's own settings."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field("", description="The situation's name, shown on every page.")
    countries: list[str] = Field(
        default_factory=list,
        description="The countries the situation is in (ISO 3166-1 alpha-2 codes such as `AF`,"
        " or names the gazetteer knows): names in articles resolve inside them, and a figure"
        " placed in the only one is about the whole situation, one placed in another country"
        " is not (a destination, or another situation).",
    )
    review: ReviewSettings = Field(default_factory=ReviewSettings)
