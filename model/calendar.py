"""The model's calendar: time is counted in working days.

One home for the two facts every part of the model (and the experiments and dashboards that
convert years and weeks) relies on: a week has five working days and a year 220 (52 weeks
less holidays and public holidays, the usual Dutch figure for a full-time post).
"""

DAYS_PER_WEEK = 5.0
DAYS_PER_YEAR = 220.0
