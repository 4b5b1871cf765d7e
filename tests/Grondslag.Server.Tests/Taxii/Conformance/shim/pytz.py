"""The one piece of pytz the OASIS client uses (pytz.utc.localize / astimezone), from the standard library.

The test machine has no PyPI access; the OASIS client imports pytz only for its UTC zone (taxii2client/common.py).
"""
import datetime


class _Utc(datetime.tzinfo):
    def utcoffset(self, dt):
        return datetime.timedelta(0)

    def tzname(self, dt):
        return "UTC"

    def dst(self, dt):
        return datetime.timedelta(0)

    def localize(self, dt):
        return dt.replace(tzinfo=self)


utc = _Utc()
