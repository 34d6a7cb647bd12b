"""Why an assignment falls short, said for the secretariat.

Both reasons follow from the optimum itself. A case left short has no
allowed expert with room to spare: one would have taken the empty slot. An
expert left under the minimum load has no allowed case with an empty slot or
a reviewer to spare.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ShortCase:
    """A case that got fewer than k reviewers."""

    case: int
    assigned: int
    missing: int
    eligible_experts: int  # experts without a conflict with this case
    message: str


@dataclass(frozen=True)
class UnderloadedExpert:
    """An expert assigned fewer cases than its minimum load."""

    expert: int
    load: int
    min_load: int
    eligible_cases: int  # cases without a conflict with this expert
    message: str


def short_cases(
    missing: np.ndarray, assigned: np.ndarray, eligible: np.ndarray, labels
) -> tuple[ShortCase, ...]:
    return tuple(
        ShortCase(
            case=int(case),
            assigned=int(assigned[case]),
            missing=int(missing[case]),
            eligible_experts=int(eligible[case]),
            message=_short_case_message(
                label(labels, case), int(assigned[case]), int(missing[case]), int(eligible[case])
            ),
        )
        for case in np.flatnonzero(missing)
    )


def underloaded_experts(
    load: np.ndarray, min_load: np.ndarray, eligible: np.ndarray, labels, *, slots: int
) -> tuple[UnderloadedExpert, ...]:
    return tuple(
        UnderloadedExpert(
            expert=int(expert),
            load=int(load[expert]),
            min_load=int(min_load[expert]),
            eligible_cases=int(eligible[expert]),
            message=_underloaded_message(
                label(labels, expert), int(load[expert]), int(min_load[expert]), int(eligible[expert]),
                slots=slots, total_min=int(min_load.sum()),
            ),
        )
        for expert in np.flatnonzero(load < min_load)
    )


def _short_case_message(label: str, assigned: int, missing: int, eligible: int) -> str:
    if eligible <= assigned:
        return f"案例 {label} 只有 {eligible} 位无利益冲突的专家可分配，还差 {missing} 位"
    return (
        f"案例 {label} 还差 {missing} 位评审专家：其余 {eligible - assigned} 位无利益冲突的专家"
        "都已达到评审量上限"
    )


def _underloaded_message(label: str, load: int, min_load: int, eligible: int, *, slots: int, total_min: int) -> str:
    if eligible < min_load:
        return f"专家 {label} 只与 {eligible} 个案例无利益冲突，达不到最低评审量 {min_load}，只分到 {load} 个"
    if slots < total_min:
        return (
            f"专家 {label} 只分到 {load} 个案例，低于最低评审量 {min_load}：评审名额共 {slots} 个，"
            f"少于各专家最低评审量之和 {total_min}"
        )
    return (
        f"专家 {label} 只分到 {load} 个案例，低于最低评审量 {min_load}：与其无利益冲突的案例的评审名额"
        "已被其他须达到最低评审量的专家占满"
    )


def label(labels, index: int) -> str:
    """A case's or expert's name in messages: its label, or its index when there are none."""
    return str(labels[index]) if labels is not None else str(index)
