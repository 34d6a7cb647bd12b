"""The two reference competitions as plain data, one module per call.

`casebook.calls.seeding` turns them into rows; the modules hold only the
sources' own text and the few values the product needs where they are silent.
"""

from zoneinfo import ZoneInfo

# Both competitions are Chinese: their dates are Beijing time whatever the
# server's settings say.
SHANGHAI_TIME = ZoneInfo("Asia/Shanghai")
