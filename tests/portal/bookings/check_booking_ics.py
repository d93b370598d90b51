#!/usr/bin/python3
"""Reads booking calendars as a calendar program would, with Debian's python3-icalendar (a strict
RFC 5545 parser), and prints one line per event for the C++ tests to compare:

    METHOD UID SEQUENCE START-UTC END-UTC START-LOCAL STATUS ATTENDEE

START-UTC and END-UTC are ISO 8601 in UTC, START-LOCAL the wall clock in the event's own zone
(HH:MM). Exits 1 naming the file when one does not parse or breaks a rule iTIP sets.

    check_booking_ics.py FILE...
"""
import datetime
import sys

import icalendar


def fail(name, problem):
    print(f"check_booking_ics: {name}: {problem}")
    sys.exit(1)


def main(paths):
    for path in paths:
        with open(path, "rb") as source:
            raw = source.read()
        if b"\r\n" not in raw:
            fail(path, "lines must end in CRLF")
        try:
            calendar = icalendar.Calendar.from_ical(raw)
        except ValueError as error:
            fail(path, f"does not parse: {error}")
        method = str(calendar.get("METHOD", ""))
        if method not in ("REQUEST", "CANCEL", "PUBLISH"):
            fail(path, f"METHOD {method!r}")
        zones = [zone for zone in calendar.walk("VTIMEZONE")]
        if not zones or str(zones[0]["TZID"]) != "Europe/Vilnius":
            fail(path, "no VTIMEZONE for Europe/Vilnius")
        events = calendar.walk("VEVENT")
        if method != "PUBLISH" and len(events) != 1:
            fail(path, f"{method} must carry one event, not {len(events)}")
        for event in events:
            for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "ORGANIZER"):
                if required not in event:
                    fail(path, f"an event without {required}")
            start = event.decoded("DTSTART")
            end = event.decoded("DTEND")
            if not isinstance(start, datetime.datetime) or start.tzinfo is None:
                fail(path, "DTSTART is not a time in a zone")
            if str(event["DTSTART"].params.get("TZID")) != "Europe/Vilnius":
                fail(path, "DTSTART is not in Europe/Vilnius")
            if end <= start:
                fail(path, "the event ends before it starts")
            utc = datetime.timezone.utc
            attendee = str(event.get("ATTENDEE", "-"))
            print(" ".join([
                method,
                str(event["UID"]),
                str(event["SEQUENCE"]),
                start.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                end.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                start.strftime("%H:%M"),
                str(event.get("STATUS", "-")),
                attendee,
            ]))
    print(f"check_booking_ics: {len(paths)} calendars, 0 problems")


if __name__ == "__main__":
    main(sys.argv[1:])
