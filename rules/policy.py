"""breachflow's own numeric thresholds (DOMAIN.md §3: the EDPB gives the principles, not these
numbers), and the values an unknown number is tried at.

Reasons that rest on one of these numbers cite "breachflow policy", never the EDPB.
"""

from __future__ import annotations

# Unavailable more than this many hours counts as a lasting loss (EDPB 01/2021 case 2 against
# WP250rev.01 Annex B iii: a short outage is unlikely to result in a risk).
LASTING_HOURS = 24
# At most this many people and recipients is a minor disclosure (EDPB 01/2021 case 13); more
# than this many recipients of high-value data is a wide one (case 14).
FEW = 5
# At least this many people is a large breach (EDPB 01/2021 cases 5 and 11).
MANY_PEOPLE = 10_000

# An unknown count is tried on each side of every threshold above (DOMAIN.md §3: "for counts:
# 0, 5, 6, 9,999, 10,000 and more"), worst-first so the search meets the likely worst early.
COUNT_TRIALS: tuple[int, ...] = (MANY_PEOPLE, MANY_PEOPLE - 1, FEW + 1, FEW, 0)
# An unknown duration: lasting (more than 24 hours, without end) or just short (24 hours).
HOURS_TRIALS: tuple[float, ...] = (float("inf"), float(LASTING_HOURS))
