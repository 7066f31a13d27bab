"""Splitting a whole number into parts that add up to it exactly."""

from __future__ import annotations


def split(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Largest-remainder split of `total` by `weights`; every part gets at least `minimum`.

    Exact sums matter: group lines, land groups and village counts are checked to the unit.
    """
    count = len(weights)
    if count == 0:
        return []
    base = min(minimum, total // count)
    rest = total - base * count
    weight_sum = sum(weights) or 1.0
    raw = [rest * w / weight_sum for w in weights]
    parts = [int(r) for r in raw]
    # Hand out what truncation lost, biggest fractions first; ties by position keep it stable.
    order = sorted(range(count), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [base + p for p in parts]


def cap_parts(parts: list[int], cap: int) -> list[int]:
    """Move whatever exceeds `cap` to the smallest parts, keeping the total."""
    parts = list(parts)
    for i in range(len(parts)):
        while parts[i] > cap:
            j = min(range(len(parts)), key=lambda k: (parts[k], k))
            if parts[j] >= cap:
                return parts  # nowhere left to put it
            parts[i] -= 1
            parts[j] += 1
    return parts
