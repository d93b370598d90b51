#!/usr/bin/env python3
"""Reads the feeds a running demo served, as other people's software will: Debian's
feedparser (what many feed readers are built on) and icalendar (a strict RFC 5545 parser).

Usage: check_feeds.py DIR BASE_URL

DIR holds what open_data_http_test fetched, each path with "/" as "_": feeds_meetings.atom,
feeds_decisions.atom, feeds_meetings.ics, the same under en_, and api_v1_meetings (the JSON
the calendar is compared with). BASE_URL is the demo's, with its trailing slash. Prints every
problem found and exits 1 if there was any."""

import datetime
import json
import pathlib
import sys

import feedparser
import icalendar

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def read(directory, name):
    return (directory / name).read_bytes()


def check_atom(directory, base, language, feed, page_kind, english_marker):
    prefix = "en_" if language == "en" else ""
    name = f"{prefix}feeds_{feed}.atom"
    parsed = feedparser.parse(read(directory, name))
    if not check(not parsed.bozo, f"{name}: not well-formed: {parsed.get('bozo_exception')}"):
        return
    self_url = f"{base}{'en/' if language == 'en' else ''}feeds/{feed}.atom"
    check(parsed.version == "atom10", f"{name}: version {parsed.version}, not Atom 1.0")
    check(parsed.feed.get("id") == self_url, f"{name}: feed id {parsed.feed.get('id')}")
    check(parsed.feed.get("language") == language, f"{name}: language {parsed.feed.get('language')}")
    check(parsed.feed.get("title"), f"{name}: no feed title")
    check(parsed.feed.get("author"), f"{name}: no author")
    check(parsed.feed.get("updated_parsed"), f"{name}: no updated")
    entries = parsed.entries
    if not check(entries, f"{name}: no entries"):
        return
    page_prefix = f"{base}{'en/' if language == 'en' else ''}{page_kind}/"
    for entry in entries:
        label = f"{name}: entry {entry.get('id')}"
        check(entry.get("title"), f"{label}: no title")
        check(entry.get("link", "").startswith(page_prefix), f"{label}: link {entry.get('link')}")
        check(entry.get("id") == entry.get("link"), f"{label}: id is not its page")
        check(entry.get("updated_parsed"), f"{label}: no updated")
        check(entry.get("content"), f"{label}: no content")
    updated = [entry.updated_parsed for entry in entries]
    check(updated == sorted(updated, reverse=True), f"{name}: entries are not newest first")
    ids = [entry.id for entry in entries]
    check(len(ids) == len(set(ids)), f"{name}: repeated entry ids")
    titles = " ".join(entry.title for entry in entries)
    check(english_marker in titles, f"{name}: no title contains {english_marker!r}")


def check_calendar(directory, base, language, meetings):
    prefix = "en_" if language == "en" else ""
    name = f"{prefix}feeds_meetings.ics"
    try:
        calendar = icalendar.Calendar.from_ical(read(directory, name))
    except ValueError as error:
        check(False, f"{name}: does not parse: {error}")
        return
    check(str(calendar.get("VERSION")) == "2.0", f"{name}: VERSION {calendar.get('VERSION')}")
    check(calendar.get("PRODID"), f"{name}: no PRODID")
    events = calendar.walk("VEVENT")
    if not check(events, f"{name}: no events"):
        return
    page_prefix = f"{base}{'en/' if language == 'en' else ''}meetings/"
    by_id = {}
    for event in events:
        uid = str(event.get("UID", ""))
        label = f"{name}: {uid or 'an event without UID'}"
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "STATUS"):
            check(event.get(required) is not None, f"{label}: no {required}")
        check(event.get("DURATION") is not None or event.get("DTEND") is not None,
              f"{label}: neither DURATION nor DTEND")
        start = event.decoded("DTSTART")
        check(isinstance(start, datetime.datetime) and start.utcoffset() == datetime.timedelta(0),
              f"{label}: DTSTART is not in UTC")
        check(str(event.get("URL", "")).startswith(page_prefix), f"{label}: URL {event.get('URL')}")
        check(uid.startswith("meeting-") and "@" in uid, f"{label}: UID is not meeting-<id>@host")
        by_id[uid.split("@")[0].removeprefix("meeting-")] = event
    check(len(by_id) == len(events), f"{name}: repeated UIDs")

    # The calendar and the API tell the same story: every planned meeting is there, and exactly
    # the cancelled ones are CANCELLED.
    title_language = "en" if language == "en" else "lt"
    for meeting in meetings:
        event = by_id.get(str(meeting["id"]))
        if meeting["status"] == "planned":
            check(event is not None, f"{name}: planned meeting {meeting['id']} is missing")
        if event is None:
            continue
        label = f"{name}: meeting {meeting['id']}"
        expected_status = "CANCELLED" if meeting["status"] == "cancelled" else "CONFIRMED"
        check(str(event["STATUS"]) == expected_status, f"{label}: STATUS {event['STATUS']}")
        title = meeting["title"][title_language] or meeting["title"]["lt"]
        check(str(event["SUMMARY"]) == title, f"{label}: SUMMARY {event['SUMMARY']!r}")
        start = datetime.datetime.fromisoformat(meeting["starts_at"].replace("Z", "+00:00"))
        check(event.decoded("DTSTART") == start, f"{label}: DTSTART {event.decoded('DTSTART')}")
    cancelled = [event for event in events if str(event["STATUS"]) == "CANCELLED"]
    check(cancelled, f"{name}: the demo's cancelled meeting is not CANCELLED")


def main():
    directory = pathlib.Path(sys.argv[1])
    base = sys.argv[2]
    meetings = json.loads(read(directory, "api_v1_meetings"))["meetings"]
    check_atom(directory, base, "lt", "meetings", "meetings", "Tarybos posėdis")
    check_atom(directory, base, "en", "meetings", "meetings", "Council meeting")
    check_atom(directory, base, "lt", "decisions", "decisions", "KS-")
    check_atom(directory, base, "en", "decisions", "decisions", "KS-")
    check_calendar(directory, base, "lt", meetings)
    check_calendar(directory, base, "en", meetings)
    for problem in problems:
        print(problem)
    print(f"check_feeds: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
